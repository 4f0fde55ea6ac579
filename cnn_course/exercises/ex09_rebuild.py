"""연습 12: 소스를 보지 않고 신경망을 직접 다시 만들기. 단계마다 함수 하나를 쓰고 확인합니다.

채점기는 작은 무작위 입력으로 학생의 함수와 정답(TensorFlow 연산)을 비교하고, 흔한 실수
(편향을 빠뜨림, 패딩, 풀링, ReLU, 평균 대신 합, ...)와 같은 결과가 나오면 그 실수를 알려 줍니다.
"""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_accuracy, as_array, call, check_shape

TOLERANCE = dict(rtol=1e-4, atol=1e-5)


def _tf():
    from cnn_course.environment import import_tensorflow

    return import_tensorflow()


def _close(a: np.ndarray, b) -> bool:
    b = np.asarray(b)
    return a.shape == b.shape and np.allclose(a, b, **TOLERANCE)


def _result(function, name: str, *args, **kwargs) -> np.ndarray:
    result = call(function, name, *args, **kwargs)
    if isinstance(result, tuple):
        raise Wrong(f"`{name}`이(가) 튜플(값 {len(result)}개)을 돌려줬어요. 텐서 하나만 돌려주세요.")
    return as_array(result, f"{name}의 결과")


# ---------------------------------------------------------------- 1단계: 합성곱 층


def _conv_case():
    rng = np.random.default_rng(12)
    x = rng.normal(size=(2, 8, 8, 3)).astype(np.float32)
    w = (0.5 * rng.normal(size=(3, 3, 3, 4))).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    return x, w, b


def _conv_variants(x, w, b) -> dict[str, np.ndarray]:
    tf = _tf()
    conv = tf.nn.conv2d(x, w, strides=1, padding="SAME")
    max_pool = lambda t: tf.nn.max_pool2d(t, ksize=2, strides=2, padding="SAME")  # noqa: E731
    return {
        "right": tf.nn.relu(max_pool(conv + b)).numpy(),
        "no_bias": tf.nn.relu(max_pool(conv)).numpy(),
        "no_relu": max_pool(conv + b).numpy(),
        "sigmoid": tf.nn.sigmoid(max_pool(conv + b)).numpy(),
        "avg": tf.nn.relu(tf.nn.avg_pool2d(conv + b, ksize=2, strides=2, padding="SAME")).numpy(),
        "stride": tf.nn.relu(tf.nn.conv2d(x, w, strides=2, padding="SAME") + b).numpy(),
    }


CONV_REASONS = {
    "no_bias": "편향(biases)을 더하지 않았어요.",
    "no_relu": "ReLU를 빠뜨렸어요. 결과에 음수가 남아 있어요.",
    "sigmoid": "ReLU 대신 시그모이드를 썼어요.",
    "avg": "최대 풀링 대신 평균 풀링을 썼어요. tf.nn.max_pool2d를 쓰세요.",
    "stride": "풀링 대신 스트라이드 2 합성곱을 썼어요. 스트라이드 1 합성곱 다음 2x2 최대 풀링이에요.",
}


def _check_conv(my_conv_layer) -> str:
    x, w, b = _conv_case()
    out = _result(my_conv_layer, "my_conv_layer", x.copy(), w.copy(), b.copy())
    check_shape(out, (2, 4, 4, 4), "my_conv_layer의 결과", {
        (2, 8, 8, 4): "특성 맵이 줄지 않았어요. 2x2 최대 풀링(스트라이드 2)을 했나요?",
        (2, 3, 3, 4): "padding='VALID'로 합성곱을 했어요. 크기를 지키려면 padding='SAME'이에요.",
        (2, 6, 6, 4): "padding='VALID'이고 풀링도 하지 않았어요.",
        (2, 2, 2, 4): "크기가 너무 많이 줄었어요. 합성곱은 스트라이드 1, 풀링은 스트라이드 2예요.",
        (2, 4, 4, 3): "출력 채널 수가 입력 채널 수와 같아요. 필터 [3, 3, 3, 4]의 마지막 차원이 출력 채널이에요.",
    })
    variants = _conv_variants(x, w, b)
    if _close(out, variants["right"]):
        return "합성곱 → 편향 → 2x2 최대 풀링 → ReLU. 풀링과 ReLU의 순서는 바꿔도 같아요(연습 5)."
    for key, reason in CONV_REASONS.items():
        if _close(out, variants[key]):
            raise Wrong(reason)
    raise Wrong("모양은 맞지만 값이 달라요. tf.nn.conv2d(x, weights, strides=1, padding='SAME') + biases, "
                "tf.nn.max_pool2d(..., ksize=2, strides=2, padding='SAME'), tf.nn.relu 순서로 해 보세요.")


