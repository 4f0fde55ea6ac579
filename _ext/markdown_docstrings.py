"""API 쪽(chapters/10_api.md)의 독스트링을 Markdown(MyST)으로 읽습니다.

`cnn_course`의 독스트링은 장과 같은 Markdown으로 씁니다: "`reproducible(0)`이 ..."처럼
백틱 바로 뒤에 조사가 붙습니다. Sphinx의 autodoc은 독스트링을 reStructuredText로 읽는데,
reStructuredText는 인라인 표시가 끝난 바로 뒤에 글자가 오는 것을 허락하지 않아서 이런
문장마다 경고가 납니다. 그래서 autodoc이 읽은 독스트링을 `markdown-docstring` 지시문으로
감싸고, 그 지시문이 MyST로 읽어 문서에 넣습니다.

reStructuredText의 문단 끝 `::`(다음 들여쓴 줄이 코드라는 표시)는 `:`로 바꿉니다. Markdown에서도
들여쓴 줄은 코드 블록입니다.
"""

from __future__ import annotations

import re

from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.util.docutils import SphinxDirective, new_document

DIRECTIVE = "markdown-docstring"
_LITERAL_BLOCK_MARKER = re.compile(r"(?<=\S)::$")


class MarkdownDocstring(SphinxDirective):
    """내용을 MyST Markdown으로 읽어 그 자리에 넣습니다."""

    has_content = True

    def run(self):
        source, _line = self.get_source_info()
        document = new_document(source, self.state.document.settings)
        parser = create_md_parser(self.env.myst_config, SphinxRenderer)
        parser.options["document"] = document
        parser.render("\n".join(self.content))
        return list(document.children)


def wrap_docstring(app, what, name, obj, options, lines: list[str]) -> None:
    if not any(line.strip() for line in lines):
        return
    body = [_LITERAL_BLOCK_MARKER.sub(":", line) for line in lines]
    lines[:] = [f".. {DIRECTIVE}::", ""] + [f"   {line}" if line else "" for line in body] + [""]


# 자동으로 만든 __init__(dataclass)의 기본값은 소스가 없어 `<factory>`나 `<built-in function print>`처럼
# 나옵니다. 그러면 Sphinx가 서명을 풀지 못해 타입이 `~cnn_course.config.NetworkConfig`처럼 날것으로 남습니다.
_REPR_DEFAULT = re.compile(r"<built-in function (\w+)>|<function (\w+) at 0x[0-9a-f]+>")


def clean_signature(signature: str | None) -> str | None:
    """서명의 기본값을 소스에 쓴 꼴로(`= print`, `= NetworkConfig()`). 그러면 Sphinx가 서명을 풀어
    `~cnn_course.config.NetworkConfig`를 링크가 걸린 `NetworkConfig`로 씁니다."""
    if not signature:
        return signature
    signature = _REPR_DEFAULT.sub(lambda m: m.group(1) or m.group(2), signature)
    signature = re.sub(r": ~?([A-Za-z_][\w.]*) = <factory>",
                       lambda m: f": ~{m.group(1)} = {m.group(1).split('.')[-1]}()", signature)
    return signature.replace("<factory>", "...")


def clean_signatures(app, what, name, obj, options, signature, return_annotation):
    return clean_signature(signature), clean_signature(return_annotation)


def setup(app):
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("autodoc-process-signature", clean_signatures)
    app.add_directive(DIRECTIVE, MarkdownDocstring)
    app.connect("autodoc-process-docstring", wrap_docstring)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
