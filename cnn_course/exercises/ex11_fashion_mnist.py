"""원본에 없는 연습: 같은 신경망을 Fashion-MNIST(옷 사진 10종류)로 학습하고 MNIST와 비교하기."""

from __future__ import annotations

import numpy as np

from .core import Question, Wrong, as_accuracy, as_array, describe, single_choice

FASHION_NAMES = ("티셔츠/탑", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "운동화", "가방", "앵클 부츠")


def _check_data(fashion) -> str:
    dataset = getattr(fashion, "dataset", None)
    if dataset is None or not hasattr(fashion, "x_train"):
        raise Wrong(f"`fashion`에는 MNIST(dataset='fashion')로 읽은 데이터 객체를 넣으세요(받은 값: {describe(fashion)}).")
    if dataset == "mnist":
        raise Wrong("숫자 MNIST를 읽었어요. MNIST(dataset='fashion')처럼 dataset을 주세요.")
    if dataset != "fashion":
        raise Wrong(f"dataset이 {dataset!r}예요. 'fashion'이어야 해요.")
    if getattr(fashion, "num_train", None) != 55_000:
        raise Wrong("훈련 세트가 55,000장이 아니에요. MNIST 클래스로 읽으면 MNIST와 똑같이 나눠요.")
    return "MNIST와 똑같이 28x28 흑백 이미지, 클래스 10개, 훈련 55,000 / 검증 5,000 / 테스트 10,000장이에요."


def _check_accuracies(acc_mnist, acc_fashion) -> str:
    m, f = as_accuracy(acc_mnist, "acc_mnist"), as_accuracy(acc_fashion, "acc_fashion")
    if m < 0.5 or f < 0.3:
        raise Wrong(f"정확도({m:.1%}, {f:.1%})가 너무 낮아요. 두 신경망을 학습했나요? 300번이면 둘 다 "
                    "무작위로 고르는 것(10%)보다 훨씬 높아요.")
    if m == f:
        raise Wrong("두 정확도가 똑같아요. 두 번 다 같은 데이터로 학습하지 않았나요? trained(fashion, ...)처럼 "
                    "Fashion-MNIST 데이터를 넘기세요.")
    if f > m:
        raise Wrong(f"Fashion-MNIST({f:.1%})가 MNIST({m:.1%})보다 높게 나왔어요. 두 값을 바꿔 넣지 않았나요?")
    return "같은 신경망, 같은 반복 수인데 옷 사진이 훨씬 어려워요."


def _pair(value) -> tuple[int, int]:
    if isinstance(value, str) or not isinstance(value, (tuple, list, set, frozenset)) or len(value) != 2:
        raise Wrong(f"`most_confused`에는 클래스 두 개를 튜플로 넣으세요, 예: (0, 6)(받은 값: {describe(value)}).")
    pair = []
    for item in value:
        if isinstance(item, str) and item in FASHION_NAMES:
            pair.append(FASHION_NAMES.index(item))
        elif isinstance(item, (int, np.integer)) and not isinstance(item, bool) and 0 <= item < 10:
            pair.append(int(item))
        else:
            raise Wrong(f"{item!r}은(는) 클래스가 아니에요. 0~9의 번호나 {FASHION_NAMES[0]!r} 같은 이름을 쓰세요.")
    if pair[0] == pair[1]:
        raise Wrong("같은 클래스를 두 번 적었어요. 서로 헷갈린 두 클래스를 적으세요.")
    return pair[0], pair[1]


def _check_confused(most_confused, cm) -> str:
    matrix = as_array(cm, "cm")
    if matrix.shape != (10, 10):
        raise Wrong(f"`cm`의 모양이 {matrix.shape}예요. 혼동 행렬은 (10, 10)이에요: evaluation.confusion_matrix().")
    a, b = _pair(most_confused)
    mixed = matrix + matrix.T  # a를 b로, b를 a로 잘못 분류한 수
    np.fill_diagonal(mixed, -1)
    i, j = np.unravel_index(np.argmax(mixed), mixed.shape)
    best = int(mixed[i, j])
    if mixed[a, b] != best:
        raise Wrong(f"{FASHION_NAMES[a]}와(과) {FASHION_NAMES[b]}는 서로 {int(mixed[a, b])}장 헷갈렸어요. "
                    f"가장 많이 헷갈린 쌍은 ({i}, {j}): {FASHION_NAMES[i]}와(과) {FASHION_NAMES[j]}, {best}장이에요. "
                    "대각선 밖에서 cm[a, b] + cm[b, a]가 가장 큰 쌍을 찾으세요.")
    return "혼동 행렬의 대각선 밖에서 가장 큰 칸이, 신경망이 가장 많이 헷갈린 짝이에요."


q1 = Question(
    "문제 1", "fashion", _check_data,
    hints=["MNIST 클래스의 dataset 인자를 보세요."],
    solution='fashion = MNIST(dataset="fashion")',
)

q2 = Question(
    "문제 2", ("acc_mnist", "acc_fashion"), _check_accuracies,
    hints=["trained(data, 300, out=None)과 trained(fashion, 300, out=None)의 test_accuracy()."],
    solution="""
acc_mnist = trained(data, 300, out=None).test_accuracy()
acc_fashion = trained(fashion, 300, out=None).test_accuracy()
""",
)

q3 = Question(
    "문제 3", ("most_confused", "cm"), _check_confused,
    hints=["cm[정답, 예측]은 정답이 그 클래스인데 다른 클래스로 예측한 이미지 수예요.",
           "두 방향을 더한 cm + cm.T에서 대각선을 빼고 가장 큰 칸을 찾으세요(np.argmax, np.unravel_index)."],
    solution="""
mixed = cm + cm.T
np.fill_diagonal(mixed, 0)
most_confused = tuple(int(i) for i in np.unravel_index(np.argmax(mixed), mixed.shape))
""",
)

q4 = Question(
    "문제 4", "why_harder", single_choice(
        "a",
        {
            "b": "두 데이터 세트 모두 28x28 흑백 이미지예요.",
            "c": "두 데이터 세트 모두 훈련 이미지가 60,000장(검증 5,000장 포함)이에요.",
            "d": "클래스 수는 둘 다 10개예요.",
        },
        name="why_harder",
        because="숫자는 획 몇 개로 구별되지만, 옷은 한 종류 안에서도 모양과 무늬가 다양하고 "
                "셔츠, 티셔츠, 풀오버, 코트처럼 서로 닮은 종류가 있어요.",
    ),
    hints=["문제 3에서 가장 많이 헷갈린 두 클래스를 떠올려 보세요."],
    solution='why_harder = "a"',
)
