"""연습 1(무작위성과 재현성) 채점기: 맞는 답은 여러 형태로 통과하고, 틀린 답은 이유와 함께 떨어집니다.

학습은 하지 않습니다. 100번 학습한 가중치 대신, 초깃값에 학습만큼의 작은 변화를 더한 배열을 씁니다.
"""

from __future__ import annotations

import numpy as np
from exercise_tables import fails, passes, table_tests

from cnn_course.data import MNIST
from cnn_course.environment import import_tensorflow, reproducible
from cnn_course.idx import DataError
from cnn_course.exercises import ex01_randomness as ex
from cnn_course.layers import new_weights
from cnn_course.model import ConvNet
from cnn_course.training import Trainer

tf = import_tensorflow()
SHAPE = ex.FIRST_FILTERS_SHAPE


def trained_like(start: np.ndarray, seed: int) -> np.ndarray:
    """초깃값에서 100번 학습한 것처럼(학습률 1e-4: 원소마다 0.01 안쪽) 조금 움직인 가중치."""
    return (start + np.random.default_rng(seed).uniform(-0.01, 0.01, start.shape)).astype(np.float32)


def seeded_100() -> np.ndarray:
    """ConvNet(seed=0)을 Trainer(..., seed=0)으로 정말 100번 학습한 가중치(채점기도 다시 학습해 비교합니다).
    MNIST가 없으면 채점기도 다시 학습하지 못하므로, 초깃값을 조금 움직인 배열로 대신합니다."""
    try:
        data = MNIST(download=False)
    except DataError:
        return trained_like(SEED0, 3)
    trainer = Trainer(ConvNet(seed=0), data, seed=0)
    trainer.optimize(100, out=None)
    return trainer.net.conv_weights(0)


SEED0 = ConvNet(seed=0).conv_weights(0)
UNSEEDED_A = trained_like(ConvNet(seed=11).conv_weights(0), 1)  # seed=None으로 만든 두 신경망 대신
UNSEEDED_B = trained_like(ConvNet(seed=12).conv_weights(0), 2)
SEEDED = seeded_100()
OTHER_SEED = trained_like(ConvNet(seed=5).conv_weights(0), 3)
NOISE = np.random.default_rng(0).normal(size=SHAPE).astype(np.float32)
NAN = np.full(SHAPE, np.nan, np.float32)


def global_draw(seed: int, shape=(3, 3), reset: bool = True) -> np.ndarray:
    if reset:
        reproducible(seed)
    return new_weights(list(shape)).numpy()


W7 = global_draw(7)
W7_WIDE = global_draw(7, (2, 4))
W8 = global_draw(8)
W7_SECOND = (global_draw(7), global_draw(7, reset=False))[1]  # 시드를 맞춘 뒤 두 번째로 뽑은 값
reproducible(0)

RIGHT = {
    "q1": [(UNSEEDED_A, UNSEEDED_B),
           (tf.constant(UNSEEDED_A), tf.Variable(UNSEEDED_B)),
           (UNSEEDED_A.astype(np.float64), UNSEEDED_B.tolist())],
    "q2": [(W7, W7.copy()), (tf.constant(W7), tf.Variable(W7)), (W7_WIDE, W7_WIDE.astype(np.float64))],
    "q3": [(SEEDED, SEEDED.copy()), (tf.constant(SEEDED), SEEDED.astype(np.float64))],
    "q4": [("abcd",), (["d", "C", "b", "a"],), ("a, b, c, d",), ("(a)(b)(c)(d)",), ("ＡＢＣＤ",), ("ab cd",),
           (["ab", "cd"],)],
}

