"""연습 11(Fashion-MNIST) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다."""

from __future__ import annotations

import numpy as np
import pytest
from exercise_tables import passes, table_tests

from cnn_course.environment import import_tensorflow
from cnn_course.exercises import ex11_fashion_mnist as ex
from cnn_course.exercises.ex11_fashion_mnist import FASHION_NAMES

tf = import_tensorflow()


class FakeData:
    """MNIST(dataset=...)처럼 보이는 작은 객체(진짜 데이터는 아래 따로 읽어 봅니다)."""

    def __init__(self, dataset="fashion", num_train=55_000, num_test=10_000):
        self.dataset, self.num_train, self.num_test = dataset, num_train, num_test
        self.x_train = np.zeros((1, 784))


def confusion() -> np.ndarray:
    """행마다 1,000장. 한 방향으로 가장 큰 칸(앵클 부츠 → 운동화 260)과 두 방향 합이 가장 큰 짝
    (셔츠 ↔ 티셔츠/탑 150 + 140 = 290)이 다르고, 정확도는 약 75%입니다."""
    cm = np.zeros((10, 10), dtype=np.int64)
    off = {(6, 0): 150, (0, 6): 140, (4, 2): 120, (2, 4): 100, (9, 7): 260, (6, 2): 100, (3, 4): 90}
    for (i, j), n in off.items():
        cm[i, j] = n
    for i in range(10):
        cm[i, (i + 1) % 10] += 60
        cm[i, i] = 1000 - cm[i].sum()
    return cm


CM = confusion()
NORMALISED = CM / CM.sum(axis=1, keepdims=True)
NEXT = np.roll(np.eye(10, dtype=np.int64), 1, axis=1)  # 클래스 i를 i + 1로 잘못 본 칸
MNIST_COUNTS = np.diag(np.array(ex.MNIST_TEST_COUNTS) - 60) + 60 * NEXT  # 숫자 MNIST 테스트 세트의 행 합
TOO_ACCURATE = np.diag(np.full(10, 990)) + 10 * NEXT  # 정확도 99%

RIGHT = {
    "q1": [(FakeData(),), (FakeData(num_train=55_000),)],
    "q2": [(0.8751, 0.7268), (np.float32(0.9), np.float64(0.8)), (tf.constant(0.87), tf.constant(0.73))],
    "q3": [
        ((0, 6), CM), ((6, 0), CM), ([np.int64(0), np.int64(6)], CM), (np.array([6, 0]), CM),
        (("셔츠", "티셔츠/탑"), CM), (("Shirt", "T-shirt/top"), CM),
        (tuple(np.unravel_index(6, (10, 10))), CM.tolist()),  # NumPy 정수의 튜플, 리스트의 리스트
        ((0, 6), NORMALISED),  # 행마다 합이 1인 비율: 정수로 자르지 않고 비교합니다
        ((0, 6), CM / CM.sum()),
    ],
    "q4": [("a",), (" A ",), ("a)",)],
}

WRONG = {
    "q1": [
        ("digits", (FakeData("mnist"),), "숫자 MNIST"),
        ("wrong-split", (FakeData(num_train=60_000),), "55,000장"),
        ("wrong-test", (FakeData(num_test=5_000),), "10,000장"),
        ("wrong-type", ("fashion",), "데이터 객체"),
        ("class-not-object", (type("MNIST", (), {}),), "데이터 객체"),
        ("none", (None,), "데이터 객체"),
        ("tuple-of-arrays", ((np.zeros((2, 784)), np.zeros(2)),), "데이터 객체"),
    ],
    "q2": [
        ("swapped", (0.7268, 0.8751), "바꿔 넣지"),
        ("equal", (0.8751, 0.8751), "똑같아요"),
        ("perfect", (1.0, 1.0), "똑같아요"),
        ("perfect-fashion", (0.8751, 1.0), "너무 높아요"),
        ("long-training", (0.99, 0.8), "너무 높아요"),
        ("untrained", (0.1, 0.09), "너무 낮아요"),
        ("percent", (87.51, 72.68), "0과 1 사이의 비율로"),
        ("wrong-type", ("87%", 0.7), "수를 넣으세요"),
        ("evaluated-on-digits", (0.8751, 0.12), "너무 낮아요"),
    ],
    "q3": [
        ("wrong-pair", ((2, 4), CM), "더 많이 헷갈린 짝"),
        ("one-direction", ((7, 9), CM), "한 방향으로"),
        ("diagonal", ((6, 6), CM), "같은 클래스를 두 번"),
        ("out-of-range", ((0, 10), CM), "클래스가 아니에요"),
        ("all-zero", ((0, 6), np.zeros((10, 10))), "모두 0"),
        ("identity", ((0, 6), np.eye(10) * 1000), "대각선 밖이 모두 0"),
        ("negative", ((0, 6), CM - 100), "음수"),
        ("nan", ((0, 6), np.where(CM == 150, np.nan, CM)), "NaN"),
        ("transposed", ((0, 6), CM.T), "행과 열이 바뀌었어요"),
        ("digits", ((0, 6), MNIST_COUNTS), "숫자 MNIST"),
        ("made-up", ((0, 6), CM * 2), "합이 1,000"),
        ("too-accurate", ((0, 6), TOO_ACCURATE), "너무 높아요"),
        ("wrong-shape", ((0, 6), CM[:5]), "(10, 10)"),
        ("swapped-arguments", (CM, (0, 6)), "바꿔 넣었어요"),
        ("wrong-type", ("셔츠", CM), "튜플로"),
        ("three-classes", ((0, 6, 2), CM), "튜플로"),
        ("unknown-name", (("셔츠", "모자"), CM), "클래스가 아니에요"),
    ],
    "q4": [
        ("other-option", ("b",), "28×28 흑백"),
        ("other-option", ("c",), "60,000장"),
        ("other-option", ("d",), "10개"),
        ("two-options", ("a, b",), "하나만"),
        ("several-in-a-list", (["a", "c"],), "하나만"),
        ("empty", ("",), "비어"),
        ("not-an-option", ("f",), "보기에 없는"),
        ("wrong-type", (None,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_test_matrix_tells_the_two_kinds_of_most_confused_pair_apart():
    off = CM - np.diag(np.diag(CM))
    one_way = set(np.unravel_index(np.argmax(off), off.shape))
    both = off + off.T
    assert one_way == {7, 9} and set(np.unravel_index(np.argmax(both), both.shape)) == {0, 6}
    assert (CM.sum(axis=1) == 1000).all() and 0.55 < np.trace(CM) / CM.sum() < 0.85


def test_reading_the_real_fashion_mnist():
    from cnn_course.data import MNIST
    from cnn_course.idx import DataError

    try:
        fashion = MNIST(dataset="fashion", download=False)
    except DataError as error:
        pytest.skip(f"Fashion-MNIST가 없습니다: {error}")
    assert fashion.class_names == FASHION_NAMES
    passes(ex.q1, fashion)
    assert (np.bincount(fashion.y_test_cls, minlength=10) == ex.TEST_PER_CLASS).all()
