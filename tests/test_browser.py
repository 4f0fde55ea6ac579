"""브라우저로 책을 읽어 봅니다: 헤드리스 Chromium(Debian의 `chromium` 패키지)과 Playwright.

책(`make book`으로 한 번 만든 _build/html)을 127.0.0.1의 작은 HTTP 서버로 열고, 차례(_toc.yml)의 모든 쪽을
휴대 전화(390x844)와 데스크톱(1280x900) 두 너비에서 한 번씩 열어 확인합니다. 브라우저는 하나만 띄우고,
쪽마다 한 번 연 김에 사실을 모두 모아(`page_facts`) 테스트마다 그 사실을 봅니다.

- 콘솔 오류, 실패한 요청, 다른 호스트로 가는 요청이 하나도 없다(인터넷 없이 읽는 책).
- 모든 그림이 불러와졌고, 번호가 붙은 캡션("그림 3.2")과 제목이 아닌 한국어 대체 텍스트가 있다.
- 코드 블록 밖에서는 가로로 스크롤되지 않는다.
- 한글은 모두 책과 함께 싣는 나눔고딕으로 그려진다(Chromium이 실제로 쓴 글꼴을 CDP로 봅니다).
- ☰(책의 차례)과 "이 쪽의 차례" 단추가 열리고, 열린 차례의 링크를 누를 수 있다. 머리 막대는 하나.
- 수식이 MathJax로 그려졌고, `$`, `$$`, `{glue`가 보이지 않는다.
- 출력 상자는 한 화면보다 길지 않고, 한 셀의 출력은 한 덩어리다. 코드 줄은 88자 이하.
- 절과 용어의 앵커는 `#id3`, `#term-25` 같은 일련번호가 아니다.
- 1-7장에는 "스스로 점검하기" 절에 접힌 답 3-5개가 있고, 누르면 펼쳐진다.
- 검색: 20개가 넘는 검색어마다 반드시 나와야 할 쪽과 나오면 안 되는 쪽, 본문에서 따온 요약과 강조.

쪽마다 찍은 화면은 test-output/screenshots/에 남습니다(git이 무시하는 폴더).
이미 만든 책을 다시 만들지 않고 확인하려면 CNN_COURSE_BOOK_HTML=<_build/html 폴더>를 주세요.
"""

import functools
import http.server
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from book_pages import PAGES, ROOT

OTHER_PAGES = ["search", "genindex"]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HANGUL = re.compile("[가-힣]")
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
OUTPUT_LIMIT_PX = 700  # 출력 상자 하나의 내용 높이: 한 화면(844 px)에서 머리 막대를 뺀 정도
CODE_LINE_LIMIT = 88
SELF_CHECK_CHAPTERS = [page for page in PAGES if re.fullmatch(r"chapters/0[1-7]_\w+", page)]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def book_html(request):
    """확인할 책: CNN_COURSE_BOOK_HTML이 있으면 그 폴더, 없으면 이 세션에 `make book`으로 만든 책."""
    given = os.environ.get("CNN_COURSE_BOOK_HTML")
    if given:
        return Path(given)
    return request.getfixturevalue("built_book")


@pytest.fixture(scope="session")
def book_url(book_html):
    """만든 책을 127.0.0.1의 빈 포트에서 내보내는 HTTP 서버(스레드 하나)."""
    handler = functools.partial(QuietHandler, directory=str(book_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory, playwright_session):
    """새 사용자 폴더로 띄운 헤드리스 Chromium(인터넷이 없는 곳에서 쓰는 옵션으로). 세션에 하나."""
    check_chromium()
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    context = playwright_session.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        viewport=WIDTHS["desktop"], locale="ko-KR", service_workers="block",
    )
    context.set_default_timeout(30_000)
    yield context
    context.close()


def check_chromium() -> None:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium이 없습니다({CHROMIUM}): `apt-get install chromium`으로 설치하거나 "
                    "CHROMIUM 환경 변수로 위치를 알려 주세요(.ci/run이 설치합니다).")


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


