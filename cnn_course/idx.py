"""MNIST가 쓰는 IDX 파일 형식 읽기.

IDX 파일은 짧은 머리말(header)과 그 뒤에 이어지는 바이트 배열로 되어 있습니다.

- 매직 넘버(magic number) 4바이트: ``00 00 08 차원수``. ``08``은 값이 부호 없는
  바이트(ubyte)라는 뜻입니다. 이미지 파일은 ``0x00000803``(3차원), 레이블 파일은
  ``0x00000801``(1차원)입니다.
- 차원마다 크기 하나(4바이트, 빅 엔디언): 이미지는 (개수, 28, 28), 레이블은 (개수,).
- 그 뒤에 값이 크기들의 곱만큼 있습니다.

파일이 잘렸거나 다른 파일이면 `DataError`가 무엇이 잘못되었고 어떻게 하면 되는지 알려 줍니다.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib

import numpy as np

__all__ = [
    "DataError",
    "IMAGES_MAGIC",
    "LABELS_MAGIC",
    "IMAGE_SIZE",
    "NUM_CLASSES",
    "decompress",
    "sha256_hex",
    "check_sha256",
    "parse_idx",
    "encode_idx",
    "parse_images",
    "parse_labels",
    "check_same_count",
    "read_images",
    "read_labels",
]

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
IMAGE_SIZE = 28
NUM_CLASSES = 10

_GZIP_START = b"\x1f\x8b"
_FIX = "이 파일을 지우고 다시 내려받거나(download=True), 원본 파일로 바꾸세요."


class DataError(Exception):
    """데이터 파일이 없거나, 잘렸거나, 손상되었을 때 생기는 오류."""


def decompress(raw: bytes, source: str) -> bytes:
    """gzip으로 압축된 내용이면 풀어서, 아니면 그대로 돌려줍니다."""
    if raw[:2] != _GZIP_START:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(
            f"{source}: gzip 압축을 풀 수 없습니다({error}). 내용이 잘렸거나 손상되었습니다."
        ) from error


def sha256_hex(content: bytes) -> str:
    """내용의 SHA-256 값을 16진수 문자열로 돌려줍니다."""
    return hashlib.sha256(content).hexdigest()


def check_sha256(content: bytes, expected: str, source: str) -> None:
    """압축을 푼 내용의 SHA-256이 알려진 값과 같은지 확인합니다."""
    actual = sha256_hex(content)
    if actual != expected:
        raise DataError(
            f"{source}: 압축을 푼 내용의 SHA-256 체크섬이 알려진 값과 다릅니다"
            f"(기대한 값 {expected}, 실제 값 {actual}). 파일이 손상되었거나 다른 파일입니다."
        )


def parse_idx(content: bytes, magic: int, source: str) -> np.ndarray:
    """압축을 푼 IDX 내용을 검사하고 uint8 배열로 돌려줍니다(복사하지 않는 읽기 전용 배열)."""
    kind = {IMAGES_MAGIC: "이미지", LABELS_MAGIC: "레이블"}.get(magic, "IDX")
    ndim = magic & 0xFF
    if len(content) < 4:
        raise DataError(f"{source}: 파일이 너무 짧아 IDX 머리말(매직 넘버)도 없습니다({len(content)}바이트).")
    found = int.from_bytes(content[:4], "big")
    if found >> 8 != magic >> 8:
        raise DataError(
            f"{source}: 매직 넘버가 0x{found:08X}입니다. {kind} 파일은 0x{magic:08X}이어야 합니다."
            " IDX(ubyte) 파일이 아니거나 다른 파일입니다."
        )
    if found != magic:
        raise DataError(
            f"{source}: 매직 넘버 0x{found:08X}의 차원 수가 {found & 0xFF}입니다. "
            f"{kind} 파일은 차원 수가 {ndim}(매직 넘버 0x{magic:08X})이어야 합니다."
            " 이미지 파일과 레이블 파일이 서로 바뀌지 않았는지 확인하세요."
        )
    header_size = 4 + 4 * ndim
    if len(content) < header_size:
        raise DataError(f"{source}: 파일이 잘렸습니다. 차원별 크기를 적은 머리말이 끝나기 전에 파일이 끝납니다.")
    shape = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    declared = int(np.prod(shape))
    actual = len(content) - header_size
    if actual < declared:
        raise DataError(
            f"{source}: 파일이 잘렸습니다. 머리말에 적힌 크기 {shape}에는 {declared:,}바이트가 "
            f"필요한데 {actual:,}바이트만 있습니다."
        )
    if actual > declared:
        raise DataError(
            f"{source}: 머리말에 적힌 크기 {shape}({declared:,}바이트) 뒤에 남는 바이트가 "
            f"{actual - declared:,}개 있습니다. 다른 파일이 덧붙었거나 손상되었습니다."
        )
    return np.frombuffer(content, dtype=np.uint8, offset=header_size).reshape(shape)


def encode_idx(array: np.ndarray) -> bytes:
    """uint8 배열을 IDX 형식의 바이트로 바꿉니다(`parse_idx`의 반대). 시험용 파일을 만들 때 씁니다."""
    array = np.asarray(array)
    if array.dtype != np.uint8 or not 1 <= array.ndim <= 255:
        raise ValueError(f"uint8 배열이어야 합니다(받은 dtype {array.dtype}, 차원 수 {array.ndim}).")
    header = (0x0800 | array.ndim).to_bytes(4, "big")
    header += b"".join(size.to_bytes(4, "big") for size in array.shape)
    return header + array.tobytes()


def parse_images(content: bytes, source: str) -> np.ndarray:
    """이미지 파일의 내용을 (개수, 28, 28) uint8 배열로 돌려줍니다."""
    images = parse_idx(content, IMAGES_MAGIC, source)
    if images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DataError(
            f"{source}: 이미지 크기가 {images.shape[1]}x{images.shape[2]}입니다."
            f" MNIST 형식의 이미지는 {IMAGE_SIZE}x{IMAGE_SIZE}이어야 합니다."
        )
    return images


def parse_labels(content: bytes, source: str) -> np.ndarray:
    """레이블 파일의 내용을 (개수,) uint8 배열로 돌려줍니다. 레이블은 0..9여야 합니다."""
    labels = parse_idx(content, LABELS_MAGIC, source)
    if labels.size and labels.max() >= NUM_CLASSES:
        bad = np.unique(labels[labels >= NUM_CLASSES])
        raise DataError(
            f"{source}: 레이블은 0부터 {NUM_CLASSES - 1}까지여야 하는데 범위 밖의 값이 있습니다: "
            f"{bad.tolist()[:5]}."
        )
    return labels


def check_same_count(images: np.ndarray, labels: np.ndarray, images_source: str, labels_source: str) -> None:
    """이미지 수와 레이블 수가 같은지 확인합니다."""
    if len(images) != len(labels):
        raise DataError(
            f"이미지 수와 레이블 수가 다릅니다: {images_source}에는 이미지가 {len(images):,}개, "
            f"{labels_source}에는 레이블이 {len(labels):,}개 있습니다. 두 파일이 서로 다른 데이터 세트에서 "
            "왔거나 하나가 손상되었습니다. 두 파일을 지우고 다시 내려받으세요."
        )


def read_images(path: str | os.PathLike, sha256: str | None = None) -> np.ndarray:
    """이미지 파일(gzip 또는 압축하지 않은 IDX)을 읽어 (개수, 28, 28) uint8 배열로 돌려줍니다.

    `sha256`을 주면 압축을 푼 내용의 체크섬도 확인합니다.
    """
    return _read(path, sha256, parse_images)


def read_labels(path: str | os.PathLike, sha256: str | None = None) -> np.ndarray:
    """레이블 파일(gzip 또는 압축하지 않은 IDX)을 읽어 (개수,) uint8 배열로 돌려줍니다."""
    return _read(path, sha256, parse_labels)


def _read(path, sha256, parse) -> np.ndarray:
    source = os.fspath(path)
    with open(path, "rb") as file:
        raw = file.read()
    try:
        content = decompress(raw, source)
        if sha256 is not None:
            check_sha256(content, sha256, source)
        return parse(content, source)
    except DataError as error:
        raise DataError(f"{error} {_FIX}") from None
