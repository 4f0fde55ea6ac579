"""연습 9: 소스를 보지 않고 신경망을 직접 다시 만들기. 단계마다 함수 하나를 쓰고 확인합니다.

채점기는 작은 무작위 입력 두 벌(크기가 다른 두 입력, 둘째는 TensorFlow 텐서)로 학생의 함수와 정답
(TensorFlow 연산)을 비교하고, 흔한 실수(편향을 빠뜨림, 패딩, 풀링, ReLU, 평균 대신 합, ...)와 같은
결과가 나오면 그 실수를 알려 줍니다. 둘째 입력에서는 그레이디언트가 입력까지 흐르는지도 봅니다:
NumPy로 계산한 층은 학습할 수 없기 때문입니다. 입력은 확인할 때마다 새로 만듭니다.
"""

from __future__ import annotations

import numpy as np

from cnn_course.korean import josa

from .core import Question, Wrong, as_accuracy, as_array, call

TOLERANCE = dict(rtol=1e-4, atol=1e-5)


def _tf():
    from cnn_course.environment import import_tensorflow

    return import_tensorflow()


def _close(a: np.ndarray, b) -> bool:
    b = np.asarray(b)
    return a.shape == b.shape and np.allclose(a, b, **TOLERANCE)


def _checked(result, name: str) -> np.ndarray:
    if isinstance(result, tuple):
        raise Wrong(f"{josa(f'`{name}`', '이/가')} 튜플(값 {len(result)}개)을 돌려줬어요. 텐서 하나만 돌려주세요.")
    return as_array(result, f"{name}의 결과")


def _run(function, name: str, inputs: tuple[np.ndarray, ...], as_tensors: bool, trained: int | None = None,
         **kwargs) -> np.ndarray:
    """학생 함수를 부릅니다. `as_tensors`이면 텐서를 넘기고, 결과에서 앞의 `trained`개 입력(기본: 모두)까지
    그레이디언트가 흐르는지 확인합니다(학습에 쓰이는 층은 TensorFlow 연산이어야 합니다)."""
    if not as_tensors:
        return _checked(call(function, name, *(a.copy() for a in inputs), **kwargs), name)
    tf = _tf()
    tensors = [tf.constant(a) for a in inputs]
    try:
        with tf.GradientTape(persistent=True) as tape:
            for tensor in tensors:
                tape.watch(tensor)
            result = call(function, name, *tensors, **kwargs)
    except Wrong as wrong:
        if "AttributeError" not in str(wrong):
            raise
        raise Wrong(f"TensorFlow 텐서를 넣었더니 오류가 났어요. 신경망 안에서는 텐서가 들어오므로 NumPy 메서드"
                    f"(x.reshape, x.dot) 대신 tf 연산(tf.reshape, tf.matmul)을 쓰세요. {wrong}") from None
    out = _checked(result, name)
    if not isinstance(result, (tf.Tensor, tf.Variable)):
        raise Wrong(f"{josa(f'`{name}`', '이/가')} 텐서가 아니라 {josa(type(result).__name__, '을/를')} 돌려줬어요. "
                    "NumPy로 계산하면 그레이디언트가 "
                    "끊겨 학습할 수 없어요. tf.nn, tf.reshape, tf.matmul 같은 TensorFlow 연산을 쓰세요.")
    missing = [i for i, t in enumerate(tensors[:trained]) if tape.gradient(result, t) is None]
    if missing:
        raise Wrong(f"`{name}`의 결과에서 입력 {', '.join(str(i + 1) for i in missing)}번째 인자까지 그레이디언트가 "
                    "흐르지 않아요. 중간에 NumPy로 바꾸거나(.numpy(), np 함수) 인자를 쓰지 않았나요?")
    return out


def _shape_reason(got: tuple, variants: dict[str, np.ndarray], reasons: dict[str, str]) -> str:
    for key, reason in reasons.items():
        if key in variants and variants[key].shape == got:
            return reason
    return ""