def open_page(context, url: str, origin: str, viewport=None):
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
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

# 쪽 하나에서 모으는 사실(너비마다). 화면 크기에 따라 달라지지 않는 것도 함께 모읍니다(쪽을 두 번 열지 않게).
PAGE_FACTS = r"""
(limits) => {
  const article = document.querySelector("article.bd-article") || document.querySelector("article") || document.body;
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const prose = article.cloneNode(true);
  prose.querySelectorAll("pre, code, .highlight, mjx-container, .math, script, style, .cell_output")
    .forEach((e) => e.remove());
  const maths = Array.from(article.querySelectorAll(".math"));
  const headings = Array.from(article.querySelectorAll("h1, h2, h3, h4"))
    .map((h) => h.textContent.replace(/[#¶]/g, "").trim());
  // 코드 블록(입력과 출력) 안은 가로 스크롤이 괜찮습니다. 그 밖의 요소가 가로로 넘치거나 스크롤되면 문제.
  const CODE = "pre, .highlight, .cell_output, .output, mjx-container[display='true'], div.math";
  const root = document.scrollingElement;
  const overflowing = [];
  if (root.scrollWidth > root.clientWidth + 1)
    overflowing.push(`쪽 전체: ${root.scrollWidth}px > ${root.clientWidth}px`);
  article.querySelectorAll("*").forEach((el) => {
    if (el.closest(CODE) || !visible(el)) return;
    const style = getComputedStyle(el);
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      overflowing.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}px > ${el.clientWidth}px`);
  });
  const articleBox = article.getBoundingClientRect();
  Array.from(article.children).forEach((el) => {
    const box = el.getBoundingClientRect();
    if (visible(el) && box.right > articleBox.right + 2 && !el.matches(CODE))
      overflowing.push(`${el.tagName.toLowerCase()}.${el.className}: 오른쪽 끝 ${Math.round(box.right)}px`);
  });
  const images = Array.from(article.querySelectorAll("img")).map((img) => {
    const figure = img.closest("figure");
    const caption = figure ? figure.querySelector("figcaption") : null;
    return {
      src: (img.getAttribute("src") || "").slice(0, 80), alt: img.getAttribute("alt") || "",
      width: img.naturalWidth, caption: caption ? caption.innerText.trim() : null,
      numbered: !!(caption && caption.querySelector(".caption-number")),
    };
  });
  const outputs = Array.from(article.querySelectorAll(".cell_output")).map((out) => ({
    blocks: out.querySelectorAll(":scope > .output.stream").length,
    tallest: Math.max(0, ...Array.from(out.querySelectorAll("pre")).map((pre) => pre.scrollHeight)),
    text: out.innerText.slice(0, 60),
  }));
  const codeLines = [];
  article.querySelectorAll(".cell_input pre, div.highlight pre").forEach((pre) => {
    if (pre.closest(".cell_output")) return;
    pre.textContent.split("\n").forEach((line) => {
      if (line.length > limits.codeLine) codeLines.push(`${line.length}자: ${line.slice(0, 60)}...`);
    });
  });
  const autoIds = Array.from(article.querySelectorAll("section[id], dt[id], span[id]"))
    .map((el) => el.id).filter((id) => /^(id\d+|term-\d+)$/.test(id));
  const selfCheck = article.querySelector("section[id$='-self-check']");
  const link = (selector) => { const a = document.querySelector(selector); return a ? a.href : null; };
  return {
    next: link("a.right-next"),
    previous: link("a.left-prev"),
    title: document.title,
    images,
    maths: maths.length,
    unrendered: maths.filter((m) => !m.querySelector("mjx-container")).map((m) => m.textContent.slice(0, 80)),
    prose: prose.innerText,
    visibleText: article.innerText,
    headings,
    overflowing,
    outputs,
    codeLines,
    autoIds,
    selfCheck: selfCheck ? {
      id: selfCheck.id,
      answers: selfCheck.querySelectorAll(".admonition.dropdown, details").length,
    } : null,
    headerBars: Array.from(document.querySelectorAll("header.bd-header, .bd-header-article"))
      .filter(visible).map((el) => `${el.className} ${Math.round(el.getBoundingClientRect().height)}px`),
    searchFields: Array.from(document.querySelectorAll(".search-button-field, .search-button"))
      .filter(visible).length,
  };
}
"""

