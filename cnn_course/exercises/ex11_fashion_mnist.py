"""연습 11: 같은 신경망을 Fashion-MNIST(옷 사진 10종류)로 학습하고 MNIST와 비교하기(원본 강좌에 없는 연습)."""

from __future__ import annotations

import numpy as np

from cnn_course.data import CLASS_NAMES
from cnn_course.korean import josa

from .core import Question, Wrong, as_accuracy, as_array, describe, normalize_text, single_choice

FASHION_NAMES = CLASS_NAMES["fashion"]
ENGLISH_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                 "Ankle boot")
TEST_PER_CLASS = 1_000  # Fashion-MNIST 테스트 세트는 클래스마다 1,000장
MNIST_TEST_COUNTS = (980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009)  # 숫자 MNIST 테스트 세트
ITERATIONS = 300
# 300번 학습한 6장의 신경망의 테스트 정확도로 그럴듯한 범위(시드 0에서 MNIST 약 88%, Fashion-MNIST 약 73%).
MNIST_RANGE = (0.75, 0.95)
FASHION_RANGE = (0.55, 0.85)
CM_ACCURACY_RANGE = (0.3, 0.95)  # 혼동 행렬의 대각선 비율(정확도): 학습한 신경망이면 이 안에 듭니다.


def _check_data(fashion) -> str:
    dataset = getattr(fashion, "dataset", None)
    if dataset is None or not hasattr(fashion, "x_train"):
        raise Wrong(f"`fashion`에는 MNIST(dataset='fashion')로 읽은 데이터 객체를 넣으세요(받은 값: {describe(fashion)}).")
    if dataset == "mnist":
        raise Wrong("숫자 MNIST를 읽었어요. MNIST(dataset='fashion')처럼 dataset을 주세요.")
    if dataset != "fashion":
        raise Wrong(f"dataset이 {josa(repr(dataset), '이에요/예요')}. 'fashion'이어야 해요.")
    if getattr(fashion, "num_train", None) != 55_000 or getattr(fashion, "num_test", None) != 10_000:
        raise Wrong("훈련 55,000장, 테스트 10,000장으로 나뉜 데이터가 아니에요. MNIST 클래스로 읽으면 MNIST와 "
                    "똑같이 나눠요.")
    return "MNIST와 똑같이 28×28 흑백 이미지, 클래스 10개, 훈련 55,000 / 검증 5,000 / 테스트 10,000장이에요."


def _in_range(value: float, name: str, low: float, high: float, what: str) -> None:
    if value > high:
        raise Wrong(f"`{name}`={value:.2%}: {ITERATIONS}번 학습한 {what} 신경망으로는 너무 높아요(그럴듯한 범위 "
                    f"{low:.0%}~{high:.0%}). 더 오래 학습한 신경망이나 훈련 세트로 잰 값이 아닌지, "
                    "값을 직접 적지 않았는지 확인하세요.")
    if value < low:
        raise Wrong(f"`{name}`={value:.2%}: {ITERATIONS}번 학습한 {what} 신경망으로는 너무 낮아요(그럴듯한 범위 "
                    f"{low:.0%}~{high:.0%}). 학습한 신경망의 test_accuracy()인지, 다른 데이터 세트로 "
                    "평가하지 않았는지 확인하세요.")


def _check_accuracies(acc_mnist, acc_fashion) -> str:
    m, f = as_accuracy(acc_mnist, "acc_mnist"), as_accuracy(acc_fashion, "acc_fashion")
    if m == f:
        raise Wrong("두 정확도가 똑같아요. 두 번 다 같은 데이터로 학습하지 않았나요? trained(fashion, ...)처럼 "
                    "Fashion-MNIST 데이터를 넘기세요.")
    if f > m and FASHION_RANGE[0] <= m <= FASHION_RANGE[1] and MNIST_RANGE[0] <= f <= MNIST_RANGE[1]:
        raise Wrong(f"Fashion-MNIST({f:.1%})가 MNIST({m:.1%})보다 높게 나왔어요. 두 값을 바꿔 넣지 않았나요?")
    _in_range(m, "acc_mnist", *MNIST_RANGE, "숫자 MNIST")
    _in_range(f, "acc_fashion", *FASHION_RANGE, "Fashion-MNIST")
    if f > m:
        raise Wrong(f"Fashion-MNIST({f:.1%})가 MNIST({m:.1%})보다 높게 나왔어요. 두 값을 바꿔 넣지 않았나요?")
    return "같은 신경망, 같은 반복 수인데 옷 사진이 훨씬 어려워요."