def _expect_shape(out: np.ndarray, right: np.ndarray, name: str, given: str, variants, reasons) -> None:
    if out.shape != right.shape:
        raise Wrong(f"입력 {given}에 대한 `{name}`의 결과 모양이 {josa(out.shape, '이에요/예요')}. "
                    + (_shape_reason(out.shape, variants, reasons) or
                       "크기나 이미지 수를 숫자로 박아 두지 않았는지, 입력의 모양에서 계산하는지 확인하세요."))


# ---------------------------------------------------------------- 1단계: 합성곱 층


def _conv_cases() -> list[tuple[np.ndarray, ...]]:
    """(x, weights, biases) 두 벌: 8×8 입력에 3×3 필터, 그리고 크기가 다른 6×10 입력에 5×5 필터."""
    rng = np.random.default_rng(12)
    cases = []
    for images, height, width, channels, size, filters in [(2, 8, 8, 3, 3, 4), (3, 6, 10, 2, 5, 3)]:
        x = rng.normal(size=(images, height, width, channels)).astype(np.float32)
        w = (0.5 * rng.normal(size=(size, size, channels, filters))).astype(np.float32)
        b = rng.normal(size=filters).astype(np.float32)
        cases.append((x, w, b))
    return cases


def _conv_variants(x, w, b) -> dict[str, np.ndarray]:
    tf = _tf()
    conv = tf.nn.conv2d(x, w, strides=1, padding="SAME")
    valid = tf.nn.conv2d(x, w, strides=1, padding="VALID")
    max_pool = lambda t, s=2: tf.nn.max_pool2d(t, ksize=2, strides=s, padding="SAME")  # noqa: E731
    return {
        "right": tf.nn.relu(max_pool(conv + b)).numpy(),
        "no_bias": tf.nn.relu(max_pool(conv)).numpy(),
        "no_relu": max_pool(conv + b).numpy(),
        "sigmoid": tf.nn.sigmoid(max_pool(conv + b)).numpy(),
        "avg": tf.nn.relu(tf.nn.avg_pool2d(conv + b, ksize=2, strides=2, padding="SAME")).numpy(),
        "stride": tf.nn.relu(tf.nn.conv2d(x, w, strides=2, padding="SAME") + b).numpy(),
        "no_pool": tf.nn.relu(conv + b).numpy(),
        "pool_stride_1": tf.nn.relu(max_pool(conv + b, 1)).numpy(),
        "valid": tf.nn.relu(max_pool(valid + b)).numpy(),
        "valid_no_pool": tf.nn.relu(valid + b).numpy(),
        "pool_twice": tf.nn.relu(max_pool(max_pool(conv + b))).numpy(),
    }


CONV_REASONS = {
    "no_bias": "편향(biases)을 더하지 않았어요.",
    "no_relu": "ReLU를 빠뜨렸어요. 결과에 음수가 남아 있어요.",
    "sigmoid": "ReLU 대신 시그모이드를 썼어요.",
    "avg": "최대 풀링 대신 평균 풀링을 썼어요. tf.nn.max_pool2d를 쓰세요.",
    "stride": "풀링 대신 스트라이드 2 합성곱을 썼어요. 스트라이드 1 합성곱 다음 2×2 최대 풀링이에요.",
    "pool_stride_1": "최대 풀링의 스트라이드가 1이에요. 2×2 최대 풀링은 두 칸씩(strides=2) 움직여요.",
}
CONV_SHAPE_REASONS = {
    "no_pool": "특성 맵이 줄지 않았어요. 2×2 최대 풀링(스트라이드 2)을 했나요?",
    "valid": "padding='VALID'로 합성곱을 했어요. 크기를 지키려면 padding='SAME'이에요.",
    "valid_no_pool": "padding='VALID'이고 풀링도 하지 않았어요.",
    "pool_twice": "크기가 너무 많이 줄었어요. 합성곱은 스트라이드 1, 풀링은 스트라이드 2예요.",
}


