"""책 빌드: 경고를 오류로 보고(-W -n), 커밋한 출력으로 HTML을 만듭니다. 만든 HTML을 읽어서 확인합니다.

책은 `tests/conftest.py`의 `book_build` 픽스처가 세션마다 한 번 `make book`으로 만듭니다.
브라우저로 여는 확인은 `test_browser.py`에 있습니다.
"""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from book_pages import PAGES, ROOT

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BUILD_SECONDS_LIMIT = 60
HANGUL = re.compile("[가-힣]")


@pytest.fixture(scope="session")
def built_book(request):
    """확인할 책: CNN_COURSE_BOOK_HTML이 있으면 이미 만든 그 폴더, 없으면 이 세션에 `make book`으로 만든 책."""
    given = os.environ.get("CNN_COURSE_BOOK_HTML")
    if given:
        return Path(given)
    return request.getfixturevalue("book_build").html


def notebook_pages():
    return [page for page in PAGES if (ROOT / f"{page}.ipynb").is_file()]


class Resources(HTMLParser):
    """HTML이 브라우저에게 불러오라고 하는 주소(스크립트, 스타일, 글꼴, 그림)와 그림의 alt."""

    LOADING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
               ("video", "src"), ("video", "poster"), ("audio", "src"), ("iframe", "src"), ("embed", "src"),
               ("object", "data"), ("input", "src"), ("track", "src")}
    LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
                 "manifest", "mask-icon"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.images: list[dict] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for (name, attr) in self.LOADING:
            if tag == name and attrs.get(attr):
                self.urls += [part.strip().split(" ")[0] for part in attrs[attr].split(",")] \
                    if attr == "srcset" else [attrs[attr]]
        if tag == "link" and set((attrs.get("rel") or "").split()) & self.LINK_RELS and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css)
    return urls + re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)


def is_external(url: str) -> bool:
    """다른 호스트에서 불러오는 주소인가? (data: 주소와 책 안의 상대 경로는 아닙니다.)"""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(built_book):
    return sorted(built_book.rglob("*.html"))


def test_book_builds_without_warnings(built_book):
    assert (built_book / "index.html").is_file()


def test_book_builds_within_the_time_limit(book_build):
    """커밋한 출력으로 만드는 책 빌드는 60초 안에 끝납니다.

    빌드는 프로세스 하나가 차례로 일하므로, 다른 일이 없는 컴퓨터에서 걸리는 시간은 빌드가 쓴
    CPU 시간과 거의 같습니다. 다른 프로세스가 CPU를 나눠 쓰면 벽시계 시간만 늘어나므로, 흔들리지
    않는 CPU 시간으로 확인합니다(벽시계 시간은 메시지에 함께 적습니다).
    """
    assert book_build.cpu_seconds <= BUILD_SECONDS_LIMIT, \
        f"책 빌드가 CPU {book_build.cpu_seconds:.0f}초를 썼습니다(한도 {BUILD_SECONDS_LIMIT}초, " \
        f"벽시계 {book_build.seconds:.0f}초)"


def test_every_chapter_in_the_toc_has_a_page(built_book):
    assert PAGES[0] == "chapters/01_introduction"
    assert {f"chapters/{n:02d}_" for n in range(1, 11)} <= {page[:12] for page in PAGES}  # 아홉 장과 API 쪽
    for name in PAGES:
        assert (built_book / f"{name}.html").is_file(), name


def test_no_page_loads_anything_from_another_host(built_book):
    """쪽마다 스크립트, 스타일, 글꼴, 그림을 모두 책 안에서 불러옵니다(인터넷 없이 읽는 책)."""
    found = []
    for path in html_files(built_book):
        page = parse(path)
        urls = page.urls + [url for css in page.inline_css for url in css_urls(css)]
        found += [f"{path.relative_to(built_book)}: {url}" for url in urls if is_external(url)]
    for path in sorted(built_book.rglob("*.css")):
        found += [f"{path.relative_to(built_book)}: {url}" for url in css_urls(path.read_text(encoding="utf-8"))
                  if is_external(url)]
    assert not found, "다른 호스트에서 불러오는 주소:\n" + "\n".join(found)


