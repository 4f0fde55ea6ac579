"""MNIST 데이터 세트 객체: 실제 MNIST의 크기와 값, 폴더를 찾는 순서, 인자 검사."""

import gzip
import os
from pathlib import Path

import numpy as np
import pytest

from cnn_course import data as data_module
from cnn_course.data import MNIST, CLASS_NAMES, DataError, cache_dir, one_hot
from cnn_course.download import FILE_NAMES, MIRRORS_ENV, SHA256
from cnn_course.idx import encode_idx, read_images, sha256_hex
from cnn_course.paths import SHARED_MNIST, SYSTEM_DATA_DIRS, data_dir_from_env

MNIST_DIR = data_dir_from_env("mnist") or SHARED_MNIST  # conftest가 공유 폴더를 환경 변수에 넣습니다.
FASHION_DIR = SYSTEM_DATA_DIRS["fashion"]
needs_mnist = pytest.mark.skipif(
    not all((MNIST_DIR / name).is_file() for name in FILE_NAMES), reason=f"MNIST 파일이 없습니다: {MNIST_DIR}"
)
needs_fashion = pytest.mark.skipif(
    not all((FASHION_DIR / name).is_file() for name in FILE_NAMES), reason="dataset-fashion-mnist가 없습니다"
)


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """인터넷과 사용자의 캐시 폴더에 닿지 않게 합니다: 없는 로컬 미러, 임시 캐시 폴더."""
    monkeypatch.setenv(MIRRORS_ENV, (tmp_path / "no-mirror").as_uri())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def mnist():
    if not all((MNIST_DIR / name).is_file() for name in FILE_NAMES):
        pytest.skip(f"MNIST 파일이 없습니다: {MNIST_DIR}")
    return MNIST(MNIST_DIR, download=False)


# --- 작은 합성 데이터 세트: 폴더를 찾는 순서와 내려받기를 빠르게 시험합니다 ---

NUM_SYNTHETIC_TRAIN = data_module.NUM_VALIDATION + 10


@pytest.fixture
def synthetic(monkeypatch):
    """작은 MNIST 형식 파일 네 개를 만드는 함수. 체크섬 표를 그 파일에 맞게 바꿉니다."""
    rng = np.random.default_rng(0)
    contents = {
        FILE_NAMES[0]: encode_idx(rng.integers(0, 256, (NUM_SYNTHETIC_TRAIN, 28, 28), dtype=np.uint8)),
        FILE_NAMES[1]: encode_idx((np.arange(NUM_SYNTHETIC_TRAIN) % 10).astype(np.uint8)),
        FILE_NAMES[2]: encode_idx(rng.integers(0, 256, (4, 28, 28), dtype=np.uint8)),
        FILE_NAMES[3]: encode_idx(np.array([7, 2, 1, 0], dtype=np.uint8)),
    }
    for name, content in contents.items():
        monkeypatch.setitem(SHA256["mnist"], name, sha256_hex(content))

    def write(folder):
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in contents.items():
            (folder / name).write_bytes(gzip.compress(content, compresslevel=1))
        return folder

    return write


# --- 실제 MNIST ---


@needs_mnist
def test_split_is_55000_training_5000_validation_10000_test(mnist):
    assert (mnist.num_train, mnist.num_val, mnist.num_test) == (55_000, 5_000, 10_000)
    assert len(mnist.x_train) == len(mnist.y_train) == len(mnist.y_train_cls) == 55_000
    assert len(mnist.x_val) == len(mnist.y_val) == len(mnist.y_val_cls) == 5_000
    assert len(mnist.x_test) == len(mnist.y_test) == len(mnist.y_test_cls) == 10_000


def test_class_level_image_constants():
    assert (MNIST.img_size, MNIST.img_size_flat, MNIST.img_shape) == (28, 784, (28, 28))
    assert (MNIST.num_classes, MNIST.num_channels) == (10, 1)


@needs_mnist
def test_images_are_flat_float32_between_0_and_1(mnist):
    for x in (mnist.x_train, mnist.x_val, mnist.x_test):
        assert x.dtype == np.float32 and x.shape[1] == 784
        assert x.min() == 0.0 and x.max() == 1.0


@needs_mnist
def test_one_hot_labels_match_class_numbers(mnist):
    for y, cls in ((mnist.y_train, mnist.y_train_cls), (mnist.y_val, mnist.y_val_cls), (mnist.y_test, mnist.y_test_cls)):
        assert y.dtype == np.float32 and y.shape[1] == 10 and cls.dtype == np.int64
        np.testing.assert_array_equal(y.sum(axis=1), 1.0)
        np.testing.assert_array_equal(y.argmax(axis=1), cls)
        assert set(np.unique(cls)) == set(range(10))


