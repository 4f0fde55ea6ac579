"""파일이 있는 곳을 아는 단 한 곳: 환경 변수의 이름, 데이터와 캐시의 폴더, 원자적 쓰기.

데이터(MNIST 파일 네 개)를 찾는 순서는 `data.MNIST`의 설명에 있습니다. 여기서는 그 순서에
나오는 폴더들을 정합니다.

- ``CNN_COURSE_DATA`` / ``CNN_COURSE_FASHION_DATA``: 미리 받아 둔 MNIST / Fashion-MNIST 폴더.
- ``/usr/share/datasets/fashion-mnist``: Debian 패키지 dataset-fashion-mnist의 폴더.
- ``$XDG_CACHE_HOME/cnn_course/<dataset>``(기본 ``~/.cache/cnn_course/<dataset>``): 내려받은 데이터.
- ``CNN_COURSE_CACHE``, 없으면 ``$XDG_CACHE_HOME/cnn_course/models``: 학습한 신경망의 캐시.
- ``CNN_COURSE_MIRRORS``: 내려받을 미러 주소들(쉼표로 구분).

저장소에서 작업할 때(테스트, 도구, 벤치마크, CI)는 인터넷 대신 저장소 옆의 공유 데이터 폴더
``../shared/datasets/mnist``를 씁니다(`SHARED_MNIST`, `use_shared_data`). CI 스크립트 ``.ci/run``도
이 값을 ``python3 -m cnn_course.paths shared-data``로 물어봅니다.

이 모듈은 표준 라이브러리만 씁니다(TensorFlow, NumPy 없이 가져올 수 있습니다).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, IO

DATASETS = ("mnist", "fashion")

# 미리 내려받은 파일이 있는 폴더를 알려 주는 환경 변수.
DATA_ENV = {"mnist": "CNN_COURSE_DATA", "fashion": "CNN_COURSE_FASHION_DATA"}
MODEL_CACHE_ENV = "CNN_COURSE_CACHE"  # 학습한 신경망의 캐시 폴더
MIRRORS_ENV = "CNN_COURSE_MIRRORS"  # 미러 주소 목록

# Debian의 dataset-fashion-mnist 패키지가 파일을 두는 곳(읽기 전용).
SYSTEM_DATA_DIRS = {"fashion": Path("/usr/share/datasets/fashion-mnist")}

# 저장소(이 패키지를 설치하지 않고 저장소에서 쓸 때의 루트)와 그 옆의 공유 데이터 폴더.
REPOSITORY = Path(__file__).resolve().parents[1]
SHARED_MNIST = REPOSITORY.parent / "shared" / "datasets" / "mnist"
REPOSITORY_MODEL_CACHE = REPOSITORY / ".cache" / "models"  # `make`와 노트북 도구가 쓰는 캐시


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/cnn_course``(기본 ``~/.cache/cnn_course``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnn_course"


def data_cache_dir(dataset: str = "mnist") -> Path:
    """내려받은 데이터를 두는 폴더: ``$XDG_CACHE_HOME/cnn_course/<dataset>``."""
    return user_cache_dir() / dataset


def data_dir_from_env(dataset: str = "mnist") -> Path | None:
    """환경 변수(``CNN_COURSE_DATA`` 등)가 가리키는 데이터 폴더. 정하지 않았으면 None."""
    value = os.environ.get(DATA_ENV[dataset])
    return Path(value).expanduser() if value else None


def model_cache_dir() -> Path:
    """학습한 신경망의 캐시: ``$CNN_COURSE_CACHE``, 없으면 ``$XDG_CACHE_HOME/cnn_course/models``."""
    value = os.environ.get(MODEL_CACHE_ENV)
    return Path(value) if value else user_cache_dir() / "models"


def use_shared_data() -> None:
    """``CNN_COURSE_DATA``가 비어 있고 공유 데이터 폴더가 있으면 그 폴더를 가리키게 합니다.

    테스트, 노트북 실행 도구, 벤치마크가 인터넷 없이 데이터를 찾도록 처음에 부릅니다.
    """
    if not os.environ.get(DATA_ENV["mnist"]) and SHARED_MNIST.is_dir():
        os.environ[DATA_ENV["mnist"]] = str(SHARED_MNIST)


def write_atomically(target: str | os.PathLike, write: Callable[[IO[bytes]], object],
                     mode: int = 0o644) -> Path:
    """파일을 통째로 쓰거나 아예 쓰지 않습니다: 중간에 멈춰도 반쪽 파일이 남지 않습니다.

    같은 폴더의 임시 파일을 열어 `write(파일)`로 내용을 쓰고, 디스크에 기록(fsync)한 다음
    이름을 바꿉니다(os.replace). 이름 바꾸기도 디스크에 남도록 폴더까지 fsync합니다.
    실패하면 임시 파일을 지우고 예외를 그대로 냅니다. 이미 있던 파일은 그대로 남습니다.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_directory(target.parent)
    return target


def fsync_directory(directory: str | os.PathLike) -> None:
    """폴더의 항목(이름 바꾸기)까지 디스크에 기록합니다(폴더를 열 수 없는 Windows에서는 건너뜁니다)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    handle = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def main(argv: list[str]) -> int:
    """셸 스크립트용: ``python3 -m cnn_course.paths shared-data``는 공유 데이터 폴더를 출력합니다."""
    places = {"shared-data": SHARED_MNIST, "model-cache": model_cache_dir()}
    if len(argv) != 1 or argv[0] not in places:
        print(f"사용법: python3 -m cnn_course.paths {{{','.join(places)}}}", file=sys.stderr)
        return 2
    print(places[argv[0]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