def _check_conv(my_conv_layer) -> str:
    for number, (x, w, b) in enumerate(_conv_cases()):
        out = _run(my_conv_layer, "my_conv_layer", (x, w, b), as_tensors=number == 1)
        variants = _conv_variants(x, w, b)
        right = variants["right"]
        if out.shape != right.shape and out.shape[:3] == right.shape[:3]:
            raise Wrong("출력 채널 수가 달라요. 필터 [높이, 너비, 입력 채널, 출력 채널]의 마지막 차원이 출력 채널이에요.")
        _expect_shape(out, right, "my_conv_layer", f"x{x.shape}", variants, CONV_SHAPE_REASONS)
        if _close(out, right):
            continue
        for key, reason in CONV_REASONS.items():
            if _close(out, variants[key]):
                raise Wrong(reason)
        raise Wrong("모양은 맞지만 값이 달라요. tf.nn.conv2d(x, weights, strides=1, padding='SAME') + biases, "
                    "tf.nn.max_pool2d(..., ksize=2, strides=2, padding='SAME'), tf.nn.relu 순서로 해 보세요.")
    return "합성곱 → 편향 → 2×2 최대 풀링 → ReLU. 풀링과 ReLU의 순서는 바꿔도 같아요(연습 5)."


# ---------------------------------------------------------------- 2단계: 평탄화


def _check_flatten(my_flatten) -> str:
    for number, shape in enumerate([(2, 3, 3, 4), (3, 2, 5, 3)]):
        x = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
        out = _run(my_flatten, "my_flatten", (x,), as_tensors=number == 1)
        n, features = shape[0], int(np.prod(shape[1:]))
        if out.shape != (n, features):
            reasons = {
                (n * features,): "이미지 수(배치) 차원이 사라졌어요. [이미지 수, -1]로 바꾸세요.",
                (1, n * features): "이미지 여러 장이 한 줄로 합쳐졌어요. 첫 차원은 이미지 수 그대로 두세요: "
                                   "[tf.shape(x)[0], -1].",
                (n, shape[1], shape[2] * shape[3]): "한 차원이 덜 펴졌어요. 이미지마다 높이 × 너비 × 채널을 한 줄로 펴세요.",
                (n, shape[1] * shape[2], shape[3]): "채널 차원이 남았어요. 이미지마다 높이 × 너비 × 채널을 한 줄로 펴세요.",
            }
            reason = reasons.get(out.shape, "이미지 수나 특성 수를 숫자로 박아 두지 말고 -1이나 입력의 모양으로 계산하세요.")
            raise Wrong(f"입력 x{shape}에 대한 결과 모양이 {josa(out.shape, '이에요/예요')}. {reason}")
        if np.array_equal(out, x.reshape(n, -1)):
            continue
        if np.array_equal(out, x.transpose(0, 3, 1, 2).reshape(n, -1)):
            raise Wrong("값의 순서가 달라요. 축을 바꾸지(transpose) 말고 tf.reshape만 쓰세요.")
        raise Wrong("모양은 맞지만 값이 달라요. tf.reshape(x, [tf.shape(x)[0], -1])처럼 순서를 바꾸지 않고 펴세요.")
    return "tf.reshape(x, [tf.shape(x)[0], -1]): 이미지마다 한 줄이 돼요."


# ---------------------------------------------------------------- 3단계: 완전 연결 층


