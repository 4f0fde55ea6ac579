"""테스트와 벤치마크(benchmarks/demo_speed.py)가 "직접 그려 보기" 쪽에 그리는 숫자: 캔버스 좌표(0~280)의 획들."""

import math


def polyline(*points, step=6.0):
    """꼭짓점들을 잇는 점 목록(`step` 픽셀 간격): 실제 손처럼 이벤트가 여럿 옵니다."""
    result = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
        result += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return result


def ellipse(cx, cy, rx, ry, count=48):
    return [(cx + rx * math.sin(2 * math.pi * k / count), cy - ry * math.cos(2 * math.pi * k / count))
            for k in range(count + 1)]


# 캔버스 좌표(0~280)로 그린 숫자: 획의 목록.
DIGITS = {
    1: [polyline((150, 35), (140, 245))],
    7: [polyline((65, 55), (210, 55), (115, 245))],
    0: [ellipse(140, 140, 62, 95)],
    3: [polyline((80, 70), (120, 42), (175, 45), (200, 85), (180, 125), (130, 138), (185, 155), (205, 200),
                 (175, 240), (120, 248), (75, 225))],
}
