"""연습 1: 같은 노트북을 다시 실행하면 같은 결과가 나올까? 무작위성의 원천과 재현성."""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_array, multiple_choice

FIRST_FILTERS_SHAPE = (5, 5, 1, 16)  # 기본 신경망 첫 합성곱 층의 가중치


def _weights(value, name: str) -> np.ndarray:
    array = as_array(value, name)
    if array.ndim == 0:
        raise Wrong(f"`{name}`에 수 하나({value!r})가 들어 있어요. 정확도가 아니라 가중치 배열 "
                    "`trainer.net.conv_weights(0)`을 넣으세요.")
    if array.shape != FIRST_FILTERS_SHAPE:
        raise Wrong(f"`{name}`의 모양이 {array.shape}예요. 첫 합성곱 층의 가중치 "
                    f"`trainer.net.conv_weights(0)`은 {FIRST_FILTERS_SHAPE} 모양이에요.")
    return array


def _two_weights(a, b, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    wa, wb = _weights(a, names[0]), _weights(b, names[1])
    if a is b:
        raise Wrong(f"`{names[0]}`와 `{names[1]}`가 같은 객체예요. 두 번 따로 학습한 "
                    "신경망에서 각각 가중치를 꺼내세요.")
    return wa, wb


def _check_unseeded(weights_a, weights_b) -> str:
    wa, wb = _two_weights(weights_a, weights_b, ("weights_a", "weights_b"))
    if np.array_equal(wa, wb):
        raise Wrong("두 가중치가 똑같아요. 시드 없이 학습했다면 달라야 해요: "
                    "ConvNet(seed=None)과 Trainer(..., seed=None) 둘 다에 seed=None을 넘겼나요?")
    return ("시드를 정하지 않으면 초깃값과 배치가 실행마다 달라서, 같은 코드라도 "
            "학습한 가중치(그리고 정확도)가 달라요.")


def _check_global_seed(w1, w2) -> str:
    a, b = as_array(w1, "w1"), as_array(w2, "w2")
    if a.shape != b.shape or a.size == 0:
        raise Wrong(f"`w1`과 `w2`의 모양({a.shape}, {b.shape})이 같아야 해요. "
                    "같은 shape로 new_weights를 두 번 부르세요.")
    if w1 is w2:
        raise Wrong("`w1`과 `w2`가 같은 객체예요. new_weights를 두 번 따로 부르세요.")
    if not np.array_equal(a, b):
        raise Wrong("두 가중치가 달라요. new_weights를 부르기 직전마다 같은 시드로 "
                    "reproducible(...)을 불렀나요?")
    return ("reproducible(seed)는 TensorFlow의 전역 난수 생성기를 다시 맞추므로, "
            "그 뒤에 뽑는 난수는 매번 같아요.")


def _check_seeded(weights_c, weights_d) -> str:
    wc, wd = _two_weights(weights_c, weights_d, ("weights_c", "weights_d"))
    if not np.array_equal(wc, wd):
        raise Wrong("두 가중치가 달라요. ConvNet과 Trainer에 둘 다 같은 정수 시드(예: seed=0)를 "
                    "주었는지, 반복 수가 같은지 확인하세요.")
    return ("시드를 고정하고 연산 결정성(reproducible)을 켜면 두 번 학습해도 비트 하나까지 같아요. "
            "단, 같은 하드웨어와 같은 소프트웨어 버전에서만 약속돼요.")


q1 = Question(
    "문제 1", ("weights_a", "weights_b"), _check_unseeded,
    hints=[
        "ConvNet(seed=None)은 실행마다 다른 초깃값으로, Trainer(..., seed=None)은 실행마다 다른 "
        "배치 순서로 학습해요.",
        "trainer_a = Trainer(ConvNet(seed=None), data, seed=None); trainer_a.optimize(100, out=None); "
        "weights_a = trainer_a.net.conv_weights(0). 같은 일을 한 번 더 해서 weights_b를 만드세요.",
    ],
    solution="""
trainer_a = Trainer(ConvNet(seed=None), data, seed=None)
trainer_a.optimize(100, out=None)
trainer_b = Trainer(ConvNet(seed=None), data, seed=None)
trainer_b.optimize(100, out=None)
weights_a = trainer_a.net.conv_weights(0)
weights_b = trainer_b.net.conv_weights(0)
""",
)

q2 = Question(
    "문제 2", ("w1", "w2"), _check_global_seed,
    hints=[
        "new_weights(shape)처럼 seed를 주지 않으면 TensorFlow의 전역 난수 생성기를 써요. "
        "reproducible(7)은 그 생성기의 시드를 7로 되돌려요.",
        "reproducible(7); w1 = new_weights([3, 3]).numpy(); reproducible(7); w2 = new_weights([3, 3]).numpy()",
    ],
    solution="""
reproducible(7)
w1 = new_weights([3, 3]).numpy()
reproducible(7)
w2 = new_weights([3, 3]).numpy()
""",
)

q3 = Question(
    "문제 3", ("weights_c", "weights_d"), _check_seeded,
    hints=[
        "문제 1과 같은 코드에서 seed=None 대신 seed=0을 주세요(ConvNet과 Trainer 모두).",
        "trainer_c = Trainer(ConvNet(seed=0), data, seed=0); trainer_c.optimize(100, out=None); "
        "weights_c = trainer_c.net.conv_weights(0)",
    ],
    solution="""
trainer_c = Trainer(ConvNet(seed=0), data, seed=0)
trainer_c.optimize(100, out=None)
trainer_d = Trainer(ConvNet(seed=0), data, seed=0)
trainer_d.optimize(100, out=None)
weights_c = trainer_c.net.conv_weights(0)
weights_d = trainer_d.net.conv_weights(0)
""",
)

SOURCES = {
    "a": "가중치의 초깃값(절단 정규분포에서 뽑아요)",
    "b": "반복마다 훈련 세트에서 고르는 배치",
    "c": "드롭아웃이 끄는 뉴런(드롭아웃을 쓸 때)",
    "d": "여러 스레드가 나누어 더하는 부동소수점 합의 순서",
    "e": "테스트 세트 이미지의 순서",
    "f": "학습률",
    "g": "편향의 초깃값",
}

q4 = Question(
    "문제 4", "sources", multiple_choice(
        correct="abcd",
        why_missing={
            "a": "가중치는 절단 정규분포에서 무작위로 뽑아 시작해요.",
            "b": "배치는 반복마다 훈련 세트에서 무작위로 골라요.",
            "c": "드롭아웃은 학습할 때 뉴런을 무작위로 꺼요.",
            "d": "부동소수점 덧셈은 순서에 따라 마지막 자리가 달라지고, 스레드가 나누는 방식은 "
                 "실행마다 바뀔 수 있어요. 그래서 연산 결정성을 켜야 해요.",
        },
        why_not={
            "e": "테스트 세트는 파일에 적힌 순서 그대로 읽고, 정확도는 순서와 상관없어요.",
            "f": "학습률은 우리가 정한 고정된 설정값이에요.",
            "g": "편향은 모두 0.05로 시작해요. 무작위가 아니에요.",
        },
        name="sources",
        because="초깃값, 배치, 드롭아웃은 난수 시드로, 합의 순서는 연산 결정성과 스레드 수로 고정해요.",
    ),
    hints=["네 개가 맞아요. 학습 중에 '무작위로 뽑는' 것과 '계산 순서'를 생각해 보세요.",
           "layers.py의 new_biases가 무엇으로 시작하는지 보세요."],
    solution='sources = "abcd"  # 초깃값, 배치, 드롭아웃, 부동소수점 합의 순서',
)
