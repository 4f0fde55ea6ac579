"""연습 3: 층 구성(필터 수, 필터 크기, 완전 연결 층의 뉴런 수) 바꾸기, 층 더하기(원본 강좌의 연습 4와 7).

구성은 항목별로 비교합니다(실수는 허용 오차 안에서). 가장 좋은 구성은 검증 세트의 정확도로 고르고,
고른 구성의 테스트 세트 정확도는 마지막에 한 번만 잽니다. 채점기가 그것을 확인합니다. 300번 학습한
신경망이 캐시에 있으면 표의 정확도와 마지막 테스트 정확도를 채점기가 직접 다시 잽니다.
"""

from __future__ import annotations

from cnn_course.korean import josa

from .core import (Question, Wrong, as_config, as_int, as_validation_accuracy, cached_accuracy,
                   check_reported_test, config_differences, differs_from_measured, find_config, one_letter)

DEFAULT_FILTER_SIZES, DEFAULT_NUM_FILTERS, DEFAULT_FC = (5, 5), (16, 36), (128,)
RANGE_300 = (0.3, 0.97)  # 구성을 바꿔 300번 학습한 신경망의 정확도로 그럴듯한 범위


def three_conv_config():
    from cnn_course.config import NetworkConfig

    return NetworkConfig(filter_sizes=(5, 5, 3), num_filters=(16, 36, 64))


def two_fc_config():
    from cnn_course.config import NetworkConfig

    return NetworkConfig(fc_sizes=(128, 128))


def _same_except(config, name: str, fields: tuple[str, ...]) -> None:
    """`fields` 말고는 기본 구성과 같아야 합니다. 다른 항목의 이름을 모두 알려 줍니다."""
    from cnn_course.config import NetworkConfig

    default = NetworkConfig()
    others = config_differences(config, default, ignore=fields)
    if others:
        listed = ", ".join(f"{f}={getattr(config, f)!r}" for f in others)
        kept = ", ".join(f"{f}={getattr(default, f)!r}" for f in others)
        raise Wrong(f"`{name}`에서 이 문제와 상관없는 항목이 바뀌었어요: {listed}. "
                    f"{josa(', '.join(others), '은/는')} 바꾸지 말고 기본값({kept}) 그대로 두세요.")


def _check_three_conv(three_conv) -> str:
    config = as_config(three_conv, "three_conv")
    layers = len(config.num_filters)
    if layers == 2:
        raise Wrong("합성곱 층이 아직 2개예요. filter_sizes와 num_filters에 세 번째 값을 하나씩 더하세요.")
    if layers != 3:
        raise Wrong(f"합성곱 층이 {layers}개예요. 기본 두 층 뒤에 한 층만 더하세요.")
    if config.filter_sizes[:2] != DEFAULT_FILTER_SIZES or config.num_filters[:2] != DEFAULT_NUM_FILTERS:
        raise Wrong("앞의 두 층은 기본 그대로(5×5 필터 16개, 5×5 필터 36개) 두고, 세 번째 층을 뒤에 더하세요.")
    if config.num_filters[2] != 64:
        raise Wrong(f"세 번째 층의 필터 수가 {josa(config.num_filters[2], '이에요/예요')}. 64개로 하세요.")
    if config.filter_sizes[2] != 3:
        raise Wrong(f"세 번째 층의 필터 크기가 {josa(config.filter_sizes[2], '이에요/예요')}. 3×3이면 filter_sizes의 "
                    "세 번째 값은 3이에요.")
    _same_except(config, "three_conv", ("filter_sizes", "num_filters"))
    return "합성곱 층을 더하려면 두 튜플에 같은 위치의 값을 하나씩 더하면 돼요."


