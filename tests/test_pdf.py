"""책 전체 PDF(`make pdf`): 표지, 차례와 쪽 번호, 모든 장, 글에 넣은 값, 그림, 수식, 한국어 글자, 코드.

이 세션에 `make book`으로 만든 책(conftest의 `book_build`)에 `make pdf`를 한 번 실행하고, 만든 PDF의
글자를 pypdf로 쪽마다 한 번 뽑아 모든 테스트가 함께 봅니다. 글자를 뽑으면 낱말 사이의 공백과 줄바꿈이
PDF마다 달라지므로 공백을 모두 빼고 비교합니다.
"""

import ast
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
import yaml

from book_pages import PAGES, ROOT, TOC, run_make

PDF = ROOT / "_build" / "pdf" / "cnn-course.pdf"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
SOLUTIONS = {entry["file"] for part in TOC["parts"] if part["caption"] == "풀이" for entry in part["chapters"]}
IN_PDF = [page for page in PAGES if page not in SOLUTIONS]
HANGUL = re.compile("[가-힣]")
logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium의 PDF에 대한 무해한 경고


@dataclass(frozen=True)
class BookPdf:
    path: Path
    pages: list[str]  # 쪽마다 뽑은 글자(공백 없이)
    starts: dict[str, int]  # 맨 위 책갈피(장 제목) -> 시작 쪽(1부터)
    reader: object


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="session")
def book_pdf(book_build):
    """README의 명령(`make pdf`)으로 PDF를 만들고 쪽마다 글자를 뽑습니다."""
    from pypdf import PdfReader

    seconds, cpu = run_make("pdf")
    print(f"make pdf {seconds:.1f}초, CPU {cpu:.1f}초")
    reader = PdfReader(PDF)
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    return BookPdf(PDF, pages, starts, reader)


