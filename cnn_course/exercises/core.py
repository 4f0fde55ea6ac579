"""연습 문제 채점의 뼈대: 빈칸 `____`, 피드백, 문제(`Question`).

문제마다 세 가지를 부를 수 있습니다.

- `q1.check()`: 노트북에서 답 변수를 찾아 확인하고, 맞았는지와 그 이유를 한국어로 알려 줍니다.
  `q1.check(답)`처럼 답을 직접 넘겨도 됩니다.
- `q1.hint()`: 힌트. 힌트가 여러 단계면 `q1.hint(2)`가 더 자세합니다.
- `q1.solution()`: 풀이.

채점기는 어떤 답을 받아도 예외를 일으키지 않습니다. 빈칸은 "아직 풀지 않았어요",
엉뚱한 값(None, 다른 자료형, 오류를 내는 함수)은 무엇이 잘못인지 알려 줍니다.

같은 답의 여러 형태는 비교하기 전에 맞춥니다: 수(NumPy, TensorFlow 스칼라)는 `as_number`, `as_int`,
모양(튜플, 리스트, `tf.TensorShape`)은 `as_shape`, 실수는 허용 오차 `TOLERANCE`로 `close`, 보기는
문장 부호, 대소문자, 전각 글자와 상관없이, 설명 글의 낱말은 `mentions`(띄어쓰기와 변이형 표
`SPELLINGS`), 클래스 목록(`np.where`, `tf.where`의 결과)은 `as_classes`, 구성은 항목별로
`config_differences`. 학생 함수에서 난 오류는 `call`이 흔한 실수를 가리키는 한 문장으로 바꿉니다.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np

from cnn_course.korean import josa


class Blank:
    """학생이 채울 빈칸. 노트북에서는 `____`로 씁니다(이 클래스의 유일한 객체)."""

    _instance: "Blank | None" = None

    def __new__(cls) -> "Blank":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"


____ = Blank()

CORRECT, WRONG, BLANK = "correct", "wrong", "blank"
PREFIX = {CORRECT: "✅ 맞았어요!", WRONG: "❌ 아직 아니에요.", BLANK: "✏️ 아직 풀지 않았어요."}
NOT_ATTEMPTED = "`____` 자리를 채운 다음 이 셀을 다시 실행하세요."


@dataclass(frozen=True)
class Feedback:
    """채점 결과: `status`는 "correct", "wrong", "blank" 중 하나, `message`는 설명."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return f"{PREFIX[self.status]} {self.message}".rstrip()


class Wrong(Exception):
    """틀린 답: 메시지가 학생에게 보여 줄 이유입니다."""


class NotAttempted(Exception):
    """아직 채우지 않은 빈칸."""


def _called(name: str, pair: str) -> str:
    """`이름` 뒤에 맞는 조사: _called("weights_a", "이/가") -> "`weights_a`가"."""
    return josa(f"`{name}`", pair)


def is_blank(value: Any) -> bool:
    return value is ____