_NAMES = {normalize_text(n): i for names in (FASHION_NAMES, ENGLISH_NAMES) for i, n in enumerate(names)}


def _class(item) -> int:
    if isinstance(item, str):
        key = normalize_text(item)
        if key in _NAMES:
            return _NAMES[key]
    elif isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_)) and 0 <= item < 10:
        return int(item)
    raise Wrong(f"{josa(repr(item), '은/는')} 클래스가 아니에요. 0~9의 번호나 {FASHION_NAMES[0]!r} 같은 이름을 쓰세요.")


def _pair(value) -> tuple[int, int]:
    if hasattr(value, "numpy") and callable(value.numpy):  # 텐서
        value = value.numpy()
    if isinstance(value, np.ndarray):
        value = value.reshape(-1).tolist() if value.ndim == 1 or value.size == 2 else value
    if isinstance(value, str) or not isinstance(value, (tuple, list, set, frozenset)) or len(value) != 2:
        raise Wrong(f"`most_confused`에는 클래스 두 개를 튜플로 넣으세요, 예: (0, 6)(받은 값: {describe(value)}).")
    items = [v.reshape(()).item() if isinstance(v, np.ndarray) and v.size == 1 else v for v in value]
    a, b = (_class(item) for item in items)
    if a == b:
        raise Wrong("같은 클래스를 두 번 적었어요. 서로 헷갈린 두 클래스를 적으세요. 대각선(맞힌 수)은 빼고 찾으세요.")
    return a, b


def _confusion(cm) -> tuple[np.ndarray, str]:
    """혼동 행렬을 확인하고 (행렬, 단위)를 돌려줍니다. 단위는 "장"(이미지 수) 또는 "비율"."""
    matrix = as_array(cm, "cm")
    if matrix.shape != (10, 10):
        raise Wrong(f"`cm`의 모양이 {josa(matrix.shape, '이에요/예요')}. 혼동 행렬은 (10, 10)이에요: "
                    "trainer.evaluate().confusion_matrix().")
    if not np.all(np.isfinite(matrix)):
        raise Wrong("`cm`에 NaN이나 무한대가 있어요. 혼동 행렬은 이미지 수를 센 것이에요.")
    if np.any(matrix < 0):
        raise Wrong("`cm`에 음수가 있어요. 혼동 행렬의 칸은 이미지 수(또는 비율)라 0 이상이에요.")
    if not matrix.any():
        raise Wrong("`cm`이 모두 0이에요. 학습한 신경망의 evaluate().confusion_matrix()를 넣으세요.")
    off = matrix - np.diag(np.diag(matrix))
    if not off.any():
        raise Wrong("`cm`의 대각선 밖이 모두 0이에요(하나도 틀리지 않은 행렬). 직접 만든 행렬이 아니라 "
                    "학습한 신경망의 evaluate().confusion_matrix()를 넣으세요.")
    rows, columns = matrix.sum(axis=1), matrix.sum(axis=0)
    counts = np.allclose(matrix, np.round(matrix))
    if counts and not np.allclose(rows, 1):
        if np.allclose(rows, TEST_PER_CLASS):
            unit = "장"
        elif np.allclose(columns, TEST_PER_CLASS):
            raise Wrong("`cm`의 행과 열이 바뀌었어요(열의 합이 1,000). 혼동 행렬은 cm[정답, 예측]이에요: "
                        "confusion_matrix()가 돌려주는 그대로 넣으세요.")
        elif np.allclose(rows, MNIST_TEST_COUNTS):
            raise Wrong("숫자 MNIST의 혼동 행렬이에요. Fashion-MNIST로 학습한 신경망을 평가하세요.")
        else:
            raise Wrong("`cm`의 행마다 합이 1,000이 아니에요. Fashion-MNIST 테스트 세트(클래스마다 1,000장)로 "
                        "만든 혼동 행렬을 넣으세요: trainer.evaluate().confusion_matrix().")
        accuracy = np.trace(matrix) / matrix.sum()
    elif np.allclose(rows, 1, atol=1e-4) or np.allclose(rows, 0.1, atol=1e-5):
        unit = "비율"  # 행마다(또는 전체를) 1로 나눈 혼동 행렬
        accuracy = np.trace(matrix) / matrix.sum()
    else:
        raise Wrong("`cm`이 이미지 수도, 행마다 합이 1인 비율도 아니에요. confusion_matrix()가 돌려주는 "
                    "행렬을 그대로(또는 행마다 나눠서) 넣으세요.")
    low, high = CM_ACCURACY_RANGE
    if not low <= accuracy <= high:
        raise Wrong(f"`cm`의 대각선(맞힌 비율)이 {accuracy:.1%}예요. {ITERATIONS}번 학습한 신경망으로는 "
                    f"{'너무 높아요' if accuracy > high else '너무 낮아요'}. 학습한 신경망의 "
                    "evaluate().confusion_matrix()를 넣으세요.")
    return matrix, unit