def page_title(page: str) -> str:
    """쪽의 제목: 노트북이나 Markdown 파일의 첫 `# 제목`(코드 표시 ` 는 빼고)."""
    path = ROOT / f"{page}.ipynb"
    if path.is_file():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "".join(next(cell["source"] for cell in cells if cell["cell_type"] == "markdown"))
    else:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", text, re.M).group(1).replace("`", "").strip()


def chapter_range(book_pdf, page: str) -> str:
    """한 장(쪽)이 차지하는 PDF 쪽들의 글자."""
    starts = sorted(book_pdf.starts.values())
    first = book_pdf.starts[page_title(page)]
    later = [number for number in starts if number > first]
    last = later[0] - 1 if later else len(book_pdf.pages)
    return "".join(book_pdf.pages[first - 1:last])


def test_title_page_and_table_of_contents(book_pdf):
    assert squeeze(CONFIG["title"]) in book_pdf.pages[0]
    assert squeeze(CONFIG["author"]) in book_pdf.pages[0]
    assert "풀이는온라인책에" in book_pdf.pages[0]
    assert book_pdf.pages[1].startswith("차례")
    assert list(book_pdf.starts)[0] == "차례"
    assert book_pdf.reader.metadata.title == CONFIG["title"]


def test_every_chapter_starts_where_the_table_of_contents_says(book_pdf):
    """차례의 "제목 쪽번호"가 모두 맞습니다: 책갈피가 가리키는 쪽이 그 번호이고, 그 쪽에 제목이 있습니다."""
    chapters = list(book_pdf.starts)[1:]
    total = len(book_pdf.pages)
    toc = "".join(text.removesuffix(f"{number}/{total}")  # 바닥글의 쪽 번호는 빼고
                  for number, text in enumerate(book_pdf.pages[:book_pdf.starts[chapters[0]] - 1], 1))
    assert chapters == [page_title(page) for page in IN_PDF], "PDF의 장(책갈피)이 _toc.yml의 차례와 다릅니다"
    for page in IN_PDF:
        title = page_title(page)
        number = book_pdf.starts[title]
        assert squeeze(title) in book_pdf.pages[number - 1], f"{title}: {number}쪽에 제목이 없습니다"
        assert re.search(re.escape(squeeze(title)) + rf"{number}(?!\d)", toc), f"차례에 없는 항목: {title} {number}"
    assert number < len(book_pdf.pages)


def test_the_drawing_page_prints_a_note_instead_of_the_tool(book_pdf):
    """종이에서는 동작하지 않는 그리기 도구(빈 칸과 "불러오는 중")는 빼고, 온라인 책으로 안내합니다."""
    text = chapter_range(book_pdf, "chapters/draw")
    assert "인쇄본에서는그리기칸이동작하지않습니다" in text
    assert "불러오는중" not in text and "여기에숫자를그리세요" not in text
    assert "그림이28×28이미지가되기까지" in text  # 도구 아래의 설명은 그대로


def test_solutions_are_left_out(book_pdf):
    assert SOLUTIONS, "_toc.yml에 풀이 부가 없습니다"
    titles = [page_title(page) for page in SOLUTIONS]
    assert not [title for title in titles if title in book_pdf.starts]


def test_every_page_has_its_number_in_the_footer(book_pdf):
    total = len(book_pdf.pages)
    assert total > 50
    missing = [number for number, text in enumerate(book_pdf.pages, 1) if not text.endswith(f"{number}/{total}")]
    assert not missing, f"바닥글에 쪽 번호가 없는 쪽: {missing[:10]}"


def glued_values(page: str) -> dict[str, str]:
    """노트북 출력에 저장된 glue 값(이름 -> 글에 들어가는 글자)."""
    values = {}
    for cell in json.loads((ROOT / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            if "name" in scrapbook:
                values[scrapbook["name"]] = ast.literal_eval(output["data"][scrapbook["mime_prefix"] + "text/plain"])
    return values


def test_glued_numbers_are_in_their_chapters(book_pdf):
    """글 속에 {glue:text}로 넣은 값이 모두 그 장의 PDF 쪽에 있습니다."""
    checked, missing = 0, []
    for page in IN_PDF:
        path = ROOT / f"{page}.ipynb"
        if not path.is_file():
            continue
        text = chapter_range(book_pdf, page)
        values = glued_values(page)
        for name in sorted(set(re.findall(r"\{glue:text\}`([^`:]+)`", path.read_text(encoding="utf-8")))):
            checked += 1
            if squeeze(str(values[name])) not in text:
                missing.append(f"{page}: {name} = {values[name]}")
    assert checked >= 30
    assert not missing, "PDF에 없는 glue 값:\n" + "\n".join(missing)


def test_korean_text_is_real_text_in_the_embedded_nanum_gothic(book_pdf):
    """한글은 그림이 아니라 글자입니다: 뽑아 낸 글자에 한글이 많고, 나눔고딕이 글자 표(ToUnicode)와 함께 실려 있습니다."""
    assert sum(len(HANGUL.findall(text)) for text in book_pdf.pages) > 20_000
    for page in IN_PDF:
        path = ROOT / f"{page}.ipynb"
        if path.is_file():  # 장의 첫 글에서 가장 긴 한글 구절
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            phrase = max(re.findall("[가-힣 ]+", "".join(cells[0]["source"])), key=len)
            assert squeeze(phrase) in chapter_range(book_pdf, page), f"{page}: '{phrase}'"
    fonts = {}
    for page in book_pdf.reader.pages[:20]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font.get("/BaseFont", font["/Subtype"]))] = "/ToUnicode" in font
    nanum = {name: mapped for name, mapped in fonts.items() if "NanumGothic" in name}
    assert nanum and all(nanum.values()), fonts


def page_source(page: str) -> str:
    path = ROOT / f"{page}.ipynb"
    if path.is_file():
        return "\n".join("".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])
    return (ROOT / f"{page}.md").read_text(encoding="utf-8")


# TeX 명령과 MathJax가 그리는 글자
MATH_GLYPHS = {r"\sum": "∑", r"\partial": "∂", r"\approx": "≈", r"\eta": "η", r"\infty": "∞", r"\lceil": "⌈"}


