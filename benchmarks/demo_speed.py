"""'직접 그려 보기' 쪽의 속도: 쪽을 연 뒤 첫 예측까지의 시간과, 선을 긋는 동안 한 번 갱신하는 시간.

만든 책(`make book`의 _build/html)을 127.0.0.1에서 내보내고, 헤드리스 Chromium(Debian의 chromium)으로
쪽을 여러 번 새로 엽니다(매번 빈 캐시). 잽니다:

- 첫 예측: 쪽을 열기 시작한 때(navigation start)부터 첫 답을 화면에 그린 때까지(ms). DOMContentLoaded와
  load 이벤트부터의 시간도 함께 적습니다.
- 갱신 한 번: 마우스로 숫자를 그리는 동안 쪽이 한 갱신(캔버스 다시 그리기, 픽셀 읽기, 전처리, 순전파,
  모든 출력 그리기)에 걸린 시간의 중앙값과 95번째 백분위수(ms).
- 순전파만: `forward.js`의 `forward`를 200번 부른 시간의 중앙값(ms).

목표(이슈 12): 첫 예측 300 ms 미만, 갱신 30 ms 미만. 시간을 재는 테스트가 아니라 벤치마크입니다.

실행(저장소 루트에서, 먼저 `make book`)::

    .venv/bin/python benchmarks/demo_speed.py              # 쪽 5번 열기, 숫자 네 개씩 세 바퀴 그리기
    .venv/bin/python benchmarks/demo_speed.py --loads 10 --json
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from demo_strokes import DIGITS  # noqa: E402  테스트가 그리는 것과 같은 1, 7, 0, 3

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CANVAS = 280
GOALS = {"first_prediction_ms": 300, "update_p95_ms": 30}


TIMING = """() => {
  const [nav] = performance.getEntriesByType("navigation");
  return {first: cnnDemo.firstPrediction, domContentLoaded: nav.domContentLoadedEventEnd,
          load: nav.loadEventEnd};
}"""

FORWARD_ONLY = """async () => {
  const { forward } = await import(new URL("../_static/demo/forward.js", location.href).href);
  const pixels = Float32Array.from(cnnDemo.state.input);
  const times = [];
  for (let i = 0; i < 200; i++) {
    const start = performance.now();
    forward(cnnDemo.network, pixels);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[100];
}"""


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(book: Path, loads: int, rounds: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = serve(book)
    url = f"http://127.0.0.1:{server.server_port}/chapters/draw.html"
    first, after_dom, after_load, updates = [], [], [], []
    forward_ms = None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for number in range(loads):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_selector("#draw-demo[data-ready]")
            timing = page.evaluate(TIMING)
            first.append(timing["first"])
            after_dom.append(timing["first"] - timing["domContentLoaded"])
            after_load.append(timing["first"] - timing["load"])
            if number == loads - 1:
                box = page.locator("#draw-demo .dd-canvas").bounding_box()
                scale = box["width"] / CANVAS
                for _ in range(rounds):
                    for (stroke,) in DIGITS.values():
                        page.locator("#draw-demo .dd-clear").click()
                        start = page.evaluate("() => cnnDemo.timings.length")
                        page.mouse.move(box["x"] + stroke[0][0] * scale, box["y"] + stroke[0][1] * scale)
                        page.mouse.down()
                        for x, y in stroke[1:]:
                            page.mouse.move(box["x"] + x * scale, box["y"] + y * scale)
                        page.mouse.up()
                        page.evaluate("() => new Promise((d) => requestAnimationFrame(() => requestAnimationFrame(d)))")
                        updates += page.evaluate("(start) => cnnDemo.timings.slice(start)", start)
                forward_ms = page.evaluate(FORWARD_ONLY)
            context.close()
        version = browser.version
        browser.close()
    server.shutdown()
    return {
        "chromium": version, "machine": f"{platform.machine()}, {os.cpu_count()} CPU",
        "load_average": os.getloadavg()[0], "loads": loads,
        "first_prediction_ms": statistics.median(first), "first_prediction_all_ms": first,
        "after_dom_content_loaded_ms": statistics.median(after_dom),
        "after_load_event_ms": statistics.median(after_load),
        "updates": len(updates), "update_median_ms": statistics.median(updates),
        "update_p95_ms": percentile(updates, 95), "forward_median_ms": forward_ms,
        "assets_bytes": sum(p.stat().st_size for p in (book / "_static" / "demo").iterdir()),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path,
                        default=Path(os.environ.get("CNN_COURSE_BOOK_HTML", ROOT / "_build" / "html")))
    parser.add_argument("--loads", type=int, default=5, help="쪽을 새로 여는 횟수")
    parser.add_argument("--rounds", type=int, default=3, help="숫자 네 개를 그리는 바퀴 수")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.book / "chapters" / "draw.html").is_file():
        print(f"{args.book}에 만든 책이 없습니다. 먼저 `make book`을 실행하세요.", file=sys.stderr)
        return 2
    result = measure(args.book, args.loads, args.rounds)
    print(f"Chromium {result['chromium']}, {result['machine']}, 부하 평균 {result['load_average']:.1f}")
    print(f"쪽의 파일(_static/demo): {result['assets_bytes'] / 1024:.0f} KB")
    print(f"첫 예측(쪽을 열기 시작한 때부터, {args.loads}번의 중앙값): {result['first_prediction_ms']:.0f} ms "
          f"(목표 < {GOALS['first_prediction_ms']} ms) "
          f"[DOMContentLoaded부터 {result['after_dom_content_loaded_ms']:.0f} ms, "
          f"load 이벤트부터 {result['after_load_event_ms']:.0f} ms]")
    print(f"갱신 한 번({result['updates']}번): 중앙값 {result['update_median_ms']:.1f} ms, "
          f"95번째 백분위수 {result['update_p95_ms']:.1f} ms (목표 < {GOALS['update_p95_ms']} ms)")
    print(f"순전파만(forward.js, 200번의 중앙값): {result['forward_median_ms']:.2f} ms")
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
