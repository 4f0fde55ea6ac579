"""책을 만드는 데만 쓰는 셀(배관)을 독자에게서 감춥니다. 노트북 파일은 그대로 둡니다.

장 노트북에는 글에 값을 넣는 `glue(...)` 셀과, 출력이 글과 맞는지 nbval이 확인하는 `assert` 셀이
있습니다. 둘 다 노트북을 실행할 때(nbval, Colab)는 그대로 돌지만, 책을 읽는 사람에게는 필요 없습니다.
myst-nb가 노트북을 읽기 직전(`source-read`)에 셀마다 코드를 보고 태그를 붙입니다.

- `from myst_nb import glue`와 `glue(...)` 호출만 있는 셀: `remove-cell` (쪽에서 뺍니다. glue한 값은
  myst-nb가 노트북 전체에서 모으므로 글 속의 값은 그대로 나옵니다).
- `assert` 문만 있는 셀(glue 호출이 섞여도): `hide-input` (접어 두고 "숨긴 셀 보기"로 펼칩니다).

저자가 이미 붙인 태그는 그대로 두고, 코드가 파이썬으로 읽히지 않는 셀(매직 명령 등)은 건드리지 않습니다.
내려받기 단추(.ipynb)는 원래 노트북 파일을 그대로 줍니다.
"""

from __future__ import annotations

import ast
import json

REMOVE = "remove-cell"
FOLD = "hide-input"


def _is_glue(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.ImportFrom):
        return statement.module in ("myst_nb", "myst_nb.glue") and all(
            alias.name == "glue" for alias in statement.names)
    if isinstance(statement, ast.Import):
        return all(alias.name in ("myst_nb", "myst_nb.glue") for alias in statement.names)
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        function = statement.value.func
        return (isinstance(function, ast.Name) and function.id == "glue") or (
            isinstance(function, ast.Attribute) and function.attr == "glue")
    return False


def plumbing_tag(source: str) -> str | None:
    """코드 셀의 소스에 붙일 태그: glue만 있으면 `remove-cell`, assert만(glue 포함) 있으면 `hide-input`."""
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return None
    if not statements:
        return None
    if all(_is_glue(statement) for statement in statements):
        return REMOVE
    if all(_is_glue(statement) or isinstance(statement, ast.Assert) for statement in statements):
        return FOLD
    return None


def tag_notebook(notebook: dict) -> int:
    """노트북(JSON dict)의 배관 셀에 태그를 붙이고, 붙인 셀 수를 돌려줍니다."""
    tagged = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        tag = plumbing_tag("".join(source) if isinstance(source, list) else source)
        if tag is None:
            continue
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if tag not in tags:
            tags.append(tag)
            tagged += 1
    return tagged


def hide_plumbing(app, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    try:
        notebook = json.loads(source[0])
    except ValueError:
        return
    if tag_notebook(notebook):
        source[0] = json.dumps(notebook, ensure_ascii=False)


def setup(app):
    app.connect("source-read", hide_plumbing)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
