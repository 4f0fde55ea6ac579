"""연습 1: 같은 노트북을 다시 실행하면 같은 결과가 나올까? 무작위성의 원천과 재현성.

채점기는 받은 가중치가 정말 두 번 학습한 결과인지 확인합니다: 유한하고, 상수가 아니고, 학습한
가중치다운 크기와 분포이고(절단 정규분포에서 시작해 100번 움직인), 한 배열을 섞거나 복사한 것이 아니고,
시드 0으로 시작한 신경망과 얼마나 닮았는지까지 봅니다. 문제 2는 채점기가 `reproducible(7); new_weights(shape)`를,
문제 3은 시드 0으로 100번 학습한 가중치를 직접 다시 계산해 비교합니다.
"""

from __future__ import annotations

import numpy as np

from cnn_course.korean import josa

from .core import Question, Wrong, as_array, checker_mnist, multiple_choice

FIRST_FILTERS_SHAPE = (5, 5, 1, 16)  # 기본 신경망 첫 합성곱 층의 가중치
INITIAL_STDDEV = 0.05  # new_weights의 절단 정규분포 표준편차
MAX_DRIFT = 0.05  # 학습률 1e-4로 수백 번 학습하는 동안 가중치 하나가 움직이는 거리의 넉넉한 위쪽 한계
INIT_BOUND = 2 * INITIAL_STDDEV  # 절단 정규분포는 ±2 표준편차 안에서만 뽑습니다: 초깃값은 모두 이 안
# 100번 학습한 가중치의 절댓값 위쪽 한계: Adam의 한 걸음은 학습률(1e-4) 안팎이라 100번에 0.01쯤 움직입니다.
# 그 두 배를 둡니다(재어 보면 최댓값 0.104~0.113). 절단하지 않은 정규분포 난수는 대개 이 밖으로 나갑니다.
MAX_ABS = INIT_BOUND + 0.02
MAX_OUTSIDE = 0.05  # 100번 학습한 뒤 ±INIT_BOUND 밖으로 나간 원소의 비율 위쪽 한계(재어 보면 1~3%)
SEEDED_TOLERANCE = 1e-4  # 채점기가 다시 학습한 가중치와 비교하는 허용 오차(50번, 200번 학습과는 1e-3 넘게 다릅니다)


def _weights(value, name: str, shape: tuple | None = FIRST_FILTERS_SHAPE) -> np.ndarray:
    """학습한(또는 new_weights로 만든) 가중치다운 배열인지 확인합니다."""
    array = as_array(value, name)
    if array.ndim == 0:
        raise Wrong(f"`{name}`에 수 하나({array.item():g})가 들어 있어요. 정확도가 아니라 가중치 배열 "
                    "`trainer.net.conv_weights(0)`을 넣으세요.")
    if shape is not None and array.shape != shape:
        raise Wrong(f"`{name}`의 모양이 {josa(array.shape, '이에요/예요')}. 첫 합성곱 층의 가중치 "
                    f"`trainer.net.conv_weights(0)`은 {shape} 모양이에요.")
    if array.size < 2:
        raise Wrong(f"`{name}`에 원소가 {array.size}개뿐이에요. 가중치 배열 전체를 넣으세요.")
    if not np.all(np.isfinite(array)):
        raise Wrong(f"`{name}`에 NaN이나 무한대가 있어요. 학습한 가중치는 유한한 수예요.")
    if np.ptp(array) == 0:
        raise Wrong(f"`{name}`의 원소가 모두 {josa(f'{array.flat[0]:g}', '이에요/예요')}. 무작위로 시작한 가중치는 원소마다 달라요.")
    spread = float(array.std())
    outside = float(np.mean(np.abs(array) > INIT_BOUND + 1e-6))
    if not 0.2 * INITIAL_STDDEV < spread < 3 * INITIAL_STDDEV or np.abs(array).max() > MAX_ABS \
            or outside > MAX_OUTSIDE:
        raise Wrong(f"`{name}`의 값이 가중치답지 않아요(표준편차 {spread:.3f}). 가중치는 표준편차 "
                    f"{INITIAL_STDDEV}인 절단 정규분포로 시작해, 학습하는 동안 조금만 움직여요.")
    return array


