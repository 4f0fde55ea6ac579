"""연습 3(층 구성 바꾸기와 층 더하기) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께
떨어집니다. 구성은 검증 세트로 고르고 테스트 세트는 한 번만 쓰는지도 확인합니다."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_tables import fails, passes, table_tests

from cnn_course.config import NetworkConfig
from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex03_architecture as ex

tf = import_tensorflow()
pytestmark = pytest.mark.usefixtures("model_cache")  # 빈 캐시: 채점기가 다시 재지 않고 그럴듯한지만 봅니다

THREE_CONV = NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64))
TWO_FC = NetworkConfig(fc_sizes=(128, 128))
FILTER3 = NetworkConfig(filter_sizes=(3, 3))


def table(**changes) -> dict:
    """300번 학습한 뒤의 검증 세트 정확도(1/5,000 단위)."""
    values = {"base": 4376 / 5000, "filter3": 3850 / 5000, "three_conv": 4431 / 5000, "two_fc": 4342 / 5000}
    values.update(changes)
    configs = {"base": NetworkConfig(), "filter3": FILTER3, "three_conv": THREE_CONV, "two_fc": TWO_FC}
    return {configs[name]: acc for name, acc in values.items()}


TEST_VALUES = {NetworkConfig(): 0.8751, FILTER3: 0.7707, THREE_CONV: 0.8863, TWO_FC: 0.8685}
BEST_TEST = 0.8863

RIGHT = {
    "q1": [(THREE_CONV,), (NetworkConfig(filter_sizes=[5, 5, 3], num_filters=[16, 36, 64]),),
           (NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), dropout_rate=1 - 1.0),)],
    "q2": [(1024,), (np.int64(1024),), (1024.0,), (tf.constant(1024),), (4 * 4 * 64,)],
    "q3": [(TWO_FC,), (NetworkConfig(fc_sizes=[128, 128]),)],
    "q4": [(table(), THREE_CONV, BEST_TEST),
           ({NetworkConfig(**c.to_dict()): np.float32(v) for c, v in table().items()},
            NetworkConfig(filter_sizes=[5, 5, 3], num_filters=[16, 36, 64]), np.float64(BEST_TEST)),
           ({**table(), NetworkConfig(fc_sizes=(32,)): 0.8}, THREE_CONV, BEST_TEST)],
    "q5": [("b", table()), ("B", table()), ("a", table(two_fc=4400 / 5000)), ("c", table(three_conv=0.8))],
}

WRONG = {
    "q1": [
        ("unchanged", (NetworkConfig(),), "합성곱 층이 아직 2개"),
        ("wrong-filters", (NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 36)),), "필터 수가 36이에요"),
        ("wrong-size", (NetworkConfig(filter_sizes=(5, 5, 5), num_filters=(16, 36, 64)),), "필터 크기가 5"),
        ("reordered", (NetworkConfig(filter_sizes=(3, 5, 5), num_filters=(64, 16, 36)),), "앞의 두 층은"),
        ("four-layers", (NetworkConfig(filter_sizes=(5, 5, 3, 3), num_filters=(16, 36, 64, 64)),), "4개"),
        ("other-field", (NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64), fc_sizes=(64,)),),
         "fc_sizes=(64,)"),
        ("dict", ({"filter_sizes": (5, 5, 3), "num_filters": (16, 36, 64)},), "딕셔너리"),
        ("class", (NetworkConfig,), "클래스 NetworkConfig 자체"),
    ],
    "q2": [
        ("missing-pooling", (3136,), "세 번째 합성곱 층 뒤에도 2×2 풀링"),
        ("rounded-down", (576,), "올림해서 4×4"),
        ("default-network", (1764,), "기본 신경망(7 × 7 × 36)"),
        ("no-channels", (16,), "채널 수(64)"),
        ("filter-size", (4 * 4 * 64 * 9,), "필터 크기(3×3)"),
        ("other-number", (2048,), "28 → 14 → 7 → ?"),
        ("not-an-integer", (1024.5,), "정수여야"),
        ("list", ([1024],), "리스트나 튜플"),
        ("wrong-type", ("1024",), "수를 넣으세요"),
    ],
    "q3": [
        ("logits-layer", (NetworkConfig(fc_sizes=(128, 10)),), "num_classes로 알아서"),
        ("unchanged", (NetworkConfig(),), "아직 하나(128)"),
        ("wrong-size", (NetworkConfig(fc_sizes=(128, 64)),), "두 층 모두 뉴런 128개"),
        ("wrong-size-first", (NetworkConfig(fc_sizes=(256, 128)),), "(256, 128)이에요"),
        ("three-layers", (NetworkConfig(fc_sizes=(128, 128, 128)),), "3개"),
        ("other-field", (NetworkConfig(filter_sizes=(3, 3), fc_sizes=(128, 128)),), "filter_sizes=(3, 3)"),
        ("wrong-type", ("fc_sizes=(128, 128)",), "NetworkConfig여야"),
        ("dict", ({"fc_sizes": (128, 128)},), "딕셔너리"),
    ],
    "q4": [
        ("chosen-on-test", (TEST_VALUES, THREE_CONV, BEST_TEST), "검증 세트(5,000장)"),
        ("not-the-best", (table(), NetworkConfig(), 0.8751), "검증 세트 정확도가 가장 높은"),
        ("test-reported-as-val", (table(), THREE_CONV, 4431 / 5000), "똑같아요"),
        ("test-reported-as-val-float32", (table(), THREE_CONV, np.float32(4431 / 5000)), "똑같아요"),
        ("test-of-another", (table(), THREE_CONV, 0.7707), "너무 달라요"),
        ("no-baseline", ({THREE_CONV: 0.9, TWO_FC: 0.8, FILTER3: 0.7, NetworkConfig(fc_sizes=(32,)): 0.6},
                         THREE_CONV, 0.8999), "기본 구성 NetworkConfig()의 결과가 없어요"),
        ("too-few", ({NetworkConfig(): 0.9, THREE_CONV: 0.91}, THREE_CONV, 0.9101), "네 개 이상"),
        ("constant", ({c: 0.9 for c in table()}, NetworkConfig(), 0.9001), "정확도가 똑같아요"),
        ("not-in-table", (table(), NetworkConfig(fc_sizes=(7,)), 0.8), "없는 구성"),
        ("upper-bound", (table(three_conv=0.99), THREE_CONV, 0.99), "너무 높아요"),
        ("wrong-type", ([(NetworkConfig(), 0.9)], NetworkConfig(), 0.9), "딕셔너리"),
    ],
    "q5": [
        ("wrong-conclusion-a", ("a", table()), "기본보다 좋았던 구성은 1개"),
        ("wrong-conclusion-c", ("c", table()), "기본보다 좋았던 구성은 1개"),
        ("missing-config", ("b", {k: v for k, v in table().items() if k != TWO_FC}
                            | {NetworkConfig(fc_sizes=(32,)): 0.8}), "two_fc 구성의 결과가 없어요"),
        ("chosen-on-test", ("b", TEST_VALUES), "검증 세트(5,000장)"),
        ("two-options", ("ab", table()), "보기 하나만"),
        ("not-an-option", ("e", table()), "보기에 없는"),
        ("wrong-type", (3, table()), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_three_layer_network_has_1024_features():
    assert ex.three_conv_config().num_features == 1024 == THREE_CONV.num_features


def test_cached_networks_are_measured_again(monkeypatch):
    """캐시에 300번 학습한 신경망이 있으면 채점기가 표의 검증 세트 정확도와 마지막 테스트 정확도를 직접 다시
    잽니다: 지어낸 값이나 다른 신경망의 값은 떨어지고, 소수 셋째 자리로 반올림한 값은 통과합니다."""
    measured = {(split, config): acc for config, acc in table().items() for split in ("val",)}
    measured[("test", THREE_CONV)] = BEST_TEST

    def cached(iterations, split="test", config=None, learning_rate=None):
        return next((acc for (s, c), acc in measured.items() if s == split and c == config), None)

    monkeypatch.setattr(ex, "cached_accuracy", cached)
    passes(ex.q4, table(), THREE_CONV, BEST_TEST)
    passes(ex.q4, {c: round(a, 3) for c, a in table().items()}, THREE_CONV, np.float32(BEST_TEST))
    fails(ex.q4, "NetworkConfig()의 정확도가 그 구성으로 300번", {**table(), NetworkConfig(): 0.8}, THREE_CONV, BEST_TEST)
    fails(ex.q4, "`best_config_test`가 고른 구성으로 300번", table(), THREE_CONV, BEST_TEST + 0.003)
