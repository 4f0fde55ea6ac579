"""연습 2(더 오래 학습하기와 학습률) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께
떨어집니다. 학습률은 검증 세트로 고르고 테스트 세트는 한 번만 쓰는지도 확인합니다."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_tables import fails, passes, table_tests

from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex02_training_longer as ex

tf = import_tensorflow()
pytestmark = pytest.mark.usefixtures("model_cache")  # 빈 캐시: 채점기가 다시 재지 않고 그럴듯한지만 봅니다

# 300번 학습한 뒤의 검증 세트 정확도(5,000장: 1/5,000 단위)와 같은 신경망들의 테스트 세트 정확도(1/10,000 단위)
VAL = {1e-4: 4381 / 5000, 1e-3: 4826 / 5000, 1e-1: 532 / 5000}
TEST = {1e-4: 0.8751, 1e-3: 0.9641, 1e-1: 0.1135}
BEST_TEST = 0.9641

RIGHT = {
    "q1": [(0.986, 0.9915), (np.float32(0.986), tf.constant(0.9915)), (np.float64(0.986), 0.9859)],
    "q2": [("b", 0.986, 0.9915), ("B.", np.float32(0.986), 0.9915), ("ｂ", 0.986, 0.9915),
           ("c", 0.986, 0.9859), ("a", 0.975, 0.99), ("a", 0.98, 0.99), ("b", 0.98, 0.99)],
    "q3": [(VAL, 1e-3, BEST_TEST),
           ({np.float64(k): np.float32(v) for k, v in VAL.items()}, np.float32(1e-3), tf.constant(BEST_TEST)),
           ({**VAL, 1e-2: 4851 / 5000}, 1e-2, 0.9699),
           ({k: round(v, 3) for k, v in VAL.items()}, 0.001, BEST_TEST),
           ({**VAL, 1: 0.0986}, 1e-3, BEST_TEST)],  # 학습률 1도 시험해 볼 수 있어요
    "q4": [("b",), ("(b)",), ("Ｂ",)],
}

WRONG = {
    "q1": [
        ("swapped", (0.9915, 0.986), "바꿔 넣지"),
        ("percent", (98.6, 99.15), "0과 1 사이의 비율로"),
        ("constant", (0.986, 0.986), "똑같아요"),
        ("constant-float32", (0.986, np.float32(0.986)), "똑같아요"),
        ("list", ([0.986], [0.9915]), "리스트나 튜플"),
        ("trained-300", (0.875, 0.99), "너무 낮아요"),
        ("upper-bound", (0.999, 0.9995), "너무 높아요"),
        ("upper-bound-20k", (0.986, 1.0), "너무 높아요"),
        ("nan", (float("nan"), 0.99), "유한한 수"),
        ("wrong-type", ("0.986", 0.99), "수를 넣으세요"),
    ],
    "q2": [
        ("wrong-conclusion", ("a", 0.986, 0.9915), "'1%p 넘게 좋아졌다'가 아니에요"),
        ("wrong-conclusion-c", ("c", 0.986, 0.9915), "+0.55%p"),
        ("swapped", ("c", 0.9915, 0.986), "바꿔 넣지"),
        ("two-options", ("ab", 0.986, 0.9915), "보기 하나만"),
        ("out-of-range", ("b", 0.5, 0.99), "너무 낮아요"),
        ("not-an-option", ("e", 0.986, 0.9915), "보기에 없는"),
        ("wrong-type", (1, 0.986, 0.9915), "보기의 글자"),
    ],
    "q3": [
        ("chosen-on-test", (TEST, 1e-3, BEST_TEST), "검증 세트(5,000장)"),
        ("test-reported-as-val", (VAL, 1e-3, VAL[1e-3]), "똑같아요"),
        ("test-reported-as-val-float32", (VAL, 1e-3, np.float32(VAL[1e-3])), "똑같아요"),
        ("not-the-best", (VAL, 1e-4, 0.8751), "검증 세트 정확도가 가장 높은"),
        ("test-of-another", (VAL, 1e-3, 0.8751), "너무 달라요"),
        ("too-few", ({1e-4: 0.9, 1e-3: 0.95}, 1e-3, 0.95), "세 개 이상"),
        ("narrow", ({1e-3: 0.9, 2e-3: 0.95, 3e-3: 0.96}, 3e-3, 0.9601), "10배도 안 돼요"),
        ("out-of-range-lr", ({1e-4: 0.9, 1e-3: 0.95, 2: 0.1}, 1e-3, 0.9501), "0보다 크고 1 이하인 수"),
        ("zero-lr", ({0: 0.1, 1e-3: 0.95, 1e-1: 0.1}, 1e-3, 0.9501), "0보다 크고 1 이하인 수"),
        ("constant", ({1e-4: 0.9, 1e-3: 0.9, 1e-2: 0.9}, 1e-3, 0.9001), "정확도가 똑같아요"),
        ("upper-bound", ({1e-4: 0.9, 1e-3: 1.0, 1e-2: 0.95}, 1e-3, 0.99), "너무 높아요"),
        ("not-in-table", (VAL, 0.5, BEST_TEST), "없는 학습률"),
        ("percent", (VAL, 1e-3, 96.41), "0과 1 사이의 비율로"),
        ("wrong-type", ([(1e-4, 0.9)], 1e-4, 0.9), "딕셔너리"),
    ],
    "q4": [
        ("option-a", ("a",), "계산량은 학습률과 상관없어요"),
        ("option-c", ("c",), "과대적합이라면"),
        ("option-d", ("d",), "Adam도 학습률을"),
        ("two-options", ("bc",), "보기 하나만"),
        ("not-an-option", ("f",), "보기에 없는"),
        ("wrong-type", (0.1,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_conclusion_follows_the_students_own_numbers():
    passes(ex.q2, "b", 0.986, 0.9915)
    passes(ex.q2, "a", 0.975, 0.9905)
    passes(ex.q2, "c", 0.986, 0.985)  # 0.2%p 안쪽으로 낮아진 것은 바꿔 넣은 것으로 보지 않습니다


def test_cached_networks_are_measured_again(monkeypatch):
    """캐시에 10,000번과 20,000번 학습한 신경망이 있으면 채점기가 직접 잰 값과 비교합니다: 검증 세트의 값,
    순서를 바꾼 값(차이가 작아 그럴듯해 보여도), 다른 값은 떨어집니다."""
    measured = {10_000: 0.9865, 20_000: 0.9875}
    monkeypatch.setattr(ex, "cached_accuracy", lambda iterations, *args, **kwargs: measured[iterations])
    passes(ex.q1, 0.9865, np.float32(0.9875))
    fails(ex.q1, "두 값을 바꿔 넣었어요", 0.9875, 0.9865)
    fails(ex.q1, "검증 세트(evaluate(\"val\"))", 0.9878, 0.9875)
    fails(ex.q1, "`acc_20k`가 20,000번", 0.9865, 0.9894)
    fails(ex.q2, "두 값을 바꿔 넣었어요", "c", 0.9875, 0.9865)  # 바꿔 넣은 값으로 결론을 내지 않습니다
    passes(ex.q2, "b", 0.9865, 0.9875)
    measured[20_000] = 0.9868  # 두 값이 허용 오차보다 가까워도 제자리의 답은 바꿔 넣은 것으로 보지 않습니다
    passes(ex.q1, 0.9865, 0.9868)
    measured[20_000] = 0.9875
    for message in (ex.q1.feedback(0.9878, 0.9875).message, ex.q1.feedback(0.9865, 0.9894).message):
        assert "98.65" not in message and "98.75" not in message  # 숨긴 값을 알려 주지 않습니다


def test_cached_learning_rate_networks_are_measured_again(monkeypatch):
    """캐시에 300번 학습한 신경망이 있으면 표의 검증 세트 정확도와 마지막 테스트 정확도를 직접 다시 잽니다."""
    def cached(iterations, split="test", config=None, learning_rate=None):
        return (VAL if split == "val" else TEST)[learning_rate]

    monkeypatch.setattr(ex, "cached_accuracy", cached)
    passes(ex.q3, VAL, 1e-3, BEST_TEST)
    passes(ex.q3, {k: round(v, 3) for k, v in VAL.items()}, 1e-3, round(BEST_TEST, 3))
    fails(ex.q3, "학습률 0.0001의 정확도(`lr_results`의 값)가", {**VAL, 1e-4: 0.9}, 1e-3, BEST_TEST)
    fails(ex.q3, "`best_lr_test`가 고른 학습률로 300번", VAL, 1e-3, BEST_TEST + 0.003)
