"""연습 2와 3: 10,000번 더 학습하기, 학습률 바꾸기."""

from __future__ import annotations

import math

from .core import Question, Wrong, as_accuracy, as_number, one_letter, single_choice

# 6장의 기본 신경망(학습률 1e-4, 배치 64)을 10,000번과 20,000번 학습했을 때 있을 법한 테스트 정확도.
RANGE_10K = (0.97, 0.995)
RANGE_20K = (0.975, 0.997)


def _two_accuracies(acc_10k, acc_20k) -> tuple[float, float]:
    a, b = as_accuracy(acc_10k, "acc_10k"), as_accuracy(acc_20k, "acc_20k")
    if not RANGE_10K[0] <= a <= RANGE_10K[1]:
        raise Wrong(f"`acc_10k`={a:.1%}: 6장의 신경망을 10,000번 학습하면 테스트 정확도가 98~99% 정도예요. "
                    "다른 반복 수나 설정으로 학습한 것 같아요. trained(data, 10_000)을 쓰세요.")
    if a == b:
        raise Wrong("두 정확도가 똑같아요. 정말 10,000번 더 학습했나요? "
                    "trained(data, 20_000)은 캐시의 10,000번에서 이어서 학습해요.")
    if b < a - 0.01:
        raise Wrong(f"`acc_20k`({b:.1%})가 `acc_10k`({a:.1%})보다 1%p 넘게 낮아요. 처음부터 "
                    "다시 학습했거나 다른 설정을 쓴 것 같아요. 두 값을 바꿔 넣지 않았는지도 보세요.")
    if not RANGE_20K[0] <= b <= RANGE_20K[1]:
        raise Wrong(f"`acc_20k`={b:.1%}: 20,000번 학습한 기본 신경망이라면 98~99%대여야 해요.")
    return a, b


def _check_longer(acc_10k, acc_20k) -> str:
    _two_accuracies(acc_10k, acc_20k)
    return "두 값이 그럴듯해요. 이제 얼마나 좋아졌는지 비교해 보세요(문제 2)."


MORE_CHOICES = {
    "a": "1%p 넘게 좋아졌다",
    "b": "좋아졌지만 1%p보다 적게 좋아졌다",
    "c": "그대로이거나 나빠졌다",
}


def _gain_letter(a: float, b: float) -> str:
    gain = b - a
    return "a" if gain > 0.01 else "b" if gain > 0 else "c"


def _check_more(more_training, acc_10k, acc_20k) -> str:
    a, b = _two_accuracies(acc_10k, acc_20k)
    expected = _gain_letter(a, b)
    if one_letter(more_training, "more_training", MORE_CHOICES) != expected:
        raise Wrong(f"적은 값으로는 {a:.2%}에서 {b:.2%}로 {100 * (b - a):+.2f}%p 바뀌었으니 "
                    f"({expected}) '{MORE_CHOICES[expected]}'예요.")
    return ("오류율이 이미 1~2%라 남은 오류는 대부분 어려운 이미지예요. 반복을 두 배로 늘려도 얻는 것은 "
            "점점 줄어들어요(수확 체감). 훈련 세트 정확도와의 차이도 살펴보세요.")


