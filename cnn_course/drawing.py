"""손으로 그린 숫자를 MNIST 이미지처럼 만드는 전처리("직접 그려 보기" 쪽의 참고 구현).

MNIST를 만든 사람들은 손글씨를 다음처럼 28x28 이미지로 만들었습니다. 쪽의 `_static/demo/drawing.js`가
같은 계산을 하고, 테스트가 둘의 결과를 비교합니다.

1. 잉크가 있는 부분의 경계 상자(bounding box)만 잘라 냅니다.
2. 가로세로 비율을 지키며 긴 변이 20픽셀이 되게 줄입니다. 작은 픽셀 하나의 값은 그 픽셀이 덮는
   원래 그림의 넓이 평균입니다(area averaging). 그래서 가장자리가 회색으로 부드러워집니다(안티에일리어싱).
   짧은 변은 20픽셀 상자 가운데에 둡니다.
3. 20x20 상자의 무게 중심(center of mass)이 28x28 이미지의 가운데(13.5, 13.5)에 오도록 정수 픽셀만큼
   옮겨 놓습니다. 상자가 이미지 밖으로 나가지 않게 옮기는 양은 0~8픽셀로 제한합니다.

입력은 잉크의 양(0~1)을 담은 2차원 배열이고(쪽에서는 캔버스 픽셀의 불투명도), 출력은 0~1의
28x28 float64 배열입니다. 잉크가 하나도 없으면 모두 0입니다.
"""

from __future__ import annotations

import numpy as np

IMAGE_SIZE = 28  # MNIST 이미지의 한 변
BOX_SIZE = 20  # 숫자를 넣는 상자의 한 변


def bounding_box(ink: np.ndarray) -> tuple[int, int, int, int] | None:
    """잉크(값 > 0)가 있는 행과 열의 범위 (위, 아래+1, 왼쪽, 오른쪽+1). 잉크가 없으면 None."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    if rows.size == 0:
        return None
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def overlaps(length: int, scale: float, box: int = BOX_SIZE) -> np.ndarray:
    """[box, length] 행렬: 작은 픽셀 i가 원래 픽셀 j와 겹치는 길이(원래 픽셀 단위).

    원래 길이 `length`는 작은 픽셀 `length / scale`개 길이가 되고, 상자 가운데에 놓입니다.
    """
    offset = (box - length / scale) / 2  # 상자 안에서 줄인 그림이 시작하는 위치(작은 픽셀 단위)
    starts = (np.arange(box) - offset) * scale  # 작은 픽셀 i가 덮는 원래 좌표 [start, start + scale)
    left = np.maximum(starts[:, None], np.arange(length)[None, :])
    right = np.minimum(starts[:, None] + scale, np.arange(length)[None, :] + 1)
    return np.maximum(right - left, 0)


def scale_into_box(ink: np.ndarray, box: int = BOX_SIZE) -> np.ndarray:
    """잘라 낸 그림을 비율을 지키며 box x box 안에 넓이 평균으로 줄입니다."""
    height, width = ink.shape
    scale = max(height, width) / box  # 작은 픽셀 하나가 덮는 원래 픽셀 수(한 변)
    rows, cols = overlaps(height, scale, box), overlaps(width, scale, box)
    return rows @ ink @ cols.T / (scale * scale)


def center_of_mass(image: np.ndarray) -> tuple[float, float]:
    """픽셀 값을 무게로 본 무게 중심 (행, 열). 픽셀 (i, j)의 가운데를 좌표 (i, j)로 봅니다."""
    total = image.sum()
    rows = np.arange(image.shape[0])
    cols = np.arange(image.shape[1])
    return float(image.sum(axis=1) @ rows / total), float(image.sum(axis=0) @ cols / total)


def preprocess(ink) -> np.ndarray:
    """그린 그림(잉크 0~1, [높이, 너비]) -> 신경망이 받는 28x28 이미지(0~1)."""
    ink = np.asarray(ink, dtype=np.float64)
    if ink.ndim != 2:
        raise ValueError(f"그림은 [높이, 너비] 모양의 2차원 배열이어야 합니다(받은 모양: {ink.shape}).")
    result = np.zeros((IMAGE_SIZE, IMAGE_SIZE))
    box = bounding_box(ink)
    if box is None:
        return result
    top, bottom, left, right = box
    digit = scale_into_box(ink[top:bottom, left:right])
    row, col = center_of_mass(digit)
    limit = IMAGE_SIZE - BOX_SIZE
    y = min(max(int(np.floor((IMAGE_SIZE - 1) / 2 - row + 0.5)), 0), limit)
    x = min(max(int(np.floor((IMAGE_SIZE - 1) / 2 - col + 0.5)), 0), limit)
    result[y:y + BOX_SIZE, x:x + BOX_SIZE] = np.clip(digit, 0, 1)
    return result
