"""MNIST 데이터 세트: 훈련 55,000장, 검증 5,000장, 테스트 10,000장의 손글씨 숫자.

TensorFlow 없이 NumPy만으로 읽습니다::

    from cnn_course.data import MNIST
    data = MNIST()
    data.x_train.shape       # (55000, 784): 평탄화한 이미지, 0..1 사이의 float32
    data.y_train.shape       # (55000, 10): 원-핫 인코딩(one-hot encoding)한 레이블
    data.y_train_cls[:5]     # 클래스 번호(0..9)

파일을 찾는 순서:

1. `data_dir` 인자로 준 폴더.
2. 환경 변수 ``CNN_COURSE_DATA``(Fashion-MNIST는 ``CNN_COURSE_FASHION_DATA``)가 가리키는 폴더.
3. Fashion-MNIST라면 Debian 패키지의 폴더 ``/usr/share/datasets/fashion-mnist``.
4. 캐시 폴더 ``$XDG_CACHE_HOME/cnn_course/<dataset>``(기본 ``~/.cache/cnn_course/<dataset>``).

1번과 4번 폴더에 파일이 없으면 내려받습니다. 모든 파일은 읽을 때마다 체크섬을 확인합니다.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cnn_course.download import FILE_NAMES, SHA256, check_dataset_name, download_dataset
from cnn_course.idx import (
    IMAGE_SIZE,
    NUM_CLASSES,
    DataError,
    check_same_count,
    read_images,
    read_labels,
)
from cnn_course.korean import josa
from cnn_course.paths import DATA_ENV, SYSTEM_DATA_DIRS, data_cache_dir, data_dir_from_env
from cnn_course.validation import check_bool, check_int

__all__ = ["MNIST", "DataError", "one_hot", "CLASS_NAMES", "cache_dir"]

CLASS_NAMES = {
    "mnist": tuple(str(digit) for digit in range(10)),
    "fashion": ("티셔츠/탑", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "운동화", "가방", "앵클 부츠"),
}
NUM_VALIDATION = 5_000  # 60,000장의 훈련 이미지 가운데 마지막 5,000장을 검증에 씁니다.


def one_hot(cls: np.ndarray, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """클래스 번호 배열을 원-핫 인코딩한 float32 배열로 바꿉니다. 예: 3 -> [0, 0, 0, 1, 0, ...]."""
    check_int("num_classes", num_classes, low=1)
    cls = np.asarray(cls)
    if cls.dtype.kind not in "iu":
        raise TypeError(f"클래스 번호는 정수 배열이어야 합니다(받은 dtype: {cls.dtype}).")
    if cls.size and (cls.min() < 0 or cls.max() >= num_classes):
        raise ValueError(f"클래스 번호는 0..{num_classes - 1} 사이여야 합니다(받은 범위: {cls.min()}..{cls.max()}).")
    return np.eye(num_classes, dtype=np.float32)[cls]


def cache_dir(dataset: str = "mnist") -> Path:
    """내려받은 파일을 두는 캐시 폴더: ``$XDG_CACHE_HOME/cnn_course/<dataset>``."""
    check_dataset_name(dataset)
    return data_cache_dir(dataset)


class MNIST:
    """MNIST(또는 Fashion-MNIST) 데이터 세트를 읽어 훈련 / 검증 / 테스트 세트로 나눕니다.

    - `data_dir`: 파일 네 개가 있는(또는 내려받을) 폴더. None이면 위의 순서로 찾습니다.
    - `dataset`: ``"mnist"`` 또는 ``"fashion"``.
    - `download`: 파일이 없을 때 내려받을지.
    - `seed`: `random_batch`가 쓰는 난수 시드(random seed).
    """

    img_size = IMAGE_SIZE  # 28: 이미지의 가로와 세로 픽셀 수
    img_size_flat = IMAGE_SIZE * IMAGE_SIZE  # 784: 평탄화한 이미지의 길이
    img_shape = (IMAGE_SIZE, IMAGE_SIZE)
    num_classes = NUM_CLASSES  # 10
    num_channels = 1  # 흑백 이미지

    def __init__(
        self,
        data_dir: str | os.PathLike | None = None,
        dataset: str = "mnist",
        download: bool = True,
        seed: int = 0,
    ) -> None:
        check_dataset_name(dataset)
        if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
            raise TypeError(f"data_dir는 폴더 경로(str 또는 Path)여야 합니다(받은 값: {data_dir!r}).")
        check_bool("download", download)
        check_int("seed", seed, low=0)

        self.dataset = dataset
        self.class_names = CLASS_NAMES[dataset]
        self.data_dir = self._find_files(data_dir, download)
        self._rng = np.random.default_rng(seed)

        train_images, train_labels, test_images, test_labels = (self.data_dir / name for name in FILE_NAMES)
        sums = SHA256[dataset]
        images = read_images(train_images, sums[train_images.name])
        labels = read_labels(train_labels, sums[train_labels.name])
        check_same_count(images, labels, str(train_images), str(train_labels))
        x, cls = _to_float(images), labels.astype(np.int64)
        split = len(x) - NUM_VALIDATION
        self.x_train, self.x_val = x[:split], x[split:]
        self.y_train_cls, self.y_val_cls = cls[:split], cls[split:]

        images = read_images(test_images, sums[test_images.name])
        labels = read_labels(test_labels, sums[test_labels.name])
        check_same_count(images, labels, str(test_images), str(test_labels))
        self.x_test, self.y_test_cls = _to_float(images), labels.astype(np.int64)

        self.y_train = one_hot(self.y_train_cls)
        self.y_val = one_hot(self.y_val_cls)
        self.y_test = one_hot(self.y_test_cls)
        self.num_train, self.num_val, self.num_test = len(self.x_train), len(self.x_val), len(self.x_test)

    def _find_files(self, data_dir: str | os.PathLike | None, download: bool) -> Path:
        """파일이 있는 폴더를 찾고, 필요하면 내려받습니다."""
        env = DATA_ENV[self.dataset]
        from_env = data_dir_from_env(self.dataset)
        if data_dir is None and from_env is not None:
            folder = from_env
            missing = _missing_files(folder)
            if missing:
                raise DataError(
                    f"환경 변수 {env}가 가리키는 폴더 {folder}에 {josa(', '.join(missing), '이/가')} 없습니다. "
                    "이 폴더에는 내려받지 않습니다. 네 파일을 그 폴더에 넣거나, 환경 변수를 지우면 "
                    f"{cache_dir(self.dataset)}에 자동으로 내려받습니다."
                )
            return folder
        system = SYSTEM_DATA_DIRS.get(self.dataset)
        if data_dir is None and system is not None and not _missing_files(system):
            return system
        folder = cache_dir(self.dataset) if data_dir is None else Path(data_dir).expanduser()
        missing = _missing_files(folder)
        if missing and not download:
            raise DataError(
                f"{folder}에 {josa(', '.join(missing), '이/가')} 없습니다. download=True로 내려받거나, "
                f"네 파일이 있는 폴더를 data_dir 인자나 환경 변수 {env}로 지정하세요."
            )
        if missing:
            download_dataset(folder, self.dataset)
        return folder

    def random_batch(
        self, batch_size: int, rng: np.random.Generator | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """훈련 세트에서 이미지 `batch_size`장을 무작위로 골라 (이미지, 원-핫 레이블, 클래스 번호)를 돌려줍니다.

        한 배치 안에서는 같은 이미지를 두 번 고르지 않습니다. `rng`를 주지 않으면
        `seed`로 만든 이 객체의 난수 생성기를 씁니다.
        """
        check_int("batch_size", batch_size, low=1, high=self.num_train)
        if rng is None:
            rng = self._rng
        elif not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng는 np.random.Generator여야 합니다(받은 값: {type(rng).__name__}).")
        index = rng.choice(self.num_train, size=batch_size, replace=False)
        return self.x_train[index], self.y_train[index], self.y_train_cls[index]

    def __repr__(self) -> str:
        return (
            f"MNIST(dataset={self.dataset!r}, 훈련 {self.num_train:,}장, 검증 {self.num_val:,}장, "
            f"테스트 {self.num_test:,}장, 폴더 '{self.data_dir}')"
        )


def _missing_files(folder: Path) -> list[str]:
    return [name for name in FILE_NAMES if not (folder / name).is_file()]


def _to_float(images: np.ndarray) -> np.ndarray:
    """(N, 28, 28) uint8 -> (N, 784) float32, 0..1 사이."""
    x = images.reshape(len(images), -1).astype(np.float32)
    x /= 255
    return x
