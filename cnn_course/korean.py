"""한국어 조사 고르기: 값 뒤에 `을(를)` 대신 맞는 조사를 붙입니다.

    >>> josa("pooling", "이/가")
    'pooling이'
    >>> josa(1764, "을/를")
    '1764를'
    >>> josa("학습률", "으로/로")
    '학습률로'

조사 쌍은 "받침 뒤/받침 없는 말 뒤" 순서로 씁니다("이/가", "을/를", "은/는", "과/와",
"으로/로", "이에요/예요", "이어야/여야"). 받침은 한글이면 글자에서, 숫자면 읽는 소리(3 → 삼,
10 → 십)에서, 영어 낱말이면 흔한 발음(-ng, -m, -n, -l, 모음 뒤 -t/-k/-p)에서 정합니다.
"""

from __future__ import annotations

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # 종성 ㄹ의 번호: "으로/로"에서는 받침 없는 말처럼 "로"를 씁니다.

# 숫자 한 자리를 읽을 때의 종성(0: 없음, _RIEUL: ㄹ, 그 밖: 있음). 영, 일, 이, 삼, 사, 오, 육, 칠, 팔, 구.
_DIGIT_FINAL = {"0": 21, "1": _RIEUL, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": _RIEUL,
                "8": _RIEUL, "9": 0}
_VOWELS = set("aeiouy")


def _final(text: str) -> int:
    """마지막으로 읽히는 글자의 종성 번호(0이면 받침 없음)."""
    text = text.rstrip(" `'\")]}.,")
    if not text:
        return 0
    last = text[-1]
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return (code - _HANGUL_FIRST) % 28
    if last.isdigit():
        # 10, 100, 1000, 10000은 십, 백, 천, 만: 모두 받침이 있습니다.
        return 1 if last == "0" and len(text) > 1 and text[-2].isdigit() else _DIGIT_FINAL[last]
    word = text.lower()
    if word.endswith(("ng", "m", "n")):
        return 1
    if word.endswith("l"):
        return _RIEUL
    if word[-1] in "tkp" and len(word) > 1 and word[-2] in _VOWELS:
        return 1  # net(넷), stack(스택), top(톱). predict(프리딕트)처럼 자음 뒤면 받침 없음.
    return 0


def josa(word: object, pair: str) -> str:
    """`word` 뒤에 `pair`("받침 뒤/받침 없는 말 뒤") 가운데 맞는 조사를 붙여 돌려줍니다."""
    with_final, without_final = pair.split("/")
    text = str(word)
    final = _final(text)
    if with_final == "으로":
        return text + ("으로" if final not in (0, _RIEUL) else "로")
    return text + (with_final if final else without_final)