@needs_mnist
def test_first_test_labels_are_7_2_1_0_4(mnist):
    assert mnist.y_test_cls[:5].tolist() == [7, 2, 1, 0, 4]
    assert mnist.y_train_cls[:5].tolist() == [5, 0, 4, 1, 9]


@needs_mnist
def test_validation_set_is_the_last_5000_training_images(mnist):
    images = read_images(MNIST_DIR / FILE_NAMES[0])
    np.testing.assert_array_equal(mnist.x_val[0].reshape(28, 28) * 255, images[55_000])
    np.testing.assert_array_equal(mnist.x_train[-1].reshape(28, 28) * 255, images[54_999])


@needs_mnist
def test_mnist_class_names_are_the_digits_and_repr_gives_sizes(mnist):
    assert mnist.class_names == tuple("0123456789")
    assert mnist.dataset == "mnist" and mnist.data_dir == MNIST_DIR
    assert "훈련 55,000장, 검증 5,000장, 테스트 10,000장" in repr(mnist)


@needs_mnist
def test_random_batch_draws_without_replacement_from_the_given_generator(mnist):
    images, labels, cls = mnist.random_batch(500, rng=np.random.default_rng(3))
    index = np.random.default_rng(3).choice(mnist.num_train, size=500, replace=False)
    assert len(set(index.tolist())) == 500
    np.testing.assert_array_equal(images, mnist.x_train[index])
    np.testing.assert_array_equal(labels, mnist.y_train[index])
    np.testing.assert_array_equal(cls, mnist.y_train_cls[index])
    assert images.shape == (500, 784) and labels.shape == (500, 10)


@needs_mnist
def test_random_batch_is_reproducible_for_the_same_seed_and_differs_for_another(mnist):
    seeded = MNIST(MNIST_DIR, download=False, seed=1)
    first, second = seeded.random_batch(64)[2], seeded.random_batch(64)[2]
    same_seed = np.random.default_rng(1)  # 객체의 난수 생성기는 default_rng(seed)와 같은 수열을 냅니다.
    np.testing.assert_array_equal(first, mnist.random_batch(64, rng=same_seed)[2])
    np.testing.assert_array_equal(second, mnist.random_batch(64, rng=same_seed)[2])
    assert not np.array_equal(first, mnist.random_batch(64, rng=np.random.default_rng(0))[2])
    assert not np.array_equal(first, second)  # 다음 배치는 다릅니다.


@needs_fashion
def test_fashion_mnist_loads_from_the_debian_folder_with_the_same_interface(monkeypatch):
    monkeypatch.delenv("CNN_COURSE_FASHION_DATA", raising=False)
    fashion = MNIST(dataset="fashion", download=False)
    assert fashion.data_dir == FASHION_DIR
    assert (fashion.num_train, fashion.num_val, fashion.num_test) == (55_000, 5_000, 10_000)
    assert fashion.x_train.dtype == np.float32 and fashion.x_train.shape == (55_000, 784)
    np.testing.assert_array_equal(fashion.y_test.argmax(axis=1), fashion.y_test_cls)
    assert fashion.class_names[0] == "티셔츠/탑" and fashion.class_names[9] == "앵클 부츠"
    assert fashion.random_batch(8)[0].shape == (8, 784)


# --- 폴더를 찾는 순서 ---


def test_environment_variable_folder_is_used_when_no_data_dir_is_given(tmp_path, synthetic, monkeypatch):
    monkeypatch.setenv("CNN_COURSE_DATA", str(synthetic(tmp_path / "from-env")))
    data = MNIST()
    assert data.data_dir == tmp_path / "from-env"
    assert (data.num_train, data.num_val, data.num_test) == (10, 5_000, 4)


def test_explicit_data_dir_wins_over_the_environment_variable(tmp_path, synthetic, monkeypatch):
    monkeypatch.setenv("CNN_COURSE_DATA", str(tmp_path / "empty"))
    assert MNIST(synthetic(tmp_path / "explicit")).data_dir == tmp_path / "explicit"


def test_environment_folder_without_files_raises_and_is_never_written(tmp_path, synthetic, monkeypatch):
    env_dir = tmp_path / "env"
    env_dir.mkdir()
    monkeypatch.setenv("CNN_COURSE_DATA", str(env_dir))
    monkeypatch.setenv(MIRRORS_ENV, synthetic(tmp_path / "mirror").as_uri())
    with pytest.raises(DataError, match="환경 변수 CNN_COURSE_DATA가 가리키는 폴더") as error:
        MNIST(download=True)
    assert FILE_NAMES[0] in str(error.value)
    assert os.listdir(env_dir) == []