def _check_num_features(num_features_three) -> str:
    n = as_int(num_features_three, "num_features_three")
    reasons = {
        7 * 7 * 64: "세 번째 합성곱 층 뒤에도 2×2 풀링이 있어요. 7×7이 한 번 더 줄어요.",
        3 * 3 * 64: "7을 2로 나누면 3.5예요. SAME 패딩의 풀링은 올림해서 4×4가 돼요.",
        7 * 7 * 36: "그건 기본 신경망(7 × 7 × 36)의 값이에요. 세 번째 층을 지난 뒤를 계산하세요.",
        4 * 4: "채널 수(64)를 곱하지 않았어요.",
        4 * 4 * 64 * 3 * 3: "필터 크기(3×3)는 특성 수와 상관없어요. 특성 맵의 크기와 채널 수만 곱하세요.",
    }
    if n in reasons:
        raise Wrong(reasons[n])
    if n != 4 * 4 * 64:
        raise Wrong(f"{josa(f'{n:,}', '이/가')} 아니에요. 28 → 14 → 7 → ?로 줄어드는 특성 맵의 한 변을 구하고, "
                    "마지막 채널 수를 곱하세요.")
    return "28 → 14 → 7 → 4(올림)이므로 4 × 4 × 64 = 1,024개예요. config.num_features로도 확인할 수 있어요."


def _check_two_fc(two_fc) -> str:
    config = as_config(two_fc, "two_fc")
    sizes = config.fc_sizes
    if sizes == (128, 10):
        raise Wrong("10개짜리 마지막 층(로짓)은 NetworkConfig가 num_classes로 알아서 더해요. "
                    "fc_sizes에는 그 앞의 은닉 층만 적으세요.")
    if len(sizes) == 1:
        raise Wrong(f"완전 연결 층이 아직 하나({sizes[0]})예요. fc_sizes에 128을 하나 더 넣으세요.")
    if len(sizes) != 2:
        raise Wrong(f"은닉 완전 연결 층이 {len(sizes)}개예요. 128짜리 두 개로 하세요.")
    if sizes != (128, 128):
        raise Wrong(f"fc_sizes가 {josa(sizes, '이에요/예요')}. 두 층 모두 뉴런 128개로 하세요.")
    _same_except(config, "two_fc", ("fc_sizes",))
    return "fc_sizes=(128, 128): 평탄화 → 128 → 128 → 10(로짓)이에요."


def _short(config) -> str:
    """메시지에 넣을 짧은 구성: 기본값과 다른 항목만(예: NetworkConfig(fc_sizes=(128, 128)))."""
    from cnn_course.config import NetworkConfig

    changed = config_differences(config, NetworkConfig())
    return f"NetworkConfig({', '.join(f'{f}={getattr(config, f)!r}' for f in changed)})"


def _results_table(arch_results) -> dict:
    from cnn_course.config import NetworkConfig

    if not isinstance(arch_results, dict):
        raise Wrong("`arch_results`는 {NetworkConfig: 검증 세트 정확도} 딕셔너리여야 해요"
                    f"(받은 값: {type(arch_results).__name__}).")
    table = {}
    for config, acc in arch_results.items():
        key = as_config(config, "arch_results의 키")
        table[key] = as_validation_accuracy(acc, "arch_results의 정확도", *RANGE_300,
                                            context="구성마다 300번 학습한 신경망의 검증 세트 정확도를 넣으세요.")
        if differs_from_measured(table[key], cached_accuracy(300, "val", config=key)):
            raise Wrong(f"`arch_results`에서 {_short(key)}의 정확도가 그 구성으로 300번 학습한 신경망(캐시, 시드 기본값)의 검증 세트 "
                        "정확도와 달라요. trained(data, 300, config=구성, out=None).evaluate(\"val\").accuracy를 "
                        "넣으세요.")
    if find_config(table, NetworkConfig()) is None:
        raise Wrong("`arch_results`에 기본 구성 NetworkConfig()의 결과가 없어요. 비교의 기준이에요.")
    if len(table) < 4:
        raise Wrong(f"구성을 기본을 포함해 네 개 이상 비교하세요(지금 {len(table)}개).")
    return table