MARK_HANGUL = r"""
(selector) => {
  // 한글이 있는 글자 노드를 직접 가진, 보이는 요소마다 번호를 붙이고 그 한글 글자 수를 돌려줍니다.
  const counts = [];
  const groups = new Map();
  let n = 0;
  document.querySelectorAll(selector).forEach((scope) => {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    const byElement = new Map();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const hangul = (node.textContent.match(/[가-힣]/g) || []).length;
      if (!hangul) continue;
      const el = node.parentElement;
      // MathJax가 화면 읽기 프로그램에 주는 MathML(mjx-assistive-mml)은 화면에 그려지지 않습니다.
      if (!el || el.closest("script, style, noscript, title, mjx-assistive-mml")) continue;
      byElement.set(el, (byElement.get(el) || 0) + hangul);
    }
    for (const [el, hangul] of byElement) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      if (el.hasAttribute("data-hangul-check")) continue;
      // 글꼴 목록, 굵기, 기울임이 같은 요소는 한글을 같은 글꼴로 그립니다: 그 조합마다 두 요소만 봅니다.
      const key = `${style.fontFamily}|${style.fontWeight}|${style.fontStyle}`;
      const seen = (groups.get(key) || 0);
      if (seen >= 2) continue;
      groups.set(key, seen + 1);
      el.setAttribute("data-hangul-check", String(n++));
      counts.push({hangul, text: el.textContent.trim().slice(0, 40), tag: el.tagName.toLowerCase(),
                   font: style.fontFamily});
    }
  });
  return counts;
}
"""


def korean_font_problems(context, page, selector="body") -> list[str]:
    """보이는 한글 글자가 모두 나눔고딕(책에 싣는 웹 글꼴)으로 그려졌는가: Chromium이 실제로 쓴 글꼴(CDP)."""
    counts = page.evaluate(MARK_HANGUL, selector)
    if not counts:
        return []
    cdp = context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node_ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-hangul-check]"})["nodeIds"]
        problems = []
        for node_id in node_ids:
            attributes = cdp.send("DOM.getAttributes", {"nodeId": node_id})["attributes"]
            number = int(dict(zip(attributes[0::2], attributes[1::2]))["data-hangul-check"])
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            nanum = sum(font["glyphCount"] for font in fonts if "nanum" in font["familyName"].lower())
            expected = counts[number]
            if nanum < expected["hangul"]:
                used = ", ".join(f"{font['familyName']}({font['glyphCount']})" for font in fonts)
                problems.append(f"<{expected['tag']}> {expected['text']!r}: 한글 {expected['hangul']}자, "
                                f"나눔고딕 {nanum}자 [{used}]")
        return problems
    finally:
        cdp.detach()


