"""NumPy 참고 연산이 TensorFlow와, 그리고 손으로 계산한 값과 같은지 확인합니다."""

import time

import numpy as np
import pytest

from cnn_course.reference import avg_pool, conv2d, max_pool, output_size, relu, sigmoid

# float32에서 더하는 순서만 다르므로 차이는 반올림 오차뿐입니다. 둘째 합성곱 층은 한 출력에
# 크기 1 안팎의 곱 400개를 더하므로(합의 절댓값 약 300 x 기계 엡실론 1.2e-7) 절대 오차를
# 1e-4까지 허용합니다.
RTOL, ATOL = 1e-5, 1e-4


@pytest.fixture(scope="module")
def tf():
    from cnn_course.environment import import_tensorflow

    return import_tensorflow()


def random_inputs(seed, x_shape, w_shape):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape).astype(np.float32)
    w = rng.standard_normal(w_shape).astype(np.float32)
    return x, w


CONV_CASES = [
    # (입력 모양, 필터 모양, 스트라이드)
    ((2, 9, 9, 1), (3, 3, 1, 4), 1),  # 홀수 필터
    ((2, 9, 9, 3), (4, 4, 3, 5), 1),  # 짝수 필터: SAME 패딩이 비대칭
    ((1, 10, 11, 3), (5, 5, 3, 2), 2),  # 짝수 입력, 스트라이드 2
    ((1, 9, 8, 2), (2, 3, 2, 3), 2),  # 직사각형 필터
    ((2, 7, 7, 4), (3, 2, 4, 6), (2, 1)),  # 세로와 가로 스트라이드가 다름
    ((1, 28, 28, 1), (5, 5, 1, 16), 1),  # 강좌의 첫 합성곱 층
    ((1, 14, 14, 16), (5, 5, 16, 36), 1),  # 강좌의 둘째 합성곱 층
]


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("x_shape, w_shape, stride", CONV_CASES)
def test_conv2d_matches_tensorflow(tf, x_shape, w_shape, stride, padding):
    x, w = random_inputs(0, x_shape, w_shape)
    strides = list(stride) if isinstance(stride, tuple) else stride
    expected = tf.nn.conv2d(x, w, strides=strides, padding=padding).numpy()
    result = conv2d(x, w, stride=stride, padding=padding)
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=RTOL, atol=ATOL)


POOL_CASES = [
    # (입력 모양, 창 크기, 스트라이드)
    ((2, 28, 28, 3), 2, 2),
    ((1, 7, 7, 2), 2, 2),  # 홀수 입력: SAME이면 마지막 창에 패딩이 들어감
    ((1, 9, 10, 1), 3, 2),
    ((1, 8, 7, 2), (3, 2), (1, 2)),
]


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("x_shape, size, stride", POOL_CASES)
def test_max_pool_matches_tensorflow(tf, x_shape, size, stride, padding):
    x, _ = random_inputs(1, x_shape, (1,))
    expected = tf.nn.max_pool2d(x, ksize=size, strides=stride, padding=padding).numpy()
    np.testing.assert_array_equal(max_pool(x, size, stride, padding), expected)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("x_shape, size, stride", POOL_CASES)
def test_avg_pool_matches_tensorflow(tf, x_shape, size, stride, padding):
    x, _ = random_inputs(2, x_shape, (1,))
    expected = tf.nn.avg_pool2d(x, ksize=size, strides=stride, padding=padding).numpy()
    np.testing.assert_allclose(avg_pool(x, size, stride, padding), expected, rtol=RTOL, atol=ATOL)


def test_avg_pool_same_averages_only_real_pixels():
    x = np.arange(9, dtype=float).reshape(1, 3, 3, 1)  # 0..8
    result = avg_pool(x, 2, 2, "SAME")[0, :, :, 0]
    # 오른쪽 아래 창에는 실제 픽셀 8 하나뿐이므로 평균은 8(0을 셌다면 2).
    np.testing.assert_array_equal(result, [[2.0, 3.5], [6.5, 8.0]])


@pytest.mark.parametrize("shape", [(1, 28, 28, 1), (2, 9, 9, 3)])
def test_conv2d_with_delta_kernel_returns_input(shape):
    x, _ = random_inputs(3, shape, (1,))
    channels = shape[3]
    w = np.zeros((3, 3, channels, channels), dtype=np.float32)
    for c in range(channels):
        w[1, 1, c, c] = 1.0  # 가운데만 1인 필터
    np.testing.assert_array_equal(conv2d(x, w), x)