def _check_confused(most_confused, cm) -> str:
    if np.shape(most_confused) == (10, 10) and np.size(cm) == 2:
        raise Wrong("`most_confused`와 `cm`을 바꿔 넣었어요. q3.check(most_confused, cm) 순서예요.")
    matrix, unit = _confusion(cm)
    a, b = _pair(most_confused)
    mixed = matrix + matrix.T  # a를 b로, b를 a로 잘못 분류한 수
    np.fill_diagonal(mixed, -1)
    best = mixed.max()
    if np.isclose(mixed[a, b], best, rtol=1e-9, atol=0):
        return "혼동 행렬의 대각선 밖에서 cm[a, b] + cm[b, a]가 가장 큰 짝이, 신경망이 가장 많이 헷갈린 짝이에요."
    amount = f"{mixed[a, b]:,.0f}장" if unit == "장" else f"비율 {mixed[a, b]:.3f}만큼"
    off = matrix.copy()
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(np.argmax(off), off.shape)
    if {a, b} == {int(i), int(j)}:
        raise Wrong(f"{josa(FASHION_NAMES[a], '과/와')} {josa(FASHION_NAMES[b], '은/는')} 한 방향으로 가장 많이 "
                    "헷갈린 칸이에요. 두 방향을 더한 cm[a, b] + cm[b, a]가 가장 큰 짝을 찾으세요.")
    raise Wrong(f"{josa(FASHION_NAMES[a], '과/와')} {josa(FASHION_NAMES[b], '은/는')} 서로 {amount} 헷갈렸는데, "
                "이보다 더 많이 헷갈린 짝이 있어요. 대각선 밖에서 cm[a, b] + cm[b, a]가 가장 큰 짝을 찾으세요.")


q1 = Question(
    "문제 1", "fashion", _check_data,
    hints=["MNIST 클래스의 dataset 인자를 보세요."],
)

q2 = Question(
    "문제 2", ("acc_mnist", "acc_fashion"), _check_accuracies,
    hints=["trained(data, 300, out=None)과 trained(fashion, 300, out=None)의 test_accuracy()."],
)

q3 = Question(
    "문제 3", ("most_confused", "cm"), _check_confused,
    hints=["cm[정답, 예측]은 정답이 그 클래스인데 다른 클래스로 예측한 이미지 수예요.",
           "두 방향을 더한 cm + cm.T에서 대각선을 빼고 가장 큰 칸을 찾으세요(np.argmax, np.unravel_index)."],
)

q4 = Question(
    "문제 4", "why_harder", single_choice(
        "a",
        {
            "b": "두 데이터 세트 모두 28×28 흑백 이미지예요.",
            "c": "두 데이터 세트 모두 훈련 이미지가 60,000장(검증 5,000장 포함)이에요.",
            "d": "클래스 수는 둘 다 10개예요.",
        },
        name="why_harder",
        because="숫자는 획 몇 개로 구별되지만, 옷은 한 종류 안에서도 모양과 무늬가 다양하고 "
                "셔츠, 티셔츠, 풀오버, 코트처럼 서로 닮은 종류가 있어요.",
    ),
    hints=["문제 3에서 가장 많이 헷갈린 두 클래스를 떠올려 보세요."],
)