def _check_results(arch_results, best_config, best_config_test) -> str:
    table = _results_table(arch_results)
    if len(set(table.values())) == 1:
        raise Wrong("모든 구성의 정확도가 똑같아요. 구성을 trained(..., config=구성)에 넘겼나요?")
    best = as_config(best_config, "best_config")
    key = find_config(table, best)
    if key is None:
        raise Wrong("`best_config`가 `arch_results`에 없는 구성이에요.")
    top = max(table.values())
    if table[key] != top:
        raise Wrong(f"`best_config`의 검증 세트 정확도는 {table[key]:.2%}인데, 표에는 {top:.2%}인 구성이 있어요. "
                    "검증 세트 정확도가 가장 높은 구성을 고르세요.")
    check_reported_test(best_config_test, "best_config_test", "arch_results", table[key], "구성",
                        cached_accuracy(300, "test", config=key),
                        "trained(data, 300, config=best_config, out=None).test_accuracy()", RANGE_300)
    return ("검증 세트로 고르고 테스트 세트는 한 번만 쓰면, 보고한 테스트 정확도가 고르는 과정에 물들지 "
            "않아요. 같은 반복 수에서 비교했다는 것도 기억하세요. 더 오래 학습하면 순위가 바뀔 수 있어요.")


EXTRA_CHOICES = {"a": "둘 다 기본 신경망보다 좋았다", "b": "하나만 좋았다", "c": "둘 다 좋지 않았다"}


def _check_extra_layers(extra_layers, arch_results) -> str:
    from cnn_course.config import NetworkConfig

    table = _results_table(arch_results)
    missing = [name for name, config in (("three_conv", three_conv_config()), ("two_fc", two_fc_config()))
               if find_config(table, config) is None]
    if missing:
        raise Wrong(f"`arch_results`에 {', '.join(missing)} 구성의 결과가 없어요. 문제 1과 3의 구성을 "
                    "같은 반복 수로 학습해 넣으세요.")
    base = table[find_config(table, NetworkConfig())]
    better = sum(table[find_config(table, c)] > base for c in (three_conv_config(), two_fc_config()))
    expected = {2: "a", 1: "b", 0: "c"}[better]
    letter = one_letter(extra_layers, "extra_layers", EXTRA_CHOICES)
    if letter != expected:
        # 학생 자신의 표에서 나오는 결론이라, 숨긴 답을 알려 주는 것이 아닙니다.
        raise Wrong(f"({letter}) '{EXTRA_CHOICES[letter]}'가 아니에요. 표에서 three_conv와 two_fc의 정확도를 "
                    f"기본 구성({base:.2%})과 하나씩 견주어 보세요. 기본보다 좋았던 구성은 {better}개예요.")
    return ("층을 더한다고 늘 좋아지지는 않아요. 그리고 합성곱 층을 더하면 특성 맵이 줄어, 가중치가 "
            "오히려 줄기도 해요(4 × 4 × 64 = 1,024 < 7 × 7 × 36 = 1,764).")


q1 = Question(
    "문제 1", "three_conv", _check_three_conv,
    hints=["NetworkConfig(filter_sizes=(..., ..., ...), num_filters=(..., ..., ...))",
           "기본은 filter_sizes=(5, 5), num_filters=(16, 36)이에요. 각 튜플 끝에 3과 64를 더하세요."],
)

q2 = Question(
    "문제 2", "num_features_three", _check_num_features,
    hints=["합성곱 층마다 2×2 풀링이 특성 맵의 한 변을 절반으로(올림) 줄여요.",
           "28 → 14 → 7 → 4. 평탄화하면 한 변 × 한 변 × 마지막 층의 필터 수."],
)

q3 = Question(
    "문제 3", "two_fc", _check_two_fc,
    hints=["fc_sizes는 마지막(로짓) 층 앞의 완전 연결 층 크기들이에요."],
)

q4 = Question(
    "문제 4", ("arch_results", "best_config", "best_config_test"), _check_results,
    hints=["for config in configs: arch_results[config] = trained(data, 300, config=config, "
           "out=None).evaluate(\"val\").accuracy",
           "best_config = max(arch_results, key=arch_results.get). 그다음 한 번만: best_config_test = "
           "trained(data, 300, config=best_config, out=None).test_accuracy()"],
)

q5 = Question(
    "문제 5", ("extra_layers", "arch_results"), _check_extra_layers,
    hints=["arch_results[three_conv]와 arch_results[two_fc]를 arch_results[NetworkConfig()]와 비교하세요."],
)
