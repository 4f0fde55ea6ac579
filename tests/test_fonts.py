"""한글 글꼴이 등록되고, 그림에서 실제로 쓰이는지 확인합니다."""

import io
import subprocess
import sys
import warnings

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from cnn_course import fonts
from cnn_course.fonts import korean_font_path, use_korean_font


def render_png(text: str) -> bytes:
    fig = Figure(figsize=(3, 2))
    ax = fig.add_subplot()
    ax.plot([-2, 2], [-1, 1])
    ax.set_title(text)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_korean_font_path_points_to_bundled_nanum_gothic():
    path = korean_font_path()
    assert path.name == "NanumGothic.ttf"
    assert path.is_file()


def test_use_korean_font_makes_matplotlib_find_the_nanum_file():
    use_korean_font()
    family = matplotlib.rcParams["font.family"]
    assert family[0] == "NanumGothic"
    found = font_manager.findfont(font_manager.FontProperties(family=family))
    assert found == str(korean_font_path())
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_use_korean_font_is_idempotent():
    use_korean_font()
    count = len(font_manager.fontManager.ttflist)
    assert use_korean_font() == "NanumGothic"
    assert len(font_manager.fontManager.ttflist) == count


def test_korean_text_and_minus_sign_render_without_warnings():
    use_korean_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_png("합성곱 −1")  # U+2212 빼기 기호와 음수 눈금
    assert png.startswith(b"\x89PNG")


def test_nanum_alone_lacks_the_unicode_minus_glyph():
    # 대체 글꼴이 필요한 이유: 나눔고딕만 쓰면 U+2212가 네모로 나옵니다.
    use_korean_font()
    with matplotlib.rc_context({"font.family": ["NanumGothic"]}):
        with pytest.warns(UserWarning, match="8722"):
            render_png("−1")


def test_use_korean_font_does_not_import_koreanize_matplotlib():
    # 새 프로세스에서 확인합니다(이 프로세스에는 다른 테스트가 무엇을 가져왔을지 모릅니다).
    # `cnn_course`를 가져와도 TensorFlow는 불러오지 않습니다(이름을 처음 쓸 때 가져옵니다).
    code = (
        "import sys\n"
        "from cnn_course.fonts import use_korean_font\n"
        "use_korean_font()\n"
        "sys.exit('koreanize_matplotlib' in sys.modules or 'tensorflow' in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_font_package_gives_install_hint(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_PACKAGE", "package_that_is_not_installed")
    with pytest.raises(FileNotFoundError, match="requirements.lock"):
        korean_font_path()
