"""책이 인터넷 없이 열리도록, 수식 렌더러(MathJax)와 한글 글꼴(나눔고딕)을 책 안에 넣습니다.

- MathJax 3: `package-lock.json`에 고정한 npm 패키지(`make book`이 `npm ci`로 `node_modules/`에
  설치)에서 필요한 파일만 `_build/html/_static/mathjax/`로 복사합니다. `_config.yml`의
  `mathjax_path`가 그 복사본을 가리킵니다.
- 나눔고딕: 강좌의 잠금 파일로 설치한 koreanize-matplotlib 패키지에 들어 있는 글꼴 파일
  (`cnn_course.fonts.korean_font_path()`)을 웹 글꼴(WOFF)로 바꿔 `_build/html/_static/fonts/`에
  씁니다. `_static/course.css`의 @font-face가 그 파일을 씁니다. 한글 글꼴이 없는 브라우저(헤드리스
  Chromium 같은)에서도 한글이 보이고, 어느 컴퓨터에서나 책이 똑같아 보입니다. 바꾸면서 글꼴 제작
  도구(VTT)의 작업용 표(TSI0-TSI5)를 뺍니다: 그 가운데 빈 표(TSI3) 때문에 브라우저가 원래 TTF
  파일을 거부합니다("OTS parsing error: TSI3: zero-length table"). 글자 모양은 그대로입니다.

둘 다 저장소에는 넣지 않고 빌드할 때마다 복사합니다.

그리고 쓰지 않는 Thebe(브라우저에서 코드를 실행하는 단추, CDN에서 불러옴)의 스크립트를 쪽에서 뺍니다.
실행 단추 설정(`launch_buttons.thebe`)을 켜지 않았으면 쓸 일이 없는데, sphinx-thebe 0.3.1은
설정 스크립트를 쪽마다 두 번 넣어 브라우저 콘솔에 오류("THEBE_JS_URL has already been declared")를 냅니다.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sphinx.errors import ExtensionError

MATHJAX_PACKAGE = Path("node_modules") / "mathjax"
# tex-mml-chtml.js가 나중에 불러올 수 있는 것까지: 입력(TeX 확장), CHTML 출력과 글꼴, 메뉴, 접근성.
MATHJAX_FILES = ("tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "sre", "adaptors")
FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")  # 책에는 같은 이름의 .woff로 싣습니다


def mathjax_source(confdir: Path) -> Path:
    """설치된 MathJax의 es5 폴더. 없거나 잠금 파일과 버전이 다르면 무엇을 할지 알려 줍니다."""
    package = confdir / MATHJAX_PACKAGE
    lock = json.loads((confdir / "package-lock.json").read_text(encoding="utf-8"))
    wanted = lock["packages"]["node_modules/mathjax"]["version"]
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        installed = None
    if installed != wanted:
        found = f"{installed} 버전이 있습니다" if installed else "설치되어 있지 않습니다"
        raise ExtensionError(
            f"책에 넣을 MathJax {wanted}이(가) 필요한데 {found}. `make book`(또는 `npm ci`)으로 "
            "package-lock.json에 고정한 버전을 설치하세요."
        )
    return package / "es5"


def font_source() -> Path:
    from cnn_course.fonts import korean_font_path

    return korean_font_path().parent


def check_sources(app) -> None:
    """빌드를 시작할 때 확인합니다: 쓰기 단계가 끝난 뒤에야 실패하지 않도록."""
    if app.builder.format != "html":
        return
    mathjax_source(Path(app.confdir))
    folder = font_source()
    missing = [name for name in FONT_FILES if not (folder / name).is_file()]
    if missing:
        raise ExtensionError(f"글꼴 파일이 없습니다: {', '.join(missing)} ({folder})")


def copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    source = mathjax_source(Path(app.confdir))
    target = static / "mathjax"
    for name in MATHJAX_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    shutil.copy2(source.parent / "LICENSE", target / "LICENSE")
    fonts = static / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        write_web_font(font_source() / name, fonts / Path(name).with_suffix(".woff").name)


def write_web_font(source: Path, target: Path) -> None:
    """TTF를 브라우저가 받아들이는 WOFF로: VTT 작업용 표를 빼고 표마다 압축합니다."""
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:
        del font[tag]
    font.flavor = "woff"
    font.save(target)


def _is_thebe(filename, attributes) -> bool:
    return str(filename or "").endswith("sphinx-thebe.js") or "THEBE_JS_URL" in attributes.get("body", "")


def drop_unused_thebe(app, env, docnames) -> None:
    """sphinx-thebe가 더한 스크립트를 뺍니다(Thebe 실행 단추를 켜지 않았을 때)."""
    if app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        return
    app.registry.js_files[:] = [(name, attrs) for name, attrs in app.registry.js_files if not _is_thebe(name, attrs)]
    scripts = getattr(app.builder, "_js_files", None)
    if scripts is not None:
        scripts[:] = [script for script in scripts if not _is_thebe(script.filename, script.attributes)]


def setup(app):
    app.connect("env-before-read-docs", drop_unused_thebe, priority=900)  # sphinx-thebe(500) 다음
    app.connect("builder-inited", check_sources)
    app.connect("build-finished", copy_assets)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