def test_math_renderer_and_korean_font_are_served_from_the_book(built_book):
    page = (built_book / "chapters" / "01_introduction.html").read_text(encoding="utf-8")
    # 다시 빌드하면 Sphinx가 주소 끝에 ?v=<체크섬>을 붙입니다.
    assert re.search(r'src="\.\./_static/mathjax/tex-mml-chtml\.js(\?v=[0-9a-f]+)?"', page)
    mathjax = built_book / "_static" / "mathjax"
    assert (mathjax / "tex-mml-chtml.js").stat().st_size > 100_000
    assert list((mathjax / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    fonts = built_book / "_static" / "fonts"
    for name in ("NanumGothic.woff", "NanumGothicBold.woff"):
        assert (fonts / name).read_bytes()[:4] == b"wOFF"
        assert (fonts / name).stat().st_size > 1_000_000
        assert f'url("fonts/{name}")' in (built_book / "_static" / "course.css").read_text(encoding="utf-8")
    assert (fonts / "LICENSE-NanumGothic.txt").is_file()


def test_every_image_has_korean_alt_text(built_book):
    """본문의 그림(노트북의 그림 출력 포함)에는 한글 대체 텍스트가, 모든 그림에는 대체 텍스트가 있습니다."""
    missing = []
    for page in PAGES:
        path = built_book / f"{page}.html"
        for image in parse(path).images:
            alt = (image.get("alt") or "").strip()
            content = "_images/" in image.get("src", "") or image.get("src", "").startswith("data:")
            if not alt or (content and not HANGUL.search(alt)) or alt == image.get("src"):
                missing.append(f"{page}: {image.get('src', '')[:80]} alt={alt!r}")
    assert not missing, "대체 텍스트가 없거나 한국어가 아닌 그림:\n" + "\n".join(missing)


def test_notebook_pages_have_download_and_launch_buttons(built_book):
    repository = CONFIG["repository"]["url"].rstrip("/")
    slug = urlsplit(repository).path.strip("/")
    branch = CONFIG["repository"]["branch"]
    assert CONFIG["launch_buttons"]["colab_url"] and CONFIG["launch_buttons"]["binderhub_url"]
    pages = notebook_pages()
    assert pages, "노트북 장이 하나도 없습니다"
    for page in pages:
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        assert f'href="../_sources/{page}.ipynb"' in html, f"{page}: .ipynb 내려받기 단추가 없습니다"
        assert (built_book / "_sources" / f"{page}.ipynb").is_file()
        colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/{page}.ipynb"
        binder = f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=tree/{page}.ipynb"
        assert f'href="{colab}"' in html, f"{page}: Colab 실행 단추가 없습니다"
        assert f'href="{binder}"' in html, f"{page}: Binder 실행 단추가 없습니다"


def test_logo_and_favicon_are_our_own(built_book):
    html = (built_book / "chapters" / "01_introduction.html").read_text(encoding="utf-8")
    assert '<link rel="icon" href="../_static/favicon.svg"/>' in html
    assert 'src="../_static/logo.svg"' in html
    for name in ("logo.svg", "favicon.svg"):
        svg = (built_book / "_static" / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "<title" in svg


ENGLISH_THEME_LABELS = ["Skip to main content", "Back to top", "On this page", "Search this book",
                        "Toggle primary sidebar", "Toggle secondary sidebar", "Launch on", "previous page",
                        "next page", "Color mode", "System Settings", "Link to this ", "Print to PDF",
                        "Download this page", "Click to show", "Show code cell", "시작하다"]


@pytest.mark.parametrize("page", PAGES)
def test_theme_labels_are_korean(built_book, page):
    html = (built_book / f"{page}.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ko"', html)
    left = [label for label in ENGLISH_THEME_LABELS if label in html]
    assert not left, f"번역되지 않은 테마 글자: {left}"


def test_copy_button_speaks_korean(built_book):
    script = (built_book / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert "'ko': {" in script and "클립보드에 복사" in script


def test_api_page_documents_every_public_name(built_book):
    import cnn_course  # TensorFlow는 불러오지 않습니다(이름만 봅니다)

    html = (built_book / "chapters" / "10_api.html").read_text(encoding="utf-8")
    missing = [name for name in cnn_course.__all__ if not re.search(rf'id="cnn_course\.\w+\.{name}"', html)]
    assert not missing, "API 쪽에 없는 공개 이름(chapters/10_api.md에 그 모듈을 더하세요): " + ", ".join(missing)
    assert "합성곱" in html  # 독스트링의 한국어가 그대로


def test_search_index_holds_kiwi_stems_not_truncated_words(built_book):
    """색인의 한글 낱말은 조사와 어미를 뺀 낱말: "합성곱을"이 아니라 "합성곱", "정확도"는 "정확"으로 잘리지 않습니다."""
    script = (built_book / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1:script.rindex(")")])
    vocabulary = set(index["terms"]) | set(index["titleterms"])
    for term in ("합성곱", "가중치", "풀링", "정확도", "결과"):
        assert term in vocabulary, term
    for inflected in ("합성곱을", "가중치를", "풀링은", "정확도를", "결과를", "학습합니다"):
        assert inflected not in vocabulary, inflected
    language_data = (built_book / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "koreanQueryStem" in language_data


def test_plumbing_cells_are_hidden_from_readers(built_book):
    """glue만 있는 셀은 쪽에 없고, assert만 있는 셀은 접혀 있고, glue를 보통 코드와 섞은 셀은 없습니다.

    내려받는 노트북(_sources)에는 모든 셀이 그대로 있습니다.
    """
    import html as html_module

    from plumbing import FOLD, REMOVE, plumbing_tag

    mixed, shown = [], []
    for page in notebook_pages():
        notebook = json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))
        cells = [("".join(cell["source"]), cell) for cell in notebook["cells"] if cell["cell_type"] == "code"]
        tags = [plumbing_tag(source) for source, _ in cells]
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
        for (source, _), tag in zip(cells, tags):
            if tag is None and re.search(r"^\s*(glue\(|from myst_nb import glue)", source, re.M):
                mixed.append(f"{page}: {source.splitlines()[0][:60]}")
            if tag == REMOVE:
                for key in re.findall(r"glue\(\s*[\"']([^\"']+)", source):
                    if re.search(rf"glue\(\s*[\"']{re.escape(key)}[\"']", text):
                        shown.append(f"{page}: {key}")
        assert html.count("tag_hide-input") >= tags.count(FOLD), page
        original = (ROOT / f"{page}.ipynb").read_text(encoding="utf-8")
        source = (built_book / "_sources" / f"{page}.ipynb").read_text(encoding="utf-8")
        assert source.count("glue(") == original.count("glue("), page
    assert not shown, "쪽에 보이는 glue 셀: " + ", ".join(shown)
    assert not mixed, ("glue 호출을 보통 코드와 섞은 셀(glue와 assert만 있는 셀로 나누면 책이 감춥니다):\n"
                       + "\n".join(mixed))


@pytest.mark.parametrize("source, tag", [
    ("from myst_nb import glue\nglue('a', 1, display=False)\nglue('b', f'{x:.1f}', display=False)", "remove-cell"),
    ("import myst_nb\nmyst_nb.glue('a', 1)", "remove-cell"),
    ("assert accuracy > 0.9\nassert loss < 1, loss", "hide-input"),
    ("assert accuracy > 0.9\nglue('acc', accuracy, display=False)", "hide-input"),
    ("glue('a', 1)\nprint(a)", None),
    ("assert x\nx = 1", None),
    ("%timeit f()", None),
    ("", None),
])
def test_plumbing_tag(source, tag):
    from plumbing import plumbing_tag, tag_notebook

    assert plumbing_tag(source) == tag
    notebook = {"cells": [{"cell_type": "code", "source": source, "metadata": {"tags": ["keep"]}}]}
    assert tag_notebook(notebook) == (tag is not None)
    assert notebook["cells"][0]["metadata"]["tags"] == ["keep"] + ([tag] if tag else [])


def test_glossary_anchor_names():
    from stable_ids import glossary_ids, slug

    assert slug("Rectified Linear Unit") == "rectified-linear-unit"
    assert glossary_ids(["ReLU", "정류 선형 유닛"], ["rectified-linear-unit"]) == [
        "term-relu", "term-rectified-linear-unit"]
    assert glossary_ids(["채널", "입력 채널", "출력 채널"], ["channel", "input-channel", "output-channel"]) == [
        "term-channel", "term-input-channel", "term-output-channel"]
    assert glossary_ids(["합성곱 신경망"], ["convolutional-neural-network", "cnn"]) == [
        "term-convolutional-neural-network"]
    assert glossary_ids(["용어"], []) == [None]


def test_glossary_terms_and_sections_have_english_anchors_used_by_references(built_book):
    glossary = (built_book / "chapters" / "09_glossary.html").read_text(encoding="utf-8")
    ids = re.findall(r'<dt id="([^"]+)"', glossary)
    assert "term-relu" in ids and "term-convolution" in ids and "term-receptive-field" in ids
    assert not [i for i in ids if re.fullmatch(r"term-\d+", i)]
    for term in ("뉴런", "은닉 층", "파라미터", "가중치 공유", "수용 영역", "내적"):
        assert f">{term}<" in glossary, term
    references = set()
    for path in html_files(built_book):
        references |= set(re.findall(r'href="[^"]*09_glossary\.html#(term-[^"]+)"', path.read_text(encoding="utf-8")))
    assert references <= set(ids), references - set(ids)
    for page in PAGES:
        html = (built_book / f"{page}.html").read_text(encoding="utf-8")
        auto = re.findall(r'<section id="(id\d+)"', html)
        assert not auto, f"{page}: 일련번호 앵커 {auto} (제목 앞에 (label)= 을 적으세요)"


def test_genindex_uses_compatibility_jamo_and_index_html_has_a_title(built_book):
    from korean_index import korean_letter, merge_letters

    assert korean_letter("\u1100") == "ㄱ" and korean_letter("\u1112") == "ㅎ" and korean_letter("A") == "A"
    assert merge_letters([("A", [1]), ("\u1100", [2]), ("ㄱ", [3])]) == [("A", [1]), ("ㄱ", [2, 3])]
    genindex = (built_book / "genindex.html").read_text(encoding="utf-8")
    assert '<h2 id="ㄱ">' in genindex and "\u1100" not in genindex
    assert not re.search(r"<h1>\s*</h1>", genindex)
    index = (built_book / "index.html").read_text(encoding="utf-8")
    assert "<title>합성곱 신경망 강좌</title>" in index and 'lang="ko"' in index
    assert "chapters/01_introduction.html" in index


def test_api_signatures_are_clean(built_book):
    html = (built_book / "chapters" / "10_api.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "~typing" not in text and "~cnn_course" not in text
    assert "&lt;built-in function" not in html and "<built-in function" not in text


def test_config_has_base_url_and_merged_streams():
    # 포크는 tools/set_repository.py로 바꿉니다; 주소가 저장소와 맞는지는 tests/test_repository.py가 봅니다.
    assert re.fullmatch(r"https://[a-z0-9-]+\.github\.io/([\w.-]+/)?", CONFIG["html"]["baseurl"])
    assert CONFIG["sphinx"]["config"]["nb_merge_streams"] is True


@pytest.mark.parametrize("signature, clean", [
    ("(config: ~cnn_course.config.NetworkConfig = <factory>, seed: int = 0)",
     "(config: ~cnn_course.config.NetworkConfig = NetworkConfig(), seed: int = 0)"),
    ("(out: ~typing.Callable[[str], None] | None = <built-in function print>)",
     "(out: ~typing.Callable[[str], None] | None = print)"),
    ("(n: int = 3)", "(n: int = 3)"),
    (None, None),
])
def test_api_signature_cleaning(signature, clean):
    from markdown_docstrings import clean_signature

    assert clean_signature(signature) == clean
