"""그림마다 한국어 대체 텍스트(alt): 화면 읽기 프로그램과 그림이 뜨지 않은 독자를 위해.

노트북의 그림은 코드 셀의 PNG 출력입니다. 대체 텍스트는 다음 순서로 정합니다.

1. 저자가 셀 메타데이터에 적은 것: `{"mystnb": {"image": {"alt": "..."}}}` (myst-nb가 넣습니다).
2. 그림에 캡션이 있으면 캡션: `{"mystnb": {"figure": {"caption": "...", "name": "..."}}}`.
3. 둘 다 없으면 그림이 있는 절의 제목으로 만듭니다: "그림: <절 제목>". 한 절에 그림이 여럿이면
   "그림 2/3: <절 제목>"처럼 번호를 붙입니다.

Markdown의 `![설명](파일)`처럼 저자가 이미 적은 대체 텍스트는 그대로 둡니다.
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes


def _has_alt(image: nodes.image) -> bool:
    alt = image.get("alt", "").strip()
    return bool(alt) and alt != image.get("uri")


def _caption(image: nodes.image) -> str | None:
    figure = image.parent
    while figure is not None and not isinstance(figure, nodes.figure):
        figure = figure.parent
    if figure is None:
        return None
    caption = next(iter(figure.findall(nodes.caption)), None)
    if caption is None:
        return None
    return caption.astext().strip() or None


def _section(node: nodes.Node) -> nodes.section | None:
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node


def add_alt_texts(app, doctree: nodes.document, docname: str) -> None:
    document_title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    by_section: dict[int, list[nodes.image]] = defaultdict(list)
    titles: dict[int, str] = {}
    for image in doctree.findall(nodes.image):
        if _has_alt(image):
            continue
        caption = _caption(image)
        if caption:
            image["alt"] = caption
            continue
        section = _section(image)
        key = id(section)
        titles[key] = section[0].astext().strip() if section is not None else document_title
        by_section[key].append(image)
    for key, images in by_section.items():
        title = titles[key]
        for number, image in enumerate(images, 1):
            label = "그림" if len(images) == 1 else f"그림 {number}/{len(images)}"
            image["alt"] = f"{label}: {title}"


def setup(app):
    app.connect("doctree-resolved", add_alt_texts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
