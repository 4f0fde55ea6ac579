"""그림에 한글을 쓰기 위한 글꼴 설정.

matplotlib의 기본 글꼴에는 한글이 없어서 한글이 네모로 나옵니다. 강좌는
`koreanize_matplotlib` 패키지에 들어 있는 나눔고딕(NanumGothic) 글꼴 파일을 씁니다.
그 패키지를 가져오지(import) 않고 파일만 씁니다: 패키지가 가져올 때 `distutils`를
찾는데, Python 3.12부터는 `distutils`가 없기 때문입니다.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import matplotlib
from matplotlib import font_manager

from .korean import josa

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILE = "NanumGothic.ttf"
FALLBACK_FONT = "DejaVu Sans"  # matplotlib에 늘 들어 있는 글꼴


def korean_font_path() -> Path:
    """나눔고딕 글꼴 파일(.ttf)의 경로를 돌려줍니다."""
    spec = importlib.util.find_spec(FONT_PACKAGE)  # 패키지를 찾기만 하고 실행하지 않습니다.
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or []:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"한글 글꼴 파일 {josa(FONT_FILE, '을/를')} 찾지 못했습니다. 이 글꼴은 koreanize-matplotlib "
        "패키지에 들어 있습니다. 강좌의 잠금 파일로 패키지를 설치하세요: "
        "pip install -r requirements.lock"
    )


def use_korean_font() -> str:
    """matplotlib이 나눔고딕으로 한글을 그리게 하고, 글꼴 이름을 돌려줍니다.

    여러 번 불러도 됩니다. 나눔고딕에는 유니코드 빼기 기호(U+2212)가 없습니다. 그래서 눈금의
    음수는 보통의 하이픈(-)으로 쓰게 하고(`axes.unicode_minus = False`), 나눔고딕에 없는
    글자는 matplotlib의 기본 글꼴 DejaVu Sans에서 빌려 옵니다.
    """
    path = korean_font_path()
    name = font_manager.FontProperties(fname=path).get_name()
    registered = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    for font_file in sorted(path.parent.glob("*.ttf")):  # 보통, 굵게 등 같은 글꼴의 여러 굵기
        if font_file not in registered:
            font_manager.fontManager.addfont(str(font_file))
    matplotlib.rcParams["font.family"] = [name, FALLBACK_FONT]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name
