"""연습 7: 98%를 넘는 가장 작은 신경망 찾기."""

from __future__ import annotations

from cnn_course.korean import josa

from .core import Question, Wrong, as_accuracy, as_config, as_int, find_config, single_choice

TARGET = 0.98
# 학습률 1e-3으로 3,000번 학습한 작은 신경망의 검증 정확도로 그럴듯한 범위. 99.5%를 넘는 MNIST 검증 정확도는
# 이 반복 수로는 나오지 않고, 10%는 무작위로 고르는 것과 같습니다.
ACCURACY_RANGE = (0.10, 0.995)


def parameter_count(config) -> int:
    """가중치와 편향의 개수. `ConvNet(config).num_parameters`와 같지만 TensorFlow 없이 셉니다."""
    count, channels = 0, config.num_channels
    for size, filters in zip(config.filter_sizes, config.num_filters):
        count += size * size * channels * filters + filters  # 필터 + 편향
        channels = filters
    sizes = (config.num_features,) + config.fc_sizes + (config.num_classes,)
    return count + sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def _example():
    from cnn_course.config import NetworkConfig

    return NetworkConfig(num_filters=(4, 8), fc_sizes=(32,))


def _check_count(num_parameters_small) -> str:
    from cnn_course.config import NetworkConfig

    n = as_int(num_parameters_small, "num_parameters_small")
    right = parameter_count(_example())  # 13,818
    biases = 4 + 8 + 32 + 10
    reasons = {
        right - biases: "편향을 빠뜨렸어요. 층마다 출력 채널(뉴런) 하나에 편향이 하나씩 있어요.",
        right - 5 * 5 * 3 * 8: "둘째 합성곱 층의 필터는 입력 채널(4개)마다 5×5 가중치가 있어요: 5 × 5 × 4 × 8.",
        right - 7 * 7 * 8 * 32 + 14 * 14 * 8 * 32: "풀링을 두 번 하므로 평탄화하기 전 특성 맵은 7×7이에요.",
        right - (32 * 10 + 10): "마지막 로짓 층(32 → 10)도 세세요.",
        parameter_count(NetworkConfig()): "그건 기본 신경망의 수예요. num_filters=(4, 8), fc_sizes=(32,)로 세세요.",
    }
    if n in reasons:
        raise Wrong(reasons[n])
    if n != right:
        raise Wrong(f"{josa(f'{n:,}', '이/가')} 아니에요. 층마다 (가중치 + 편향)을 세어 더하세요: 합성곱 두 층, "
                    "완전 연결 두 층.")
    return ("합성곱 104 + 808, 완전 연결 12,576 + 330 = 13,818개. 가중치 대부분이 첫 완전 연결 층에 "
            "있다는 점을 눈여겨보세요.")


def _check_search(search, smallest) -> str:
    from cnn_course.config import NetworkConfig

    if isinstance(smallest, dict) and not isinstance(search, dict):
        raise Wrong("`search`와 `smallest`를 바꿔 넣었어요. q2.check(search, smallest) 순서예요.")
    if not isinstance(search, dict):
        raise Wrong(f"`search`에는 {{NetworkConfig: 검증 정확도}} 딕셔너리를 넣어야 해요(받은 값: {type(search).__name__}).")
    if len(search) < 3:
        raise Wrong(f"구성을 세 개 이상 찾아보세요(지금 {len(search)}개).")
    table = {as_config(c, "search의 키"): as_accuracy(a, "search의 정확도") for c, a in search.items()}
    low, high = ACCURACY_RANGE
    for config, acc in table.items():
        if not low <= acc <= high:
            raise Wrong(f"num_filters={config.num_filters}, fc_sizes={config.fc_sizes}의 정확도가 {acc:.2%}예요. "
                        f"3,000번 학습한 신경망의 검증 정확도로는 너무 {'높아요' if acc > high else '낮아요'}"
                        f"(그럴듯한 범위 {low:.0%}~{high:.1%}). trained(...).evaluate('val').accuracy를 넣으세요.")
    if len(set(table.values())) == 1:
        raise Wrong("모든 구성의 정확도가 똑같아요. 구성마다 따로 학습해 검증 정확도를 쟀나요?")
    best = as_config(smallest, "smallest")
    found = find_config(table, best)
    if found is None:
        raise Wrong("`smallest`가 `search`에 없는 구성이에요. 찾아본 구성 가운데에서 고르세요.")
    best = found

    if parameter_count(best) >= parameter_count(NetworkConfig()):
        raise Wrong(f"`smallest`의 가중치가 {parameter_count(best):,}개로 기본 신경망"
                    f"({parameter_count(NetworkConfig()):,}개)보다 작지 않아요.")
    if table[best] < TARGET:
        raise Wrong(f"`smallest`의 정확도가 {table[best]:.2%}로 98%에 못 미쳐요.")
    smaller = [c for c, acc in table.items() if acc >= TARGET and parameter_count(c) < parameter_count(best)]
    if smaller:
        c = min(smaller, key=parameter_count)
        raise Wrong(f"표에 가중치가 더 적은데({parameter_count(c):,}개) 98%를 넘은 구성이 있어요: "
                    f"num_filters={c.num_filters}, fc_sizes={c.fc_sizes}.")
    return ("표에서 98%를 넘은 구성 가운데 가장 작은 것을 골랐어요. parameter_count(smallest)를 "
            "기본 신경망의 parameter_count(NetworkConfig())와 비교해 보세요.")


q1 = Question(
    "문제 1", "num_parameters_small", _check_count,
    hints=["합성곱 층: 필터 한 변 × 한 변 × 입력 채널 × 출력 채널 + 출력 채널(편향). "
           "완전 연결 층: 입력 × 출력 + 출력(편향).",
           "5*5*1*4 + 4, 5*5*4*8 + 8, 7*7*8*32 + 32, 32*10 + 10을 더하세요."],
)

q2 = Question(
    "문제 2", ("search", "smallest"), _check_search,
    hints=["search[config] = trained(data, 3_000, config=config, learning_rate=1e-3, "
           "out=None).evaluate('val').accuracy",
           "98%를 넘은 구성들 가운데 parameter_count(config)가 가장 작은 것을 고르세요: "
           "min((c for c in search if search[c] >= 0.98), key=parameter_count)"],
)

q3 = Question(
    "문제 3", "why_validation", single_choice(
        "a",
        {
            "b": "검증 세트(5,000장)는 테스트 세트(10,000장)보다 작아요.",
            "c": "테스트 세트에도 레이블이 있어요. 그래서 테스트 정확도를 잴 수 있어요.",
            "d": "검증 세트가 작아 조금 빠른 것은 맞지만, 그게 이유는 아니에요.",
        },
        name="why_validation",
        because="여러 구성 가운데 테스트 정확도로 고르면, 고른 구성의 테스트 정확도는 운 좋게 높게 나온 "
                "값이 돼요. 고를 때는 검증 세트를, 마지막 보고에는 한 번도 쓰지 않은 테스트 세트를 써요.",
    ),
    hints=["테스트 세트는 마지막에 '처음 보는 이미지'에서의 실력을 재는 데 써요."],
)
