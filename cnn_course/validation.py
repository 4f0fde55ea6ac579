"""인자 확인: 잘못된 값을 받으면 무엇이 틀렸고 어떤 값이어야 하는지 한국어로 알려 줍니다.

패키지의 모든 공개 함수가 이 함수들로 인자를 확인하므로 같은 잘못에는 같은 문장이 나옵니다.

    >>> check_int("batch_size", 0, low=1)
    Traceback (most recent call last):
    ...
    ValueError: batch_size는 1 이상의 정수여야 합니다(받은 값: 0).

종류가 틀리면(정수 자리에 2.5나 True) TypeError, 종류는 맞지만 범위나 선택지를 벗어나면
ValueError입니다. 메시지는 두 경우 모두 같습니다. 조사는 `korean.josa`가 고릅니다.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

from .korean import josa

__all__ = ["check_int", "check_number", "check_choice", "check_bool", "check_ints"]


def _bounds(low, high, low_open: bool = False, high_open: bool = False) -> str:
    """범위를 말로: '1 이상의 ', '0 초과 1 미만의 ' 등(경계가 없으면 빈 문자열)."""
    words = []
    if low is not None:
        words.append(f"{low:,} {'초과' if low_open else '이상'}")
    if high is not None:
        words.append(f"{high:,} {'미만' if high_open else '이하'}")
    return " ".join(words) + "의 " if words else ""


def check_int(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """`value`가 `low` 이상 `high` 이하의 정수인지 확인하고 int로 돌려줍니다(True/False는 정수로 치지 않습니다)."""
    message = f"{josa(name, '은/는')} {_bounds(low, high)}정수여야 합니다(받은 값: {value!r})."
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(message)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(message)
    return int(value)


def check_ints(name: str, values: object, low: int | None = None) -> tuple[int, ...]:
    """정수들의 튜플(리스트도 받음)인지 확인하고, 각 값을 `check_int`로 확인해 튜플로 돌려줍니다."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{josa(name, '은/는')} 정수의 튜플이어야 합니다(받은 값: {values!r}).")
    return tuple(check_int(f"{name}의 값", v, low) for v in values)


def check_number(name: str, value: object, low: float | None = None, high: float | None = None,
                 low_open: bool = False, high_open: bool = False) -> float:
    """`value`가 범위 안의 실수(정수도 받음, True/False는 아님)인지 확인하고 float로 돌려줍니다.

    `low_open`/`high_open`이 True이면 그 경계값 자체는 받지 않습니다(초과, 미만).
    """
    message = f"{josa(name, '은/는')} {_bounds(low, high, low_open, high_open)}수여야 합니다(받은 값: {value!r})."
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(message)
    too_low = low is not None and (value <= low if low_open else value < low)
    too_high = high is not None and (value >= high if high_open else value > high)
    if too_low or too_high or value != value:  # value != value: NaN
        raise ValueError(message)
    return float(value)


def check_choice(name: str, value: object, choices: Iterable) -> object:
    """`value`가 `choices` 가운데 하나인지 확인하고 그대로 돌려줍니다."""
    choices = tuple(choices)
    try:
        known = value in choices
    except (TypeError, ValueError):  # 비교할 수 없는 값(배열 등)
        known = False
    if not known:
        listed = ", ".join(map(repr, choices))
        raise ValueError(f"{josa(name, '은/는')} {listed} 중 하나여야 합니다(받은 값: {value!r}).")
    return value


def check_bool(name: str, value: object) -> bool:
    """`value`가 True나 False인지 확인합니다(1이나 "yes"는 받지 않습니다)."""
    if not isinstance(value, bool):
        raise TypeError(f"{josa(name, '은/는')} True 또는 False여야 합니다(받은 값: {value!r}).")
    return value
