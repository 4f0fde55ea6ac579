"""연습 문제 채점의 뼈대: 빈칸 `____`, 피드백, 문제(`Question`).

문제마다 세 가지를 부를 수 있습니다.

- `q1.check()`: 노트북에서 답 변수를 찾아 확인하고, 맞았는지와 그 이유를 한국어로 알려 줍니다.
  `q1.check(답)`처럼 답을 직접 넘겨도 됩니다.
- `q1.hint()`: 힌트. 힌트가 여러 단계면 `q1.hint(2)`가 더 자세합니다.
- `q1.solution()`: 풀이.

채점기는 어떤 답을 받아도 예외를 일으키지 않습니다. 빈칸은 "아직 풀지 않았어요",
엉뚱한 값(None, 다른 자료형, 오류를 내는 함수)은 무엇이 잘못인지 알려 줍니다.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import numpy as np


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


def as_number(value: Any, name: str) -> float:
    """실수 하나로 바꿉니다(파이썬 수, NumPy 스칼라, 원소 하나짜리 배열이나 텐서)."""
    if isinstance(value, bool) or isinstance(value, (str, bytes)) or value is None:
        raise Wrong(f"`{name}`에는 수를 넣으세요(받은 값: {describe(value)}).")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}`에는 수를 넣으세요(받은 값: {describe(value)}).") from None
    if array.size != 1:
        raise Wrong(f"`{name}`에는 수 하나를 넣으세요(받은 값: {describe(value)}).")
    number = float(array.reshape(()))
    if not math.isfinite(number):
        raise Wrong(f"`{name}`이(가) {number}예요. 계산 결과가 유한한 수인지 확인하세요.")
    return number


def as_int(value: Any, name: str) -> int:
    number = as_number(value, name)
    if number != int(number):
        raise Wrong(f"`{name}`은(는) 정수여야 해요(받은 값: {value!r}). 개수를 세어 보세요.")
    return int(number)


def as_accuracy(value: Any, name: str) -> float:
    """0과 1 사이의 정확도. 백분율(예: 98.7)로 적었으면 알려 줍니다."""
    number = as_number(value, name)
    if 1 < number <= 100:
        raise Wrong(f"`{name}`={number:g}: 정확도는 0과 1 사이의 비율로 적으세요"
                    f"(98.7%라면 0.987). `trainer.test_accuracy()`가 그 값을 돌려줘요.")
    if not 0 <= number <= 1:
        raise Wrong(f"`{name}`={number:g}: 정확도는 0과 1 사이여야 해요.")
    return number


def as_array(value: Any, name: str) -> np.ndarray:
    """NumPy 배열로 바꿉니다(텐서, 리스트도 받습니다). 수가 아닌 값이면 알려 줍니다."""
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise Wrong(f"`{name}`은(는) 배열이나 텐서여야 해요(받은 값: {describe(value)}).")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"`{name}`은(는) 수로 된 배열이나 텐서여야 해요(받은 값: {describe(value)}).") from None
    return array


def as_config(value: Any, name: str):
    """NetworkConfig인지 확인합니다."""
    from cnn_course.config import NetworkConfig

    if isinstance(value, NetworkConfig):
        return value
    if isinstance(value, dict):
        raise Wrong(f"`{name}`이(가) 딕셔너리예요. NetworkConfig(...)로 만드세요: "
                    "NetworkConfig(**딕셔너리)처럼 바꿀 수 있어요.")
    raise Wrong(f"`{name}`은(는) NetworkConfig여야 해요(받은 값: {describe(value)}). "
                "예: NetworkConfig(num_filters=(16, 36)).")


def call(function: Any, name: str, *args, **kwargs) -> Any:
    """학생의 함수를 부릅니다. 아직 빈칸이거나, 함수가 아니거나, 오류가 나면 알려 줍니다."""
    if is_blank(function):
        raise NotAttempted(f"`{name}` 함수를 아직 쓰지 않았어요.")
    if not callable(function):
        raise Wrong(f"`{name}`은(는) 함수여야 해요(받은 값: {describe(function)}).")
    try:
        result = function(*args, **kwargs)
    except (Exception, SystemExit) as error:  # 학생 코드의 어떤 오류든 보고만 합니다.
        raise Wrong(f"`{name}`을(를) 부르다 오류가 났어요: {type(error).__name__}: {error}") from None
    if contains_blank(result):
        raise NotAttempted(f"`{name}`이(가) 아직 `____`를 돌려줘요. 함수 본문을 채우세요.")
    if result is None:
        raise Wrong(f"`{name}`이(가) 아무것도 돌려주지 않아요(None). `return`을 잊지 않았나요?")
    return result


def check_shape(array: np.ndarray, expected: tuple, name: str, hints: dict | None = None) -> None:
    """모양이 다르면 이유를 알려 줍니다. `hints`는 {틀린 모양: 그 모양이 나오는 흔한 이유}."""
    if array.shape != tuple(expected):
        reason = (hints or {}).get(array.shape, "")
        raise Wrong(f"`{name}`의 모양이 {array.shape}인데 {tuple(expected)}이어야 해요. {reason}".rstrip())


# ---------------------------------------------------------------- 보기 고르기


def _letters(value: Any, name: str, valid: Iterable[str]) -> list[str]:
    """'b', 'B', '(b)', 'a, c', ['a', 'c'] 같은 답을 소문자 글자 목록으로 바꿉니다."""
    valid = sorted(valid)
    if isinstance(value, str):
        parts = value.replace("(", " ").replace(")", " ").replace(",", " ").split()
        items = parts if len(parts) > 1 else list(parts[0]) if parts else []
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    else:
        raise Wrong(f"`{name}`에는 보기의 글자를 넣으세요(예: 'b')(받은 값: {describe(value)}).")
    letters = []
    for item in items:
        if not isinstance(item, str):
            raise Wrong(f"`{name}`에는 보기의 글자를 넣으세요(예: 'b')(받은 값: {describe(item)}).")
        letter = item.strip().strip("()").lower()
        if letter not in valid:
            raise Wrong(f"보기에 없는 답이에요: {item!r}. {', '.join(valid)} 가운데에서 고르세요.")
        letters.append(letter)
    if not letters:
        raise Wrong(f"`{name}`이(가) 비어 있어요. 보기의 글자를 넣으세요.")
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
                 hints: Iterable[str] = (), solution: str = "") -> None:
        self.label = label
        self.names = (names,) if isinstance(names, str) else tuple(names)
        self.checker = checker
        self.hints = tuple(hints)
        self.solution_text = solution

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
            raise Wrong(f"이 문제의 답은 {', '.join(self.names)}이에요"
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
                return Feedback(BLANK, f"변수 {', '.join(f'`{m}`' for m in missing)}이(가) 아직 없어요. "
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
            return Feedback(WRONG, f"이 답은 확인할 수 없어요({type(error).__name__}: {error}). "
                                   "문제에서 말한 형식(자료형, 모양)으로 답했는지 확인하세요.")

    def check(self, *args, **kwargs) -> None:
        """답을 확인하고 결과를 출력합니다. 인자가 없으면 노트북에서 답 변수를 찾습니다."""
        namespace = sys._getframe(1).f_globals
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
        """풀이를 출력합니다."""
        print(f"풀이:\n{self.solution_text.strip()}")
