"""'직접 그려 보기' 쪽(chapters/draw.md)을 헤드리스 Chromium에서 써 봅니다(1280 px와 390 px).

- 테스트 세트 이미지 200장을 쪽의 입력 경로(고르개가 부르는 `cnnDemo.useImage`)로 넣으면, 쪽의 확률은
  같은 가중치로 계산한 Python 참고 구현(`cnn_course.export.forward`)과 1e-4 안에서 같고 클래스는 모두 같다.
- 마우스(1280 px)와 손가락(390 px, 터치 이벤트)으로 그린 1, 7, 0, 3을 그 숫자로 분류한다: 가장 큰 확률이
  그 숫자이고 그 확률이 STROKE_THRESHOLD 이상. 쪽이 만든 28x28 이미지는 쪽의 캔버스 픽셀을 Python의
  `cnn_course.drawing.preprocess`로 손질한 것과 PREPROCESS_TOLERANCE 안에서 같다.
- 키보드만으로 지우기, 시험 이미지 고르기, 특성 맵 고르기(필터 보기)를 할 수 있다. 마우스를 올리거나
  손가락으로 눌러도 필터가 보인다.
- 다른 호스트로 가는 요청과 콘솔 오류가 없고, 쪽의 파일(_static/demo)은 모두 2 MB 이하다.

그린 3의 화면은 test-output/screenshots/draw-demo-3-<너비>.png에 남습니다.
"""

from contextlib import contextmanager

import numpy as np
import pytest

from cnn_course.drawing import preprocess
from demo_strokes import DIGITS
from cnn_course.export import forward, load_export, load_samples
from test_browser import (CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, WIDTHS, PageLog, book_html, book_url,  # noqa: F401
                          check_chromium, page_url)

DEMO = "chapters/draw"
PROBABILITY_TOLERANCE = 1e-4
PREPROCESS_TOLERANCE = 1e-9  # 둘 다 64비트 실수로 같은 계산을 합니다: 더하는 순서의 차이만 남습니다
STROKE_THRESHOLD = 0.8  # 그린 숫자의 확률이 이 값 이상이어야 합니다
ASSET_LIMIT = 2 * 1024 * 1024
CANVAS = 280  # 쪽의 그리는 칸의 픽셀 수(demo.js의 CANVAS)


@pytest.fixture(scope="module")
def demo_browser(playwright_session):
    check_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def exported(book_html):
    """쪽이 불러오는 바로 그 파일(책에 복사된 _static/demo)."""
    return load_export(book_html / "_static" / "demo")


@contextmanager
def demo_page(browser, book_url, width):
    context = browser.new_context(viewport=WIDTHS[width], locale="ko-KR", service_workers="block",
                                  has_touch=width == "phone")
    context.set_default_timeout(30_000)
    page = context.new_page()
    log = PageLog(page, book_url)
    try:
        page.goto(page_url(book_url, DEMO), wait_until="load")
        page.wait_for_selector("#draw-demo[data-ready]")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        yield page, log
    finally:
        context.close()
    assert not log.problems, "\n".join(log.problems)


