"""책 전체를 PDF 한 권으로: 만든 HTML 책(`_build/html`)을 헤드리스 Chromium으로 인쇄합니다.

`make pdf`가 `make book` 다음에 부릅니다. 하는 일:

1. 만든 책을 127.0.0.1의 작은 HTTP 서버로 열고(글꼴과 MathJax를 책 안에서 불러오도록), 수식이 있는
   쪽 하나를 바탕으로 엽니다(그 쪽의 CSS와 MathJax 설정을 그대로 씁니다).
2. _toc.yml의 차례대로 쪽마다 본문(`article.bd-article`)을 가져와 한 문서로 잇습니다. 앵커는 쪽 이름을
   붙여 겹치지 않게 하고, 책 안의 링크는 PDF 안의 링크로, 빠진 쪽(풀이, 색인, 소스)으로 가는 링크는 온라인
   책(`html.baseurl`)으로 바꿉니다. 앞에 표지와 차례를 붙이고, MathJax가 수식을 모두 그릴 때까지 기다립니다.
3. 두 번 인쇄합니다. 첫 번째 PDF의 책갈피(제목마다 Chromium이 만듭니다)에서 장마다 시작 쪽을 읽어 차례에
   쪽 번호를 쓰고, 두 번째로 인쇄한 것이 결과입니다(장의 책갈피는 pypdf로 고칩니다). 쪽 번호는 바닥글에
   찍힙니다. 쪽 너비를 넘어 잘릴 코드, 수식, 그림, 표가 있으면 인쇄하지 않고 멈춥니다.

풀이(_toc.yml의 "풀이")는 넣지 않습니다: PDF는 강사가 학생에게 나눠 주는 인쇄본이고, 연습 문제의 답이 같은
책에 있으면 연습이 되지 않습니다. 풀이는 온라인 책과 노트북에 있습니다(표지에 적습니다).

결과는 `_build/pdf/cnn-course.pdf`입니다. `make pdf`는 그다음 책을 한 번 더 빌드하고, 그때
`_ext/book_pdf.py`가 PDF를 책 안에 복사해 내려받기 단추("책 전체 PDF")에서 가리킵니다.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import os
import re
import sys
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PDF_NAME = "cnn-course.pdf"  # _ext/book_pdf.py가 같은 이름으로 책 안에 복사합니다
LEFT_OUT_PARTS = {"풀이"}
CSS = Path(__file__).with_name("build_pdf.css")
FOOTER = ('<div style="width:100%; font-size:9px; color:#555; text-align:center;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
PDF_OPTIONS = dict(format="A4", print_background=True, outline=True, tagged=True, display_header_footer=True,
                   header_template="<span></span>", footer_template=FOOTER,
                   margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})


def book_pages(toc: dict) -> list[dict]:
    """PDF에 넣을 쪽: 차례대로 {"page", "part", "level"}(level 0은 장, 1은 장 안의 절)."""
    pages = [{"page": toc["root"], "part": None, "level": 0}]

    def walk(entries, part, level):
        for entry in entries:
            pages.append({"page": entry["file"], "part": part, "level": level})
            walk(entry.get("sections", []), part, level + 1)

    for part in toc.get("parts", []):
        if part["caption"] not in LEFT_OUT_PARTS:
            walk(part["chapters"], part["caption"], 0)
    return pages


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


# 브라우저 안에서 책을 한 문서로 잇습니다(바탕 쪽의 <head>, 곧 CSS와 MathJax 설정은 그대로 둡니다).
ASSEMBLE = r"""
async ({pages, book, css}) => {
  const origin = location.origin + "/";
  const keyOf = (page) => page.replaceAll("/", "-");
  const keys = new Set(pages.map((p) => keyOf(p.page)));
  const texts = await Promise.all(pages.map((p) => fetch(origin + p.page + ".html").then((r) => r.text())));
  const article = document.createElement("article");
  article.className = "bd-article pdf-chapters";
  const titles = [];
  pages.forEach((p, i) => {
    const pageUrl = origin + p.page + ".html";
    const source = new DOMParser().parseFromString(texts[i], "text/html").querySelector("article.bd-article");
    const key = keyOf(p.page);
    const section = document.createElement("section");
    section.className = "pdf-chapter";
    section.id = key;
    section.append(...source.childNodes);
    section.querySelectorAll("[id]").forEach((el) => { el.id = key + "--" + el.id; });
    section.querySelectorAll("a[href]").forEach((a) => {
      const url = new URL(a.getAttribute("href"), pageUrl);
      if (url.origin + "/" !== origin) return;
      const path = url.pathname.slice(1).replace(/\.html$/, "");
      const target = keyOf(path);
      if (keys.has(target)) {
        a.setAttribute("href", "#" + target + (url.hash ? "--" + decodeURIComponent(url.hash.slice(1)) : ""));
      } else {
        a.setAttribute("href", book.url + url.pathname.slice(1) + url.hash);
      }
    });
    section.querySelectorAll("img[src]").forEach((img) => {
      img.setAttribute("src", new URL(img.getAttribute("src"), pageUrl).href);
      img.removeAttribute("loading");
    });
    // 웹에서만 쓰는 것: 제목 옆 링크(#), 접어 둔 확인 셀의 코드(assert). 접힌 답은 펼쳐서 싣습니다.
    section.querySelectorAll("a.headerlink, details.hide.above-input").forEach((el) => el.remove());
    section.querySelectorAll(".dropdown.admonition > .admonition-title").forEach((el) => { el.textContent = "답"; });
    const h1 = section.querySelector("h1");
    titles.push({key, title: h1.textContent.trim(), part: p.part, level: p.level});
    article.append(section);
  });

  const title = document.createElement("section");
  title.className = "pdf-title";
  title.innerHTML = `<img class="pdf-logo" src="${origin}_static/logo.svg" alt="">
    <p class="pdf-book-title"></p><p class="pdf-author"></p><p class="pdf-note"></p>`;
  title.querySelector(".pdf-book-title").textContent = book.title;
  title.querySelector(".pdf-author").textContent = book.author;
  title.querySelector(".pdf-note").textContent = book.note;

  const toc = document.createElement("nav");
  toc.className = "pdf-toc";
  toc.innerHTML = "<h1>차례</h1>";
  const list = document.createElement("ol");
  let part = null;
  titles.forEach((t) => {
    if (t.part && t.part !== part) {
      part = t.part;
      const li = document.createElement("li");
      li.className = "pdf-toc-part";
      li.textContent = part;
      list.append(li);
    }
    const li = document.createElement("li");
    li.className = "pdf-toc-entry level-" + t.level;
    li.innerHTML = `<a href="#${t.key}"><span class="pdf-toc-title"></span><span class="pdf-toc-page"
      data-key="${t.key}">000</span></a>`;
    li.querySelector(".pdf-toc-title").textContent = t.title;
    list.append(li);
  });
  toc.append(list);

  document.documentElement.dataset.theme = "light";
  document.documentElement.dataset.mode = "light";
  document.title = book.title;
  document.body.className = "pdf-book";
  document.body.replaceChildren(title, toc, article);
  const style = document.createElement("style");
  style.textContent = css;
  document.head.append(style);

  await window.MathJax.startup.promise;
  window.MathJax.typesetClear();
  await window.MathJax.typesetPromise();
  await Promise.all([...document.images].map((img) => img.decode().catch(() => {
    throw new Error("그림을 불러오지 못했습니다: " + img.src);
  })));
  await document.fonts.ready;
  // 쪽 너비를 넘는 것(잘려서 인쇄될 것): 코드, 출력, 수식, 그림, 표
  const right = article.getBoundingClientRect().right + 1;
  const wide = [...article.querySelectorAll("pre, mjx-container > mjx-math, img, table, .cell_output > *")]
    .filter((el) => el.getBoundingClientRect().right > right
      || (el.tagName === "PRE" && el.scrollWidth > el.clientWidth + 1))
    .map((el) => (el.closest(".pdf-chapter").id + ": " + el.tagName.toLowerCase() + " "
      + el.textContent.trim().slice(0, 60)));
  return {titles, wide};
}
"""

SET_PAGE_NUMBERS = """
(numbers) => document.querySelectorAll(".pdf-toc-page").forEach((el) => { el.textContent = numbers[el.dataset.key]; })
"""


logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium의 PDF에 대한 무해한 경고("Object count ...")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chapter_pages(pdf: Path, titles: list[dict]) -> dict[str, int]:
    """장마다 시작 쪽(1부터): PDF 책갈피가 가리키는 쪽에서, 제목이 실제로 있는지 글자로 확인합니다.

    Chromium은 제목(h1-h6)마다 책갈피를 만듭니다. 맨 위 단계는 차례와 장들의 제목(h1)이 차례대로입니다.
    Chromium 156은 몇몇 책갈피 제목의 글자를 두 번 이어 쓰고, 가끔 책갈피를 제목이 시작하는 쪽 바로 앞 쪽의
    맨 아래에 겁니다. 그래서 제목은 끝부분만 맞춰 보고, 그 쪽에 제목이 없으면 다음 쪽을 봅니다.
    책갈피의 제목과 쪽은 `fix_bookmarks`가 고칩니다.
    """
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    top = [item for item in reader.outline if not isinstance(item, list)][1:]  # 첫째는 "차례"
    if len(top) != len(titles) or any(not item.title.endswith(entry["title"]) for item, entry in zip(top, titles)):
        raise RuntimeError(f"PDF 책갈피가 장의 제목과 맞지 않습니다: {[item.title for item in top]}")
    found = {}
    for item, entry in zip(top, titles):
        first = reader.get_destination_page_number(item)
        number = next((n for n in (first, first + 1) if squeeze(entry["title"]) in
                       squeeze(reader.pages[n].extract_text())[:300]), None)
        if number is None:
            raise RuntimeError(f"장 제목이 책갈피가 가리키는 {first + 1}쪽에도 다음 쪽에도 없습니다: {entry['title']}")
        found[entry["key"]] = number + 1
    return found


def fix_bookmarks(pdf: Path, output: Path, titles: list[dict], numbers: dict[str, int]) -> None:
    """맨 위 단계 책갈피(장)의 제목을 장 제목 그대로, 가리키는 곳을 그 장의 첫 쪽 맨 위로 고쳐 output에 씁니다."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NullObject, TextStringObject

    writer = PdfWriter(clone_from=pdf)
    item = writer.root_object["/Outlines"]["/First"].get_object()  # "차례"
    for entry in titles:
        item = item["/Next"].get_object()
        item[NameObject("/Title")] = TextStringObject(entry["title"])
        page = writer.pages[numbers[entry["key"]] - 1].indirect_reference
        item[NameObject("/Dest")] = ArrayObject([page, NameObject("/XYZ"), NullObject(), NullObject(), NullObject()])
    writer.write(output)


