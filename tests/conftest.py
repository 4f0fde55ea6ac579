"""테스트 공통 설정: 데이터는 공유 폴더에서, 학습한 신경망 캐시는 임시 폴더에."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from book_pages import run_make
from cnn_course.paths import MODEL_CACHE_ENV, use_shared_data

ROOT = Path(__file__).resolve().parents[1]
use_shared_data()  # 데이터는 인터넷이 아니라 저장소 옆의 공유 폴더에서(있으면)


@pytest.fixture(scope="session")
def mnist():
    """진짜 MNIST. 찾을 수 없으면(오프라인, 데이터 없음) 건너뜁니다."""
    from cnn_course.data import MNIST
    from cnn_course.idx import DataError

    try:
        return MNIST(download=False)
    except DataError as error:
        pytest.skip(f"MNIST를 찾을 수 없습니다: {error}")


@pytest.fixture
def model_cache(tmp_path, monkeypatch):
    """학습한 신경망 캐시를 테스트마다 빈 폴더로."""
    folder = tmp_path / "models"
    monkeypatch.setenv(MODEL_CACHE_ENV, str(folder))
    return folder


# 책 빌드: test_book.py와 test_browser.py가 세션마다 한 번 만든 책을 함께 씁니다.
@dataclass(frozen=True)
class BuiltBook:
    html: Path  # _build/html
    seconds: float  # `make book`에 걸린 시간(벽시계)
    cpu_seconds: float  # 그동안 빌드 프로세스들이 쓴 CPU 시간(사용자 + 시스템)


@pytest.fixture(scope="session")
def book_build():
    """README의 명령(`make book`)으로 책을 한 번 새로 만듭니다. 경고가 하나라도 있으면 실패합니다.
    MathJax(npm)는 없을 때만 설치합니다."""
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    seconds, cpu_seconds = run_make("book")
    print(f"책 빌드(make book) {seconds:.1f}초, CPU {cpu_seconds:.1f}초")
    return BuiltBook(ROOT / "_build" / "html", seconds, cpu_seconds)


@pytest.fixture(scope="session")
def built_book(book_build):
    """만든 책의 HTML 폴더(_build/html)."""
    return book_build.html


@pytest.fixture(scope="session")
def playwright_session():
    """세션에 하나인 Playwright. 동기 API는 한 프로세스에서 둘을 동시에 띄우지 못하므로, 브라우저를 쓰는
    테스트 모듈(test_browser.py, test_demo_browser.py)이 이것을 함께 씁니다."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright
