"""내려받기 단추에 "책 전체 PDF"를 더합니다: `make pdf`가 만든 책 한 권짜리 PDF.

PDF는 만든 HTML 책을 인쇄해서 만들므로(`tools/build_pdf.py`) HTML 빌드보다 나중에 생깁니다. 그래서
`make pdf`는 PDF를 만든 뒤 책을 한 번 더 빌드하고, 이 확장이 그때 `_build/pdf/cnn-course.pdf`를 책 안
(`_build/html/cnn-course.pdf`)에 복사하고 모든 쪽의 내려받기 메뉴에 링크를 넣습니다. PDF가 없으면
(`make book`만 했을 때) 링크도 넣지 않습니다: 없는 파일로 가는 링크를 보여 주지 않습니다.
PDF가 생기거나 없어지면 설정 값(`book_pdf_present`)이 바뀌어 Sphinx가 모든 쪽을 다시 씁니다.
그 뒤의 `make book`도 마지막으로 만든 PDF를 그대로 싣습니다(글을 고쳤으면 `make pdf`로 다시 만드세요).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.locale import get_translation

PDF_NAME = "cnn-course.pdf"
translation = get_translation("booktheme")


def built_pdf(app) -> Path:
    return Path(app.outdir).parent / "pdf" / PDF_NAME


def note_pdf(app, config) -> None:
    """빌더가 설정의 지문(.buildinfo)을 만들기 전에: 그래야 PDF가 생기면 모든 쪽을 다시 씁니다."""
    config.book_pdf_present = built_pdf(app).is_file()


def add_download_entry(app, pagename, templatename, context, doctree) -> None:
    if not app.config.book_pdf_present:
        return
    for button in context.get("header_buttons", []):
        if button.get("label") == "download-buttons":
            button["buttons"].append({
                "type": "link",
                "url": context["pathto"](PDF_NAME, 1),
                "text": "책 전체 PDF",
                "tooltip": "책 전체를 PDF 한 권으로 내려받기",
                "icon": "fas fa-book",
                "label": "download-book-pdf-button",
            })


def copy_pdf(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / PDF_NAME
    if app.config.book_pdf_present:
        shutil.copy2(built_pdf(app), target)
    else:
        target.unlink(missing_ok=True)


def setup(app):
    app.add_config_value("book_pdf_present", False, "html", bool)
    app.connect("config-inited", note_pdf)
    app.connect("html-page-context", add_download_entry, priority=502)  # 테마의 단추(501) 다음
    app.connect("build-finished", copy_pdf)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