def _check_fc(my_fc_layer) -> str:
    rng = np.random.default_rng(3)
    for number, (n, inputs, outputs) in enumerate([(3, 5, 4), (2, 7, 3)]):
        x = rng.normal(size=(n, inputs)).astype(np.float32)
        w = rng.normal(size=(inputs, outputs)).astype(np.float32)
        b = rng.normal(size=outputs).astype(np.float32)
        linear = x @ w + b
        relu = np.maximum(linear, 0)
        tensors = number == 1
        with_relu = _run(my_fc_layer, "my_fc_layer", (x, w, b), tensors, use_relu=True)
        if with_relu.shape != linear.shape:
            reason = {(n, inputs): "출력의 크기가 입력과 같아요. x @ weights로 곱하세요.",
                      (outputs, n): "결과가 뒤집혔어요(전치). tf.matmul(x, weights)의 순서로 곱하세요."}
            raise Wrong(f"입력 x{x.shape}, weights{w.shape}에 대한 결과 모양이 {josa(with_relu.shape, '이에요/예요')}. "
                        + reason.get(with_relu.shape, "x @ weights + biases의 모양은 [이미지 수, 출력 수]예요."))
        if _close(with_relu, np.maximum(x @ w, 0)):
            raise Wrong("편향(biases)을 더하지 않았어요.")
        if _close(with_relu, linear):
            raise Wrong("use_relu=True인데 ReLU를 하지 않았어요.")
        if _close(with_relu, 1 / (1 + np.exp(-linear))):
            raise Wrong("ReLU 대신 시그모이드를 썼어요.")
        if not _close(with_relu, relu):
            raise Wrong("use_relu=True일 때 값이 달라요. relu(x @ weights + biases)를 계산하세요.")
        without = _run(my_fc_layer, "my_fc_layer", (x, w, b), tensors, use_relu=False)
        if _close(without, relu):
            raise Wrong("use_relu=False일 때도 ReLU를 했어요. 마지막 층(로짓)에는 활성화 함수가 없어야 해요.")
        if not _close(without, linear):
            raise Wrong("use_relu=False일 때 값이 달라요. x @ weights + biases만 돌려주세요.")
        default = _run(my_fc_layer, "my_fc_layer", (x, w, b), tensors)
        if not _close(default, relu):
            raise Wrong("use_relu를 주지 않았을 때 ReLU를 하지 않아요. 기본값은 use_relu=True예요(은닉 층).")
    return "use_relu=False는 마지막 층(로짓)에 써요."


# ---------------------------------------------------------------- 4단계: 비용


def _cost_cases() -> list[tuple[np.ndarray, np.ndarray]]:
    """(logits, labels) 두 벌: 이미지 4장 클래스 10개, 이미지 6장 클래스 3개."""
    rng = np.random.default_rng(4)
    cases = []
    for n, classes, labels in [(4, 10, [3, 0, 7, 7]), (6, 3, [2, 0, 1, 1, 2, 0])]:
        logits = (2 * rng.normal(size=(n, classes))).astype(np.float32)
        cases.append((logits, np.eye(classes, dtype=np.float32)[labels]))
    return cases


def _cross_entropy(labels, logits) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(labels * log_softmax).sum(axis=1)


def _softmax(logits) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _check_cost(my_cost) -> str:
    for number, (logits, labels) in enumerate(_cost_cases()):
        n = len(logits)
        out = _run(my_cost, "my_cost", (logits, labels), as_tensors=number == 1, trained=1)
        per_image = _cross_entropy(labels, logits)
        if out.shape == (n,):
            raise Wrong(f"이미지마다 비용 {n}개를 돌려줬어요. 배치 평균(tf.reduce_mean)인 수 하나를 돌려주세요.")
        if out.size != 1:
            raise Wrong(f"결과의 모양이 {josa(out.shape, '이에요/예요')}. 배치 평균인 수 하나를 돌려주세요.")
        value = float(out.reshape(()))
        if np.isclose(value, per_image.mean(), rtol=1e-4):
            continue
        reasons = [
            (per_image.sum(), "배치의 합이 아니라 평균을 내세요(tf.reduce_mean)."),
            (_cross_entropy(labels, _softmax(logits)).mean(),
             "소프트맥스를 두 번 했어요. softmax_cross_entropy_with_logits에는 소프트맥스 전의 로짓을 넣으세요."),
            (_cross_entropy(_softmax(logits), labels).mean(),
             "labels와 logits를 바꿔 넣었어요. labels=정답(원-핫), logits=신경망의 출력이에요."),
            (-per_image.mean(), "부호가 반대예요. 교차 엔트로피는 음수가 될 수 없어요."),
        ]
        for wrong_value, reason in reasons:
            if np.isclose(value, wrong_value, rtol=1e-4):
                raise Wrong(reason)
        if any(np.isclose(value, per_image.sum() / k, rtol=1e-4) for k in range(2, 129) if k != n):
            raise Wrong("이미지 수를 숫자로 박아 두고 나눴어요. 배치 크기는 바뀌므로 tf.reduce_mean으로 평균을 내세요.")
        if value < 0:
            raise Wrong(f"비용이 {value:.3f}로 음수예요. 교차 엔트로피는 0 이상이에요.")
        raise Wrong("비용 값이 달라요. 교차 엔트로피는 -Σ 정답 × log(소프트맥스(로짓))을 이미지마다 구해 평균낸 값이에요: "
                    "tf.nn.softmax_cross_entropy_with_logits와 tf.reduce_mean을 쓰세요.")
    return "로짓에서 바로 계산하는 softmax_cross_entropy_with_logits가 수치적으로 안정해요."


