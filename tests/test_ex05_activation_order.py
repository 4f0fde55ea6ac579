"""연습 5(ReLU와 풀링의 순서) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_tables import fails, passes, table_tests

from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex05_activation_order as ex

tf = import_tensorflow()
pytestmark = pytest.mark.usefixtures("model_cache")  # 빈 캐시: 채점기가 다시 재지 않고 그럴듯한지만 봅니다

RIGHT = {
    "q1": [(9408,), (np.int64(9408),), (28 * 28 * 16 - 14 * 14 * 16,), (9408.0,), (tf.constant(9408),)],
    "q2": [("ab",), ("ba",), (["a", "b"],), ("(a), (b)",), ("ＡＢ",), ({"B", "a"},)],
    "q3": [(0.8751, 0.8751), (np.float32(0.8751), tf.constant(0.8751, tf.float64)), (0.9, 0.9 + 1e-9)],
}

WRONG = {
    "q1": [
        ("before-pooling", (12544,), "풀링 전에 ReLU를 할 때"),
        ("after-pooling", (3136,), "풀링 뒤에 ReLU를 할 때"),
        ("ratio", (0.75,), "비율이 아니라"),
        ("ratio-numpy", (np.float32(0.75),), "비율이 아니라"),
        ("no-channels", (588,), "채널(필터) 16개를 곱하지"),
        ("whole-batch", (9408 * 64,), "이미지 한 장에 대해"),
        ("second-layer", (7 * 7 * 36 * 3,), "둘째 합성곱 층"),
        ("other-number", (2,), "2가 아니에요"),
        ("swapped", (-9408,), "음수예요"),
        ("percent", (75,), "아낀 비율(75%)"),
        ("list", ([9408],), "리스트나 튜플"),
        ("not-an-integer", (9408.5,), "정수여야"),
        ("wrong-type", ("9408",), "수를 넣으세요"),
    ],
    "q2": [
        ("relu-avg", ("abc",), "[-2, 2]의 평균은 0"),
        ("missing-sigmoid", ("a",), "시그모이드도 단조 증가"),
        ("sigmoid-avg", ("abd",), "평균을 낸 다음의 시그모이드"),
        ("all", ("abcd",), "평균 풀링은 ReLU와 순서를 바꾸면"),
        ("not-an-option", ("abe",), "보기에 없는"),
        ("empty", ("",), "비어 있어요"),
        ("wrong-type", (12,), "보기의 글자"),
    ],
    "q3": [
        ("different", (0.8751, 0.873), "두 정확도(87.51%, 87.30%)가 달라요"),
        ("untrained", (0.11, 0.11), "너무 낮아요"),
        ("percent", (87.51, 87.51), "0과 1 사이의 비율로"),
        ("upper-bound", (0.99, 0.99), "너무 높아요"),
        ("out-of-range", (-0.5, -0.5), "0과 1 사이여야"),
        ("nan", (float("nan"), float("nan")), "유한한 수"),
        ("wrong-type", ("0.8751", 0.8751), "수를 넣으세요"),
        ("missing", (0.8751, None), "수를 넣으세요"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_cached_networks_are_measured_again(monkeypatch):
    """캐시에 300번 학습한 두 신경망이 있으면 채점기가 직접 잰 값과 비교합니다: 같은 값 둘이라도 다른 구성
    (시그모이드와 평균 풀링)이나 검증 세트의 값이면 떨어집니다."""
    monkeypatch.setattr(ex, "cached_accuracy", lambda iterations, *args, **kwargs: 0.8751)
    passes(ex.q3, 0.8751, np.float32(0.8751))
    fails(ex.q3, "300번 학습한 신경망(캐시, 시드 기본값)의 테스트 세트 정확도와 달라요", 0.8143, 0.8143)
    assert "87.51" not in ex.q3.feedback(0.8143, 0.8143).message
