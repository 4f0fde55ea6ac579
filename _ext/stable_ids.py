"""영어로 된 고정 앵커: 절(`#stride`)과 용어집의 용어(`#term-relu`).

docutils는 한글 제목과 한글 용어에서 앵커를 만들지 못해 `#id3`, `#term-25` 같은 일련번호를 붙입니다.
이런 주소는 뜻이 없고, 절이나 용어를 하나 더하면 바뀌어서 공유한 링크가 엉뚱한 곳을 가리킵니다.

- 쪽 제목: 문서 이름에서 만듭니다(`chapters/09_glossary` -> `#glossary`).
- 절: 저자가 제목 앞에 적은 MyST 대상(`(stride)=`)을 그 절의 첫 번째 앵커로 올립니다. 차례와
  "이 쪽의 차례"의 링크, 제목 옆의 링크(#)가 모두 그 이름을 씁니다. 일련번호 앵커는 뺍니다.
- 용어: 뜻풀이 맨 앞 괄호의 영어 원어로 앵커를 만듭니다. `필터`/`커널`과 `(filter, kernel)`처럼
  용어가 여럿이면 차례대로 짝짓고, 용어가 영어(ReLU)이면 그 용어 자체로 만듭니다.
  `{term}` 참조와 색인(genindex)도 새 앵커를 가리킵니다.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

AUTO_ID = re.compile(r"^(id\d+|term-\d+)$")
ENGLISH = re.compile(r"^\s*\(([^)]*)\)")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def english_names(definition: nodes.Node) -> list[str]:
    """뜻풀이 맨 앞 괄호 안의 영어 이름들: "(channel; input channel, output channel)" -> 3개."""
    match = ENGLISH.match(definition.astext())
    if not match:
        return []
    return [name for name in (slug(part) for part in re.split(r"[;,]", match.group(1))) if name]


def glossary_ids(terms: list[str], names: list[str]) -> list[str | None]:
    """용어마다 새 앵커(영어 용어는 그 자체, 한글 용어는 영어 이름과 차례대로)."""
    ids: list[str | None] = []
    korean = iter(names)
    for term in terms:
        if term.isascii() and slug(term):
            ids.append("term-" + slug(term))
        else:
            name = next(korean, None)
            ids.append("term-" + name if name else None)
    return ids


class StableIds(SphinxTransform):
    # 대상 전파(PropagateTargets, 260) 뒤, 도메인이 객체를 모으기(SphinxDomains, 850) 전.
    default_priority = 840

    def apply(self, **kwargs) -> None:
        self.name_page_title()
        for section in self.document.findall(nodes.section):
            ids = section["ids"]
            named = [i for i in ids if not AUTO_ID.match(i)]
            if named and len(named) < len(ids):
                section["ids"] = named
        for glossary in self.document.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                terms = [term for term in item.children if isinstance(term, nodes.term)]
                definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
                if not terms or definition is None:
                    continue
                texts = [term.astext() for term in terms]
                new_ids = glossary_ids(texts, english_names(definition))
                for term, text, new_id in zip(terms, texts, new_ids):
                    if new_id:
                        self.rename_term(term, text, new_id)

    def name_page_title(self) -> None:
        """쪽 제목(h1)의 절: 일련번호뿐이면 문서 이름에서 만든 앵커로("chapters/09_glossary" -> "glossary")."""
        top = next((node for node in self.document.children if isinstance(node, nodes.section)), None)
        if top is None or not top["ids"] or not all(AUTO_ID.match(i) for i in top["ids"]):
            return
        name = slug(re.sub(r"^\d+_", "", self.env.docname.split("/")[-1]))
        if not name:
            return
        if name in self.document.ids:
            name = f"page-{name}"
        top["ids"] = [name]
        self.document.ids[name] = top

    def rename_term(self, term: nodes.term, text: str, new_id: str) -> None:
        if not term["ids"] or term["ids"][0] == new_id or new_id in self.document.ids:
            return
        old_id = term["ids"][0]
        term["ids"] = [new_id] + [i for i in term["ids"] if i not in (new_id, old_id)]
        self.document.ids[new_id] = term
        std = self.env.get_domain("std")
        docname = self.env.docname
        if std.objects.get(("term", text)) == (docname, old_id):
            std.objects["term", text] = (docname, new_id)
        if std._terms.get(text.lower()) == (docname, old_id):
            std._terms[text.lower()] = (docname, new_id)
        for index in term.findall(addnodes.index):
            index["entries"] = [(kind, value, new_id if target == old_id else target, main, key)
                                for kind, value, target, main, key in index["entries"]]


def setup(app):
    app.add_transform(StableIds)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