def _check_learning_rates(lr_results, best_lr) -> str:
    if not isinstance(lr_results, dict):
        raise Wrong("`lr_results`는 {학습률: 테스트 정확도} 딕셔너리여야 해요"
                    f"(받은 값: {type(lr_results).__name__}).")
    if len(lr_results) < 3:
        raise Wrong(f"학습률을 세 개 이상 비교하세요(지금 {len(lr_results)}개).")
    table = {}
    for lr, acc in lr_results.items():
        rate = as_number(lr, "lr_results의 학습률")
        if not 0 < rate < 1:
            raise Wrong(f"학습률 {rate:g}: 학습률은 0과 1 사이의 수예요(1e-4 = 0.0001).")
        table[rate] = as_accuracy(acc, f"lr_results[{lr!r}]")
    if max(table) / min(table) < 10:
        raise Wrong("학습률의 범위가 좁아요: 가장 큰 값이 가장 작은 값의 10배도 안 돼요. "
                    "1e-4, 1e-3, 1e-2처럼 10배씩 바꿔 보세요.")
    if len(set(table.values())) == 1:
        raise Wrong("모든 학습률의 정확도가 똑같아요. 학습률을 trained(..., learning_rate=lr)에 넘겼나요?")
    best = as_number(best_lr, "best_lr")
    if not any(math.isclose(best, rate) for rate in table):
        raise Wrong(f"`best_lr`={best:g}은(는) `lr_results`에 없는 학습률이에요.")
    top = max(table.values())
    winners = [rate for rate, acc in table.items() if acc == top]
    if not any(math.isclose(best, rate) for rate in winners):
        raise Wrong(f"표에서 정확도가 가장 높은 학습률은 {winners[0]:g}({top:.1%})인데 "
                    f"`best_lr`은 {best:g}예요.")
    return "학습률은 너무 작으면 느리게, 너무 크면 아예 학습하지 못해요. 그 사이 어딘가가 가장 좋아요."


q1 = Question(
    "문제 1", ("acc_10k", "acc_20k"), _check_longer,
    hints=["trained(data, 10_000, out=None)은 6장에서 10,000번 학습한 신경망을 캐시에서 꺼내요.",
           "trained(data, 20_000, out=None)은 10,000번에서 이어서 10,000번 더 학습해요. "
           "두 Trainer의 test_accuracy()를 acc_10k, acc_20k에 넣으세요."],
    solution="""
acc_10k = trained(data, 10_000, out=None).test_accuracy()
acc_20k = trained(data, 20_000, out=None).test_accuracy()
""",
)

q2 = Question(
    "문제 2", ("more_training", "acc_10k", "acc_20k"), _check_more,
    hints=["acc_20k - acc_10k를 %p로 계산해 보세요: 100 * (acc_20k - acc_10k)."],
    solution="""
gain = 100 * (acc_20k - acc_10k)  # %p
more_training = "a" if gain > 1 else "b" if gain > 0 else "c"
""",
)

q3 = Question(
    "문제 3", ("lr_results", "best_lr"), _check_learning_rates,
    hints=["trained(data, 300, learning_rate=lr, out=None)로 학습률마다 300번 학습하세요.",
           "lr_results = {}; for lr in [1e-4, 1e-3, 1e-1]: lr_results[lr] = "
           "trained(data, 300, learning_rate=lr, out=None).test_accuracy(). "
           "best_lr = max(lr_results, key=lr_results.get)"],
    solution="""
lr_results = {}
for lr in [1e-4, 1e-3, 1e-1]:
    lr_results[lr] = trained(data, 300, learning_rate=lr, out=None).test_accuracy()
best_lr = max(lr_results, key=lr_results.get)
""",
)

q4 = Question(
    "문제 4", "too_large", single_choice(
        "b",
        {
            "a": "한 반복의 계산량은 학습률과 상관없어요. 곱하는 수 하나가 바뀔 뿐이에요.",
            "c": "과대적합이라면 훈련 세트에서는 잘 맞혀야 해요. 학습률 0.1에서는 훈련 세트 정확도도 10% 안팎이에요.",
            "d": "Adam도 학습률을 곱해 걸음의 크기를 정해요. 학습률을 무시하지 않아요.",
        },
        name="too_large",
        because="걸음이 너무 크면 비용 함수의 골짜기를 건너뛰며 튀어 나가요. ReLU가 모두 꺼져 "
                "그레이디언트가 0이 되면 다시 돌아오지도 못해요.",
    ),
    hints=["학습률은 그레이디언트 방향으로 한 번에 얼마나 멀리 움직일지 정해요."],
    solution='too_large = "b"  # 걸음이 너무 커서 최솟값을 건너뛰고 발산하거나 멈춰요',
)