def _two_weights(a, b, names: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    wa, wb = _weights(a, names[0]), _weights(b, names[1])
    if a is b:
        raise Wrong(f"{josa(f'`{names[0]}`', '과/와')} {josa(f'`{names[1]}`', '이/가')} 같은 객체예요. 두 번 따로 학습한 "
                    "신경망에서 각각 가중치를 꺼내세요.")
    return wa, wb


def _seed0_start() -> np.ndarray:
    """ConvNet(seed=0)의 첫 합성곱 층 초깃값(부를 때마다 새로 만듭니다: 학습하지 않아 쌉니다)."""
    from cnn_course.model import ConvNet

    return ConvNet(seed=0).conv_weights(0)


def _check_unseeded(weights_a, weights_b) -> str:
    wa, wb = _two_weights(weights_a, weights_b, ("weights_a", "weights_b"))
    if np.array_equal(wa, wb):
        raise Wrong("두 가중치가 똑같아요. 시드 없이 학습했다면 달라야 해요: "
                    "ConvNet(seed=None)과 Trainer(..., seed=None) 둘 다에 seed=None을 넘겼나요? "
                    "같은 배열을 복사해 넣지 않았는지도 보세요.")
    if np.allclose(np.sort(wa, axis=None), np.sort(wb, axis=None), rtol=0, atol=1e-6):
        raise Wrong("두 가중치가 같은 값들을 순서만 바꿔 담고 있어요. 한 배열을 섞거나 뒤집지 말고, 시드 없이 "
                    "두 번 따로 학습한 신경망에서 각각 가중치를 꺼내세요.")
    if np.abs(wa).max() <= INIT_BOUND + 1e-6 and np.abs(wb).max() <= INIT_BOUND + 1e-6:
        raise Wrong(f"두 가중치 모두 초깃값의 범위(±{INIT_BOUND:g}) 안에 있어요. 학습하지 않은 초깃값 같아요: "
                    "100번 학습하면 몇몇 가중치가 이 범위 밖으로 나가요. optimize(100, out=None)을 부른 다음 "
                    "conv_weights(0)을 꺼내세요.")
    start = _seed0_start()
    near_start = [n for n, w in (("weights_a", wa), ("weights_b", wb)) if np.abs(w - start).max() < MAX_DRIFT]
    if near_start:
        raise Wrong(f"{', '.join(f'`{n}`' for n in near_start)}의 값이 ConvNet(seed=0)의 초깃값에서 "
                    "시작했어요. 신경망도 ConvNet(seed=None)으로 만들어야 초깃값이 실행마다 달라져요.")
    correlation = float(np.corrcoef(wa.ravel(), wb.ravel())[0, 1])
    if abs(correlation) > 0.5:
        raise Wrong(f"두 가중치가 거의 같은 값에서 나왔어요(상관계수 {correlation:.2f}). 한 배열을 조금 "
                    "바꾸거나 부호만 바꾼 것이 아니라, 시드 없이 두 번 따로 학습한 결과를 넣으세요.")
    return ("시드를 정하지 않으면 초깃값과 배치가 실행마다 달라서, 같은 코드라도 "
            "학습한 가중치(그리고 정확도)가 달라요.")


def _expected_global_draw(shape: tuple) -> np.ndarray:
    """채점기가 직접 `reproducible(7); new_weights(shape)`를 계산합니다.

    전역 난수 생성기는 학생이 `reproducible(7)` 다음 한 번 뽑은 것과 같은 상태로 남습니다.
    """
    import random

    from cnn_course.environment import import_tensorflow
    from cnn_course.layers import new_weights

    # reproducible(7)이 난수에 하는 일과 같습니다(스레드 수는 건드리지 않습니다).
    random.seed(7)
    import_tensorflow().keras.utils.set_random_seed(7)
    return new_weights(list(shape)).numpy()


def _check_global_seed(w1, w2) -> str:
    a, b = as_array(w1, "w1"), as_array(w2, "w2")
    if a.shape != b.shape or a.size < 2:
        raise Wrong(f"`w1`과 `w2`의 모양({a.shape}, {b.shape})이 같아야 하고, 원소가 둘 이상이어야 해요. "
                    "같은 shape로 new_weights를 두 번 부르세요.")
    if w1 is w2:
        raise Wrong("`w1`과 `w2`가 같은 객체예요. new_weights를 두 번 따로 부르세요.")
    for name, array in (("w1", a), ("w2", b)):
        if not np.all(np.isfinite(array)):
            raise Wrong(f"`{name}`에 NaN이나 무한대가 있어요. new_weights가 돌려준 값을 넣으세요.")
    if not np.array_equal(a, b):
        raise Wrong("두 가중치가 달라요. new_weights를 부르기 직전마다 같은 시드로 "
                    "reproducible(...)을 불렀나요?")
    if a.ndim > 8 or a.size > 1_000_000:
        raise Wrong(f"`w1`의 모양 {josa(a.shape, '이/가')} 너무 커요. 문제처럼 new_weights([3, 3])을 쓰세요.")
    expected = _expected_global_draw(a.shape)
    if not np.allclose(a, expected, rtol=0, atol=1e-7):
        raise Wrong("두 값은 같지만, reproducible(7) 바로 다음에 new_weights로 뽑은 값이 아니에요. "
                    "시드 7로 맞춘 직후에 new_weights(모양)을 불러 그 결과를 넣으세요"
                    "(같은 배열을 두 번 넣거나 다른 시드를 쓰면 안 돼요).")
    return ("reproducible(seed)는 TensorFlow의 전역 난수 생성기를 다시 맞추므로, "
            "그 뒤에 뽑는 난수는 매번 같아요.")


def _seeded_reference() -> np.ndarray | None:
    """채점기가 직접 ConvNet(seed=0)을 Trainer(..., seed=0)으로 100번 학습한 첫 합성곱 층 가중치
    (몇 초 걸립니다). MNIST를 읽을 수 없으면 None: 그때는 초깃값에서 가까운지만 봅니다."""
    from cnn_course.model import ConvNet
    from cnn_course.training import Trainer

    try:
        data = checker_mnist()
    except Exception:  # 데이터가 없는 곳에서도 채점은 합니다.
        return None
    trainer = Trainer(ConvNet(seed=0), data, seed=0)
    trainer.optimize(100, out=None)
    return trainer.net.conv_weights(0)


def _check_seeded(weights_c, weights_d) -> str:
    wc, wd = _two_weights(weights_c, weights_d, ("weights_c", "weights_d"))
    if not np.array_equal(wc, wd):
        raise Wrong("두 가중치가 달라요. ConvNet과 Trainer에 둘 다 같은 정수 시드(예: seed=0)를 "
                    "주었는지, 반복 수가 같은지 확인하세요.")
    start = _seed0_start()
    if np.array_equal(wc, start):
        raise Wrong("가중치가 ConvNet(seed=0)의 초깃값 그대로예요. 두 신경망을 각각 100번 학습한 다음 "
                    "가중치를 꺼내세요.")
    if np.abs(wc - start).max() > MAX_DRIFT:
        raise Wrong("두 가중치는 같지만 ConvNet(seed=0)에서 시작해 100번 학습한 가중치가 아니에요. "
                    "두 신경망 모두 ConvNet(seed=0)으로 만들고 Trainer(..., seed=0)으로 학습하세요.")
    reference = _seeded_reference()
    if reference is not None and np.abs(wc - reference).max() > SEEDED_TOLERANCE:
        raise Wrong("두 가중치는 같지만, 채점기가 ConvNet(seed=0)을 Trainer(..., seed=0)으로 100번 학습한 "
                    "가중치와 달라요. 반복 수(100번)와 Trainer의 시드(seed=0), 학습률(기본값)을 확인하세요.")
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
)

q2 = Question(
    "문제 2", ("w1", "w2"), _check_global_seed,
    hints=[
        "new_weights(shape)처럼 seed를 주지 않으면 TensorFlow의 전역 난수 생성기를 써요. "
        "reproducible(7)은 그 생성기의 시드를 7로 되돌려요.",
        "reproducible(7); w1 = new_weights([3, 3]).numpy(); reproducible(7); w2 = new_weights([3, 3]).numpy()",
    ],
)

q3 = Question(
    "문제 3", ("weights_c", "weights_d"), _check_seeded,
    hints=[
        "문제 1과 같은 코드에서 seed=None 대신 seed=0을 주세요(ConvNet과 Trainer 모두).",
        "trainer_c = Trainer(ConvNet(seed=0), data, seed=0); trainer_c.optimize(100, out=None); "
        "weights_c = trainer_c.net.conv_weights(0)",
    ],
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
)