def test_conv2d_with_ones_kernel_sums_each_neighbourhood():
    x = np.arange(1, 10, dtype=float).reshape(1, 3, 3, 1)  # [[1,2,3],[4,5,6],[7,8,9]]
    w = np.ones((3, 3, 1, 1))
    same = conv2d(x, w, padding="SAME")[0, :, :, 0]
    # 손으로 계산: 각 픽셀과 이웃(이미지 안에 있는 것만)의 합
    np.testing.assert_array_equal(same, [[12, 21, 16], [27, 45, 33], [24, 39, 28]])
    valid = conv2d(x, w, padding="VALID")[0, :, :, 0]
    np.testing.assert_array_equal(valid, [[45]])


def test_conv2d_even_kernel_pads_more_at_bottom_right():
    x = np.arange(1, 5, dtype=float).reshape(1, 2, 2, 1)  # [[1,2],[3,4]]
    w = np.ones((2, 2, 1, 1))
    # 필터 2x2, 스트라이드 1: 패딩 한 칸은 모두 아래와 오른쪽에 붙습니다.
    np.testing.assert_array_equal(conv2d(x, w)[0, :, :, 0], [[10, 6], [7, 4]])


def test_max_pool_picks_largest_value_in_each_window():
    x = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 0, 1, 1], [9, 0, 1, 7]], dtype=float)
    result = max_pool(x.reshape(1, 4, 4, 1))[0, :, :, 0]
    np.testing.assert_array_equal(result, [[5, 8], [9, 7]])


def test_conv2d_course_layer_is_fast():
    x, w = random_inputs(4, (1, 28, 28, 1), (5, 5, 1, 16))
    start = time.perf_counter()
    conv2d(x, w)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    "n, k, s, padding, expected",
    [
        (28, 5, 1, "SAME", 28),
        (28, 2, 2, "SAME", 14),
        (7, 2, 2, "SAME", 4),
        (28, 5, 1, "VALID", 24),
        (28, 2, 2, "VALID", 14),
        (7, 2, 2, "VALID", 3),
        (10, 5, 3, "VALID", 2),
    ],
)
def test_output_size_follows_the_formula(n, k, s, padding, expected):
    assert output_size(n, k, s, padding) == expected


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("n, k, s", [(28, 5, 1), (28, 2, 2), (7, 2, 2), (10, 4, 3), (9, 3, 2)])
def test_output_size_matches_tensorflow_shapes(tf, n, k, s, padding):
    x = np.zeros((1, n, n, 1), dtype=np.float32)
    w = np.zeros((k, k, 1, 1), dtype=np.float32)
    shape = tf.nn.conv2d(x, w, strides=s, padding=padding).shape
    assert shape[1] == shape[2] == output_size(n, k, s, padding)


def test_relu_and_sigmoid_values():
    np.testing.assert_array_equal(relu(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(sigmoid(np.array([0.0, 2.0, -2.0])), [0.5, 0.8807970779778823, 0.11920292202211755])
    with np.errstate(over="raise"):
        np.testing.assert_allclose(sigmoid(np.array([-1000.0, 1000.0])), [0.0, 1.0])


X, W = np.zeros((1, 8, 8, 1)), np.zeros((3, 3, 1, 1))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: conv2d(np.zeros((28, 28)), np.zeros((5, 5, 1, 16))), "4차원"),
        (lambda: conv2d(X, np.zeros((5, 5, 16))), "4차원"),
        (lambda: conv2d(np.zeros((1, 8, 8, 3)), W), "입력 채널 수가 맞지 않습니다"),
        (lambda: conv2d(X, W, padding="same"), "'SAME' 또는 'VALID'"),
        (lambda: conv2d(X, W, stride=0), "stride"),
        (lambda: conv2d(X, W, stride=1.5), "stride"),
        (lambda: conv2d(X, W, stride=(1, 2, 3)), "stride"),
        (lambda: conv2d(np.zeros((1, 2, 2, 1)), W, padding="VALID"), "필터 크기"),
        (lambda: max_pool(X, size=0), "size"),
        (lambda: avg_pool(np.zeros((8, 8)), 2, 2), "4차원"),
        (lambda: output_size(28, 5, -1), "stride"),
    ],
)
def test_invalid_inputs_raise_clear_korean_errors(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