def build(html: Path, output: Path) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        sys.exit(f"Chromium이 없습니다({CHROMIUM}): `apt-get install chromium`으로 설치하거나 "
                 "CHROMIUM 환경 변수로 위치를 알려 주세요.")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    pages = book_pages(yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8")))
    missing = [p["page"] for p in pages if not (html / f"{p['page']}.html").is_file()]
    if missing:
        sys.exit(f"만든 책에 없는 쪽이 있습니다: {', '.join(missing)}. 먼저 `make book`으로 책을 만드세요.")
    base = next((p["page"] for p in pages if "mathjax/" in (html / f"{p['page']}.html").read_text(encoding="utf-8")),
                None)
    if base is None:
        sys.exit("수식이 있는 쪽이 없어 MathJax 설정을 찾지 못했습니다.")
    online = config["html"]["baseurl"]
    book = {"title": config["title"], "author": config["author"], "url": online,
            "note": f"온라인 책: {online}  ·  연습 문제의 풀이는 온라인 책에 있습니다."}
    output.parent.mkdir(parents=True, exist_ok=True)
    draft = output.with_suffix(".draft.pdf")  # 다 될 때까지는 이전 PDF를 그대로 둡니다
    server, url = serve(html)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # 화면을 인쇄할 쪽의 너비로(A4에서 여백을 뺀 178 mm = 673 px): 넘치는 것을 인쇄 전에 찾습니다.
            page = browser.new_page(locale="ko-KR", color_scheme="light", viewport={"width": 673, "height": 950})
            page.emulate_media(media="print")
            page.set_default_timeout(120_000)
            page.goto(f"{url}{base}.html", wait_until="load")
            found = page.evaluate(ASSEMBLE, {"pages": pages, "book": book, "css": CSS.read_text(encoding="utf-8")})
            titles = found["titles"]
            if found["wide"]:
                raise RuntimeError("쪽 너비를 넘어 잘릴 것이 있습니다:\n" + "\n".join(found["wide"]))
            page.pdf(path=str(draft), **PDF_OPTIONS)
            numbers = chapter_pages(draft, titles)
            page.evaluate(SET_PAGE_NUMBERS, numbers)
            page.pdf(path=str(draft), **PDF_OPTIONS)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    if chapter_pages(draft, titles) != numbers:
        raise RuntimeError("쪽 번호를 쓴 뒤 장의 시작 쪽이 바뀌었습니다")
    fix_bookmarks(draft, output, titles, numbers)
    draft.unlink()
    return numbers


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="만든 HTML 책(기본 _build/html)")
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "pdf" / PDF_NAME)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    numbers = build(args.html, args.output)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: 장 {len(numbers)}개, {size:.1f} MB, {time.perf_counter() - start:.1f}초")


if __name__ == "__main__":
    main()
