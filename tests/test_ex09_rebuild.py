"""연습 9(처음부터 다시 만들기) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다.
채점기는 크기가 다른 두 입력(둘째는 텐서)으로 함수를 부르므로, 크기를 박아 둔 함수와 NumPy로 계산해
그레이디언트가 끊기는 함수도 떨어집니다."""

from __future__ import annotations

import numpy as np
from exercise_tables import fails, passes, table_tests

from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex09_rebuild as ex

tf = import_tensorflow()
ce = tf.nn.softmax_cross_entropy_with_logits


def conv(x, w, b, padding="SAME", pool="max", bias=True, relu=True, pool_stride=2):
    x = tf.nn.conv2d(x, w, strides=1, padding=padding) + (b if bias else 0)
    if pool == "max":
        x = tf.nn.max_pool2d(x, ksize=2, strides=pool_stride, padding="SAME")
    elif pool == "avg":
        x = tf.nn.avg_pool2d(x, ksize=2, strides=2, padding="SAME")
    return tf.nn.relu(x) if relu else x


def fc(x, w, b, use_relu=True):
    x = tf.matmul(x, w) + b
    return tf.nn.relu(x) if use_relu else x


RIGHT = {
    "q1": [
        (conv,),
        (lambda x, w, b: tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME") + b), 2, 2, "VALID"),),
        (lambda x, w, b: tf.nn.relu(tf.keras.layers.MaxPool2D()(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME") + b)),),
    ],
    "q2": [
        (lambda x: tf.reshape(x, [tf.shape(x)[0], -1]),),
        (lambda x: tf.reshape(x, [x.shape[0], -1]),),
        (lambda x: tf.keras.layers.Flatten()(x),),
    ],
    "q3": [(fc,), (lambda x, w, b, use_relu=True: tf.nn.relu(x @ w + b) if use_relu else x @ w + b,)],
    "q4": [
        (lambda logits, labels: tf.reduce_mean(ce(labels=labels, logits=logits)),),
        (lambda logits, labels: tf.reduce_mean(
            tf.keras.losses.categorical_crossentropy(labels, logits, from_logits=True)),),
        (lambda logits, labels: tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.argmax(labels, axis=1), logits=logits)),),
    ],
    "q5": [(0.8973,), (np.float32(0.9148),), (tf.constant(0.9),), (np.mean(np.arange(100) < 90),)],
}

WRONG = {
    "q1": [
        ("lower-case-padding", (lambda x, w, b: conv(x, w, b, padding="same"),), "대문자"),
        ("valid-padding", (lambda x, w, b: conv(x, w, b, padding="VALID"),), "padding='VALID'"),
        ("no-bias", (lambda x, w, b: conv(x, w, b, bias=False),), "편향(biases)을 더하지"),
        ("no-relu", (lambda x, w, b: conv(x, w, b, relu=False),), "ReLU를 빠뜨렸어요"),
        ("no-pool", (lambda x, w, b: conv(x, w, b, pool=None),), "2×2 최대 풀링(스트라이드 2)을 했나요"),
        ("pool-stride-1", (lambda x, w, b: conv(x, w, b, pool_stride=1),), "최대 풀링(스트라이드 2)"),
        ("average-pool", (lambda x, w, b: conv(x, w, b, pool="avg"),), "평균 풀링"),
        ("strided-conv", (lambda x, w, b: tf.nn.relu(tf.nn.conv2d(x, w, 2, "SAME") + b),), "스트라이드 2 합성곱"),
        ("hard-coded-shape", (lambda x, w, b: tf.reshape(conv(x, w, b), [2, 4, 4, 4]),), "숫자로 박아"),
        ("numpy-result", (lambda x, w, b: conv(x, w, b).numpy(),), "그레이디언트가"),
        ("ignores-weights", (lambda x, w, b: tf.nn.relu(tf.nn.max_pool2d(
            tf.keras.layers.Conv2D(w.shape[-1], w.shape[0], padding="same")(x), 2, 2, "SAME")),), "값이 달라요"),
        ("tuple", (lambda x, w, b: (conv(x, w, b), w),), "튜플"),
        ("error", (lambda x, w, b: conv(x, w),), "오류"),
    ],
    "q2": [
        ("drops-batch", (lambda x: tf.reshape(x, [-1]),), "이미지 수(배치) 차원이 사라졌어요"),
        ("one-row", (lambda x: tf.reshape(x, [1, -1]),), "한 줄로 합쳐졌어요"),
        ("hard-coded-batch", (lambda x: tf.reshape(x, [2, -1]),), "숫자로 박아"),
        ("hard-coded-features", (lambda x: tf.reshape(x, [-1, 36]),), "숫자로 박아"),
        ("hard-coded-mnist", (lambda x: tf.reshape(x, [-1, 1764]),), "reshape"),
        ("reordered", (lambda x: tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [tf.shape(x)[0], -1]),), "순서가 달라요"),
        ("numpy", (lambda x: np.reshape(x, (len(x), -1)),), "그레이디언트가"),
        ("numpy-method", (lambda x: x.reshape(len(x), -1),), "tf 연산"),
        ("half-flat", (lambda x: tf.reshape(x, [x.shape[0], x.shape[1], -1]),), "덜 펴졌어요"),
        ("tuple", (lambda x: (tf.reshape(x, [x.shape[0], -1]), 36),), "튜플"),
    ],
    "q3": [
        ("no-bias", (lambda x, w, b, use_relu=True: tf.nn.relu(tf.matmul(x, w)),), "편향(biases)을 더하지"),
        ("always-relu", (lambda x, w, b, use_relu=True: tf.nn.relu(tf.matmul(x, w) + b),), "use_relu=False일 때도"),
        ("never-relu", (lambda x, w, b, use_relu=True: tf.matmul(x, w) + b,), "ReLU를 하지 않았어요"),
        ("sigmoid", (lambda x, w, b, use_relu=True: tf.nn.sigmoid(tf.matmul(x, w) + b),), "시그모이드"),
        ("default-off", (lambda x, w, b, use_relu=False: fc(x, w, b, use_relu),), "기본값은 use_relu=True"),
        ("no-keyword", (lambda x, w, b: tf.matmul(x, w) + b,), "오류"),
        ("swapped", (lambda x, w, b, use_relu=True: tf.transpose(fc(x, w, b, use_relu)),), "뒤집혔어요"),
        ("numpy", (lambda x, w, b, use_relu=True: np.maximum(np.dot(x, w) + b, 0 if use_relu else -np.inf),),
         "그레이디언트가"),
        ("hard-coded-shape", (lambda x, w, b, use_relu=True: tf.reshape(fc(x, w, b, use_relu), [3, 4]),), "reshape"),
    ],
    "q4": [
        ("sum", (lambda logits, labels: tf.reduce_sum(ce(labels=labels, logits=logits)),), "평균을 내세요"),
        ("per-image", (lambda logits, labels: ce(labels=labels, logits=logits),), "이미지마다 비용"),
        ("softmax-twice", (lambda logits, labels: tf.reduce_mean(ce(labels=labels, logits=tf.nn.softmax(logits))),),
         "소프트맥스를 두 번"),
        ("swapped", (lambda logits, labels: tf.reduce_mean(ce(labels=tf.nn.softmax(logits), logits=labels)),),
         "바꿔 넣었어요"),
        ("sign", (lambda logits, labels: -tf.reduce_mean(ce(labels=labels, logits=logits)),), "부호가 반대"),
        ("hard-coded-batch", (lambda logits, labels: tf.reduce_sum(ce(labels=labels, logits=logits)) / 4,),
         "숫자로 박아"),
        ("constant", (lambda logits, labels: tf.constant(2.3),), "비용 값이 달라요"),
        ("numpy", (lambda logits, labels: float(tf.reduce_mean(ce(labels=labels, logits=logits))),), "그레이디언트가"),
        ("probabilities", (lambda logits, labels: tf.reduce_mean(
            tf.keras.losses.categorical_crossentropy(labels, logits)),), "비용 값이 달라요"),
    ],
    "q5": [
        ("perfect", (1.0,), "너무 높아요"),
        ("too-long-training", (0.985,), "너무 높아요"),
        ("untrained", (0.098,), "학습이 되지 않았어요"),
        ("too-short", (0.7,), "500번 학습했나요"),
        ("percent", (89.7,), "0과 1 사이의 비율로"),
        ("out-of-range", (-0.5,), "0과 1 사이"),
        ("wrong-type", ("0.9",), "수를 넣으세요"),
        ("not-finite", (float("nan"),), "유한한 수"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_each_function_step_uses_two_input_sizes():
    sizes = [x.shape for x, _, _ in ex._conv_cases()]
    assert len(set(sizes)) == 2 and sizes[1][1] != sizes[1][2]  # 둘째 입력은 정사각형도 아닙니다
    assert len({logits.shape for logits, _ in ex._cost_cases()}) == 2


def test_a_function_that_changes_its_inputs_does_not_change_later_checks():
    def destructive(x, w, b):
        if isinstance(w, np.ndarray):
            w[:] = 0
        return conv(x, w, b)

    fails(ex.q1, "값이 달라요", destructive)
    passes(ex.q1, conv)


def test_the_accuracy_range_fits_500_iterations():
    low, high = ex.ACCURACY_RANGE
    assert low <= 0.8973 <= high and low <= 0.9148 <= high  # 풀이 노트북과 패키지의 500번
    assert high < 0.98  # 10,000번 학습한 신경망의 정확도(약 99%)는 떨어집니다
