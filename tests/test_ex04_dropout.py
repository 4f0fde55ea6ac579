"""연습 4(드롭아웃) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다.
예측 함수는 채점할 때마다 새로 만드는 작은 신경망 두 개로 시험합니다(학습하지 않습니다)."""

from __future__ import annotations

import numpy as np
from exercise_tables import fails, passes, table_tests

from cnn_course.config import NetworkConfig
from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ____
from cnn_course.exercises import ex04_dropout as ex
from cnn_course.exercises.core import BLANK

tf = import_tensorflow()


def predict(net, images):
    return tf.argmax(net(images, training=False), axis=1).numpy()


def raising(net, images):
    raise RuntimeError("학생 코드의 오류")


RIGHT = {
    "q1": [(NetworkConfig(dropout_rate=0.3),), (NetworkConfig(dropout_rate=1 - 0.7),),
           (NetworkConfig(dropout_rate=np.float64(0.3), fc_sizes=[128]),)],
    "q2": [(predict,),
           (lambda net, images: list(predict(net, images)),),
           (lambda net, images: tf.argmax(net(images), axis=-1),),
           (lambda net, images: np.argmax(tf.nn.softmax(net(images)).numpy(), axis=1).astype(float),),
           (lambda net, images: tf.argmax(net.layer_outputs(images)["logits"], axis=1),)],
    "q3": [("c",), ("(C)",), ("ｃ.",)],
}

WRONG = {
    "q1": [
        ("keep-probability", (NetworkConfig(dropout_rate=0.7),), "남기는 비율(keep probability)"),
        ("keep-probability-josa", (NetworkConfig(dropout_rate=0.7),), "끄려면 0.3이에요"),
        ("unchanged", (NetworkConfig(),), "0이면 드롭아웃을 하지 않아요"),
        ("other-rate", (NetworkConfig(dropout_rate=0.5),), "dropout_rate가 0.5예요"),
        ("other-field", (NetworkConfig(dropout_rate=0.3, fc_sizes=(64,)),), "fc_sizes=(64,)"),
        ("dict", ({"dropout_rate": 0.3},), "딕셔너리"),
        ("number", (0.3,), "NetworkConfig여야"),
        ("wrong-type", ("dropout_rate=0.3",), "NetworkConfig여야"),
    ],
    "q2": [
        ("constant", (lambda net, images: np.full(len(images), 6),), "같은 클래스(6)"),
        ("reversed", (lambda net, images: predict(net, images)[::-1],), "예측이 드롭아웃을 끈"),
        ("sorted", (lambda net, images: np.sort(predict(net, images)),), "예측이 드롭아웃을 끈"),
        ("dropout-on", (lambda net, images: tf.argmax(net(images, training=True), axis=1),), "training=True"),
        ("dropout-on-seeded", (lambda net, images: tf.argmax(net(images, training=True, dropout_seed=1), axis=1),),
         "드롭아웃을 켜지 않았는지"),
        ("argmin", (lambda net, images: tf.argmin(net(images), axis=1),), "예측이 드롭아웃을 끈"),
        ("off-by-one", (lambda net, images: predict(net, images) + 1,), "예측이 드롭아웃을 끈"),
        ("out-of-range", (lambda net, images: predict(net, images) + 10,), "0~9 밖"),
        ("logits", (lambda net, images: net(images),), "클래스마다 값(로짓이나 확률)"),
        ("axis-0", (lambda net, images: tf.argmax(net(images), axis=0),), "axis=0"),
        ("hard-coded-count", (lambda net, images: np.zeros(64, int),), "수를 박아 두지"),
        ("hard-coded-reshape", (lambda net, images: predict(net, tf.reshape(images, [24, 64])),), "작은 입력"),
        ("lowercase-padding", (lambda net, images: tf.nn.max_pool2d(tf.reshape(images, [-1, 8, 8, 1]), 2, 2,
                                                                    "same"),), "\"SAME\""),
        ("float-classes", (lambda net, images: predict(net, images) + 0.5,), "정수가 아닌 값"),
        ("wrong-type", (lambda net, images: "3",), "배열이나 텐서"),
        ("no-return", (lambda net, images: None,), "`return`을 잊지"),
        ("mutates-weights", (lambda net, images: (predict(net, images),
                                                  [v.assign(tf.zeros_like(v)) for v in net.trainable_variables])[0],),
         "가중치를 바꿨어요"),
        ("error", (raising,), "RuntimeError"),
        ("not-a-function", ([1, 2, 3],), "함수여야"),
    ],
    "q3": [
        ("option-a", ("a",), "오류 없이 돌아가요"),
        ("option-b", ("b",), "평가는 가중치를 바꾸지 않아요"),
        ("option-d", ("d",), "계산은 거의 줄지 않아요"),
        ("two-options", ("cd",), "보기 하나만"),
        ("not-an-option", ("x",), "보기에 없는"),
        ("wrong-type", (3,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_hidden_networks_tell_plausible_wrong_predictions_apart():
    cases = ex.hidden_cases()
    assert len(cases) >= 2 and len({len(images) for _, images, _ in cases}) == len(cases)
    net, images, expected = cases[0]
    assert len(np.unique(expected)) >= 4  # 이미지마다 예측이 다릅니다
    for wrong in (expected[::-1], np.sort(expected), np.full_like(expected, np.bincount(expected).argmax())):
        assert not np.array_equal(wrong, expected)
    on = tf.argmax(net(images, training=True, dropout_seed=1), axis=1).numpy()
    assert not np.array_equal(on, expected)  # 드롭아웃이 예측을 바꿉니다


def test_hidden_cases_are_built_afresh_so_a_student_cannot_poison_them():
    def destructive(net, images):
        for variable in net.trainable_variables:
            variable.assign(tf.zeros_like(variable))
        images[:] = 0
        return np.zeros(len(images), int)

    fails(ex.q2, "", destructive)
    passes(ex.q2, predict)
    first, second = ex.hidden_cases()[0], ex.hidden_cases()[0]
    assert first[0] is not second[0] and first[1] is not second[1]
    assert np.array_equal(first[2], second[2])


def test_wrong_answer_messages_do_not_reveal_the_hidden_predictions():
    hidden = [" ".join(map(str, expected[:5])) for _, _, expected in ex.hidden_cases()]
    hidden += [", ".join(map(str, expected[:5])) for _, _, expected in ex.hidden_cases()]
    for _, answers, _ in WRONG["q2"]:
        message = ex.q2.feedback(*answers).message
        assert not any(h in message for h in hidden), message


def test_a_blank_body_is_not_attempted():
    assert ex.q2.feedback(lambda net, images: ____).status == BLANK
