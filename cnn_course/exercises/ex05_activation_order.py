"""연습 5: ReLU와 최대 풀링의 순서를 바꾸면? 시그모이드와 평균 풀링이라면?(원본 강좌의 연습 6)

문제 3의 두 신경망이 학습한 신경망 캐시에 있으면 채점기가 테스트 정확도를 직접 다시 재어 비교합니다:
같은 값 둘을 적었더라도 다른 구성이나 검증 세트의 값이면 통과하지 못합니다.
"""

from __future__ import annotations

from cnn_course.korean import josa

from .core import (Question, Wrong, as_accuracy, as_int, as_number, cached_accuracy, close, differs_from_measured,
                   multiple_choice)

BEFORE = 28 * 28 * 16  # 풀링 전: 첫 합성곱 층의 특성 맵 원소 수(이미지 한 장)
AFTER = 14 * 14 * 16  # 풀링 뒤
RANGE_300 = (0.8, 0.95)  # 기본 신경망을 300번 학습한 테스트 정확도로 그럴듯한 범위


def _check_saved(relus_saved) -> str:
    if 0 < as_number(relus_saved, "relus_saved") < 1:
        raise Wrong("비율이 아니라 아낀 ReLU 계산의 개수를 적으세요(이미지 한 장, 첫 합성곱 층).")
    n = as_int(relus_saved, "relus_saved")
    reasons = {
        BEFORE: "그건 풀링 전에 ReLU를 할 때의 계산 수예요. 아낀 수는 두 방법의 차이예요.",
        AFTER: "그건 풀링 뒤에 ReLU를 할 때의 계산 수예요. 아낀 수는 두 방법의 차이예요.",
        28 * 28 - 14 * 14: "채널(필터) 16개를 곱하지 않았어요. 특성 맵마다 ReLU를 해요.",
        (BEFORE - AFTER) * 64: "배치 64장 전체가 아니라 이미지 한 장에 대해 세세요.",
        7 * 7 * 36 * 3: "그건 둘째 합성곱 층의 값이에요. 첫 합성곱 층(28×28 필터 16개)을 세세요.",
        75: "그건 아낀 비율(75%)이에요. 아낀 ReLU 계산의 개수를 적으세요.",
        AFTER - BEFORE: "음수예요. 아낀 수는 풀링 전의 계산 수에서 풀링 뒤의 계산 수를 빼요.",
    }
    if n in reasons:
        raise Wrong(reasons[n])
    if n != BEFORE - AFTER:
        raise Wrong(f"{josa(f'{n:,}', '이/가')} 아니에요. 풀링 전 특성 맵(28 × 28 × 16)과 풀링 뒤(14 × 14 × 16)의 "
                    "원소 수를 각각 세어 빼세요.")
    return f"{BEFORE:,} - {AFTER:,} = {BEFORE - AFTER:,}번, 즉 ReLU 계산의 75%를 아껴요."


q1 = Question(
    "문제 1", "relus_saved", _check_saved,
    hints=["ReLU는 특성 맵의 원소마다 한 번씩 계산해요. 풀링 전과 뒤의 원소 수를 세세요.",
           "풀링 전: 28 × 28 × 16, 풀링 뒤: 14 × 14 × 16."],
)

q2 = Question(
    "문제 2", "commute", multiple_choice(
        correct="ab",
        why_missing={
            "a": "ReLU는 값의 순서를 바꾸지 않는(단조 증가) 함수라, 가장 큰 값을 먼저 고르든 나중에 "
                 "고르든 결과가 같아요.",
            "b": "시그모이드도 단조 증가 함수예요. 최대 풀링과는 순서를 바꿔도 같아요.",
        },
        why_not={
            "c": "평균 풀링은 ReLU와 순서를 바꾸면 달라져요. [-2, 2]의 평균은 0이라 ReLU 뒤에도 0이지만, "
                 "ReLU를 먼저 하면 [0, 2]의 평균 1이 돼요.",
            "d": "시그모이드는 직선이 아니라서, 평균을 낸 다음의 시그모이드와 시그모이드의 평균이 달라요.",
        },
        name="commute",
        because="단조 증가하는 활성화 함수는 최대 풀링과 순서를 바꿔도 같아요. 평균 풀링은 직선(선형) "
                "함수와만 순서를 바꿀 수 있어요.",
    ),
    hints=["최대 풀링은 '가장 큰 값'을 골라요. 활성화 함수가 큰 값을 여전히 가장 크게 남겨 두나요?",
           "[-2, 2]로 직접 계산해 보세요: relu(평균) vs 평균(relu)."],
)


def _check_same(acc_pool_first, acc_relu_first) -> str:
    context = "기본 신경망을 300번 학습하면 87~88% 정도예요. 반복 수와 학습률을 확인하세요."
    a = as_accuracy(acc_pool_first, "acc_pool_first", *RANGE_300, context=context)
    b = as_accuracy(acc_relu_first, "acc_relu_first", *RANGE_300, context=context)
    if not close(a, b):
        raise Wrong(f"두 정확도({a:.2%}, {b:.2%})가 달라요. 같은 시드로, activation_first만 바꿔서 "
                    "300번씩 학습했나요?")
    from cnn_course.config import NetworkConfig

    for name, value, config in (("acc_pool_first", a, None), ("acc_relu_first", b, NetworkConfig(activation_first=True))):
        measured = cached_accuracy(300, config=config)  # 캐시에 있으면 채점기가 직접 잽니다
        if differs_from_measured(value, measured):
            raise Wrong(f"{josa(f'`{name}`', '이/가')} 그 구성으로 300번 학습한 신경망(캐시, 시드 기본값)의 테스트 세트 정확도와 "
                        "달라요. 검증 세트나 다른 구성의 값이 아니라, 문제의 구성으로 trained(data, 300, ...)을 "
                        "부르고 test_accuracy()를 넣으세요.")
    return "순서만 다른 두 신경망은 같은 함수이고, 그레이디언트도 같아서 가중치까지 똑같이 학습해요."


q3 = Question(
    "문제 3", ("acc_pool_first", "acc_relu_first"), _check_same,
    hints=["NetworkConfig(activation_first=True)는 ReLU 다음 풀링이에요. 기본(False)은 풀링 다음 ReLU.",
           "trained(data, 300, config=NetworkConfig(activation_first=True), out=None).test_accuracy()"],
)