def test_math_is_rendered(book_pdf):
    """수식은 MathJax가 그린 글자입니다: TeX 소스가 남지 않고, 소스에 쓴 기호가 글자로 있습니다."""
    text = "".join(book_pdf.pages)
    assert not re.search(r"\\\(|\\\[|\$\$|\\frac|\\sum|\\text\{", text)
    source = "".join(page_source(page) for page in IN_PDF)
    used = {command: glyph for command, glyph in MATH_GLYPHS.items() if command in source}
    assert len(used) >= 3
    assert not {command: glyph for command, glyph in used.items() if glyph not in text}


def pdf_images(reader) -> set[int]:
    found = set()

    def walk(resources):
        for ref in resources.get("/XObject", {}).values():
            thing = ref.get_object()
            if thing["/Subtype"] == "/Image":
                found.add(ref.idnum)
            elif thing["/Subtype"] == "/Form" and "/Resources" in thing:
                walk(thing["/Resources"].get_object())

    for page in reader.pages:
        if "/Resources" in page:
            walk(page["/Resources"].get_object())
    return found


def test_every_figure_is_in_the_pdf(book_pdf, book_build):
    """PDF의 그림 수 = PDF에 넣은 쪽들의 본문에 있는 그림(<img>) 수."""
    images = 0
    for page in IN_PDF:
        html = (book_build.html / f"{page}.html").read_text(encoding="utf-8")
        images += html[html.index("<article"):html.index("</article>")].count("<img ")
    assert images >= 20
    assert len(pdf_images(book_pdf.reader)) == images


def longest_code_lines(count: int) -> list[str]:
    """PDF에 넣은 노트북에서 가장 긴 코드 줄들(접거나 빼는 glue, assert 셀은 빼고)."""
    lines = []
    for page in IN_PDF:
        path = ROOT / f"{page}.ipynb"
        if path.is_file():
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                source = "".join(cell["source"])
                hidden = {"remove-cell", "remove-input"} & set(cell.get("metadata", {}).get("tags", []))
                if cell["cell_type"] == "code" and not hidden and "glue(" not in source \
                        and not source.startswith("assert"):
                    lines += [line for line in source.splitlines() if not line.lstrip().startswith("#")]
    return sorted(lines, key=len, reverse=True)[:count]


def test_long_code_lines_wrap_instead_of_being_clipped(book_pdf):
    text = "".join(book_pdf.pages)
    lines = longest_code_lines(8)
    assert len(lines[0]) > 80
    assert not [line for line in lines if squeeze(line) not in text]


def download_menu(present: bool, pagename: str) -> list[dict]:
    import book_pdf as extension

    app = SimpleNamespace(config=SimpleNamespace(book_pdf_present=present))
    buttons = [{"label": "download-buttons", "buttons": [{"label": "download-source-button"}]}]
    context = {"header_buttons": buttons, "pathto": lambda name, resource: f"../{name}" if "/" in pagename else name}
    extension.add_download_entry(app, pagename, "page.html", context, None)
    return buttons[0]["buttons"]


def test_download_entry_only_when_the_pdf_was_built():
    """`make book`만 했으면(PDF 없음) 메뉴에 책 전체 PDF가 없습니다: 없는 파일로 가는 링크를 보이지 않습니다."""
    assert [button["label"] for button in download_menu(False, "chapters/03_convolution")] == ["download-source-button"]
    entry = download_menu(True, "chapters/03_convolution")[-1]
    assert (entry["text"], entry["url"], entry["type"]) == ("책 전체 PDF", "../cnn-course.pdf", "link")


def test_download_menu_offers_the_whole_book_pdf(book_pdf, book_build):
    """모든 쪽의 내려받기 메뉴에 "책 전체 PDF"가 있고, 그 링크가 책 안의 PDF(만든 것과 같은 파일)로 갑니다."""
    copy = book_build.html / "cnn-course.pdf"
    assert copy.read_bytes() == book_pdf.path.read_bytes()
    for page in PAGES:
        html = (book_build.html / f"{page}.html").read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+)"[^>]*\n?\s*class="[^"]*btn-download-book-pdf-button', html)
        assert link, f"{page}: 내려받기 메뉴에 책 전체 PDF가 없습니다"
        assert "책 전체 PDF" in html[link.end():link.end() + 600]
        target = urljoin(f"http://book/{page}.html", link.group(1))
        assert target == "http://book/cnn-course.pdf", (page, link.group(1))
