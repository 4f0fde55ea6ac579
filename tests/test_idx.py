"""IDX 파일 읽기: 올바른 파일은 읽히고, 잘못된 파일은 무엇이 잘못인지 말하는 DataError를 냅니다."""

import gzip

import numpy as np
import pytest

from cnn_course.idx import (
    IMAGES_MAGIC,
    LABELS_MAGIC,
    DataError,
    check_same_count,
    encode_idx,
    parse_idx,
    read_images,
    read_labels,
    sha256_hex,
)

NUM_IMAGES = 12
RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, size=(NUM_IMAGES, 28, 28), dtype=np.uint8)
LABELS = (np.arange(NUM_IMAGES) % 10).astype(np.uint8)


def write(path, content, compress=True):
    path.write_bytes(gzip.compress(content) if compress else content)
    return path


def test_encode_idx_writes_magic_number_and_sizes_in_big_endian():
    content = encode_idx(LABELS)
    assert content[:4] == bytes([0, 0, 8, 1])
    assert content[4:8] == NUM_IMAGES.to_bytes(4, "big")
    assert content[8:] == LABELS.tobytes()
    assert encode_idx(IMAGES)[:16] == bytes([0, 0, 8, 3, 0, 0, 0, NUM_IMAGES, 0, 0, 0, 28, 0, 0, 0, 28])


def test_encode_idx_rejects_arrays_that_are_not_uint8():
    with pytest.raises(ValueError, match="uint8"):
        encode_idx(IMAGES.astype(np.float32))


def test_valid_gzip_files_load_with_their_shapes_and_values(tmp_path):
    images = read_images(write(tmp_path / "images.gz", encode_idx(IMAGES)))
    labels = read_labels(write(tmp_path / "labels.gz", encode_idx(LABELS)))
    assert images.dtype == np.uint8 and images.shape == (NUM_IMAGES, 28, 28)
    np.testing.assert_array_equal(images, IMAGES)
    np.testing.assert_array_equal(labels, LABELS)


def test_uncompressed_idx_files_load_as_well(tmp_path):
    images = read_images(write(tmp_path / "images", encode_idx(IMAGES), compress=False))
    np.testing.assert_array_equal(images, IMAGES)


def test_matching_checksum_is_accepted(tmp_path):
    content = encode_idx(LABELS)
    labels = read_labels(write(tmp_path / "labels.gz", content), sha256=sha256_hex(content))
    np.testing.assert_array_equal(labels, LABELS)


def test_wrong_checksum_raises_naming_sha256_and_the_file(tmp_path):
    path = write(tmp_path / "labels.gz", encode_idx(LABELS))
    with pytest.raises(DataError, match="SHA-256") as error:
        read_labels(path, sha256="0" * 64)
    assert str(path) in str(error.value)
    assert "다시 내려받" in str(error.value)


def test_truncated_image_data_raises_saying_the_file_is_truncated(tmp_path):
    path = write(tmp_path / "images.gz", encode_idx(IMAGES)[:-100])
    with pytest.raises(DataError, match="잘렸습니다") as error:
        read_images(path)
    message = str(error.value)
    assert str(path) in message
    assert f"{NUM_IMAGES * 28 * 28:,}바이트" in message
    assert "지우고 다시 내려받" in message


def test_truncated_header_raises_saying_the_file_is_truncated(tmp_path):
    path = write(tmp_path / "images.gz", encode_idx(IMAGES)[:10])
    with pytest.raises(DataError, match="잘렸습니다"):
        read_images(path)


def test_file_shorter_than_magic_number_raises(tmp_path):
    with pytest.raises(DataError, match="매직 넘버"):
        read_labels(write(tmp_path / "labels.gz", b"\x00\x00"))


def test_trailing_bytes_after_the_declared_size_raise(tmp_path):
    path = write(tmp_path / "labels.gz", encode_idx(LABELS) + b"extra")
    with pytest.raises(DataError, match="남는 바이트가 5개"):
        read_labels(path)


def test_wrong_magic_number_raises_naming_found_and_expected_values(tmp_path):
    path = write(tmp_path / "images.gz", b"\x00\x00\x09\x03" + encode_idx(IMAGES)[4:])
    with pytest.raises(DataError, match="매직 넘버가 0x00000903") as error:
        read_images(path)
    assert "0x00000803" in str(error.value)


def test_labels_file_read_as_images_raises_about_the_number_of_dimensions(tmp_path):
    path = write(tmp_path / "labels.gz", encode_idx(LABELS))
    with pytest.raises(DataError, match="차원 수가 1") as error:
        read_images(path)
    assert "바뀌지 않았는지" in str(error.value)


def test_images_that_are_not_28_by_28_raise(tmp_path):
    path = write(tmp_path / "images.gz", encode_idx(IMAGES[:, :20, :20]))
    with pytest.raises(DataError, match="20x20"):
        read_images(path)


def test_labels_outside_0_to_9_raise(tmp_path):
    path = write(tmp_path / "labels.gz", encode_idx(np.array([1, 2, 10, 255], dtype=np.uint8)))
    with pytest.raises(DataError, match=r"0부터 9까지.*\[10, 255\]"):
        read_labels(path)


def test_mismatched_image_and_label_counts_raise_with_both_counts():
    with pytest.raises(DataError, match="이미지 수와 레이블 수가 다릅니다") as error:
        check_same_count(IMAGES, LABELS[:-2], "images.gz", "labels.gz")
    message = str(error.value)
    assert "images.gz에는 이미지가 12개" in message and "labels.gz에는 레이블이 10개" in message


def test_bad_gzip_raises_saying_it_cannot_be_decompressed(tmp_path):
    path = tmp_path / "images.gz"
    path.write_bytes(b"\x1f\x8b" + b"not really gzip" * 10)
    with pytest.raises(DataError, match="gzip 압축을 풀 수 없습니다") as error:
        read_images(path)
    assert str(path) in str(error.value)


def test_truncated_gzip_raises_saying_it_cannot_be_decompressed(tmp_path):
    path = tmp_path / "images.gz"
    path.write_bytes(gzip.compress(encode_idx(IMAGES))[:-50])
    with pytest.raises(DataError, match="gzip 압축을 풀 수 없습니다"):
        read_images(path)


def test_parse_idx_returns_array_without_copying():
    content = encode_idx(IMAGES)
    images = parse_idx(content, IMAGES_MAGIC, "memory")
    assert not images.flags.writeable
    np.testing.assert_array_equal(images, IMAGES)
    with pytest.raises(DataError, match="레이블 파일은 차원 수가 1"):
        parse_idx(content, LABELS_MAGIC, "memory")