MENU_CHECK = r"""
async (wide) => {
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none"
      && parseFloat(style.opacity || "1") > 0.1 && box.right > 0 && box.left < innerWidth;
  };
  // 보이는 링크가 실제로 눌리는가: 링크의 가운데 점에 있는 요소가 그 링크(나 그 안)인가.
  const clickable = (container) => Array.from(container.querySelectorAll("a[href]")).filter((a) => {
    if (!visible(a)) return false;
    const box = a.getBoundingClientRect();
    const x = box.left + Math.min(box.width / 2, 20), y = box.top + box.height / 2;
    if (y < 0 || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === a || a.contains(hit));
  }).length;
  const result = {};
  const primary = Array.from(document.querySelectorAll(".primary-toggle")).filter(visible);
  const secondary = Array.from(document.querySelectorAll(".secondary-toggle")).filter(visible);
  result.primaryButtons = primary.length;
  result.secondaryButtons = secondary.length;
  const sidebar = document.querySelector("#pst-primary-sidebar");
  const dialog = document.querySelector("#pst-primary-sidebar-modal");
  if (primary.length === 1) {
    if (wide) {
      result.sidebarBefore = visible(sidebar) && clickable(sidebar) > 0;
      primary[0].click();
      await sleep(350);
      result.sidebarAfterFirstClick = visible(sidebar) && !sidebar.classList.contains("pst-sidebar-hidden");
      primary[0].click();
      await sleep(350);
      result.sidebarAfterSecondClick = visible(sidebar) && clickable(sidebar) > 0;
    } else {
      primary[0].click();
      await sleep(350);
      result.primaryOpen = !!dialog && dialog.open && visible(dialog);
      result.primaryLinks = dialog ? clickable(dialog) : 0;
      if (dialog && dialog.open) dialog.close();
      await sleep(150);
    }
  }
  const hasPageToc = !!document.querySelector(".bd-sidebar-secondary nav.page-toc a, .bd-toc nav a");
  result.hasPageToc = hasPageToc;
  const secondarySidebar = document.querySelector("#pst-secondary-sidebar");
  const secondaryDialog = document.querySelector("#pst-secondary-sidebar-modal");
  if (secondary.length === 1) {
    secondary[0].click();
    await sleep(350);
    result.secondaryOpen = !!secondaryDialog && secondaryDialog.open && visible(secondaryDialog);
    result.secondaryLinks = secondaryDialog ? clickable(secondaryDialog) : 0;
    if (secondaryDialog && secondaryDialog.open) secondaryDialog.close();
  } else if (secondarySidebar && visible(secondarySidebar)) {
    result.secondaryOpen = true;  // 넓은 화면: 이 쪽의 차례가 늘 보입니다.
    result.secondaryLinks = clickable(secondarySidebar);
  }
  return result;
}
"""


SCREENSHOT_SLICE_PX = 12_000  # Chromium은 아주 긴 쪽을 한 장으로 찍지 못합니다: 이 높이마다 나눠 찍습니다