# ---------------------------------------------------------------- 2단계: 평탄화


def _check_flatten(my_flatten) -> str:
    x = np.arange(2 * 3 * 3 * 4, dtype=np.float32).reshape(2, 3, 3, 4)
    out = _result(my_flatten, "my_flatten", x.copy())
    check_shape(out, (2, 36), "my_flatten의 결과", {
        (72,): "이미지 수(배치) 차원이 사라졌어요. [이미지 수, -1]로 바꾸세요.",
        (1, 72): "이미지 두 장이 한 줄로 합쳐졌어요. 첫 차원은 이미지 수 그대로 두세요: [tf.shape(x)[0], -1].",
        (2, 3, 12): "한 차원이 덜 펴졌어요. 이미지마다 높이 x 너비 x 채널을 한 줄로 펴세요.",
        (2, 9, 4): "채널 차원이 남았어요. 이미지마다 높이 x 너비 x 채널을 한 줄로 펴세요.",
    })
    if np.array_equal(out, x.reshape(2, -1)):
        return "tf.reshape(x, [-1, 높이 x 너비 x 채널]): 이미지마다 한 줄이 돼요."
    if np.array_equal(out, x.transpose(0, 3, 1, 2).reshape(2, -1)):
        raise Wrong("값의 순서가 달라요. 축을 바꾸지(transpose) 말고 tf.reshape만 쓰세요.")
    raise Wrong("모양은 맞지만 값이 달라요. tf.reshape(x, [tf.shape(x)[0], -1])처럼 순서를 바꾸지 않고 펴세요.")


# ---------------------------------------------------------------- 3단계: 완전 연결 층


def _check_fc(my_fc_layer) -> str:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 5)).astype(np.float32)
    w = rng.normal(size=(5, 4)).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    linear = x @ w + b
    with_relu = _result(my_fc_layer, "my_fc_layer", x.copy(), w.copy(), b.copy(), use_relu=True)
    check_shape(with_relu, (3, 4), "my_fc_layer의 결과", {
        (3, 5): "출력의 크기가 입력과 같아요. x @ weights로 곱하세요([3, 5] @ [5, 4] = [3, 4]).",
        (4, 3): "결과가 뒤집혔어요(전치). tf.matmul(x, weights)의 순서로 곱하세요.",
    })
    if _close(with_relu, np.maximum(x @ w, 0)):
        raise Wrong("편향(biases)을 더하지 않았어요.")
    if _close(with_relu, linear):
        raise Wrong("use_relu=True인데 ReLU를 하지 않았어요.")
    if _close(with_relu, 1 / (1 + np.exp(-linear))):
        raise Wrong("ReLU 대신 시그모이드를 썼어요.")
    if not _close(with_relu, np.maximum(linear, 0)):
        raise Wrong("use_relu=True일 때 값이 달라요. relu(x @ weights + biases)를 계산하세요.")
    without = _result(my_fc_layer, "my_fc_layer", x.copy(), w.copy(), b.copy(), use_relu=False)
    if _close(without, np.maximum(linear, 0)):
        raise Wrong("use_relu=False일 때도 ReLU를 했어요. 마지막 층(로짓)에는 활성화 함수가 없어야 해요.")
    if not _close(without, linear):
        raise Wrong("use_relu=False일 때 값이 달라요. x @ weights + biases만 돌려주세요.")
    return "use_relu=False는 마지막 층(로짓)에 써요."


# ---------------------------------------------------------------- 4단계: 비용


def _cost_case():
    rng = np.random.default_rng(4)
    logits = (2 * rng.normal(size=(4, 10))).astype(np.float32)
    labels = np.eye(10, dtype=np.float32)[[3, 0, 7, 7]]
    return logits, labels


