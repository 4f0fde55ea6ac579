"""cnn_course.drawing: 그린 그림을 MNIST처럼 28x28로 만드는 전처리(쪽의 drawing.js와 같은 계산)."""

from pathlib import Path

import numpy as np
import pytest

from cnn_course.drawing import BOX_SIZE, IMAGE_SIZE, bounding_box, center_of_mass, preprocess

COMMITTED = Path(__file__).resolve().parents[1] / "_static" / "demo"


def canvas_with(shape: np.ndarray, top: int, left: int, size: int = 280) -> np.ndarray:
    canvas = np.zeros((size, size))
    canvas[top:top + shape.shape[0], left:left + shape.shape[1]] = shape
    return canvas


def ring(size: int = 120, width: int = 14) -> np.ndarray:
    y, x = np.mgrid[:size, :size] - (size - 1) / 2
    r = np.hypot(y / 0.8, x)
    return ((r < size / 2) & (r > size / 2 - width)).astype(float)


def test_an_empty_drawing_gives_an_empty_image():
    image = preprocess(np.zeros((280, 280)))
    assert image.shape == (IMAGE_SIZE, IMAGE_SIZE) and not image.any()
    assert bounding_box(np.zeros((5, 5))) is None


def test_the_long_side_becomes_20_pixels_and_the_aspect_ratio_is_kept():
    image = preprocess(canvas_with(np.ones((200, 40)), 30, 100))  # 세로 200, 가로 40 -> 20 x 4
    rows = np.flatnonzero(image.max(axis=1) > 0)
    cols = np.flatnonzero(image.max(axis=0) > 1e-12)
    assert len(rows) == BOX_SIZE and len(cols) == 4
    np.testing.assert_allclose(image[image > 0], 1)


def test_area_averaging_keeps_the_amount_of_ink_and_greys_the_edges():
    shape = ring()
    image = preprocess(canvas_with(shape, 10, 10))
    scale = 120 / BOX_SIZE
    np.testing.assert_allclose(image.sum(), shape.sum() / scale**2)
    assert ((image > 0.05) & (image < 0.95)).sum() > 20  # 회색 가장자리(안티에일리어싱)
    assert image.max() <= 1


def test_the_centre_of_mass_lands_in_the_middle():
    shape = np.zeros((100, 100))
    shape[:, :20] = 1  # 왼쪽으로 치우친 무게
    shape[:20, :] = 1
    image = preprocess(canvas_with(shape, 50, 60))
    row, col = center_of_mass(image)
    assert abs(row - 13.5) <= 0.5 and abs(col - 13.5) <= 0.5


def test_position_and_size_on_the_canvas_do_not_matter():
    shape = ring(60, 7)
    a = preprocess(canvas_with(shape, 0, 0))
    b = preprocess(canvas_with(shape, 170, 95))
    c = preprocess(canvas_with(np.kron(shape, np.ones((3, 3))), 50, 50, size=400))  # 세 배 크게
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(a, c, atol=1e-12)


def test_the_box_never_leaves_the_image():
    shape = np.zeros((100, 100))
    shape[:3, :] = 1
    shape[:, -3:] = 1  # 무게가 오른쪽 위 끝에 몰린 모양
    image = preprocess(canvas_with(shape, 0, 0))
    assert np.isclose(image.sum(), shape.sum() / 25)  # 잘려 나간 잉크가 없습니다


def test_a_drawing_must_be_two_dimensional():
    with pytest.raises(ValueError, match="2차원"):
        preprocess(np.zeros((28, 28, 4)))


def test_mnist_digits_drawn_large_still_look_like_mnist_to_the_network(mnist):
    """MNIST 숫자를 10배로 키워 '그린' 다음 전처리해도, 내보낸 신경망은 대부분 같은 답을 냅니다."""
    from cnn_course.export import forward, load_export

    loaded = load_export(COMMITTED)
    originals = mnist.x_test[:200].reshape(-1, 28, 28)
    redrawn = np.stack([preprocess(np.kron(image, np.ones((10, 10)))) for image in originals])
    before = forward(loaded, originals)["probabilities"].argmax(axis=1)
    after = forward(loaded, redrawn)["probabilities"].argmax(axis=1)
    assert (before == after).mean() >= 0.95
    shifts = [np.abs(np.subtract(center_of_mass(a), center_of_mass(b))).max() for a, b in zip(originals, redrawn)]
    assert np.median(shifts) < 1.0
