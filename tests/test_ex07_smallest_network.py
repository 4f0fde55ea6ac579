"""연습 7(가장 작은 신경망) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_tables import table_tests

from cnn_course.config import NetworkConfig
from cnn_course.exercises import ex07_smallest_network as ex


def small(filters, fc):
    return NetworkConfig(num_filters=filters, fc_sizes=fc)


SEARCH = {small((8, 16), (64,)): 0.983, small((4, 8), (32,)): 0.981, small((4, 8), (16,)): 0.978,
          small((2, 4), (8,)): 0.95}
SMALLEST = small((4, 8), (32,))

RIGHT = {
    "q1": [(13818,), (np.int64(13818),), (13818.0,), (ex.parameter_count(small((4, 8), (32,))),)],
    "q2": [
        (SEARCH, SMALLEST),
        ({c: np.float32(a) for c, a in SEARCH.items()}, small([4, 8], [32])),  # NumPy 수, 리스트로 만든 구성
        (SEARCH | {small((4, 4), (64,)): 0.979}, SMALLEST),
    ],
    "q3": [("a",), ("a)",)],
}

WRONG = {
    "q1": [
        ("no-biases", (13764,), "편향을 빠뜨렸어요"),
        ("wrong-input-channels", (13218,), "입력 채널(4개)마다"),
        ("one-pooling", (51450,), "특성 맵은 7×7"),
        ("no-logit-layer", (13488,), "마지막 로짓 층"),
        ("default-network", (242062,), "기본 신경망의 수"),
        ("wrong-type", ("13818",), "수를 넣으세요"),
        ("not-integer", (13818.5,), "정수"),
        ("other", (10000,), "아니에요"),
    ],
    "q2": [
        ("below-target", (SEARCH, small((4, 8), (16,))), "98%에 못 미쳐요"),
        ("largest-not-smallest", (SEARCH, small((8, 16), (64,))), "가중치가 더 적은데(13,818개) 98%를 넘은"),
        ("too-few", ({SMALLEST: 0.981}, SMALLEST), "세 개 이상"),
        ("default-network", (SEARCH | {NetworkConfig(): 0.99}, NetworkConfig()), "기본 신경망(242,062개)보다 작지 않아요"),
        ("not-searched", (SEARCH, small((1, 1), (1,))), "`search`에 없는 구성"),
        ("percent", ({c: 100 * a for c, a in SEARCH.items()}, SMALLEST), "0과 1 사이의 비율로"),
        ("perfect", ({c: 1.0 for c in SEARCH}, SMALLEST), "너무 높아요"),
        ("constant", ({c: 0.985 for c in SEARCH}, SMALLEST), "똑같아요"),
        ("below-chance", (SEARCH | {small((1, 1), (1,)): 0.05}, SMALLEST), "너무 낮아요"),
        ("wrong-type", (list(SEARCH), SMALLEST), "딕셔너리"),
        ("wrong-key", ({(4, 8, 32): 0.981, (8, 16, 64): 0.983, (2, 4, 8): 0.95}, SMALLEST), "NetworkConfig"),
        ("not-a-config", (SEARCH, "smallest"), "NetworkConfig"),
        ("swapped-arguments", (SMALLEST, SEARCH), "바꿔 넣었어요"),
    ],
    "q3": [
        ("other-option", ("b",), "테스트 세트(10,000장)보다 작아요"),
        ("other-option", ("c",), "레이블이 있어요"),
        ("other-option", ("d",), "이유는 아니에요"),
        ("two-options", ("a b",), "하나만"),
        ("several-in-a-list", (["a", "c"],), "하나만"),
        ("empty", ("",), "비어"),
        ("not-an-option", ("x",), "보기에 없는"),
        ("wrong-type", (0,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


@pytest.mark.parametrize("config", [
    NetworkConfig(), NetworkConfig(num_filters=(4, 8), fc_sizes=(32,)), NetworkConfig(pooling="none"),
    NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), fc_sizes=(128, 64)),
    NetworkConfig(filter_sizes=(3,), num_filters=(2,), fc_sizes=(8,)),
])
def test_parameter_count_matches_the_network(config):
    from cnn_course import ConvNet

    assert ex.parameter_count(config) == ConvNet(config).num_parameters
