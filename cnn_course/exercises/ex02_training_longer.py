"""연습 2: 10,000번 더 학습하기, 학습률 바꾸기(원본 강좌의 연습 2와 3).

학습률은 검증 세트의 정확도로 고르고, 고른 학습률의 테스트 세트 정확도는 마지막에 한 번만 잽니다.
채점기는 정확도가 반복 수에 맞는 범위에 있는지, 두 값의 순서가 바뀌지 않았는지, 학습률을 검증
세트로 골랐는지 확인합니다. 그 신경망들이 학습한 신경망 캐시에 있으면(학생이 방금 `trained(...)`로
잰 것이면 있습니다) 채점기가 정확도를 직접 다시 재어 비교합니다(`core.cached_accuracy`).
"""

from __future__ import annotations

from cnn_course.korean import josa

from .core import (Question, Wrong, as_accuracy, as_number, as_validation_accuracy, cached_accuracy,
                   check_reported_test, close, differs_from_measured, one_letter, single_choice)

# 6장의 기본 신경망(학습률 1e-4, 배치 64)을 10,000번과 20,000번 학습했을 때 있을 법한 테스트 정확도.
RANGE_10K = (0.97, 0.995)
RANGE_20K = (0.975, 0.997)
SWAP_MARGIN = 0.002  # 20,000번이 10,000번보다 이만큼(0.2%p) 넘게 낮으면 두 값을 바꿔 넣은 것으로 봅니다.
RANGE_300 = (0.05, 0.99)  # 300번 학습한 신경망의 정확도(학습률이 너무 크면 10% 안팎까지 떨어집니다)


def _two_accuracies(acc_10k, acc_20k) -> tuple[float, float]:
    context = ("6장의 신경망을 그 반복 수만큼 학습하면 98~99% 정도예요. 다른 반복 수나 설정으로 학습한 것 "
               "같아요. trained(data, 10_000, out=None)과 trained(data, 20_000, out=None)을 쓰세요.")
    a = as_accuracy(acc_10k, "acc_10k", *RANGE_10K, context=context)
    b = as_accuracy(acc_20k, "acc_20k", 0.0, 1.0)
    if close(a, b):
        raise Wrong("두 정확도가 똑같아요. 정말 10,000번 더 학습했나요? "
                    "trained(data, 20_000)은 캐시의 10,000번에서 이어서 학습해요.")
    if b < a - SWAP_MARGIN:
        raise Wrong(f"`acc_20k`({b:.2%})가 `acc_10k`({a:.2%})보다 {100 * (a - b):.2f}%p 낮아요. 이어서 학습한 "
                    "신경망은 이렇게 나빠지지 않아요. 두 값을 바꿔 넣지 않았는지, 처음부터 다시 학습하지 "
                    "않았는지 보세요.")
    as_accuracy(b, "acc_20k", *RANGE_20K, context=context)
    return a, b


def _measured_pair(a: float, b: float) -> None:
    """10,000번과 20,000번 학습한 신경망이 캐시에 있으면 채점기가 직접 잰 테스트 정확도와 비교합니다."""
    measured = cached_accuracy(10_000), cached_accuracy(20_000)  # 캐시에 있으면 채점기가 직접 잽니다
    if None in measured or not (differs_from_measured(a, measured[0]) or differs_from_measured(b, measured[1])):
        return
    if not differs_from_measured(a, measured[1]) and not differs_from_measured(b, measured[0]):
        raise Wrong("두 값을 바꿔 넣었어요. `acc_10k`에는 10,000번, `acc_20k`에는 20,000번 학습한 신경망의 "
                    "정확도를 넣으세요.")
    for name, value, iterations, expected in (("acc_10k", a, "10,000", measured[0]),
                                              ("acc_20k", b, "20,000", measured[1])):
        if differs_from_measured(value, expected):
            raise Wrong(f"{josa(f'`{name}`', '이/가')} {iterations}번 학습한 신경망(캐시)의 테스트 세트 정확도와 "
                        "달라요. 검증 세트(evaluate(\"val\"))나 다른 신경망의 값이 아니라, "
                        f"trained(data, {iterations.replace(',', '_')}, out=None).test_accuracy()를 넣으세요.")


def _check_longer(acc_10k, acc_20k) -> str:
    _measured_pair(*_two_accuracies(acc_10k, acc_20k))
    return "두 값이 그럴듯해요. 이제 얼마나 좋아졌는지 비교해 보세요(문제 2)."


MORE_CHOICES = {
    "a": "1%p 넘게 좋아졌다",
    "b": "좋아졌지만 1%p보다 적게 좋아졌다",
    "c": "그대로이거나 나빠졌다",
}


def _gain_letters(a: float, b: float) -> set[str]:
    """두 값에서 나오는 결론. 꼭 1%p 좋아졌으면(부동소수점 오차 안에서) (a)와 (b) 둘 다 받습니다."""
    gain = b - a
    if close(gain, 0.01, 1e-9):
        return {"a", "b"}
    return {"a"} if gain > 0.01 else {"b"} if gain > 0 else {"c"}