def screenshot(page, stem: str) -> None:
    """쪽 전체 화면: 짧으면 한 장(<stem>.png), 길면 위에서부터 여러 장(<stem>-1.png, <stem>-2.png, ...)."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    if height <= SCREENSHOT_SLICE_PX:
        page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"), full_page=True)
        return
    for number, top in enumerate(range(0, height, SCREENSHOT_SLICE_PX), 1):
        clip = {"x": 0, "y": top, "width": width, "height": min(SCREENSHOT_SLICE_PX, height - top)}
        page.screenshot(path=str(SCREENSHOTS / f"{stem}-{number}.png"), full_page=True, clip=clip)


@pytest.fixture(scope="session")
def page_facts(browser_context, book_url):
    """(쪽, 너비)마다 한 번 열어 모은 사실. 화면은 test-output/screenshots/<쪽>-<너비>.png."""
    facts = {}
    started = time.perf_counter()
    for width, viewport in WIDTHS.items():
        for name in PAGES + OTHER_PAGES:
            page, log = open_page(browser_context, page_url(book_url, name), book_url, viewport)
            try:
                page.evaluate(WAIT_FOR_PAGE)
                fact = page.evaluate(PAGE_FACTS, {"codeLine": CODE_LINE_LIMIT})
                screenshot(page, f"{name.replace('/', '_')}-{width}")
                if width == "desktop":
                    fact["fontProblems"] = korean_font_problems(browser_context, page)
                fact["menus"] = page.evaluate(MENU_CHECK, width == "desktop")
            finally:
                page.close()
            fact["problems"] = log.problems
            facts[name, width] = fact
    print(f"브라우저: {len(facts)}번 쪽을 열어 {time.perf_counter() - started:.1f}초")
    return facts


CASES = [(name, width) for width in WIDTHS for name in PAGES + OTHER_PAGES]
IDS = [f"{name}-{width}" for name, width in CASES]
CHAPTER_CASES = [(name, width) for name, width in CASES if name in PAGES]
CHAPTER_IDS = [f"{name}-{width}" for name, width in CHAPTER_CASES]


@pytest.mark.parametrize("name, width", CASES, ids=IDS)
def test_page_loads_cleanly_offline(page_facts, name, width):
    fact = page_facts[name, width]
    assert not fact["problems"], "\n".join(fact["problems"])
    assert fact["title"].strip(), "쪽 제목(<title>)이 비어 있습니다"


@pytest.mark.parametrize("name, width", CHAPTER_CASES, ids=CHAPTER_IDS)
def test_figures_have_numbered_captions_and_descriptive_alt_text(page_facts, name, width):
    fact = page_facts[name, width]
    broken = [image["src"] for image in fact["images"] if image["width"] == 0]
    assert not broken, f"불러오지 못한 그림: {broken}"
    headings = set(fact["headings"])
    bad = []
    for image in fact["images"]:
        alt = image["alt"].strip()
        if not image["numbered"]:
            bad.append(f"{image['src']}: 번호 붙은 캡션이 없습니다(캡션: {image['caption']!r})")
        if not alt or alt == image["src"] or not HANGUL.search(alt):
            bad.append(f"{image['src']}: 한국어 대체 텍스트가 없습니다(alt={alt!r})")
        elif alt in headings or re.match(r"그림( \d+/\d+)?: ", alt) or alt == image["caption"]:
            bad.append(f"{image['src']}: 대체 텍스트가 제목이나 캡션일 뿐 그림을 설명하지 않습니다(alt={alt!r})")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, width", CASES, ids=IDS)
def test_no_horizontal_scroll_outside_code_blocks(page_facts, name, width):
    overflowing = page_facts[name, width]["overflowing"]
    assert not overflowing, "코드 블록 밖에서 가로로 넘치는 요소:\n" + "\n".join(overflowing[:10])


@pytest.mark.parametrize("name", PAGES + OTHER_PAGES)
def test_every_korean_letter_is_drawn_with_the_bundled_font(page_facts, name):
    problems = page_facts[name, "desktop"]["fontProblems"]
    assert not problems, "나눔고딕이 아닌 글꼴로 그린 한글:\n" + "\n".join(problems[:10])


def test_tooltips_use_the_bundled_font(browser_context, book_url):
    page, log = open_page(browser_context, page_url(book_url, PAGES[1]), book_url, WIDTHS["desktop"])
    try:
        page.evaluate(WAIT_FOR_PAGE)
        button = page.locator(".bd-header-article [data-bs-toggle='tooltip']:visible").first
        button.hover()
        page.wait_for_selector(".tooltip.show", timeout=5_000)
        text = page.locator(".tooltip.show").inner_text()
        problems = korean_font_problems(browser_context, page, ".tooltip")
    finally:
        page.close()
    assert HANGUL.search(text), f"도움말 풍선이 한국어가 아닙니다: {text!r}"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name, width", CASES, ids=IDS)
def test_menus_open_and_their_links_can_be_clicked(page_facts, name, width):
    fact = page_facts[name, width]
    menus = fact["menus"]
    assert len(fact["headerBars"]) <= 1, f"머리 막대가 여럿입니다: {fact['headerBars']}"
    assert fact["searchFields"] <= 1, f"검색 칸이 {fact['searchFields']}개 보입니다"
    assert menus["primaryButtons"] == 1, f"보이는 ☰ 단추가 {menus['primaryButtons']}개입니다"
    if width == "desktop":
        assert menus["sidebarBefore"], "넓은 화면에서 책의 차례가 보이지 않습니다"
        assert not menus["sidebarAfterFirstClick"], "☰을 눌러도 책의 차례가 숨지 않습니다"
        assert menus["sidebarAfterSecondClick"], "☰을 다시 눌러도 책의 차례가 돌아오지 않습니다"
    else:
        assert menus["primaryOpen"], "☰을 눌러도 책의 차례가 열리지 않습니다"
        assert menus["primaryLinks"] >= 5, f"열린 차례에서 누를 수 있는 링크: {menus['primaryLinks']}개"
    if menus["hasPageToc"]:
        assert menus["secondaryOpen"], "이 쪽의 차례가 열리지(보이지) 않습니다"
        assert menus["secondaryLinks"] > 0, "이 쪽의 차례에서 누를 수 있는 링크가 없습니다"


@pytest.mark.parametrize("name, width", CHAPTER_CASES, ids=CHAPTER_IDS)
def test_math_is_rendered_and_no_markup_is_visible(page_facts, name, width):
    fact = page_facts[name, width]
    assert not fact["unrendered"], f"MathJax가 그리지 못한 수식: {fact['unrendered']}"
    dollars = [line.strip()[:80] for line in fact["prose"].splitlines() if "$" in line]
    assert not dollars, f"본문에 보이는 $: {dollars[:5]}"
    raw = re.findall(r"\$\$|\{glue|\\\(|\\\[|\\text\{", fact["visibleText"])
    assert not raw, f"그려지지 않은 표시: {raw[:5]}"
    glue = [line.strip()[:80] for line in fact["visibleText"].splitlines()
            if "from myst_nb import glue" in line or re.match(r"\s*glue\(", line)]
    assert not glue, f"glue 호출이 독자에게 보입니다(glue만 있는 셀로 나누면 책이 감춥니다): {glue[:5]}"


@pytest.mark.parametrize("name", PAGES)
def test_outputs_are_one_block_per_cell_and_at_most_a_screen_tall(page_facts, name):
    outputs = page_facts[name, "desktop"]["outputs"]
    split = [f"{out['blocks']}개: {out['text']!r}" for out in outputs if out["blocks"] > 1]
    assert not split, "출력이 여러 상자로 나뉜 셀:\n" + "\n".join(split)
    for width in WIDTHS:
        tall = [f"{out['tallest']}px: {out['text']!r}" for out in page_facts[name, width]["outputs"]
                if out["tallest"] > OUTPUT_LIMIT_PX]
        assert not tall, f"{width}: {OUTPUT_LIMIT_PX}px보다 긴 출력:\n" + "\n".join(tall)


@pytest.mark.parametrize("name", PAGES)
def test_code_lines_fit(page_facts, name):
    long = page_facts[name, "desktop"]["codeLines"]
    assert not long, f"{CODE_LINE_LIMIT}자가 넘는 코드 줄 {len(long)}개:\n" + "\n".join(long[:10])


@pytest.mark.parametrize("name", PAGES)
def test_sections_and_terms_have_stable_english_anchors(page_facts, name):
    auto = page_facts[name, "desktop"]["autoIds"]
    assert not auto, f"일련번호 앵커: {auto}"


@pytest.mark.parametrize("name", SELF_CHECK_CHAPTERS)
def test_chapter_ends_with_self_check_questions(page_facts, name):
    check = page_facts[name, "desktop"]["selfCheck"]
    number = int(re.match(r"chapters/0(\d)", name).group(1))
    assert check is not None, "'스스로 점검하기' 절(chN-self-check)이 없습니다"
    assert check["id"] == f"ch{number}-self-check"
    assert 3 <= check["answers"] <= 5, f"접힌 답이 {check['answers']}개입니다(3-5개)"


def test_a_self_check_answer_opens_on_click(browser_context, book_url):
    pages = [name for name in SELF_CHECK_CHAPTERS]
    page, log = open_page(browser_context, page_url(book_url, pages[0]), book_url, WIDTHS["phone"])
    try:
        page.evaluate(WAIT_FOR_PAGE)
        answer = page.locator("section[id$='-self-check'] .admonition.dropdown").first
        assert answer.count(), "접힌 답이 없습니다"
        body = answer.locator("p:not(.admonition-title)").first
        assert not body.is_visible(), "답이 처음부터 펼쳐져 있습니다"
        answer.locator(".admonition-title").click()
        body.wait_for(state="visible", timeout=5_000)
    finally:
        page.close()
    assert not log.problems, "\n".join(log.problems)


def test_genindex_and_first_address(page_facts, book_html):
    fact = page_facts["genindex", "phone"]
    letters = [h for h in fact["headings"] if len(h) == 1]
    jamo = [h for h in letters if "\u1100" <= h <= "\u11ff"]
    assert not jamo, f"첫소리 자모(ᄀ)로 묶은 색인: {jamo}"
    assert "ㄱ" in letters or not any(HANGUL.match(h) for h in fact["headings"])
    html = (book_html / "genindex.html").read_text(encoding="utf-8")
    assert not re.search(r"<h1>\s*</h1>", html), "색인 쪽에 빈 <h1>이 있습니다"
    index = (book_html / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]+</title>", index), "index.html에 <title>이 없습니다"


def test_next_and_previous_buttons_walk_through_every_page(page_facts, book_url):
    """첫 쪽부터 "다음 쪽"을 따라가면 차례의 모든 쪽을 차례대로 지나고, "이전 쪽"으로 돌아옵니다."""
    forward, name = [PAGES[0]], PAGES[0]
    while page_facts[name, "desktop"]["next"] and len(forward) <= len(PAGES):
        name = docname(book_url, page_facts[name, "desktop"]["next"].split("#")[0])
        forward.append(name)
    backward = [name]
    while page_facts[name, "desktop"]["previous"] and len(backward) <= len(PAGES):
        name = docname(book_url, page_facts[name, "desktop"]["previous"].split("#")[0])
        backward.append(name)
    assert forward == PAGES
    assert backward == PAGES[::-1]


# 검색어마다: 반드시 나와야 할 쪽과 나오면 안 되는 쪽. 나오면 안 되는 쪽은 검색어와 글자가 겹치지만
# 그 낱말은 없는 쪽입니다("정확도"와 "정확히", "결과"와 "결", "합성곱"과 "합성").
CH2, CH3, CH4, CH5, CH6, CH7, CH9, CH10 = (
    "chapters/02_mnist_data", "chapters/03_convolution", "chapters/04_pooling_relu", "chapters/05_flatten_fc",
    "chapters/06_training", "chapters/07_visualization", "chapters/09_glossary", "chapters/10_api")
SEARCH_TABLE = [
    # (검색어, 반드시 나올 쪽, 나오면 안 될 쪽)
    ("정확도", [CH2, CH6, CH9], [CH3, CH4, CH5]),   # 3장과 5장에는 "정확히"만, 4장에는 "정확한", "정확히"만
    ("정확도를", [CH2, CH6, CH9], [CH3, CH4, CH5]),
    ("정확히", [CH3, CH5], [CH2]),                   # 2장에는 "정확도"만
    ("정확", [CH4], [CH2, CH3, CH5]),                # "정확도", "정확히"는 다른 낱말
    ("결과", [CH3, CH4, CH5, CH6], [CH2]),           # 2장에는 "결국"만
    ("결과를", [CH3, CH4, CH5, CH6], [CH2]),
    ("결정", [CH7], [CH4, CH5]),                     # 4장, 5장에는 "결과", "연결"만
    ("합성곱", [CH3, CH4, CH9], []),
    ("합성곱을", [CH3, CH4, CH9], []),
    ("합성곱에서는", [CH3], []),
    ("합성", [CH9], [CH3, CH4]),                     # 3장, 4장에는 "합성곱"만
    ("활성화", [CH4, CH5, CH9], []),
    ("활성", [], [CH4, CH5]),
    ("배치", [CH6, CH9], [CH3, CH4]),                # 3장, 4장의 "배"(두 배)는 다른 낱말
    ("가중치가", [CH3, CH9], []),
    ("풀링은", [CH4, CH9], [CH2]),
    ("스트라이드", [CH3, CH9], [CH2]),
    ("소프트맥스", [CH5, CH9], [CH3]),
    ("드롭아웃", [CH6, CH9], [CH2]),
    ("에포크", [CH6, CH9], [CH3]),
    ("특성 맵", [CH3, CH9], [CH2]),
    ("수용 영역", [CH9], [CH4]),                     # 4장에는 "영역"만
    ("은닉 층", [CH9], [CH3]),
    ("내적", [CH3, CH9], [CH4]),
    ("ReLU", [CH4, CH9], [CH2]),
    ("ReLU를", [CH4, CH9], [CH2]),
    ("MNIST", [CH2], []),
    ("layers", [CH10], []),
]


def run_search(context, book_url, query, summaries=False):
    page, log = open_page(context, urljoin(book_url, "search.html?q=" + quote(query)), book_url,
                          WIDTHS["desktop"])
    try:
        page.wait_for_function(
            "() => document.querySelector('#search-results .search-summary')?.innerText.trim().length > 0")
        # 요약은 쪽마다 따로 불러옵니다: 결과마다 요약이 붙을 때까지 기다립니다.
        if summaries:
            page.wait_for_function("""() => Array.from(document.querySelectorAll('#search-results ul.search li'))
                                   .every((li) => li.querySelector('p.context') || li.querySelector('span'))""",
                                   timeout=20_000)
        found = page.evaluate("""() => Array.from(document.querySelectorAll('#search-results ul.search li')).map(
            (li) => ({href: li.querySelector('a').href,
                      summary: li.querySelector('p.context')?.innerText || '',
                      marked: Array.from(li.querySelectorAll('p.context .highlighted')).map((m) => m.innerText)}))""")
        if summaries:
            page.screenshot(path=str(SCREENSHOTS / f"search_{query}.png"), full_page=False)
        problems = list(log.problems)  # 닫을 때 끊기는 요약 요청은 문제가 아닙니다
    finally:
        page.close()
    assert not problems, "\n".join(problems)
    return found


@pytest.mark.parametrize("query, must, must_not", SEARCH_TABLE, ids=[row[0] for row in SEARCH_TABLE])
def test_search_returns_what_it_should_and_nothing_else(browser_context, book_url, query, must, must_not):
    found = run_search(browser_context, book_url, query)
    pages = {docname(book_url, item["href"].split("#")[0]) for item in found}
    missing = [page for page in must if page not in pages]
    wrong = [page for page in must_not if page in pages]
    assert not missing, f"'{query}' 검색이 찾지 못한 쪽: {missing} (찾은 쪽: {sorted(pages)})"
    assert not wrong, f"'{query}' 검색에 나오면 안 되는 쪽: {wrong}"


def test_search_summaries_come_from_the_article_and_mark_the_hit(browser_context, book_url):
    found = run_search(browser_context, book_url, "합성곱을", summaries=True)
    assert found
    chrome = ["내려받기", ".ipynb", ".pdf", "PDF로 인쇄", "전체 화면", "Ctrl+K"]
    for item in found:
        assert not any(word in item["summary"] for word in chrome), f"요약에 쪽 머리 막대의 글자: {item['summary']!r}"
    marked = [item for item in found if item["marked"]]
    assert marked, "요약에서 찾은 낱말이 강조되지 않았습니다"
    assert all(mark.lower() == "합성곱" for item in marked for mark in item["marked"])


def test_browser_query_stems_match_python(browser_context, book_url, book_html):
    """검색창의 줄기(JavaScript)와 Python의 같은 규칙(query_stem)이 색인의 낱말 목록으로 같은 답을 냅니다."""
    import json

    from korean_search import query_stem

    script = (book_html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1:script.rindex(")")])
    vocabulary = set(index["terms"]) | set(index["titleterms"])
    words = ["합성곱을", "합성곱에서는", "가중치가", "풀링은", "정확도를", "정확도", "결과", "결과를", "층을",
             "학습합니다", "이", "에서", "없는낱말을"]
    page, log = open_page(browser_context, urljoin(book_url, "search.html"), book_url)
    try:
        page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
        in_browser = page.evaluate("(words) => words.map((w) => new Stemmer().stemWord(w))", words)
    finally:
        page.close()
    in_python = [query_stem(word, vocabulary) or word for word in words]
    assert in_browser == in_python
    assert not log.problems, "\n".join(log.problems)
