"""내려받기: 127.0.0.1의 시험용 미러만 씁니다. 인터넷에는 절대 연결하지 않습니다."""

import gzip
import multiprocessing
import os
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from cnn_course.download import (
    FILE_NAMES,
    MIRRORS,
    MIRRORS_ENV,
    DataError,
    download_dataset,
    mirror_urls,
)
from cnn_course.idx import encode_idx, read_images, read_labels, sha256_hex
from cnn_course.paths import SHARED_MNIST, data_dir_from_env

RNG = np.random.default_rng(0)
CONTENTS = {
    "train-images-idx3-ubyte.gz": encode_idx(RNG.integers(0, 256, (12, 28, 28), dtype=np.uint8)),
    "train-labels-idx1-ubyte.gz": encode_idx((np.arange(12) % 10).astype(np.uint8)),
    "t10k-images-idx3-ubyte.gz": encode_idx(RNG.integers(0, 256, (4, 28, 28), dtype=np.uint8)),
    "t10k-labels-idx1-ubyte.gz": encode_idx(np.array([7, 2, 1, 0], dtype=np.uint8)),
}
GOOD = {name: gzip.compress(content) for name, content in CONTENTS.items()}
SUMS = {name: sha256_hex(content) for name, content in CONTENTS.items()}
REAL_MNIST = data_dir_from_env("mnist") or SHARED_MNIST  # conftest가 공유 폴더를 환경 변수에 넣습니다.


class Mirror:
    """127.0.0.1에서 `files`를 내주는 HTTP 서버. `truncate`면 응답을 반만 보내고, `delay`초 늦게 답합니다."""

    def __init__(self, files, truncate=False, delay=0.0):
        self.files, self.truncate, self.delay = files, truncate, delay
        self.requests = Counter()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/mnist/"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def _handler(self):
        mirror = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1]
                mirror.requests[name] += 1
                time.sleep(mirror.delay)
                body = mirror.files.get(name)
                if body is None:
                    self.send_error(404)
                    return
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2] if mirror.truncate else body)
                except ConnectionError:
                    pass  # 시간 초과로 클라이언트가 먼저 끊었습니다.

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def mirror():
    started = []

    def start(files, **options):
        started.append(Mirror(files, **options))
        return started[-1]

    yield start
    for each in started:
        each.server.shutdown()
        each.server.server_close()


