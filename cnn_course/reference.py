"""NumPy로 직접 쓴 참고용 연산: 합성곱, 풀링, 활성화 함수.

TensorFlow 없이 합성곱 신경망의 연산을 한 줄씩 따라가 보기 위한 코드입니다. 속도보다 읽기
쉬운 것을 우선하되, 결과는 TensorFlow의 `tf.nn.conv2d`, `tf.nn.max_pool2d`,
`tf.nn.avg_pool2d`와 같습니다(테스트가 확인합니다).

텐서의 모양은 TensorFlow와 같습니다.

- 입력 x: [N, H, W, C_in] (이미지 수, 높이, 너비, 입력 채널)
- 필터 w: [kh, kw, C_in, C_out] (필터 높이, 필터 너비, 입력 채널, 출력 채널)
"""

from __future__ import annotations

import math

import numpy as np

from .korean import josa
from .validation import check_int

PADDINGS = ("SAME", "VALID")


def _pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """정수 하나 또는 (세로, 가로) 쌍을 (세로, 가로) 쌍으로 바꿉니다."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"{josa(name, '은/는')} 정수 하나 또는 (세로, 가로) 두 정수여야 합니다(받은 값: {value!r})."
            )
        return (
            check_int(f"{name}의 세로 값", value[0], low=1),
            check_int(f"{name}의 가로 값", value[1], low=1),
        )
    size = check_int(name, value, low=1)
    return size, size


def _check_padding(padding: str) -> str:
    if padding not in PADDINGS:
        raise ValueError(
            f"padding은 'SAME' 또는 'VALID'여야 합니다(받은 값: {padding!r}). "
            "대문자로 쓰세요."
        )
    return padding


def _check_images(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(
            f"입력은 [이미지 수, 높이, 너비, 채널] 모양의 4차원 배열이어야 하는데 "
            f"{x.ndim}차원입니다(모양 {x.shape}). 이미지 한 장이면 x[np.newaxis]처럼 "
            "앞에 차원을 하나 더하세요."
        )
    return x


def output_size(
    input_size: int, filter_size: int, stride: int = 1, padding: str = "SAME"
) -> int:
    """합성곱이나 풀링 뒤 출력의 크기(한 방향)를 계산합니다.

    - SAME:  ceil(n / s)
    - VALID: floor((n - k) / s) + 1

    n은 입력 크기, k는 필터 크기, s는 스트라이드입니다.
    """
    n = check_int("input_size", input_size, low=1)
    k = check_int("filter_size", filter_size, low=1)
    s = check_int("stride", stride, low=1)
    if _check_padding(padding) == "SAME":
        return math.ceil(n / s)
    if k > n:
        raise ValueError(
            f"VALID 패딩에서는 필터 크기({k})가 입력 크기({n})보다 클 수 없습니다. "
            "필터를 줄이거나 padding='SAME'을 쓰세요."
        )
    return (n - k) // s + 1


def _padding_amounts(n: int, k: int, s: int, padding: str) -> tuple[int, int]:
    """한 방향의 (앞, 뒤) 패딩 양. SAME은 TensorFlow처럼 남는 한 칸을 뒤(아래, 오른쪽)에 둡니다."""
    if padding == "VALID":
        return 0, 0
    total = max((output_size(n, k, s, padding) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def _zero_pad(
    x: np.ndarray, k: tuple[int, int], s: tuple[int, int], padding: str
) -> np.ndarray:
    """x [N, H, W, C]의 높이와 너비 둘레를 0으로 채웁니다(제로 패딩)."""
    top, bottom = _padding_amounts(x.shape[1], k[0], s[0], padding)
    left, right = _padding_amounts(x.shape[2], k[1], s[1], padding)
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    stride: int | tuple[int, int] = 1,
    padding: str = "SAME",
) -> np.ndarray:
    """2차원 합성곱(convolution). `tf.nn.conv2d`와 같은 결과를 냅니다.

    출력의 위치 (i, j), 출력 채널 o마다 필터와 그 아래 입력 조각의 내적을 구합니다.

        y[n, i, j, o] = sum_{a, b, c} x_pad[n, i*sy + a, j*sx + b, c] * w[a, b, c, o]

    x: [N, H, W, C_in], w: [kh, kw, C_in, C_out] -> y: [N, H_out, W_out, C_out]
    """
    x = _check_images(x)
    w = np.asarray(w)
    if w.ndim != 4:
        raise ValueError(
            f"필터는 [필터 높이, 필터 너비, 입력 채널, 출력 채널] 모양의 4차원 배열이어야 "
            f"하는데 {w.ndim}차원입니다(모양 {w.shape})."
        )
    if x.shape[3] != w.shape[2]:
        raise ValueError(
            f"입력 채널 수가 맞지 않습니다: 입력은 {x.shape[3]}채널인데 필터는 "
            f"{w.shape[2]}채널을 받습니다. 필터 모양의 세 번째 값을 입력 채널 수와 같게 하세요."
        )
    sy, sx = _pair(stride, "stride")
    padding = _check_padding(padding)
    kh, kw = w.shape[0], w.shape[1]
    out_h = output_size(x.shape[1], kh, sy, padding)
    out_w = output_size(x.shape[2], kw, sx, padding)

    x_pad = _zero_pad(x, (kh, kw), (sy, sx), padding)
    w_flat = w.reshape(kh * kw * w.shape[2], w.shape[3])  # [kh*kw*C_in, C_out]
    y = np.zeros((x.shape[0], out_h, out_w, w.shape[3]), dtype=np.result_type(x, w))
    for i in range(out_h):
        for j in range(out_w):
            window = x_pad[:, i * sy : i * sy + kh, j * sx : j * sx + kw, :]
            y[:, i, j, :] = window.reshape(x.shape[0], -1) @ w_flat  # 내적
    return y


def _pool(
    x: np.ndarray,
    size: int | tuple[int, int],
    stride: int | tuple[int, int],
    padding: str,
    kind: str,
) -> np.ndarray:
    """최대 풀링과 평균 풀링이 함께 쓰는 부분. 창은 이미지 안의 값만 봅니다."""
    x = _check_images(x)
    ky, kx = _pair(size, "size")
    sy, sx = _pair(stride, "stride")
    padding = _check_padding(padding)
    height, width = x.shape[1], x.shape[2]
    out_h = output_size(height, ky, sy, padding)
    out_w = output_size(width, kx, sx, padding)
    top, _ = _padding_amounts(height, ky, sy, padding)
    left, _ = _padding_amounts(width, kx, sx, padding)

    reduce = np.max if kind == "max" else np.mean
    dtype = x.dtype if kind == "max" else np.result_type(x.dtype, np.float32)
    y = np.empty((x.shape[0], out_h, out_w, x.shape[3]), dtype=dtype)
    for i in range(out_h):
        for j in range(out_w):
            # 창의 범위를 원래 이미지 좌표로 구하고, 패딩 부분은 잘라 냅니다.
            row0, col0 = i * sy - top, j * sx - left
            window = x[:, max(row0, 0) : row0 + ky, max(col0, 0) : col0 + kx, :]
            y[:, i, j, :] = reduce(window, axis=(1, 2))
    return y


def max_pool(
    x: np.ndarray,
    size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] = 2,
    padding: str = "SAME",
) -> np.ndarray:
    """최대 풀링(max pooling). 창마다 가장 큰 값을 고릅니다. `tf.nn.max_pool2d`와 같습니다.

        y[n, i, j, c] = max_{a, b} x[n, i*sy + a, j*sx + b, c]

    패딩한 자리는 최댓값 후보에 넣지 않습니다.
    """
    return _pool(x, size, stride, padding, "max")


def avg_pool(
    x: np.ndarray,
    size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] = 2,
    padding: str = "SAME",
) -> np.ndarray:
    """평균 풀링(average pooling). 창마다 평균을 냅니다. `tf.nn.avg_pool2d`와 같습니다.

        y[n, i, j, c] = mean_{a, b} x[n, i*sy + a, j*sx + b, c]

    SAME 패딩에서 가장자리 창은 패딩한 0을 빼고, 이미지 안의 값만으로 평균을 냅니다.
    """
    return _pool(x, size, stride, padding, "avg")


def relu(x: np.ndarray) -> np.ndarray:
    """ReLU(정류 선형 유닛): relu(x) = max(0, x)."""
    return np.maximum(np.asarray(x), 0)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """시그모이드: sigmoid(x) = 1 / (1 + exp(-x))."""
    x = np.asarray(x, dtype=float)
    # exp(-x)는 x가 아주 작으면 넘칩니다. z = exp(-|x|)는 0과 1 사이라 넘치지 않습니다.
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + z), z / (1 + z))
