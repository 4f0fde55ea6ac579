"""색인(genindex)과 첫 주소(index.html)를 한국어 책에 맞게 고칩니다.

- Sphinx는 색인 항목을 첫 글자를 NFD로 풀어 나온 자모로 묶습니다. 한글에서는 그 자모가 첫소리 글자
  (U+1100 "ᄀ")라서, 글꼴에 따라 빈 네모나 이상한 모양으로 보입니다. 묶음 제목을 독자가 아는 호환 자모
  ("ㄱ")로 바꿉니다.
- 색인 쪽에서 테마가 인쇄용으로 넣는 제목(`<h1>`)이 비어 있습니다: 쪽 제목("색인")을 채웁니다.
- Jupyter Book은 첫 장으로 보내는 `index.html`을 제목 없이 씁니다(sphinx-external-toc). 그보다 먼저
  제목(`<title>`)과 언어가 있는 같은 구실의 쪽을 씁니다.
"""

from __future__ import annotations

import html
from pathlib import Path

# 첫소리 자모(U+1100..U+1112) -> 호환 자모(ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ)
CHOSEONG = {chr(0x1100 + i): letter for i, letter in enumerate("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")}


def korean_letter(key: str) -> str:
    return CHOSEONG.get(key, key)


def merge_letters(entries: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """묶음 제목을 호환 자모로 바꾸고, 같은 제목이 된 묶음은 합칩니다(차례는 그대로)."""
    merged: dict[str, list] = {}
    for key, items in entries:
        merged.setdefault(korean_letter(key), []).extend(items)
    return list(merged.items())


def fix_index_page(app, pagename, templatename, context, doctree) -> None:
    if pagename != "genindex":
        return
    if context.get("genindexentries"):
        context["genindexentries"] = merge_letters(context["genindexentries"])
    if not context.get("pagetitle"):
        context["pagetitle"] = context.get("title") or "색인"


REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="Refresh" content="0; url={url}">
<link rel="canonical" href="{url}">
</head>
<body>
<p><a href="{url}">{title}</a></p>
</body>
</html>
"""


def write_index(app, exception) -> None:
    """책의 첫 주소: 제목이 있는 쪽에서 첫 장으로 보냅니다(sphinx-external-toc보다 먼저)."""
    if exception is not None or app.builder.name != "html" or app.config.root_doc == "index":
        return
    url = app.builder.get_target_uri(app.config.root_doc)
    page = REDIRECT.format(lang=html.escape(app.config.language or "en"),
                           title=html.escape(app.config.html_title or app.config.project), url=html.escape(url))
    Path(app.outdir, "index.html").write_text(page, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", fix_index_page)
    app.connect("build-finished", write_index, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