def _cross_entropy(labels, logits) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(labels * log_softmax).sum(axis=1)


def _softmax(logits) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _check_cost(my_cost) -> str:
    logits, labels = _cost_case()
    out = _result(my_cost, "my_cost", logits.copy(), labels.copy())
    per_image = _cross_entropy(labels, logits)
    if out.shape == (4,):
        raise Wrong("이미지마다 비용 4개를 돌려줬어요. 배치 평균(tf.reduce_mean)인 수 하나를 돌려주세요.")
    if out.size != 1:
        raise Wrong(f"결과의 모양이 {out.shape}예요. 배치 평균인 수 하나를 돌려주세요.")
    value = float(out.reshape(()))
    if np.isclose(value, per_image.mean(), rtol=1e-4):
        return "로짓에서 바로 계산하는 softmax_cross_entropy_with_logits가 수치적으로 안정해요."
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
    if value < 0:
        raise Wrong(f"비용이 {value:.3f}로 음수예요. 교차 엔트로피는 0 이상이에요.")
    raise Wrong(f"비용이 {value:.4f}인데 {per_image.mean():.4f}이어야 해요. "
                "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))")


# ---------------------------------------------------------------- 5단계: 학습


def _check_accuracy(rebuilt_accuracy) -> str:
    acc = as_accuracy(rebuilt_accuracy, "rebuilt_accuracy")
    if acc < 0.2:
        raise Wrong(f"정확도가 {acc:.1%}로 무작위로 고르는 것(10%)과 비슷해요. 학습이 되지 않았어요: "
                    "옵티마이저에 모든 가중치와 편향을 넘겼나요? 비용에 로짓을 넣었나요?")
    if acc < 0.85:
        raise Wrong(f"정확도가 {acc:.1%}예요. 학습은 되고 있어요. 500번 이상 학습했나요? "
                    "마지막 층에 ReLU를 쓰지 않았나요(연습 9)?")
    return "직접 만든 신경망이 패키지의 신경망처럼 학습해요."


q1 = Question(
    "1단계", "my_conv_layer", _check_conv,
    hints=["tf.nn.conv2d(x, weights, strides=1, padding='SAME')에 biases를 더하세요.",
           "그다음 tf.nn.max_pool2d(..., ksize=2, strides=2, padding='SAME'), 마지막으로 tf.nn.relu."],
    solution="""
def my_conv_layer(x, weights, biases):
    x = tf.nn.conv2d(x, weights, strides=1, padding="SAME") + biases
    x = tf.nn.max_pool2d(x, ksize=2, strides=2, padding="SAME")
    return tf.nn.relu(x)
""",
)

q2 = Question(
    "2단계", "my_flatten", _check_flatten,
    hints=["[이미지 수, 높이, 너비, 채널] → [이미지 수, 높이 x 너비 x 채널]",
           "tf.reshape(x, [tf.shape(x)[0], -1]): 이미지 수는 그대로, 나머지(-1)는 알아서 계산해요."],
    solution="""
def my_flatten(x):
    return tf.reshape(x, [tf.shape(x)[0], -1])
""",
)

q3 = Question(
    "3단계", "my_fc_layer", _check_fc,
    hints=["tf.matmul(x, weights) + biases", "use_relu가 True일 때만 tf.nn.relu를 하세요."],
    solution="""
def my_fc_layer(x, weights, biases, use_relu=True):
    x = tf.matmul(x, weights) + biases
    return tf.nn.relu(x) if use_relu else x
""",
)

q4 = Question(
    "4단계", "my_cost", _check_cost,
    hints=["tf.nn.softmax_cross_entropy_with_logits(labels=..., logits=...)는 이미지마다 비용을 돌려줘요.",
           "tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))"],
    solution="""
def my_cost(logits, labels):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))
""",
)

q5 = Question(
    "5단계", "rebuilt_accuracy", _check_accuracy,
    hints=["tf.GradientTape 안에서 로짓과 비용을 계산하고, optimizer.apply_gradients로 모든 변수를 바꾸세요.",
           "학습률 1e-4인 Adam, 배치 64로 500번이면 테스트 정확도가 90% 안팎이에요."],
    solution="rebuilt_accuracy = np.mean(np.argmax(forward(data.x_test), axis=1) == data.y_test_cls)",
)
