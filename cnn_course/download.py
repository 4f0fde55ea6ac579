"""MNIST와 Fashion-MNIST 파일 네 개를 내려받기.

- 미러(mirror)를 차례로 시도합니다. 응답이 없거나, 잘렸거나, 체크섬이 틀리면 다음 미러로 넘어갑니다.
- 압축을 푼 내용의 SHA-256을 확인한 뒤에야 파일을 제자리에 둡니다. 같은 폴더의 임시 파일에
  쓰고 디스크에 기록(fsync)한 다음 이름을 바꾸므로(os.replace), 실패해도 반쯤 쓴 파일이 남지
  않고 이미 있던 파일이 망가지지 않습니다.
- 폴더를 잠가(`.lock` 파일) 두 프로세스가 동시에 내려받아도 둘 다 검증된 파일을 얻습니다.

미러 목록은 환경 변수 ``CNN_COURSE_MIRRORS``(쉼표로 구분한 주소)로 바꿀 수 있습니다.
"""

from __future__ import annotations

import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from filelock import FileLock

from cnn_course.idx import DataError, check_sha256, decompress, sha256_hex
from cnn_course.korean import josa
from cnn_course.paths import DATA_ENV, DATASETS, MIRRORS_ENV, SYSTEM_DATA_DIRS, write_atomically
from cnn_course.validation import check_choice

__all__ = [
    "DataError",
    "DATASETS",
    "FILE_NAMES",
    "MIRRORS",
    "SHA256",
    "MIRRORS_ENV",
    "DATA_ENV",
    "TIMEOUT",
    "check_dataset_name",
    "mirror_urls",
    "download_dataset",
]

FILE_NAMES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)

MIRRORS = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ),
    "fashion": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
}

# 압축을 푼 내용의 SHA-256. 미러마다 gzip 압축 바이트는 다를 수 있지만 내용은 같습니다.
SHA256 = {
    # MNIST 원본(LeCun, Cortes, Burges)의 값: 강좌 데이터 폴더의 SHA256SUMS.uncompressed와 같습니다.
    "mnist": {
        "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    # Debian 패키지 dataset-fashion-mnist의 파일(/usr/share/datasets/fashion-mnist)을
    # 압축 풀어 계산한 값입니다.
    "fashion": {
        "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
}

TIMEOUT = 30.0


def check_dataset_name(dataset: str) -> None:
    """알려진 데이터 세트 이름인지 확인합니다."""
    check_choice("dataset", dataset, DATASETS)


def mirror_urls(dataset: str = "mnist") -> list[str]:
    """시도할 미러 주소 목록. ``CNN_COURSE_MIRRORS``가 있으면 그것을, 없으면 기본 목록을 씁니다."""
    check_dataset_name(dataset)
    from_env = [url.strip() for url in os.environ.get(MIRRORS_ENV, "").split(",") if url.strip()]
    urls = from_env or MIRRORS[dataset]
    return [url if url.endswith("/") else url + "/" for url in urls]


def download_dataset(
    directory: str | os.PathLike,
    dataset: str = "mnist",
    sha256: Mapping[str, str] | None = None,
    mirrors: Sequence[str] | None = None,
    timeout: float = TIMEOUT,
) -> Path:
    """`sha256`에 적힌 파일(기본: 데이터 세트의 네 파일) 가운데 없거나 틀린 것을 `directory`에 내려받습니다.

    `sha256`은 파일 이름 -> 압축을 푼 내용의 SHA-256 값입니다. `mirrors`를 주지 않으면
    `mirror_urls(dataset)`을 씁니다. 모든 미러가 실패하면 `DataError`가 생깁니다.
    """
    check_dataset_name(dataset)
    if isinstance(mirrors, str):
        raise TypeError("mirrors는 주소 하나가 아니라 주소의 목록이어야 합니다(예: [url1, url2]).")
    expected = SHA256[dataset] if sha256 is None else sha256
    urls = mirror_urls(dataset) if mirrors is None else [url.rstrip("/") + "/" for url in mirrors]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with FileLock(directory / ".lock"):
        for name, digest in expected.items():
            if not _is_verified(directory / name, digest):
                _download_file(directory, name, digest, urls, dataset, timeout)
    return directory


def _is_verified(path: Path, digest: str) -> bool:
    try:
        return sha256_hex(decompress(path.read_bytes(), str(path))) == digest
    except (OSError, DataError):
        return False


def _download_file(directory: Path, name: str, digest: str, urls: list[str], dataset: str, timeout: float) -> None:
    failures = []
    for base in urls:
        url = base + name
        print(f"내려받는 중: {url}", flush=True)
        try:
            raw = _fetch(url, timeout)
            check_sha256(decompress(raw, "받은 내용"), digest, "받은 내용")
        except (OSError, ValueError, http.client.HTTPException, DataError) as error:
            failures.append(f"  - {url}: {_describe(error, timeout)}")
            continue
        write_atomically(directory / name, lambda file: file.write(raw))
        return
    raise DataError(_all_failed_message(name, failures, dataset))


def _fetch(url: str, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "cnn-course"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def _describe(error: Exception, timeout: float) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP 오류 {error.code} {error.reason}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, Exception) else error
    if isinstance(error, TimeoutError):
        return f"{timeout:g}초 안에 응답이 없습니다(시간 초과)"
    if isinstance(error, http.client.IncompleteRead):
        return f"응답이 중간에 끊겼습니다({len(error.partial):,}바이트만 받음)"
    if isinstance(error, DataError):
        return str(error)
    return f"연결하지 못했습니다({error})"


def _all_failed_message(name: str, failures: list[str], dataset: str) -> str:
    env = DATA_ENV[dataset]
    files = ", ".join(FILE_NAMES)
    lines = [f"{josa(name, '을/를')} 어느 미러에서도 내려받지 못했습니다:", *failures, ""]
    lines.append("인터넷 연결을 확인하세요. 이 컴퓨터에서 내려받을 수 없으면:")
    if dataset == "fashion":
        lines.append(
            "  - Debian/Ubuntu라면 'sudo apt-get install dataset-fashion-mnist'로 설치하세요"
            f"({SYSTEM_DATA_DIRS['fashion']}에 들어가며 자동으로 찾습니다). 또는"
        )
    lines.append(f"  - 다른 컴퓨터에서 네 파일({files})을 내려받아 한 폴더에 넣고,")
    lines.append(f"    환경 변수 {env}에 그 폴더 경로를 지정하세요(예: export {env}=/path/to/folder).")
    lines.append(f"미러 목록은 환경 변수 {MIRRORS_ENV}(쉼표로 구분한 주소)로 바꿀 수 있습니다.")
    return "\n".join(lines)