def contains_blank(value: Any) -> bool:
    """값 자체나 그 안의 원소(리스트, 튜플, 집합, 딕셔너리 한 단계)가 빈칸인지."""
    if is_blank(value):
        return True
    if isinstance(value, dict):
        return any(is_blank(k) or is_blank(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_blank(v) for v in value)
    return False


def describe(value: Any) -> str:
    """오류 메시지에 넣을 짧은 값 설명: `None`, `'abc' (str)`, `(3, 4) 모양의 배열`."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"{value.shape} 모양의 배열"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"


# ---------------------------------------------------------------- 값 검사 도우미

TOLERANCE = 1e-6  # 실수 비교의 허용 오차(상대, 절대 모두): 1 - 0.7과 0.3은 같다고 봅니다.


def close(a: float, b: float, tolerance: float = TOLERANCE) -> bool:
    """두 실수가 `tolerance` 안에서 같은지(상대 오차 또는 절대 오차)."""
    return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)


def as_number(value: Any, name: str) -> float:
    """실수 하나로 바꿉니다(파이썬 수, NumPy 스칼라, TensorFlow 스칼라, 원소 하나짜리 배열이나 텐서)."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)) or value is None:
        raise Wrong(f"`{name}`에는 수를 넣으세요(받은 값: {describe(value)}).")
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        raise Wrong(f"`{name}`에는 수 하나를 넣으세요. 리스트나 튜플로 감싸지 마세요(받은 값: {describe(value)}).")
    if hasattr(value, "test_accuracy"):  # Trainer를 그대로 넣은 답
        raise Wrong(f"`{name}`에 Trainer가 들어 있어요. 정확도는 trainer.test_accuracy()나 "
                    "trainer.evaluate(\"val\").accuracy로 꺼내세요.")
    if hasattr(value, "accuracy") and hasattr(value, "cls_pred"):  # Evaluation을 그대로 넣은 답
        raise Wrong(f"`{name}`에 평가 결과(Evaluation)가 들어 있어요. 정확도는 .accuracy로 꺼내세요.")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}`에는 수를 넣으세요(받은 값: {describe(value)}).") from None
    if array.size != 1:
        raise Wrong(f"`{name}`에는 수 하나를 넣으세요(받은 값: {describe(value)}).")
    number = float(array.reshape(()))
    if not math.isfinite(number):
        raise Wrong(f"`{name}`의 값이 유한한 수가 아니에요(받은 값: {number}). 계산 결과를 확인하세요.")
    return number


def as_int(value: Any, name: str) -> int:
    """정수 하나로 바꿉니다(파이썬 정수, NumPy 정수, 정수인 실수나 원소 하나짜리 텐서)."""
    number = as_number(value, name)
    if not close(number, round(number), 1e-9):
        raise Wrong(f"{_called(name, '은/는')} 정수여야 해요(받은 값: {number:g}). 개수를 세어 보세요.")
    return int(round(number))


def as_accuracy(value: Any, name: str, low: float = 0.0, high: float = 1.0, context: str = "") -> float:
    """0과 1 사이의 정확도. 백분율(예: 98.7)로 적었으면 알려 줍니다.

    `low`와 `high`를 주면 그 범위(반복 수와 구성에 맞는 범위)도 확인하고, 벗어나면 `context`를
    덧붙여 이유를 알려 줍니다.
    """
    number = as_number(value, name)
    if 1 < number <= 100:
        raise Wrong(f"`{name}`={number:g}: 정확도는 0과 1 사이의 비율로 적으세요"
                    f"(98.7%라면 0.987). `trainer.test_accuracy()`가 그 값을 돌려줘요.")
    if not 0 <= number <= 1:
        raise Wrong(f"`{name}`={number:g}: 정확도는 0과 1 사이여야 해요.")
    if not low <= number <= high:
        where = "너무 낮아요" if number < low else "너무 높아요"
        raise Wrong(f"`{name}`={number:.2%}: {where}. {context or '문제에서 말한 반복 수와 구성으로 잰 값인지 확인하세요.'}"
                    f" (그럴듯한 범위: {low:.0%}~{high:.0%})")
    return number


NUM_VALIDATION = 5_000  # MNIST 검증 세트의 이미지 수(cnn_course.data.NUM_VALIDATION)


def as_validation_accuracy(value: Any, name: str, low: float = 0.0, high: float = 1.0, context: str = "",
                           num_images: int = NUM_VALIDATION) -> float:
    """검증 세트에서 잰 정확도: `as_accuracy`에 더해, 이미지 `num_images`장의 정확도답게
    1/`num_images` 단위인지 확인합니다. 테스트 세트(10,000장)의 정확도는 대개 이 단위가 아니라서,
    테스트 세트로 모델을 고른 답을 잡아냅니다."""
    accuracy = as_accuracy(value, name, low, high, context)
    if not close(accuracy * num_images, round(accuracy * num_images), 1e-6):
        raise Wrong(f"{josa(f'`{name}`={accuracy:.4f}', '은/는')} 검증 세트({num_images:,}장)에서 잰 정확도일 수 "
                    f"없어요({num_images:,}장의 정확도는 {1 / num_images:g} 단위예요). 모델은 테스트 세트가 아니라 "
                    "검증 세트로 골라요: trainer.evaluate(\"val\").accuracy를 쓰세요.")
    return accuracy


@functools.lru_cache(maxsize=1)
def checker_mnist():
    """채점기가 다시 잴 때 쓰는 MNIST(한 번만 읽습니다). 학생 함수에는 넘기지 않으므로 바뀔 일이 없습니다."""
    from cnn_course.data import MNIST

    return MNIST(download=False)


def cached_accuracy(iterations: int, split: str = "test", config=None, learning_rate: float | None = None) -> float | None:
    """`trained(data, iterations, config=config, learning_rate=learning_rate)`가 학습한 신경망 캐시에 그대로
    있으면 그 신경망의 `split` 세트 정확도, 없으면(또는 MNIST를 읽을 수 없으면) None.

    채점기가 학생이 잰 정확도를 직접 다시 재 볼 때 씁니다. 학습은 하지 않습니다. 학생이 방금 `trained(...)`로
    잰 신경망은 캐시에 있으므로, 검증 세트의 값을 넣었거나 다른 신경망의 값을 넣은 답을 잡아냅니다.
    """
    try:
        from cnn_course.cache import cache_dir
        from cnn_course.checkpoint import load_checkpoint
        from cnn_course.settings import DEFAULTS, TrainingSettings
        from cnn_course.training import Trainer

        settings = dataclasses.replace(DEFAULTS, **({"config": config} if config is not None else {}),
                                       **({"learning_rate": learning_rate} if learning_rate is not None else {}))
        path = cache_dir() / f"{settings.key()}-{iterations}.npz"
        if not path.is_file():
            return None
        trainer = Trainer.from_settings(settings, checker_mnist())
        load_checkpoint(trainer, path)
        return float(trainer.evaluate(split).accuracy)
    except Exception:  # 캐시나 데이터가 없거나 망가졌으면 다시 재지 않고 그럴듯한지만 봅니다.
        return None


MEASURED_TOLERANCE = 6e-4  # 다시 잰 정확도와 비교하는 허용 오차: 소수 셋째 자리로 반올림한 값도 받습니다


def differs_from_measured(value: float, measured: float | None) -> bool:
    """학생이 적은 정확도가 채점기가 다시 잰 값(`cached_accuracy`)과 다른지. 다시 잴 수 없었으면(None) False."""
    return measured is not None and abs(value - measured) > MEASURED_TOLERANCE


VAL_TEST_GAP = 0.04  # 같은 신경망의 검증 세트와 테스트 세트 정확도는 이보다 가깝습니다(300번: 2%p 안팎).


def check_reported_test(value: Any, name: str, table: str, chosen: float, what: str, measured: float | None,
                        how: str, accuracy_range: tuple[float, float]) -> float:
    """검증 세트로 고른 뒤 한 번 보고한 테스트 세트 정확도(`name`)를 확인합니다(연습 2, 3).

    `chosen`은 고른 `what`(학습률, 구성)의 검증 세트 정확도(`table`의 값), `measured`는 채점기가 캐시에서
    다시 잰 테스트 세트 정확도(없으면 None), `how`는 그 값을 얻는 코드입니다.
    """
    test = as_accuracy(value, name, *accuracy_range,
                       context=f"고른 {josa(what, '으로/로')} 300번 학습한 신경망의 테스트 세트 정확도를 넣으세요.")
    if close(test, chosen):
        raise Wrong(f"`{name}`가 `{table}`의 값과 똑같아요. 검증 세트 정확도를 한 번 더 넣었거나, "
                    "표를 테스트 세트로 만든 것 같아요. 표는 evaluate(\"val\"), 마지막 보고는 test_accuracy()예요.")
    if abs(test - chosen) > VAL_TEST_GAP:
        raise Wrong(f"`{name}`({test:.2%})가 고른 {what}의 검증 세트 정확도({chosen:.2%})와 너무 달라요. "
                    f"고른 {josa(what, '으로/로')} 학습한 신경망의 test_accuracy()를 넣었나요?")
    if differs_from_measured(test, measured):
        raise Wrong(f"`{name}`가 고른 {josa(what, '으로/로')} 300번 학습한 신경망(캐시, 시드 기본값)의 테스트 세트 "
                    f"정확도와 달라요. {how}를 넣으세요.")
    return test


def as_array(value: Any, name: str) -> np.ndarray:
    """NumPy 배열로 바꿉니다(텐서, 리스트도 받습니다). 수가 아닌 값이면 알려 줍니다."""
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise Wrong(f"{_called(name, '은/는')} 배열이나 텐서여야 해요(받은 값: {describe(value)}).")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{_called(name, '은/는')} 수로 된 배열이나 텐서여야 해요(받은 값: {describe(value)}).") from None
    return array


def as_shape(value: Any, name: str) -> tuple[int, ...]:
    """모양을 정수의 튜플로 바꿉니다: 튜플, 리스트, NumPy 배열, `tf.TensorShape`, 1차원 텐서.

    안의 수는 파이썬 정수든 NumPy 정수든 됩니다. `(1764)`처럼 쉼표를 빠뜨린 정수 하나는
    무엇이 잘못인지 알려 줍니다.
    """
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes, dict, set)):
        raise Wrong(f"`{name}`에는 정수의 튜플을 넣어야 해요(받은 값: {describe(value)}). 예: (14, 14, 16).")
    if isinstance(value, (int, np.integer)):
        raise Wrong(f"{_called(name, '이/가')} 튜플이 아니라 정수 {value}예요. 괄호만 친 {josa(f'({value})', '은/는')} 정수예요. "
                    f"원소 하나짜리 튜플은 ({value},)처럼 쉼표를 붙여요.")
    if hasattr(value, "as_list") and callable(value.as_list):  # tf.TensorShape
        try:
            items = value.as_list()
        except ValueError:
            raise Wrong(f"`{name}`의 차원 수를 알 수 없어요(받은 값: {value}).") from None
    else:
        try:
            items = list(np.asarray(value).reshape(-1)) if not isinstance(value, (tuple, list)) else list(value)
        except (TypeError, ValueError):
            raise Wrong(f"`{name}`에는 정수의 튜플을 넣어야 해요(받은 값: {describe(value)}).") from None
    shape = []
    for item in items:
        if item is None:
            raise Wrong(f"`{name}`에 크기를 모르는 차원(None)이 있어요(받은 값: {describe(value)}). "
                        "이미지 한 장의 모양을 숫자로 적으세요.")
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer, float, np.floating)) \
                or not float(item).is_integer():
            raise Wrong(f"`{name}`에는 정수의 튜플을 넣어야 해요(받은 값: {describe(value)}). 예: (14, 14, 16).")
        shape.append(int(item))
    return tuple(shape)


def as_classes(value: Any, name: str) -> list[int]:
    """클래스 번호(0 이상의 정수)의 목록으로 바꿉니다.

    리스트, 튜플, 집합, 배열, 텐서를 받고, `np.where(조건)`이 돌려주는 (배열,) 튜플과
    `tf.where(조건)`이 돌려주는 [개수, 1] 모양의 텐서도 받습니다. 정렬해 돌려줍니다.
    """
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, (str, bytes, dict)):
        raise Wrong(f"`{name}`에는 클래스 번호의 리스트를 넣어야 해요(받은 값: {describe(value)}). 예: [1, 5].")
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=lambda v: float(v) if isinstance(v, (int, float, np.number)) else 0)
    if isinstance(value, tuple) and len(value) == 1 and np.ndim(value[0]) == 1:
        value = value[0]  # np.where(조건)의 결과: (배열,)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}`에는 클래스 번호의 리스트를 넣어야 해요(받은 값: {describe(value)}).") from None
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]  # tf.where(조건)의 결과: [개수, 1]
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise Wrong(f"`{name}`의 모양이 {array.shape}예요. 클래스 번호를 한 줄로(1차원) 돌려주세요.")
    if array.dtype == bool:
        raise Wrong(f"{_called(name, '이/가')} 참/거짓(불리언) 배열이에요. 클래스 번호는 np.where(조건)[0]으로 얻어요.")
    try:
        numbers = array.astype(float)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}`에는 클래스 번호(정수)를 넣어야 해요(받은 값: {describe(value)}).") from None
    if not np.all(np.isfinite(numbers)) or not np.all(numbers == np.round(numbers)) or np.any(numbers < 0):
        raise Wrong(f"`{name}`에는 0 이상의 정수인 클래스 번호만 넣으세요(받은 값: {describe(value)}).")
    return sorted(int(n) for n in numbers)


def as_config(value: Any, name: str):
    """NetworkConfig인지 확인합니다."""
    from cnn_course.config import NetworkConfig

    if isinstance(value, NetworkConfig):
        return value
    if isinstance(value, dict):
        raise Wrong(f"{_called(name, '이/가')} 딕셔너리예요. NetworkConfig(...)로 만드세요: "
                    "NetworkConfig(**딕셔너리)처럼 바꿀 수 있어요.")
    if isinstance(value, type) and value is NetworkConfig:
        raise Wrong(f"`{name}`에 클래스 NetworkConfig 자체를 넣었어요. NetworkConfig(...)처럼 불러서 만드세요.")
    raise Wrong(f"{_called(name, '은/는')} NetworkConfig여야 해요(받은 값: {describe(value)}). "
                "예: NetworkConfig(num_filters=(16, 36)).")


def _same_value(a: Any, b: Any) -> bool:
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, (bool, str)) or isinstance(b, (bool, str)):
        return a == b
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return close(a, b)
    return a == b


def config_differences(config, expected, ignore: Iterable[str] = ()) -> list[str]:
    """두 NetworkConfig에서 값이 다른 항목의 이름(실수는 허용 오차 안이면 같다고 봅니다)."""
    ignore = set(ignore)
    return [f.name for f in dataclasses.fields(expected)
            if f.name not in ignore and not _same_value(getattr(config, f.name), getattr(expected, f.name))]


def same_config(config, expected) -> bool:
    return not config_differences(config, expected)


def find_config(table: dict, expected):
    """`table`의 키 가운데 `expected`와 항목마다 같은 구성(없으면 None)."""
    for config in table:
        if same_config(config, expected):
            return config
    return None


def check_config(config, expected, name: str, changed: Iterable[str] = ()) -> None:
    """`config`가 `expected`와 같은지 항목별로 확인하고, 다른 항목의 이름과 값을 알려 줍니다.

    `changed`는 문제에서 바꾸라고 한 항목: 이 항목들이 다르면 그 항목만, 나머지가 다르면
    "바꾸지 말라"고 알려 줍니다. 기대하는 값 자체는 문제에 적힌 값이므로 알려 줘도 됩니다.
    """
    from cnn_course.config import NetworkConfig

    differences = config_differences(config, expected)
    if not differences:
        return
    changed = set(changed)
    default = NetworkConfig()
    others = [f for f in differences if f not in changed]
    if others:
        listed = ", ".join(f"{f}={getattr(config, f)!r}(기본값 {getattr(default, f)!r})" for f in others)
        raise Wrong(f"`{name}`에서 이 문제와 상관없는 항목이 바뀌었어요: {listed}. "
                    "그 항목은 기본값 그대로 두세요.")
    listed = ", ".join(f"{f}={getattr(config, f)!r}" for f in differences)
    raise Wrong(f"`{name}`에서 다른 항목: {listed}. 문제의 설명을 다시 읽어 보세요.")


# ---------------------------------------------------------------- 설명 글의 낱말

# 설명 글에서 찾는 용어와 그 흔한 변이형(띄어쓰기를 뺀 소문자). 한 곳에서만 고칩니다.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "합성곱": ("합성곱", "컨볼루션", "콘볼루션", "컨벌루션", "convolution", "conv"),
    "필터": ("필터", "커널", "filter", "kernel"),
    "풀링": ("풀링", "pooling", "maxpool", "avgpool"),
    "완전 연결 층": ("완전연결", "fullyconnected", "dense", "밀집층", "전결합", "fc층", "fclayer"),
    "평탄화": ("평탄화", "flatten"),
    "소프트맥스": ("소프트맥스", "softmax"),
    "확률": ("확률", "probabilit"),
    "로짓": ("로짓", "logit"),
    "비용": ("비용", "cost"),
    "손실": ("손실", "loss"),
    "교차 엔트로피": ("교차엔트로피", "크로스엔트로피", "crossentropy"),
    "옵티마이저": ("옵티마이저", "옵티마이져", "최적화기", "optimizer", "optimiser", "adam"),
    "그레이디언트": ("그레이디언트", "그래디언트", "그라디언트", "기울기", "gradient"),
    "역전파": ("역전파", "backprop"),
    "경사 하강": ("경사하강", "gradientdescent"),
    "활성화 함수": ("활성화", "activation"),
    "ReLU": ("relu", "렐루"),
    "시그모이드": ("시그모이드", "sigmoid"),
    "드롭아웃": ("드롭아웃", "드랍아웃", "dropout"),
    "과대적합": ("과대적합", "과적합", "오버피팅", "overfit"),
    "가중치": ("가중치", "weight"),
    "편향": ("편향", "바이어스", "bias"),
    "특성 맵": ("특성맵", "특징맵", "featuremap"),
    "학습률": ("학습률", "learningrate"),
    "배치": ("배치", "batch"),
    "정확도": ("정확도", "accuracy"),
}
_PUNCTUATION_IN_WORDS = str.maketrans("", "", "-_·・‐–—")


def normalize_text(text: str) -> str:
    """비교용 글: 유니코드 NFKC(전각 → 반각), 소문자, 공백과 붙임표 없앰."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_PUNCTUATION_IN_WORDS)
    return "".join(text.split())


def _variants(term: str) -> tuple[str, ...]:
    key = normalize_text(term)
    for canonical, variants in SPELLINGS.items():
        if key == normalize_text(canonical) or key in variants:
            return tuple({normalize_text(canonical), *variants})
    return (key,)


def mentions(text: str, term: str) -> bool:
    """`text`가 `term`(또는 SPELLINGS에 적은 그 변이형, 영어 용어)을 말하는지. 띄어쓰기는 무시합니다."""
    normalized = normalize_text(text)
    return any(variant in normalized for variant in _variants(term))


# ---------------------------------------------------------------- 학생 함수 부르기

_MISSING_COMMA = ("'int' object is not iterable", "object of type 'int' has no len()",
                  "'int' object is not subscriptable", "'int' object has no attribute")


def explain_error(error: BaseException) -> str:
    """학생 함수에서 난 TensorFlow나 NumPy 오류를, 흔한 실수를 가리키는 한국어 한 문장으로 바꿉니다."""
    text = str(error)
    lowered = text.lower()
    if "padding" in lowered and ("allowed values" in lowered or "same" in lowered or "valid" in lowered):
        return ("padding 값이 잘못됐어요. tf.nn 함수의 padding은 대문자 문자열 \"SAME\"이나 \"VALID\"예요"
                "(소문자 \"same\"은 Keras 층에서만 써요).")
    if "reshape" in lowered and ("values" in lowered or "size" in lowered):
        numbers = re.findall(r"\d+", text.split("reshape", 1)[1])
        got = f"원소 {int(numbers[0]):,}개를 " if numbers else ""
        return (f"reshape가 입력에 맞지 않아요: {got}요청한 모양으로 바꿀 수 없어요. 채점기는 작은 입력"
                "(이미지 몇 장, 다른 크기)으로도 부르므로, 이미지 수나 크기를 숫자로 박아 두지 말고 -1을 쓰거나 "
                "입력의 모양에서 계산하세요.")
    if any(pattern in text for pattern in _MISSING_COMMA):
        return ("튜플이 와야 할 자리에 정수가 왔어요. (1764)는 괄호만 친 정수예요. 원소 하나짜리 튜플은 "
                "(1764,)처럼 쉼표를 붙여요.")
    if "matrix size-incompatible" in lowered or "mismatch in its core dimension" in lowered \
            or ("matmul" in lowered and "shape" in lowered):
        return ("행렬 곱의 모양이 맞지 않아요: 앞 행렬의 열 수와 뒤 행렬의 행 수가 같아야 해요. "
                "가중치의 모양과 평탄화한 특성의 수를 확인하세요.")
    if "expected to be a" in lowered and "tensor" in lowered or "cannot cast" in lowered \
            or "dtype" in lowered:
        return ("자료형(dtype)이 맞지 않아요. float32와 float64(또는 정수)를 섞었나요? "
                "tf.cast(x, tf.float32)나 x.astype(np.float32)로 맞추세요.")
    if "incompatible shapes" in lowered or "operands could not be broadcast" in lowered \
            or "dimensions must be equal" in lowered:
        return ("두 텐서의 모양이 맞지 않아요. 합성곱의 padding(SAME은 크기를 그대로, VALID는 줄여요)과 "
                "풀링 뒤의 크기를 확인하세요.")
    if isinstance(error, NameError):
        return (f"정의되지 않은 이름을 썼어요({text}). 그 이름을 만드는 셀을 먼저 실행했는지, "
                "철자가 맞는지 확인하세요.")
    if isinstance(error, IndexError):
        return "인덱스가 범위를 벗어났어요. 채점기가 넘긴 작은 입력의 크기에 맞게 인덱스를 계산하세요."
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = re.sub(r"\{\{[^}]*\}\}\s*", "", first)  # TensorFlow의 내부 함수 이름은 뺍니다
    if len(first) > 100:
        first = first[:97] + "..."
    return f"함수 안에서 오류가 났어요{': ' + first if first else ''}. 오류가 난 줄을 셀에서 직접 실행해 보세요."


def call(function: Any, name: str, *args, **kwargs) -> Any:
    """학생의 함수를 부릅니다. 아직 빈칸이거나, 함수가 아니거나, 오류가 나면 알려 줍니다.

    인자로 넘기는 배열과 신경망은 채점기가 부를 때마다 새로 만들어 넘기므로, 학생 함수가
    인자를 바꿔도 다음 채점에 영향이 없습니다.
    """
    if is_blank(function):
        raise NotAttempted(f"`{name}` 함수를 아직 쓰지 않았어요.")
    if not callable(function):
        raise Wrong(f"{_called(name, '은/는')} 함수여야 해요(받은 값: {describe(function)}).")
    try:
        result = function(*args, **kwargs)
    except RecursionError:
        raise Wrong(f"{_called(name, '이/가')} 자기 자신을 끝없이 불러요(RecursionError).") from None
    except (Exception, SystemExit) as error:  # 학생 코드의 어떤 오류든 보고만 합니다.
        raise Wrong(f"{_called(name, '을/를')} 부르다 오류가 났어요({type(error).__name__}). {explain_error(error)}") from None
    if contains_blank(result):
        raise NotAttempted(f"{_called(name, '이/가')} 아직 `____`를 돌려줘요. 함수 본문을 채우세요.")
    if result is None:
        raise Wrong(f"{_called(name, '이/가')} 아무것도 돌려주지 않아요(None). `return`을 잊지 않았나요?")
    return result


def check_shape(array: np.ndarray, expected: tuple, name: str, hints: dict | None = None) -> None:
    """모양이 다르면 이유를 알려 줍니다. `hints`는 {틀린 모양: 그 모양이 나오는 흔한 이유}."""
    if array.shape != tuple(expected):
        reason = (hints or {}).get(array.shape, "")
        raise Wrong(f"`{name}`의 모양이 {array.shape}인데 {josa(tuple(expected), '이어야/여야')} 해요. "
                    f"{reason}".rstrip())


# ---------------------------------------------------------------- 보기 고르기


def _letters(value: Any, name: str, valid: Iterable[str]) -> list[str]:
    """'b', 'B', '(b)', 'b.', 전각 'ｂ', 'a, c', ['a', 'c'] 같은 답을 소문자 글자 목록으로 바꿉니다."""
    valid = sorted(valid)
    if isinstance(value, str):
        items = [value]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise Wrong(f"`{name}`에는 보기의 글자를 넣으세요(예: 'b')(받은 값: {describe(value)}).")
    letters = []
    for item in items:
        if not isinstance(item, str):
            raise Wrong(f"`{name}`에는 보기의 글자를 넣으세요(예: 'b')(받은 값: {describe(item)}).")
        text = re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", item)).casefold()
        for part in text.split():
            # 'abcd', 'ab cd'처럼 보기 글자로만 된 조각은 글자마다 나눕니다('ab'는 a와 b).
            for letter in (part if set(part) <= set(valid) else [part]):
                if letter not in valid:
                    raise Wrong(f"보기에 없는 답이에요: {letter!r}. {', '.join(valid)} 가운데에서 고르세요.")
                letters.append(letter)
    if not letters:
        raise Wrong(f"{_called(name, '이/가')} 비어 있어요. 보기의 글자를 넣으세요.")
    return letters


def one_letter(value: Any, name: str, valid: Iterable[str]) -> str:
    """보기 하나(소문자 글자)를 읽습니다."""
    letters = _letters(value, name, valid)
    if len(letters) > 1:
        raise Wrong("보기 하나만 고르세요.")
    return letters[0]


def single_choice(correct: str, why_not: dict[str, str], options: Iterable[str] | None = None,
                  name: str = "answer", because: str = "") -> Callable[[Any], str]:
    """보기 하나를 고르는 문제의 채점 함수. `why_not`은 오답마다 그 보기가 틀린 이유."""
    valid = set(options or why_not) | {correct}

    def check(answer: Any) -> str:
        letter = one_letter(answer, name, valid)
        if letter != correct:
            raise Wrong(why_not[letter])
        return because

    return check


def multiple_choice(correct: Iterable[str], why_missing: dict[str, str], why_not: dict[str, str],
                    name: str = "answer", because: str = "") -> Callable[[Any], str]:
    """맞는 보기를 모두 고르는 문제. 빠뜨린 보기와 잘못 고른 보기마다 이유를 알려 줍니다."""
    correct = set(correct)
    valid = correct | set(why_not)

    def check(answer: Any) -> str:
        chosen = set(_letters(answer, name, valid))
        wrong = sorted(chosen - correct)
        missing = sorted(correct - chosen)
        if wrong:
            raise Wrong(" ".join(f"({w}) {why_not[w]}" for w in wrong))
        if missing:
            raise Wrong("빠뜨린 보기가 있어요. " + " ".join(f"({m}) {why_missing[m]}" for m in missing))
        return because

    return check


# ---------------------------------------------------------------- 문제


class Question:
    """연습 문제 하나: 답 변수 이름, 채점 함수, 힌트, 풀이.

    `checker`는 답들을 받아, 맞으면 덧붙일 설명(문자열 또는 None)을 돌려주고,
    틀리면 `Wrong`, 빈칸이면 `NotAttempted`를 일으킵니다.
    """

    def __init__(self, label: str, names: tuple[str, ...] | str, checker: Callable[..., str | None],
                 hints: Iterable[str] = ()) -> None:
        self.label = label
        self.names = (names,) if isinstance(names, str) else tuple(names)
        self.checker = checker
        self.hints = tuple(hints)
        # 풀이 글은 이 문제를 정의한 채점 모듈의 이름과 변수 이름(qN)으로 solutions.json에서 찾습니다.
        self.module = sys._getframe(1).f_globals.get("__name__", "")

    def __repr__(self) -> str:
        return f"<{self.label}: 답 {', '.join(self.names)}. check(), hint(), solution()>"

    # 답 찾기 -------------------------------------------------------------
    def _answers_from(self, namespace: dict) -> tuple[list, list[str]]:
        missing = [name for name in self.names if name not in namespace]
        return [namespace.get(name, ____) for name in self.names], missing

    def _answers(self, args: tuple, kwargs: dict, namespace: dict) -> tuple[list, list[str]]:
        if not args and not kwargs:
            return self._answers_from(namespace)
        unknown = sorted(set(kwargs) - set(self.names))
        if unknown or len(args) > len(self.names):
            raise Wrong(f"이 문제의 답은 {josa(', '.join(self.names), '이에요/예요')}"
                        f"(받은 것: 값 {len(args)}개, 이름 {', '.join(unknown) or '없음'}).")
        values = dict(zip(self.names, args))
        values.update(kwargs)
        given = dict(namespace)
        given.update(values)
        return self._answers_from(given)

    # 채점 ----------------------------------------------------------------
    def feedback(self, *args, namespace: dict | None = None, **kwargs) -> Feedback:
        """답을 채점해 `Feedback`을 돌려줍니다. 절대 예외를 일으키지 않습니다."""
        try:
            answers, missing = self._answers(args, kwargs, namespace or {})
            if missing:
                return Feedback(BLANK, f"변수 {josa(', '.join(f'`{m}`' for m in missing), '이/가')} 아직 없어요. "
                                       "문제 셀을 먼저 실행하세요.")
            blanks = [n for n, a in zip(self.names, answers) if contains_blank(a)]
            if blanks and len(blanks) == len(self.names):
                return Feedback(BLANK, NOT_ATTEMPTED)
            if blanks:
                return Feedback(BLANK, f"{', '.join(f'`{b}`' for b in blanks)}에 아직 `____`가 남아 있어요. "
                                       + NOT_ATTEMPTED)
            extra = self.checker(*answers)
            return Feedback(CORRECT, extra or "")
        except Wrong as wrong:
            return Feedback(WRONG, str(wrong))
        except NotAttempted as blank:
            return Feedback(BLANK, f"{blank} {NOT_ATTEMPTED}")
        except RecursionError:
            return Feedback(WRONG, "답을 확인하다 재귀가 너무 깊어졌어요. 함수가 자기 자신을 끝없이 부르지 않나요?")
        except Exception as error:  # 채점기가 예상하지 못한 답도 보고만 합니다.
            detail = str(error).strip().splitlines()[0][:80] if str(error).strip() else ""
            return Feedback(WRONG, f"이 답은 확인할 수 없어요({type(error).__name__}: {detail}). "
                                   "문제에서 말한 형식(자료형, 모양)으로 답했는지 확인하세요.")

    def check(self, *args, **kwargs) -> None:
        """답을 확인하고 결과를 출력합니다. 인자가 없으면 부른 곳에서 답 변수를 찾습니다.

        함수 안에서 부르면 그 함수의 지역 변수를 먼저, 없으면 전역 변수(노트북)를 찾습니다.
        """
        frame = sys._getframe(1)
        namespace = dict(frame.f_globals)
        if frame.f_locals is not frame.f_globals:
            namespace.update(frame.f_locals)
        del frame
        print(self.feedback(*args, namespace=namespace, **kwargs))

    def hint(self, level: int = 1) -> None:
        """힌트를 출력합니다. 단계가 높을수록 자세합니다."""
        if not self.hints:
            print("이 문제에는 힌트가 없어요. 본문을 다시 읽어 보세요.")
            return
        if isinstance(level, bool) or not isinstance(level, int) or level < 1:
            print(f"힌트 단계는 1부터 {len(self.hints)}까지의 정수예요(받은 값: {level!r}).")
            return
        level = min(level, len(self.hints))
        more = f"\n(더 자세한 힌트: hint({level + 1}))" if level < len(self.hints) else ""
        print(f"힌트 {level}/{len(self.hints)}: {self.hints[level - 1]}{more}")

    def solution(self) -> None:
        """풀이를 출력합니다. 풀이 글은 풀이 노트북의 풀이 셀에서 만든 것입니다(`solutions.json`)."""
        text = generated_solution(self).strip()
        print(f"풀이:\n{text}" if text else "이 문제의 풀이 글이 없어요. 풀이 노트북(*_solution.ipynb)을 보세요.")


# ---------------------------------------------------------------- 풀이 글(생성한 데이터 파일)

_solution_data: dict | None = None


def generated_solution(question: "Question") -> str:
    """`question`의 풀이 글: tools/make_student_notebooks.py가 풀이 노트북의 풀이 셀에서 만들어
    이 패키지의 solutions.json에 적어 둔 것. 채점 모듈(`cnn_course.exercises.exNN_...`)의 `qN`이
    아니거나 데이터에 없으면 ""입니다."""
    global _solution_data
    if _solution_data is None:
        import json
        from importlib.resources import files

        try:
            _solution_data = json.loads(files(__package__).joinpath("solutions.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _solution_data = {}
    module = sys.modules.get(question.module)
    if module is None:
        return ""
    names = [variable for variable, value in vars(module).items() if value is question]
    entries = _solution_data.get(question.module.rsplit(".", 1)[-1], {})
    text = entries.get(names[0], "") if names else ""
    return text if isinstance(text, str) else ""