# ---------------------------------------------------------------- 5단계: 학습

ITERATIONS = 500
# 학습률 1e-4인 Adam으로 500번 학습한 6장의 신경망의 테스트 정확도는 90% 안팎(패키지 91.5%,
# 풀이 노트북 89.7%)입니다. 초깃값과 배치가 달라도 이 범위를 벗어나지 않습니다.
ACCURACY_RANGE = (0.85, 0.97)


def _check_accuracy(rebuilt_accuracy) -> str:
    acc = as_accuracy(rebuilt_accuracy, "rebuilt_accuracy")
    low, high = ACCURACY_RANGE
    if acc < 0.2:
        raise Wrong(f"정확도가 {acc:.1%}로 무작위로 고르는 것(10%)과 비슷해요. 학습이 되지 않았어요: "
                    "옵티마이저에 모든 가중치와 편향을 넘겼나요? 비용에 로짓을 넣었나요?")
    if acc < low:
        raise Wrong(f"정확도가 {acc:.1%}예요. 학습은 되고 있어요. {ITERATIONS}번 학습했나요? "
                    "마지막 층에 ReLU를 쓰지 않았나요(연습 8)?")
    if acc > high:
        raise Wrong(f"정확도가 {acc:.1%}예요. 학습률 1e-4로 {ITERATIONS}번 학습한 신경망으로는 너무 높아요"
                    f"(그럴듯한 범위 {low:.0%}~{high:.0%}). {ITERATIONS}번보다 오래 학습했거나, 테스트 세트가 아닌 "
                    "훈련 이미지로 쟀거나, 값을 직접 적지 않았는지 확인하세요.")
    return "직접 만든 신경망이 패키지의 신경망처럼 학습해요."


q1 = Question(
    "1단계", "my_conv_layer", _check_conv,
    hints=["tf.nn.conv2d(x, weights, strides=1, padding='SAME')에 biases를 더하세요.",
           "그다음 tf.nn.max_pool2d(..., ksize=2, strides=2, padding='SAME'), 마지막으로 tf.nn.relu."],
)

q2 = Question(
    "2단계", "my_flatten", _check_flatten,
    hints=["[이미지 수, 높이, 너비, 채널] → [이미지 수, 높이 × 너비 × 채널]",
           "tf.reshape(x, [tf.shape(x)[0], -1]): 이미지 수는 그대로, 나머지(-1)는 알아서 계산해요."],
)

q3 = Question(
    "3단계", "my_fc_layer", _check_fc,
    hints=["tf.matmul(x, weights) + biases", "use_relu가 True일 때만 tf.nn.relu를 하세요."],
)

q4 = Question(
    "4단계", "my_cost", _check_cost,
    hints=["tf.nn.softmax_cross_entropy_with_logits(labels=..., logits=...)는 이미지마다 비용을 돌려줘요.",
           "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))"],
)

q5 = Question(
    "5단계", "rebuilt_accuracy", _check_accuracy,
    hints=["tf.GradientTape 안에서 로짓과 비용을 계산하고, optimizer.apply_gradients로 모든 변수를 바꾸세요.",
           "학습률 1e-4인 Adam, 배치 64로 500번이면 테스트 정확도가 90% 안팎이에요."],
)
