"""연습 6(풀링과 스트라이드) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import dataclasses

import numpy as np
from exercise_tables import table_tests

from cnn_course.config import NetworkConfig
from cnn_course.exercises import ex06_pooling_stride as ex

RIGHT = {
    "q1": [(28224,), (28 * 28 * 36,), (np.int64(28224),), (28224.0,), (NetworkConfig(pooling="none").num_features,)],
    "q2": [(NetworkConfig(pooling="stride"),), (dataclasses.replace(NetworkConfig(), pooling="stride"),),
           (NetworkConfig(pooling="stride", num_filters=[16, 36], dropout_rate=0.0),)],
    "q3": [("a",), ("A",), ("(a)",), ("a.",), ("ａ",)],
}

WRONG = {
    "q1": [
        ("with-pooling", (1764,), "풀링을 하는 기본 신경망"),
        ("one-pooling", (7056,), "풀링을 한 번만 뺐어요"),
        ("wrong-channels", (12544,), "16개가 아니라 36개"),
        ("no-channels", (784,), "채널(필터) 수를 곱하지"),
        ("valid-padding", (20 * 20 * 36,), "SAME"),
        ("weights-not-features", (28224 * 128,), "첫 완전 연결 층의 가중치 수"),
        ("shape-not-count", ((28, 28, 36),), "수 하나"),
        ("not-integer", (28224.5,), "정수"),
        ("negative", (-28224,), "양수"),
        ("wrong-type", ("28224",), "수를 넣으세요"),
        ("other", (30000,), "아니에요"),
    ],
    "q2": [
        ("default", (NetworkConfig(),), "기본값 'max'"),
        ("no-pooling", (NetworkConfig(pooling="none"),), "'none'은 풀링도 스트라이드도 없는"),
        ("average", (NetworkConfig(pooling="avg"),), "평균 풀링"),
        ("extra-change", (NetworkConfig(pooling="stride", filter_sizes=(3, 3)),), "filter_sizes"),
        ("string", ("stride",), "문자열 'stride'"),
        ("dict", ({"pooling": "stride"},), "딕셔너리"),
        ("class", (NetworkConfig,), "클래스 NetworkConfig 자체"),
        ("none", (None,), "NetworkConfig"),
    ],
    "q3": [
        ("other-option", ("b",), "출력 크기는 같아요"),
        ("other-option", ("c",), "가중치 수는 같아요"),
        ("other-option", ("d",), "모든 픽셀이"),
        ("two-options", (["a", "b"],), "하나만"),
        ("several-in-a-list", (["a", "c"],), "하나만"),
        ("empty", ("",), "비어"),
        ("not-an-option", ("e",), "보기에 없는"),
        ("wrong-type", (1,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_answers_agree_with_the_package():
    assert NetworkConfig(pooling="none").num_features == ex.NO_POOL_FEATURES
    assert NetworkConfig(pooling="stride").feature_sizes == NetworkConfig().feature_sizes  # 문제 3의 (b)가 틀린 까닭