def settle(page):
    """예약된 갱신(requestAnimationFrame)이 끝날 때까지 두 프레임 기다립니다."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def state(page):
    return page.evaluate("""() => ({source: cnnDemo.state.source, input: Array.from(cnnDemo.state.input),
                                    probabilities: Array.from(cnnDemo.state.result.probabilities)})""")


def draw(page, strokes, touch=False):
    """획들을 캔버스에 그립니다: 마우스(포인터 이벤트) 또는 CDP의 터치 이벤트로."""
    canvas = page.locator("#draw-demo .dd-canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    border = (box["width"] - page.evaluate("() => document.querySelector('#draw-demo .dd-canvas').clientWidth")) / 2
    scale = (box["width"] - 2 * border) / CANVAS

    def screen(point):
        return box["x"] + border + point[0] * scale, box["y"] + border + point[1] * scale

    cdp = page.context.new_cdp_session(page) if touch else None
    for stroke in strokes:
        points = [screen(p) for p in stroke]
        if touch:
            for kind, (x, y) in [("touchStart", points[0])] + [("touchMove", p) for p in points[1:]]:
                cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        else:
            page.mouse.move(*points[0])
            page.mouse.down()
            for x, y in points[1:]:
                page.mouse.move(x, y)
            page.mouse.up()
    settle(page)


def test_demo_assets_are_small_and_all_served_from_the_book(book_html):
    folder = book_html / "_static" / "demo"
    files = {path.name: path.stat().st_size for path in folder.iterdir()}
    assert {"forward.js", "drawing.js", "demo.js", "demo.css", "network.json", "network.bin", "samples.bin"} <= set(files)
    assert sum(files.values()) <= ASSET_LIMIT, files
    other = (book_html / "chapters" / "01_introduction.html").read_text(encoding="utf-8")
    assert "_static/demo/" not in other, "그려 보기 쪽의 파일이 다른 쪽에도 실립니다"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_page_probabilities_equal_the_python_reference_on_test_images(demo_browser, book_url, exported, mnist,
                                                                       width):
    # 앞의 150장과, 그다음 2,000장 가운데 Python이 가장 자신 없어 한 50장(답이 갈리기 쉬운 이미지).
    pool = np.arange(150, 2150)
    confidence = forward(exported, mnist.x_test[pool])["probabilities"].max(axis=1)
    indices = np.concatenate([np.arange(150), pool[np.argsort(confidence)[:50]]])
    pixels = np.rint(mnist.x_test[indices] * 255).astype(np.uint8).reshape(len(indices), 784)
    expected = forward(exported, pixels / 255)["probabilities"]
    with demo_page(demo_browser, book_url, width) as (page, log):
        results = page.evaluate("""(images) => images.map((pixels) => {
            const state = cnnDemo.useImage(pixels);
            return {source: state.source, input: Array.from(state.input),
                    probabilities: Array.from(state.result.probabilities)};
        })""", pixels.tolist())
    assert len(results) == len(indices) >= 200
    assert {r["source"] for r in results} == {"sample"}
    np.testing.assert_allclose([r["input"] for r in results], pixels / 255, atol=1e-12)
    page_probabilities = np.array([r["probabilities"] for r in results])
    assert np.abs(page_probabilities - expected).max() <= PROBABILITY_TOLERANCE
    np.testing.assert_array_equal(page_probabilities.argmax(axis=1), expected.argmax(axis=1))
    assert (expected.argmax(axis=1) != mnist.y_test_cls[indices]).any()  # 틀리는 이미지도 들어 있습니다


@pytest.mark.parametrize("width", list(WIDTHS))
def test_drawn_digits_are_classified_and_preprocessed_like_python(demo_browser, book_url, exported, width):
    touch = width == "phone"  # 390 px에서는 손가락(터치 이벤트)으로 그립니다
    with demo_page(demo_browser, book_url, width) as (page, log):
        for digit, strokes in DIGITS.items():
            page.locator("#draw-demo .dd-clear").click()
            draw(page, strokes, touch=touch)
            seen = state(page)
            ink = np.array(page.evaluate("() => cnnDemo.canvasInk()")).reshape(CANVAS, CANVAS)
            assert seen["source"] == "drawing", f"{digit}: 그린 것이 신경망에 들어가지 않았습니다"
            reference = preprocess(ink).ravel()
            assert np.abs(np.array(seen["input"]) - reference).max() <= PREPROCESS_TOLERANCE, digit
            probabilities = np.array(seen["probabilities"])
            print(f"{width}: 그린 {digit}의 확률 {probabilities[digit]:.4f}")
            np.testing.assert_allclose(probabilities, forward(exported, reference)["probabilities"][0],
                                       atol=PROBABILITY_TOLERANCE)
            assert probabilities.argmax() == digit and probabilities[digit] >= STROKE_THRESHOLD, \
                f"그린 {digit}의 확률: {np.round(probabilities, 3)}"
            shown = page.locator("#draw-demo .dd-answer").inner_text()
            assert f"신경망의 답: {digit}" in shown
            if digit == 3:
                page.locator("#draw-demo").screenshot(path=str(SCREENSHOTS / f"draw-demo-3-{width}.png"))


def test_the_page_updates_while_a_stroke_is_drawn_and_undo_removes_it(demo_browser, book_url):
    with demo_page(demo_browser, book_url, "desktop") as (page, log):
        page.locator("#draw-demo .dd-clear").click()
        draw(page, DIGITS[1])
        one = state(page)
        box = page.locator("#draw-demo .dd-canvas").bounding_box()
        before = page.evaluate("() => cnnDemo.timings.length")
        page.mouse.move(box["x"] + 60, box["y"] + 120)
        page.mouse.down()
        for k in range(1, 16):
            page.mouse.move(box["x"] + 60 + 10 * k, box["y"] + 120)
            settle(page)
        during = page.evaluate("() => cnnDemo.timings.length")
        changed = state(page)["input"] != one["input"]
        page.mouse.up()
        assert during - before >= 5, "선을 긋는 동안 답이 바뀌지 않습니다"
        assert changed
        page.locator("#draw-demo .dd-undo").click()
        assert state(page) == one, "되돌리기가 마지막 획만 지우지 않습니다"
        page.locator("#draw-demo .dd-undo").click()
        assert state(page)["source"] == "blank"


def test_the_keyboard_alone_clears_picks_a_test_image_and_shows_filters(demo_browser, book_url, book_html,
                                                                        exported):
    with demo_page(demo_browser, book_url, "desktop") as (page, log):
        samples = exported.manifest["samples"]
        count = len(samples["labels"])
        page.locator("#draw-demo .dd-undo").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # 모두 지우기
        assert state(page)["source"] == "blank"
        for _ in range(4):
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # 네 번째 시험 이미지
        assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
        chosen = state(page)
        assert chosen["source"] == "sample"
        images, _ = load_samples(book_html / "_static" / "demo")
        np.testing.assert_allclose(chosen["input"], images[3].ravel(), atol=1e-7)
        np.testing.assert_allclose(chosen["probabilities"], forward(exported, images[3])["probabilities"][0],
                                   atol=PROBABILITY_TOLERANCE)
        for _ in range(count - 4 + 1):
            page.keyboard.press("Tab")  # 나머지 시험 이미지를 지나 합성곱 층 1의 격자로(격자는 Tab 한 번)
        focused = page.evaluate("() => [document.activeElement.dataset.layer, document.activeElement.dataset.index]")
        assert focused == ["conv1", "0"]
        page.keyboard.press("ArrowRight")
        assert "합성곱 층 1의 필터 1" in page.locator("#draw-demo .dd-filter").inner_text()
        assert page.locator("#draw-demo .dd-filter canvas").count() == 1
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.dataset.layer") == "conv2"
        assert "합성곱 층 2의 필터 0" in page.locator("#draw-demo .dd-filter").inner_text()
        assert page.locator("#draw-demo .dd-filter canvas").count() == 16


def test_hovering_or_tapping_a_feature_map_shows_its_filter(demo_browser, book_url):
    with demo_page(demo_browser, book_url, "desktop") as (page, log):
        page.locator("#draw-demo .dd-conv2 canvas").nth(5).hover()
        assert "합성곱 층 2의 필터 5" in page.locator("#draw-demo .dd-filter").inner_text()
        assert page.locator("#draw-demo .dd-filter canvas").count() == 16
    with demo_page(demo_browser, book_url, "phone") as (page, log):
        target = page.locator("#draw-demo .dd-conv1 canvas").nth(2)
        target.scroll_into_view_if_needed()
        target.tap()
        assert "합성곱 층 1의 필터 2" in page.locator("#draw-demo .dd-filter").inner_text()
        overflow = page.evaluate("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
        assert overflow <= 1, f"390 px에서 쪽이 가로로 {overflow}px 넘칩니다"