WRONG = {
    "q1": [
        ("same-object", (UNSEEDED_A, UNSEEDED_A), "같은 객체"),
        ("copy", (UNSEEDED_A, UNSEEDED_A.copy()), "똑같아요"),
        ("constant", (np.zeros(SHAPE), np.full(SHAPE, 0.1)), "원소가 모두 0이에요"),
        ("nan", (NAN, NAN.copy()), "NaN"),
        ("out-of-range", (NOISE, NOISE[::-1].copy()), "가중치답지 않아요"),
        ("seeded-start", (trained_like(SEED0, 1), trained_like(SEED0, 2)), "ConvNet(seed=0)의 초깃값"),
        ("negated", (UNSEEDED_A, -UNSEEDED_A), "상관계수"),
        ("shuffled-copy", (UNSEEDED_A, np.random.default_rng(0).permutation(UNSEEDED_A.ravel()).reshape(SHAPE)),
         "순서만 바꿔"),
        ("flipped-copy", (UNSEEDED_A, UNSEEDED_A[::-1].copy()), "순서만 바꿔"),
        ("transposed-copy", (UNSEEDED_A, np.transpose(UNSEEDED_A, (1, 0, 2, 3)).copy()), "순서만 바꿔"),
        ("untrained", (ConvNet(seed=11).conv_weights(0), ConvNet(seed=12).conv_weights(0)), "학습하지 않은 초깃값"),
        ("uniform-noise", tuple(np.random.default_rng(s).uniform(-0.1, 0.1, SHAPE) for s in (1, 2)),
         "학습하지 않은 초깃값"),
        ("normal-noise", tuple(np.random.default_rng(s).normal(0, 0.05, SHAPE) for s in (1, 2)), "가중치답지 않아요"),
        ("scaled-copy", (UNSEEDED_A, UNSEEDED_A * 1.01), "상관계수"),
        ("accuracy", (0.91, UNSEEDED_B), "정확도가 아니라 가중치 배열"),
        ("wrong-shape", (np.zeros((3, 3)), UNSEEDED_B), "모양이 (3, 3)이에요"),
        ("wrong-type", ("weights_a", UNSEEDED_B), "배열이나 텐서"),
    ],
    "q2": [
        ("same-object", (W7, W7), "같은 객체"),
        ("different", (W7, W8), "두 가중치가 달라요"),
        ("constant", (np.ones((3, 3)), np.ones((3, 3))), "reproducible(7) 바로 다음"),
        ("other-seed", (W8, W8.copy()), "reproducible(7) 바로 다음"),
        ("second-draw", (W7_SECOND, W7_SECOND.copy()), "reproducible(7) 바로 다음"),
        ("nan", (np.full((3, 3), np.nan), np.full((3, 3), np.nan)), "NaN"),
        ("shape-mismatch", (W7, W7[:2]), "모양"),
        ("scalar", (0.5, 0.5), "원소가 둘 이상"),
        ("wrong-type", ("w1", "w2"), "배열이나 텐서"),
    ],
    "q3": [
        ("different", (SEEDED, UNSEEDED_A), "두 가중치가 달라요"),
        ("untrained", (SEED0, SEED0.copy()), "초깃값 그대로"),
        ("other-seed", (OTHER_SEED, OTHER_SEED.copy()), "ConvNet(seed=0)에서 시작해"),
        ("constant", (np.zeros(SHAPE), np.zeros(SHAPE)), "원소가 모두 0이에요"),
        ("nan", (NAN, NAN.copy()), "NaN"),
        ("out-of-range", (NOISE, NOISE.copy()), "가중치답지 않아요"),
        ("same-object", (SEEDED, SEEDED), "같은 객체"),
        ("wrong-shape", (np.zeros((5, 5, 1, 36)), SEEDED), "모양이 (5, 5, 1, 36)"),
        ("wrong-type", ("weights", SEEDED), "배열이나 텐서"),
    ],
    "q4": [
        ("bias", ("abcdg",), "편향은 모두 0.05로 시작"),
        ("learning-rate", ("abcdf",), "고정된 설정값"),
        ("test-order", ("abcde",), "테스트 세트는 파일에 적힌 순서"),
        ("missing", ("abc",), "(d) 부동소수점 덧셈은 순서에 따라"),
        ("not-an-option", ("abcz",), "보기에 없는 답"),
        ("empty", ("",), "비어 있어요"),
        ("wrong-type", (4,), "보기의 글자"),
    ],
}


(test_every_question_has_a_full_table, test_right_answers_pass,
 test_wrong_answers_are_rejected_with_a_reason) = table_tests(ex, RIGHT, WRONG)


def test_the_global_seed_check_leaves_the_generator_as_after_the_students_draw():
    passes(ex.q2, W7, W7.copy())
    after_check = new_weights([3, 3]).numpy()
    reproducible(7)
    new_weights([3, 3])
    assert np.array_equal(after_check, new_weights([3, 3]).numpy())
    reproducible(0)


def test_seeded_weights_are_recomputed_by_the_checker(mnist):
    """두 배열이 같고 초깃값 가까이에 있어도, 채점기가 다시 학습한 100번과 다르면 떨어집니다
    (다른 Trainer 시드, 50번이나 200번 학습)."""
    passes(ex.q3, SEEDED, SEEDED.copy())
    moved = trained_like(SEED0, 4)
    fails(ex.q3, "채점기가 ConvNet(seed=0)을 Trainer(..., seed=0)으로 100번 학습한", moved, moved.copy())
