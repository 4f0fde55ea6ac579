"""'직접 그려 보기' 쪽(chapters/draw.md)의 파일(`_static/demo/`)을 그 쪽에서만 씁니다.

Jupyter Book은 `_static/` 아래의 모든 .js와 .css를 모든 쪽의 <head>에 넣습니다. 그 쪽의 스크립트는
ES 모듈(`import`, `export`)이라 보통 스크립트로 불러오면 콘솔 오류가 나고, 다른 쪽에는 필요도 없습니다.
그래서 `_static/demo/`의 파일을 그 목록에서 뺍니다. 쪽 자신이 `<script type="module">`과
`<link rel="stylesheet">`로 불러옵니다(파일은 다른 정적 파일처럼 `_build/html/_static/demo/`에 복사됩니다).
"""

from __future__ import annotations

DEMO_FOLDER = "demo/"


def _path(entry) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else str(entry)


def drop_demo_files(app, config) -> None:
    for name in ("html_js_files", "html_css_files"):
        files = getattr(config, name, None) or []
        setattr(config, name, [entry for entry in files if not _path(entry).startswith(DEMO_FOLDER)])


def setup(app):
    app.connect("config-inited", drop_demo_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
