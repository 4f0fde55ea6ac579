"""연습 6: 풀링을 빼면? 최대 풀링 대신 스트라이드 2 합성곱을 쓰면?"""

from __future__ import annotations

from cnn_course.korean import josa

from .core import Question, Wrong, as_config, as_int, check_config, single_choice

NO_POOL_FEATURES = 28 * 28 * 36


def _check_features(num_features_none) -> str:
    if isinstance(num_features_none, (tuple, list)):
        raise Wrong("모양이 아니라 특성의 개수(수 하나)를 넣으세요. 모양의 원소를 모두 곱하면 돼요.")
    n = as_int(num_features_none, "num_features_none")
    reasons = {
        7 * 7 * 36: "그건 풀링을 하는 기본 신경망의 값이에요. 풀링이 없으면 특성 맵이 줄지 않아요.",
        14 * 14 * 36: "풀링을 한 번만 뺐어요. 두 합성곱 층 모두 풀링이 없어요.",
        28 * 28: "채널(필터) 수를 곱하지 않았어요.",
        28 * 28 * 16: "마지막 합성곱 층의 필터는 16개가 아니라 36개예요.",
        28 * 28 * (16 + 36): "두 층의 필터 수를 더하지 말고, 마지막 층의 특성 맵만 세세요.",
        24 * 24 * 36: "패딩이 SAME이므로 합성곱은 크기를 줄이지 않아요(VALID처럼 계산했어요).",
        20 * 20 * 36: "패딩이 SAME이므로 합성곱은 크기를 줄이지 않아요(VALID처럼 계산했어요).",
        28 * 28 * 36 * 128: "그건 첫 완전 연결 층의 가중치 수예요. 평탄화한 특성 수만 구하세요.",
    }
    if n in reasons:
        raise Wrong(reasons[n])
    if n <= 0:
        raise Wrong(f"특성 수가 {josa(n, '이에요/예요')}. 개수는 양수예요.")
    if n != NO_POOL_FEATURES:
        raise Wrong(f"{josa(f'{n:,}', '이/가')} 아니에요. 패딩이 SAME이고 풀링이 없으면 특성 맵의 크기는 어떻게 되나요? "
                    "거기에 마지막 층의 채널 수를 곱하세요.")
    return (f"28 × 28 × 36 = {NO_POOL_FEATURES:,}개, 기본 신경망의 16배예요. 첫 완전 연결 층의 가중치도 "
            f"{NO_POOL_FEATURES * 128:,}개로 16배가 돼요.")


def _check_stride(stride_config) -> str:
    from cnn_course.config import NetworkConfig

    if isinstance(stride_config, str):
        raise Wrong(f"문자열 {stride_config!r} 말고 NetworkConfig(pooling=...)를 만드세요.")
    config = as_config(stride_config, "stride_config")
    reasons = {
        "max": "pooling이 아직 기본값 'max'예요.",
        "none": "'none'은 풀링도 스트라이드도 없는 신경망이에요(문제 1). 스트라이드 2는 'stride'예요.",
        "avg": "'avg'는 평균 풀링이에요. 풀링 대신 스트라이드 2 합성곱은 'stride'예요.",
    }
    if config.pooling in reasons:
        raise Wrong(reasons[config.pooling])
    check_config(config, NetworkConfig(pooling="stride"), "stride_config", changed=("pooling",))
    return "합성곱 층마다 필터가 두 칸씩 건너뛰며 움직여요. 출력 크기는 최대 풀링과 같아요(28 → 14 → 7)."


q1 = Question(
    "문제 1", "num_features_none", _check_features,
    hints=["SAME 패딩, 스트라이드 1인 합성곱은 특성 맵의 크기를 바꾸지 않아요.",
           "풀링이 없으면 두 층을 지나도 28×28. 마지막 층의 필터 수는 36이에요."],
)

q2 = Question(
    "문제 2", "stride_config", _check_stride,
    hints=["NetworkConfig의 pooling은 'max', 'avg', 'none', 'stride' 가운데 하나예요."],
)

q3 = Question(
    "문제 3", "stride_vs_pool", single_choice(
        "a",
        {
            "b": "출력 크기는 같아요. 둘 다 28 → 14 → 7로 줄여요. NetworkConfig(pooling='stride').feature_sizes를 보세요.",
            "c": "가중치 수는 같아요. 필터 모양이 같고, 풀링에는 원래 가중치가 없어요.",
            "d": "5×5 필터가 서로 겹치므로 두 칸씩 건너뛰어도 모든 픽셀이 어떤 출력에는 쓰여요.",
        },
        name="stride_vs_pool",
        because="스트라이드 2는 합성곱을 네 자리 가운데 한 자리에서만 계산해 곱셈이 1/4이에요. "
                "최대 풀링처럼 '가장 큰 값'을 고르는 대신, 줄이는 방법까지 필터가 배워야 해요.",
    ),
    hints=["스트라이드 2 합성곱은 몇 자리에서 필터를 계산하나요? 최대 풀링은 무엇을 고르나요?"],
)
