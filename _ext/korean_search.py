"""한국어 검색: 낱말 끝의 조사(을, 를, 에서, ...)를 떼어 낸 줄기로 색인하고 검색합니다.

Sphinx에는 한국어 검색이 없습니다. 그대로 두면 "합성곱을", "합성곱의"가 저마다 다른 낱말로
색인되어, "합성곱"을 찾으면 조사 없이 쓴 쪽만 나옵니다. 이 확장은 `ko` 검색 언어를 등록합니다.
색인할 때(Python)와 검색할 때(브라우저의 JavaScript) 똑같은 규칙으로 조사를 떼므로
"합성곱", "합성곱을", "합성곱에서는" 가운데 무엇으로 찾아도 같은 줄기 "합성곱"을 찾습니다.
한글이 없는 낱말(ReLU, TensorFlow, ...)은 Sphinx의 영어 규칙(Porter 어간 추출)을 그대로 씁니다.

형태소 분석기가 아니라 끝에서 떼어 내는 간단한 규칙이라, "결과"처럼 조사와 같은 글자로 끝나는
낱말도 줄기("결")가 짧아집니다. 색인과 검색이 같은 규칙을 쓰므로 찾지 못하는 일은 없고, 드물게
다른 낱말이 함께 나올 뿐입니다.
"""

from __future__ import annotations

import json
import re

from sphinx.search.en import SearchEnglish, js_porter_stemmer

# 낱말 끝에서 떼어 낼 조사와 어미. 긴 것부터 맞춰 보고, 더 뗄 것이 없을 때까지 되풀이합니다
# ("합성곱에서는" -> "합성곱에서" -> "합성곱"). 조사만 남은 낱말("이", "의")은 그대로 둡니다.
PARTICLES = (
    # 격조사와 보조사
    "이", "가", "을", "를", "은", "는", "의", "에", "께", "로", "와", "과", "도", "만",
    "에서", "에게", "에게서", "한테", "으로", "으로서", "로서", "으로써", "로써",
    "까지", "부터", "처럼", "보다", "마다", "조차", "마저", "밖에", "만큼", "대로",
    "이나", "이든", "이랑", "이란", "이라는", "라는", "이라고", "라고",
    # 서술격 조사 "이다"의 꼴
    "이다", "이며", "이고", "입니다", "이에요", "예요", "이야",
    # 명사에 붙는 "하다", "되다", "시키다"의 꼴("학습하는", "학습합니다" -> "학습")
    "하는", "하고", "하면", "하며", "하여", "해서", "하기", "한다", "합니다", "했다", "했습니다",
    "된다", "되는", "됩니다", "되어", "시키는", "시킵니다", "시킨", "한", "할", "된",
)
_BY_LENGTH = sorted(set(PARTICLES), key=lambda p: (-len(p), p))
_HANGUL = re.compile("[\uac00-\ud7a3]")


def strip_particles(word: str) -> str:
    """낱말 끝의 조사를 더 뗄 것이 없을 때까지 떼어 낸 줄기를 돌려줍니다."""
    while True:
        for particle in _BY_LENGTH:
            if word.endswith(particle) and len(word) > len(particle):
                word = word[: -len(particle)]
                break
        else:
            return word


def korean_stem(word: str, english_stem=lambda w: w) -> str:
    """검색 색인의 줄기: 조사를 떼고, 한글이 남지 않으면 영어 규칙(`english_stem`)을 씁니다."""
    stem = strip_particles(word.lower())
    return stem if _HANGUL.search(stem) else english_stem(stem)


# 브라우저 쪽: Sphinx의 Porter 어간 추출기를 이름만 바꿔 두고, 그 앞에서 조사를 뗍니다.
# 조사 목록은 위의 Python 목록을 그대로 넣으므로 두 쪽의 규칙이 어긋나지 않습니다.
_JS_KOREAN_STEMMER = """
/**
 * 한국어 줄기 추출(_ext/korean_search.py): 낱말 끝의 조사를 떼고,
 * 한글이 남지 않은 낱말에는 Porter 어간 추출기를 씁니다.
 */
var KOREAN_PARTICLES = %(particles)s;
var HANGUL = /[\\uac00-\\ud7a3]/;

function stripKoreanParticles(word) {
  for (;;) {
    var particle = KOREAN_PARTICLES.find(function (p) {
      return word.length > p.length && word.endsWith(p);
    });
    if (particle === undefined) return word;
    word = word.slice(0, word.length - particle.length);
  }
}

var Stemmer = function () {
  var porter = new PorterStemmer();
  this.stemWord = function (word) {
    var stem = stripKoreanParticles(word.toLowerCase());
    return HANGUL.test(stem) ? stem : porter.stemWord(stem);
  };
};
"""


def _js_stemmer_code() -> str:
    porter = js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function", 1)
    if porter == js_porter_stemmer:
        raise RuntimeError("Sphinx의 Porter 어간 추출기(JavaScript)를 찾지 못했습니다")
    return porter + _JS_KOREAN_STEMMER % {"particles": json.dumps(_BY_LENGTH, ensure_ascii=False)}


class SearchKorean(SearchEnglish):
    """한국어 검색 언어(`ko`): 조사를 뗀 줄기로 색인합니다. 영어 낱말은 영어 규칙 그대로."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = _js_stemmer_code()

    def stem(self, word: str) -> str:
        return korean_stem(word, super().stem)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