def test_fashion_uses_its_own_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("CNN_COURSE_FASHION_DATA", str(tmp_path))
    with pytest.raises(DataError, match="CNN_COURSE_FASHION_DATA"):
        MNIST(dataset="fashion")


def test_missing_files_with_download_false_raise_naming_cnn_course_data(monkeypatch):
    monkeypatch.delenv("CNN_COURSE_DATA", raising=False)
    with pytest.raises(DataError, match="CNN_COURSE_DATA") as error:
        MNIST(download=False)
    assert str(cache_dir("mnist")) in str(error.value) and "download=True" in str(error.value)
    assert not cache_dir("mnist").exists()


def test_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    assert cache_dir("fashion") == tmp_path / "cache" / "cnn_course" / "fashion"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir("mnist") == Path.home() / ".cache" / "cnn_course" / "mnist"


def test_missing_files_are_downloaded_into_the_cache_folder(tmp_path, synthetic, monkeypatch):
    monkeypatch.delenv("CNN_COURSE_DATA", raising=False)
    monkeypatch.setenv(MIRRORS_ENV, synthetic(tmp_path / "mirror").as_uri())
    data = MNIST()
    assert data.data_dir == tmp_path / "cache" / "cnn_course" / "mnist"
    assert all((data.data_dir / name).is_file() for name in FILE_NAMES)
    assert data.y_test_cls.tolist() == [7, 2, 1, 0]


def test_missing_files_are_downloaded_into_an_explicit_data_dir(tmp_path, synthetic, monkeypatch):
    monkeypatch.setenv(MIRRORS_ENV, synthetic(tmp_path / "mirror").as_uri())
    data = MNIST(tmp_path / "mine")
    assert data.data_dir == tmp_path / "mine" and data.num_test == 4


def test_file_with_wrong_checksum_is_rejected_on_load(tmp_path, synthetic):
    folder = synthetic(tmp_path / "data")
    (folder / FILE_NAMES[3]).write_bytes(gzip.compress(encode_idx(np.array([1, 1, 1, 1], dtype=np.uint8))))
    with pytest.raises(DataError, match="SHA-256") as error:
        MNIST(folder, download=False)
    assert str(folder / FILE_NAMES[3]) in str(error.value)


# --- 인자 검사 ---


def test_unknown_dataset_name_is_rejected():
    with pytest.raises(ValueError, match="dataset은 'mnist', 'fashion' 중 하나"):
        MNIST(dataset="cifar10")


@pytest.mark.parametrize(
    ("arguments", "error", "text"),
    [
        (dict(data_dir=5), TypeError, "data_dir"),
        (dict(download="yes"), TypeError, "download"),
        (dict(seed=-1), ValueError, "seed는 0 이상"),
        (dict(seed=1.5), TypeError, "seed는 0 이상의 정수"),
    ],
)
def test_invalid_constructor_arguments_are_rejected(arguments, error, text):
    with pytest.raises(error, match=text):
        MNIST(**arguments)


@needs_mnist
@pytest.mark.parametrize(
    ("batch_size", "error"),
    [(0, ValueError), (-3, ValueError), (55_001, ValueError), (2.5, TypeError), (True, TypeError), ("64", TypeError)],
)
def test_invalid_batch_size_is_rejected(mnist, batch_size, error):
    with pytest.raises(error, match="batch_size"):
        mnist.random_batch(batch_size)


@needs_mnist
def test_random_batch_rejects_a_generator_of_the_wrong_type(mnist):
    with pytest.raises(TypeError, match="np.random.Generator"):
        mnist.random_batch(4, rng=np.random.RandomState(0))


def test_one_hot_turns_class_numbers_into_rows():
    np.testing.assert_array_equal(one_hot([3, 0]), np.eye(10, dtype=np.float32)[[3, 0]])
    assert one_hot(np.array([1]), num_classes=3).tolist() == [[0.0, 1.0, 0.0]]
    assert one_hot([2]).dtype == np.float32


def test_one_hot_rejects_out_of_range_and_non_integer_classes():
    with pytest.raises(ValueError, match=r"0\.\.9"):
        one_hot([10])
    with pytest.raises(TypeError, match="정수"):
        one_hot([1.0])
    assert len(CLASS_NAMES["fashion"]) == 10
