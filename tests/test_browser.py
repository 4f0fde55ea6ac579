"""브라우저로 책을 읽어 봅니다: 헤드리스 Chromium(Debian의 `chromium` 패키지)과 Playwright.

책(`make book`으로 한 번 만든 _build/html)을 127.0.0.1의 작은 HTTP 서버로 열고, 쪽마다 확인합니다.

- 콘솔 오류, 실패한 요청, 다른 호스트로 가는 요청이 하나도 없다(인터넷 없이 읽는 책).
- 모든 그림이 불러와졌고(naturalWidth > 0) 대체 텍스트가 있다.
- 수식이 MathJax로 그려졌고, 그리지 못한 `$...$`가 남지 않았다.
- 한글이 책과 함께 싣는 나눔고딕으로 그려진다.
- 다음/이전 단추와 왼쪽 차례로 모든 장에 갈 수 있다.
- 합성곱, 가중치, 풀링, 정확도를 찾으면 그 낱말이 (조사가 붙어서라도) 나오는 모든 장이 나온다.

쪽마다 찍은 화면은 test-output/screenshots/에 남습니다(git이 무시하는 폴더).
"""

import functools
import http.server
import os
import re
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
PAGES = [TOC["root"]] + [entry["file"] for entry in TOC["chapters"]]  # chapters/01_introduction, ...
OTHER_PAGES = ["search", "genindex"]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HANGUL = re.compile("[가-힣]")