def _check_more(more_training, acc_10k, acc_20k) -> str:
    a, b = _two_accuracies(acc_10k, acc_20k)
    _measured_pair(a, b)  # 문제 1에서 틀린 값(바꿔 넣은 값 등)으로 결론을 내지 않게
    expected = _gain_letters(a, b)
    letter = one_letter(more_training, "more_training", MORE_CHOICES)
    if letter not in expected:
        # 학생 자신의 두 값에서 나오는 결론이라, 숨긴 답을 알려 주는 것이 아닙니다.
        raise Wrong(f"({letter}) '{MORE_CHOICES[letter]}'가 아니에요. 적은 값으로는 {a:.2%}에서 {b:.2%}로 "
                    f"{100 * (b - a):+.2f}%p 바뀌었어요. 1%p와 0에 견주어 보세요.")
    return ("오류율이 이미 1~2%라 남은 오류는 대부분 어려운 이미지예요. 반복을 두 배로 늘려도 얻는 것은 "
            "점점 줄어들어요(수확 체감). 훈련 세트 정확도와의 차이도 살펴보세요.")


def _validation_accuracy(value, name: str) -> float:
    """검증 세트(5,000장)에서 잰 정확도인지: 1/5,000 단위여야 합니다(테스트 세트는 1/10,000 단위)."""
    return as_validation_accuracy(value, name, *RANGE_300,
                                  context="학습률마다 300번 학습한 신경망의 검증 세트 정확도를 넣으세요.")


def _check_learning_rates(lr_results, best_lr, best_lr_test) -> str:
    if not isinstance(lr_results, dict):
        raise Wrong("`lr_results`는 {학습률: 검증 세트 정확도} 딕셔너리여야 해요"
                    f"(받은 값: {type(lr_results).__name__}).")
    if len(lr_results) < 3:
        raise Wrong(f"학습률을 세 개 이상 비교하세요(지금 {len(lr_results)}개).")
    table = {}
    for lr, acc in lr_results.items():
        rate = as_number(lr, "lr_results의 학습률")
        if not 0 < rate <= 1:  # 1도 (나쁘지만) 시험해 볼 만한 학습률이에요
            raise Wrong(f"학습률 {rate:g}: 학습률은 0보다 크고 1 이하인 수예요(1e-4 = 0.0001).")
        table[rate] = _validation_accuracy(acc, f"lr_results[{lr!r}]")
        if differs_from_measured(table[rate], cached_accuracy(300, "val", learning_rate=rate)):
            raise Wrong(f"학습률 {rate:g}의 정확도(`lr_results`의 값)가 그 학습률로 300번 학습한 신경망(캐시, 시드 기본값)의 "
                        "검증 세트 정확도와 달라요. trained(data, 300, learning_rate=lr, out=None).evaluate(\"val\").accuracy를 넣으세요.")
    if max(table) / min(table) < 10:
        raise Wrong("학습률의 범위가 좁아요: 가장 큰 값이 가장 작은 값의 10배도 안 돼요. "
                    "1e-4, 1e-3, 1e-2처럼 10배씩 바꿔 보세요.")
    if len(set(table.values())) == 1:
        raise Wrong("모든 학습률의 정확도가 똑같아요. 학습률을 trained(..., learning_rate=lr)에 넘겼나요?")
    best = as_number(best_lr, "best_lr")
    if not any(close(best, rate) for rate in table):
        raise Wrong(f"`best_lr`={josa(f'{best:g}', '은/는')} `lr_results`에 없는 학습률이에요.")
    top = max(table.values())
    best_rate, chosen = next((rate, acc) for rate, acc in table.items() if close(best, rate))
    if chosen != top:
        raise Wrong(f"`best_lr`={best:g}의 검증 세트 정확도는 {chosen:.2%}인데, 표에는 {top:.2%}인 학습률이 "
                    "있어요. 검증 세트 정확도가 가장 높은 학습률을 고르세요.")
    check_reported_test(best_lr_test, "best_lr_test", "lr_results", chosen, "학습률",
                        cached_accuracy(300, "test", learning_rate=best_rate),
                        "trained(data, 300, learning_rate=best_lr, out=None).test_accuracy()", RANGE_300)
    return ("학습률은 너무 작으면 느리게, 너무 크면 아예 학습하지 못해요. 검증 세트로 고르고 테스트 세트는 "
            "마지막에 한 번만 쓰면, 테스트 세트 정확도가 처음 보는 이미지에서의 실력을 정직하게 알려 줘요.")


q1 = Question(
    "문제 1", ("acc_10k", "acc_20k"), _check_longer,
    hints=["trained(data, 10_000, out=None)은 6장에서 10,000번 학습한 신경망을 캐시에서 꺼내요.",
           "trained(data, 20_000, out=None)은 10,000번에서 이어서 10,000번 더 학습해요. "
           "두 Trainer의 test_accuracy()를 acc_10k, acc_20k에 넣으세요."],
)

q2 = Question(
    "문제 2", ("more_training", "acc_10k", "acc_20k"), _check_more,
    hints=["acc_20k - acc_10k를 %p로 계산해 보세요: 100 * (acc_20k - acc_10k)."],
)

q3 = Question(
    "문제 3", ("lr_results", "best_lr", "best_lr_test"), _check_learning_rates,
    hints=["trained(data, 300, learning_rate=lr, out=None)로 학습률마다 300번 학습하고, "
           "evaluate(\"val\").accuracy로 검증 세트 정확도를 재세요.",
           "lr_results = {lr: trained(data, 300, learning_rate=lr, out=None).evaluate(\"val\").accuracy "
           "for lr in [1e-4, 1e-3, 1e-1]}. best_lr = max(lr_results, key=lr_results.get). 그다음 "
           "best_lr_test = trained(data, 300, learning_rate=best_lr, out=None).test_accuracy()"],
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
)
