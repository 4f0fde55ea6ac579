"""테스트 공통 설정: 데이터는 공유 폴더에서, 학습한 신경망 캐시는 임시 폴더에."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_MNIST = ROOT.parent / "shared" / "datasets" / "mnist"

if not os.environ.get("CNN_COURSE_DATA") and SHARED_MNIST.is_dir():
    os.environ["CNN_COURSE_DATA"] = str(SHARED_MNIST)


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
    monkeypatch.setenv("CNN_COURSE_CACHE", str(folder))
    return folder
