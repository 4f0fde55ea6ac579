"""테마의 글자를 한국어로: 테마의 한국어 번역에 없거나 어색한 것만 여기서 채웁니다.

`language: ko`로 대부분의 글자(검색, 목차, 내려받기 ...)는 Sphinx와 sphinx-book-theme의 번역을
씁니다. pydata-sphinx-theme에는 한국어 번역이 없고, sphinx-book-theme의 번역에는 빠진 것과
어색한 것("Launch" -> "시작하다")이 있어서, 아래 낱말을 먼저 찾고 없으면 원래 번역으로 넘어갑니다.
이 책은 "page"를 "쪽"이라고 부릅니다.

번역 카탈로그를 거치지 않고 템플릿에 영어로 박혀 있는 글자는 `templates/`의 같은 이름 부품이
대신합니다(테마 부품을 복사해 글자만 바꾼 것). 코드 셀의 복사 단추(sphinx-copybutton)는 글자를
자바스크립트 안에 언어별로 들고 있어서, 만든 copybutton.js에 한국어를 더합니다.
"""

from __future__ import annotations

import gettext
from pathlib import Path

from sphinx import locale
from sphinx.util import logging

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"

LABELS = {
    # Sphinx와 pydata-sphinx-theme의 템플릿이 쓰는 "sphinx" 카탈로그
    "sphinx": {
        "Skip to main content": "본문으로 건너뛰기",
        "Back to top": "맨 위로",
        "On this page": "이 쪽의 차례",
        "previous page": "이전 쪽",
        "next page": "다음 쪽",
        "Site navigation": "책의 차례",
        "Color mode": "화면 색",
        "Light": "밝게",
        "Dark": "어둡게",
        "System Settings": "시스템 설정 따르기",
        "Version warning": "버전 알림",
        "Link to this heading": "이 제목으로 가는 링크",
        "Link to this definition": "이 정의로 가는 링크",
        "Link to this term": "이 용어로 가는 링크",
        "Link to this image": "이 그림으로 가는 링크",
        "Link to this table": "이 표로 가는 링크",
        "Link to this code": "이 코드로 가는 링크",
        "Link to this equation": "이 수식으로 가는 링크",
        "Link to this toctree": "이 차례로 가는 링크",
        "© Copyright %(copyright)s.": "© %(copyright)s.",
        "Please activate JavaScript to enable the search functionality.":
            "검색하려면 브라우저에서 JavaScript를 켜 주세요.",
    },
    # sphinx-book-theme의 단추들
    "booktheme": {
        "Launch": "실행",
        "Launch on": "실행:",
        "Launch interactive content": "노트북 실행하기",
        "logo": "로고",
        "Download this page": "이 쪽 내려받기",
        "Download notebook file": "노트북 파일(.ipynb) 내려받기",
        "Download source file": "원본 파일 내려받기",
        "Print to PDF": "PDF로 인쇄",
        "Fullscreen mode": "전체 화면",
        "Source repository": "소스 저장소",
        "previous page": "이전 쪽",
        "next page": "다음 쪽",
        "By": "지은이:",
        "By the": "지은이:",
    },
}


class _Labels(gettext.NullTranslations):
    """우리 낱말을 먼저 찾고, 없으면 원래 번역(fallback)으로 넘어갑니다."""

    def __init__(self, labels: dict[str, str], fallback: gettext.NullTranslations | None):
        super().__init__()
        self._labels = labels
        if fallback is not None:
            self.add_fallback(fallback)

    def gettext(self, message: str) -> str:
        return self._labels.get(message) or super().gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if n == 1 and singular in self._labels:
            return self._labels[singular]
        return super().ngettext(singular, plural, n)


def install_labels(app) -> None:
    if app.config.language != "ko":
        return
    for catalog, labels in LABELS.items():
        key = ("general", catalog)
        translator = _Labels(labels, locale.translators.get(key))
        locale.translators[key] = translator
        if catalog == "sphinx":
            app.translator = translator
            templates = getattr(app.builder, "templates", None)
            if templates is not None and hasattr(templates, "environment"):
                templates.environment.install_gettext_translations(translator)


COPYBUTTON_MESSAGES = """const messages = {
  'ko': {
    'copy': '복사',
    'copy_to_clipboard': '클립보드에 복사',
    'copy_success': '복사했습니다!',
    'copy_failure': '복사하지 못했습니다',
  },"""


def add_korean_to_copybutton(app, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.config.language != "ko":
        return
    script = Path(app.outdir) / "_static" / "copybutton.js"
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    if "'ko': {" in text:
        return
    if "const messages = {" not in text:
        logger.warning("copybutton.js에서 글자 목록(const messages)을 찾지 못해 복사 단추가 영어로 남습니다")
        return
    script.write_text(text.replace("const messages = {", COPYBUTTON_MESSAGES, 1), encoding="utf-8")


def use_templates(app, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def setup(app):
    app.connect("config-inited", use_templates)
    app.connect("builder-inited", install_labels)
    app.connect("build-finished", add_korean_to_copybutton)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