@pytest.fixture
def refused_url():
    """아무도 듣지 않는 127.0.0.1 포트(연결 거부)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@pytest.fixture(autouse=True)
def offline(monkeypatch, refused_url):
    """기본 미러에 닿지 않도록 미러 목록을 막고, 127.0.0.1 밖의 이름 풀이를 거부합니다."""
    monkeypatch.setenv(MIRRORS_ENV, refused_url)
    real_getaddrinfo = socket.getaddrinfo

    def local_only(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost"):
            raise OSError(f"시험 중에는 외부 주소에 연결하지 않습니다: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local_only)


def assert_verified_files(directory):
    """네 파일이 모두 있고 내용이 맞으며, 임시 파일이 남지 않았는지 확인합니다."""
    for name, content in CONTENTS.items():
        assert gzip.decompress((directory / name).read_bytes()) == content
    assert sorted(os.listdir(directory)) == sorted([*CONTENTS, ".lock"])


def assert_no_partial_files(directory):
    assert not [name for name in os.listdir(directory) if name.endswith(".part")]


def test_default_mirrors_are_the_documented_ones_in_order(monkeypatch):
    monkeypatch.delenv(MIRRORS_ENV)
    assert mirror_urls("mnist") == [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
    ]
    assert mirror_urls("fashion")[0] == "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
    assert len(MIRRORS["fashion"]) >= 2


def test_mirrors_environment_variable_overrides_the_list(monkeypatch):
    monkeypatch.setenv(MIRRORS_ENV, " http://a.example/x , http://b.example/y/ ,")
    assert mirror_urls("mnist") == ["http://a.example/x/", "http://b.example/y/"]
    assert mirror_urls("fashion") == ["http://a.example/x/", "http://b.example/y/"]


def test_unknown_dataset_name_and_a_single_mirror_string_are_rejected(tmp_path):
    with pytest.raises(ValueError, match="'mnist', 'fashion'"):
        download_dataset(tmp_path, dataset="cifar")
    with pytest.raises(TypeError, match="목록"):
        download_dataset(tmp_path, mirrors="http://127.0.0.1/")


def test_downloads_all_files_from_the_mirrors_environment_variable(tmp_path, mirror, monkeypatch):
    server = mirror(GOOD)
    monkeypatch.setenv(MIRRORS_ENV, server.url)
    assert download_dataset(tmp_path / "new" / "folder", sha256=SUMS) == tmp_path / "new" / "folder"
    assert_verified_files(tmp_path / "new" / "folder")
    assert (tmp_path / "new" / "folder" / FILE_NAMES[0]).read_bytes() == GOOD[FILE_NAMES[0]]


def test_missing_file_on_first_mirror_falls_back_to_second(tmp_path, mirror):
    empty, good = mirror({}), mirror(GOOD)
    download_dataset(tmp_path, sha256=SUMS, mirrors=[empty.url, good.url])
    assert_verified_files(tmp_path)
    assert empty.requests == good.requests == Counter({name: 1 for name in FILE_NAMES})


def test_refused_connection_falls_back_to_next_mirror(tmp_path, mirror, refused_url):
    good = mirror(GOOD)
    download_dataset(tmp_path, sha256=SUMS, mirrors=[refused_url, good.url])
    assert_verified_files(tmp_path)


def test_slow_mirror_times_out_and_next_mirror_is_used(tmp_path, mirror):
    slow, good = mirror(GOOD, delay=1.0), mirror(GOOD)
    download_dataset(tmp_path, sha256={FILE_NAMES[1]: SUMS[FILE_NAMES[1]]}, mirrors=[slow.url, good.url], timeout=0.2)
    assert (tmp_path / FILE_NAMES[1]).read_bytes() == GOOD[FILE_NAMES[1]]


CORRUPTIONS = {
    "bad gzip": (dict(files={name: b"\x1f\x8b\x08garbage" * 20 for name in GOOD}), "gzip 압축을 풀 수 없습니다"),
    "wrong checksum": (dict(files={name: gzip.compress(b"other " + c) for name, c in CONTENTS.items()}), "SHA-256"),
    "truncated": (dict(files=GOOD, truncate=True), "끊겼습니다"),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupted_response_is_rejected_and_next_mirror_used(tmp_path, mirror, corruption):
    options, _ = CORRUPTIONS[corruption]
    bad, good = mirror(**options), mirror(GOOD)
    download_dataset(tmp_path, sha256=SUMS, mirrors=[bad.url, good.url])
    assert_verified_files(tmp_path)
    assert sum(bad.requests.values()) == sum(good.requests.values()) == 4


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupted_response_from_only_mirror_leaves_nothing_behind(tmp_path, mirror, corruption):
    options, reason = CORRUPTIONS[corruption]
    bad = mirror(**options)
    with pytest.raises(DataError, match=reason):
        download_dataset(tmp_path, sha256=SUMS, mirrors=[bad.url])
    assert os.listdir(tmp_path) == [".lock"]


def test_all_mirrors_failing_lists_each_mirror_and_names_cnn_course_data(tmp_path, mirror, refused_url):
    empty = mirror({})
    with pytest.raises(DataError) as error:
        download_dataset(tmp_path, sha256=SUMS, mirrors=[refused_url, empty.url])
    message = str(error.value)
    assert f"{refused_url}{FILE_NAMES[0]}: 연결하지 못했습니다" in message
    assert f"{empty.url}{FILE_NAMES[0]}: HTTP 오류 404" in message
    assert "export CNN_COURSE_DATA=" in message
    assert all(name in message for name in FILE_NAMES)
    assert os.listdir(tmp_path) == [".lock"]


def test_all_fashion_mirrors_failing_suggests_apt_and_fashion_variable(tmp_path, mirror):
    empty = mirror({})
    with pytest.raises(DataError, match="apt-get install dataset-fashion-mnist") as error:
        download_dataset(tmp_path, dataset="fashion", sha256=SUMS, mirrors=[empty.url])
    assert "CNN_COURSE_FASHION_DATA" in str(error.value)


def test_failed_download_keeps_an_existing_good_file(tmp_path, mirror):
    good_file = tmp_path / FILE_NAMES[0]
    good_file.write_bytes(GOOD[FILE_NAMES[0]])
    empty = mirror({})
    with pytest.raises(DataError):
        download_dataset(tmp_path, sha256=SUMS, mirrors=[empty.url])
    assert good_file.read_bytes() == GOOD[FILE_NAMES[0]]
    assert empty.requests[FILE_NAMES[0]] == 0  # 검증된 파일은 다시 받지 않습니다.
    assert_no_partial_files(tmp_path)


def test_existing_bad_file_is_replaced_only_by_a_verified_download(tmp_path, mirror):
    bad_file = tmp_path / FILE_NAMES[1]
    bad_file.write_bytes(b"old contents")
    corrupt = mirror({name: gzip.compress(b"other") for name in GOOD})
    with pytest.raises(DataError):
        download_dataset(tmp_path, sha256=SUMS, mirrors=[corrupt.url])
    assert bad_file.read_bytes() == b"old contents"
    download_dataset(tmp_path, sha256=SUMS, mirrors=[mirror(GOOD).url])
    assert_verified_files(tmp_path)


def test_failure_while_writing_leaves_no_partial_file_and_keeps_the_old_one(tmp_path, mirror, monkeypatch):
    old = tmp_path / FILE_NAMES[0]
    old.write_bytes(b"old contents")

    def disk_full(*args):
        raise OSError("디스크가 가득 찼습니다")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError, match="가득"):
        download_dataset(tmp_path, sha256=SUMS, mirrors=[mirror(GOOD).url])
    assert old.read_bytes() == b"old contents"
    assert sorted(os.listdir(tmp_path)) == [".lock", FILE_NAMES[0]]


def test_verified_files_are_not_downloaded_again(tmp_path, mirror):
    server = mirror(GOOD)
    download_dataset(tmp_path, sha256=SUMS, mirrors=[server.url])
    download_dataset(tmp_path, sha256=SUMS, mirrors=[server.url])
    assert server.requests == Counter({name: 1 for name in FILE_NAMES})


def _download_in_child(directory, url):
    download_dataset(directory, sha256=SUMS, mirrors=[url], timeout=10)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="fork가 없는 플랫폼")
def test_two_processes_downloading_at_once_both_end_with_verified_files(tmp_path, mirror):
    server = mirror(GOOD, delay=0.1)
    context = multiprocessing.get_context("fork")  # 이미 가져온 패키지를 그대로 물려받아 빨리 시작합니다.
    processes = [context.Process(target=_download_in_child, args=(tmp_path, server.url)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0, 0]
    assert_verified_files(tmp_path)
    # 잠금 덕분에 두 번째 프로세스는 기다렸다가 검증된 파일을 그대로 씁니다.
    assert server.requests == Counter({name: 1 for name in FILE_NAMES})


@pytest.mark.skipif(not (REAL_MNIST / FILE_NAMES[0]).is_file(), reason="MNIST 파일이 없습니다")
def test_real_mnist_files_pass_the_default_checksums(tmp_path, mirror):
    server = mirror({name: (REAL_MNIST / name).read_bytes() for name in FILE_NAMES})
    download_dataset(tmp_path, mirrors=[server.url])
    assert len(read_labels(tmp_path / "t10k-labels-idx1-ubyte.gz")) == 10_000
    assert read_images(tmp_path / "t10k-images-idx3-ubyte.gz").shape == (10_000, 28, 28)