# 낱말마다 그 낱말을 가르치는 장: 검색 결과에 반드시 있어야 합니다.
SEARCHES = {
    "합성곱": "chapters/03_convolution",
    "가중치": "chapters/03_convolution",
    "풀링": "chapters/04_pooling_relu",
    "정확도": "chapters/06_training",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def book_url(built_book):
    """만든 책을 127.0.0.1의 빈 포트에서 내보내는 HTTP 서버(스레드 하나)."""
    handler = functools.partial(QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """새 사용자 폴더로 띄운 헤드리스 Chromium(인터넷이 없는 곳에서 쓰는 옵션으로)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium이 없습니다({CHROMIUM}): `apt-get install chromium`으로 설치하거나 "
                    "CHROMIUM 환경 변수로 위치를 알려 주세요(.ci/run이 설치합니다).")
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="ko-KR", service_workers="block",
        )
        context.set_default_timeout(30_000)
        yield context
        context.close()


class PageLog:
    """한 쪽을 여는 동안 생긴 문제: 콘솔 오류, 스크립트 예외, 실패한 요청, 다른 호스트로 가는 요청."""

    def __init__(self, page, origin: str):
        self.problems: list[str] = []
        self.origin = origin
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"스크립트 예외: {error}"))
        page.on("requestfailed", lambda request: self.problems.append(
            f"실패한 요청: {request.url} ({request.failure})"))
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error":
            self.problems.append(f"콘솔 오류: {message.text} ({message.location.get('url', '')})")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request):
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.problems.append(f"다른 호스트로 가는 요청: {request.url}")


def open_page(context, url: str, origin: str):
    page = context.new_page()
    log = PageLog(page, origin)
    page.goto(url, wait_until="load")
    return page, log


def page_url(book_url: str, page: str) -> str:
    return urljoin(book_url, quote(page) + ".html")


def docname(book_url: str, url: str) -> str:
    path = urlsplit(url).path
    return path[len(urlsplit(book_url).path):].removesuffix(".html")


WAIT_FOR_PAGE = """
async () => {
  // 늦게 불러오는(loading=lazy) 그림도 지금 불러오게 하고, 모든 그림이 끝날 때까지 기다립니다.
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = "eager"; });
  await Promise.all(images.map((img) => img.complete ? null :
    new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); })));
  // 수식: MathJax가 모두 그릴 때까지.
  if (document.querySelector(".math")) {
    for (let i = 0; i < 300 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
      await new Promise((done) => setTimeout(done, 100));
    await MathJax.startup.promise;
  }
  // 한글 웹 글꼴: 쓰이는 굵기를 모두 불러올 때까지.
  await document.fonts.ready;
  return true;
}
"""

PAGE_FACTS = """
() => {
  const article = document.querySelector("article") || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll("pre, code, .highlight, mjx-container, .math, script, style").forEach((e) => e.remove());
  const maths = Array.from(document.querySelectorAll(".math"));
  return {
    images: Array.from(document.images).map((img) => ({
      src: img.getAttribute("src"), alt: img.getAttribute("alt"), width: img.naturalWidth,
      inArticle: article.contains(img),
    })),
    maths: maths.length,
    unrendered: maths.filter((m) => !m.querySelector("mjx-container")).map((m) => m.textContent.slice(0, 80)),
    text: copy.innerText,
    koreanFont: Array.from(document.fonts).some(
      (face) => face.family.replace(/"/g, "") === "Course NanumGothic" && face.status === "loaded"),
    hasKorean: /[가-힣]/.test(document.body.innerText),
  };
}
"""


@pytest.mark.parametrize("page_name", PAGES + OTHER_PAGES)
def test_page_loads_cleanly_with_images_math_and_korean_font(browser_context, book_url, page_name):
    page, log = open_page(browser_context, page_url(book_url, page_name), book_url)
    try:
        page.evaluate(WAIT_FOR_PAGE)
        facts = page.evaluate(PAGE_FACTS)
        page.screenshot(path=str(SCREENSHOTS / f"{page_name.replace('/', '_')}.png"), full_page=True)
    finally:
        page.close()
    assert not log.problems, "\n".join(log.problems)

    broken = [image["src"] for image in facts["images"] if image["width"] == 0]
    assert not broken, f"불러오지 못한 그림: {broken}"
    no_alt = [image["src"] for image in facts["images"] if not (image["alt"] or "").strip()]
    assert not no_alt, f"대체 텍스트가 없는 그림: {no_alt}"
    not_korean = [(image["src"], image["alt"]) for image in facts["images"]
                  if image["inArticle"] and not HANGUL.search(image["alt"])]
    assert not not_korean, f"대체 텍스트가 한국어가 아닌 그림: {not_korean}"

    assert not facts["unrendered"], f"MathJax가 그리지 못한 수식: {facts['unrendered']}"
    raw = re.findall(r"\$[^$\n]+\$|\\\(|\\\[", facts["text"])
    assert not raw, f"수식으로 그려지지 않은 TeX: {raw[:5]}"

    if facts["hasKorean"]:
        assert facts["koreanFont"], "한글 웹 글꼴(나눔고딕)을 불러오지 못했습니다"


def test_pages_with_math_render_it(browser_context, book_url):
    """적어도 한 장에는 수식이 있고, 그 수식이 MathJax의 출력(mjx-container)으로 바뀝니다."""
    page, log = open_page(browser_context, page_url(book_url, PAGES[0]), book_url)
    try:
        page.evaluate(WAIT_FOR_PAGE)
        rendered = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        version = page.evaluate("() => MathJax.version")
    finally:
        page.close()
    assert not log.problems, "\n".join(log.problems)
    assert rendered > 0
    assert version.startswith("3.")


def test_next_and_previous_buttons_walk_through_every_chapter(browser_context, book_url):
    page, log = open_page(browser_context, page_url(book_url, PAGES[0]), book_url)
    try:
        forward = [docname(book_url, page.url)]
        while page.locator("a.right-next").count():
            with page.expect_navigation(wait_until="load"):
                page.locator("a.right-next").click()
            forward.append(docname(book_url, page.url))
            assert len(forward) <= len(PAGES), forward
        backward = [docname(book_url, page.url)]
        while page.locator("a.left-prev").count():
            with page.expect_navigation(wait_until="load"):
                page.locator("a.left-prev").click()
            backward.append(docname(book_url, page.url))
            assert len(backward) <= len(PAGES), backward
    finally:
        page.close()
    assert forward == PAGES
    assert backward == PAGES[::-1]
    assert not log.problems, "\n".join(log.problems)


def test_table_of_contents_reaches_every_chapter(browser_context, book_url):
    """첫 쪽의 왼쪽 차례에 모든 장이 있고, 차례의 링크를 눌러 차례로 모든 장에 갑니다."""
    page, log = open_page(browser_context, page_url(book_url, PAGES[0]), book_url)
    try:
        links = "nav.bd-docs-nav a.reference.internal"
        targets = [url.split("#")[0] for url in page.eval_on_selector_all(links, "(links) => links.map((a) => a.href)")]
        assert sorted(docname(book_url, url) for url in set(targets)) == sorted(PAGES)
        reached = {}
        for target in targets:
            if page.url.split("#")[0] != target:
                index = page.eval_on_selector_all(links, "(links, url) => links.findIndex((a) => a.href.split('#')[0] === url)",
                                                  target)
                with page.expect_navigation(wait_until="load"):
                    page.locator(links).nth(index).click()
            reached[docname(book_url, page.url.split("#")[0])] = page.locator("article h1").first.inner_text()
    finally:
        page.close()
    assert sorted(reached) == sorted(PAGES), f"차례로 갈 수 없는 장: {sorted(set(PAGES) - set(reached))}"
    assert all(title.strip() for title in reached.values())
    assert not log.problems, "\n".join(log.problems)


@pytest.fixture(scope="session")
def page_texts(browser_context, book_url):
    """장마다 본문의 글(브라우저가 보여 주는 그대로)."""
    texts = {}
    page = browser_context.new_page()
    try:
        for name in PAGES:
            page.goto(page_url(book_url, name), wait_until="load")
            texts[name] = page.locator("article").first.inner_text()
    finally:
        page.close()
    return texts


@pytest.mark.parametrize("term", SEARCHES)
def test_search_finds_every_chapter_where_the_term_appears(browser_context, book_url, page_texts, term):
    page, log = open_page(browser_context, urljoin(book_url, "search.html?q=" + quote(term)), book_url)
    try:
        page.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')?.innerText.trim().length > 0")
        links = page.locator("#search-results ul.search li > a")
        found = {docname(book_url, urljoin(page.url, links.nth(i).get_attribute("href")).split("#")[0])
                 for i in range(links.count())}
        page.screenshot(path=str(SCREENSHOTS / f"search_{term}.png"), full_page=True)
    finally:
        page.close()
    assert not log.problems, "\n".join(log.problems)
    appears = {name for name, text in page_texts.items() if term in text}
    assert SEARCHES[term] in appears, f"{SEARCHES[term]}에 '{term}'이(가) 없습니다"
    missing = sorted(appears - found)
    assert not missing, f"'{term}' 검색이 찾지 못한 장: {missing} (찾은 장: {sorted(found)})"


def test_browser_stems_words_like_the_index(browser_context, book_url):
    """검색창의 낱말(JavaScript)과 색인의 낱말(Python)에서 같은 줄기를 뽑습니다."""
    sys.path.insert(0, str(ROOT / "_ext"))
    from korean_search import PARTICLES, SearchKorean

    words = ["합성곱을", "합성곱에서는", "가중치가", "풀링은", "정확도를", "층을", "ReLU를", "layers", "Filters",
             "학습합니다", "이", "에서", "MNIST의", "TensorFlow로"] + [f"필터{p}" for p in PARTICLES]
    page, log = open_page(browser_context, urljoin(book_url, "search.html"), book_url)
    try:
        in_browser = page.evaluate(
            "(words) => words.map((w) => new Stemmer().stemWord(w.toLowerCase()))", words)
    finally:
        page.close()
    search = SearchKorean({})
    in_python = [search.stem(word).lower() for word in words]
    assert in_browser == in_python
    assert not log.problems, "\n".join(log.problems)
