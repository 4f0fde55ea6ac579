"""한국어 검색: 색인할 때는 형태소 분석기(Kiwi)로, 검색할 때는 색인의 낱말 목록으로 조사를 뗍니다.

Sphinx에는 한국어 검색이 없습니다. 그대로 두면 "합성곱을", "합성곱의"가 저마다 다른 낱말로 색인되어
"합성곱"을 찾으면 조사 없이 쓴 쪽만 나옵니다. 끝 글자를 규칙으로 떼어 내면 "정확도"가 "정확"이 되고
(그래서 "정확히"가 함께 나오고) "결과"가 "결"이 됩니다. 이 확장은 `ko` 검색 언어를 이렇게 등록합니다.

- 색인(Python, 책을 만들 때): 어절마다 Kiwi(`kiwipiepy`)로 형태소를 나누고, 어절 끝에 붙은 조사, 어미,
  서술격 조사, "-하다/-되다"의 접미사, 복수 접미사 "들"을 뺀 앞부분을 색인 낱말로 씁니다
  ("합성곱에서는" -> "합성곱", "학습합니다" -> "학습", "정확도를" -> "정확도", "정확히" -> "정확히").
  한 어절은 언제나 같은 낱말이 되도록 어절 하나씩 분석하고 결과를 기억해 둡니다.
- 검색(브라우저의 JavaScript): 형태소 분석기 없이, 찾는 낱말이 색인에 있으면 그대로 쓰고, 없으면 끝의
  조사를 하나씩 떼어 보아 색인에 있는 낱말이 나올 때만 그 낱말을 씁니다("합성곱을" -> "합성곱").
  색인에 있는 낱말("결과", "정확도")은 자르지 않습니다.
- 한글이 없는 낱말(ReLU, TensorFlow, ...)은 Sphinx의 영어 규칙(Porter 어간 추출)을 그대로 씁니다.

검색 결과 쪽의 요약은 테마의 머리 막대가 아니라 본문(article)에서 따오고, 찾은 낱말을 강조합니다
(`_static/course-search.js`; Jupyter Book이 _static/의 .js를 모든 쪽에 싣습니다).
"""

from __future__ import annotations

import functools
import json
import re

from sphinx.search.en import SearchEnglish, js_porter_stemmer

# 검색할 때(브라우저) 낱말 끝에서 떼어 볼 조사와 어미. 뗀 앞부분이 색인에 있을 때만 씁니다.
PARTICLES = (
    # 격조사와 보조사
    "이", "가", "을", "를", "은", "는", "의", "에", "께", "로", "와", "과", "도", "만", "들",
    "에서", "에게", "에게서", "한테", "으로", "으로서", "로서", "으로써", "로써",
    "까지", "부터", "처럼", "보다", "마다", "조차", "마저", "밖에", "만큼", "대로",
    "이나", "나", "이든", "든", "이랑", "랑", "이란", "란", "이라는", "라는", "이라고", "라고",
    # 서술격 조사 "이다"의 꼴
    "이다", "이며", "며", "이고", "고", "입니다", "니다", "이에요", "예요", "이야", "야", "였다", "이었다",
    # 명사에 붙는 "하다", "되다", "시키다"의 꼴("학습하는", "학습합니다" -> "학습")
    "하는", "하고", "하면", "하며", "하여", "해서", "하기", "한다", "합니다", "했다", "했습니다", "해",
    "된다", "되는", "됩니다", "되어", "되고", "시키는", "시킵니다", "시킨", "한", "할", "된", "될",
)
_BY_LENGTH = sorted(set(PARTICLES), key=lambda p: (-len(p), p))
_HANGUL = re.compile("[\uac00-\ud7a3]")

# 색인할 때 어절 끝에서 빼는 형태소(Kiwi의 품사 태그): 조사(J...), 어미(E...), 서술격 조사,
# 동사/형용사를 만드는 접미사("학습-하-다"), 복수 접미사 "들".
_TAIL_TAGS = ("VCP", "VCN", "XSV", "XSA")


def _is_tail(token) -> bool:
    tag = token.tag.split("-")[0]
    return tag.startswith(("J", "E")) or tag in _TAIL_TAGS or (tag == "XSN" and token.form == "들")


@functools.lru_cache(maxsize=1)
def kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


@functools.lru_cache(maxsize=None)
def index_word(word: str) -> str:
    """한 어절의 색인 낱말: 끝에 붙은 조사와 어미를 뺀 앞부분(원래 글자 그대로). 남는 것이 없으면 ""."""
    tokens = kiwi().tokenize(word)
    end = len(tokens)
    while end > 0 and _is_tail(tokens[end - 1]):
        end -= 1
    if end == len(tokens):
        return word
    if end == 0:
        return ""
    # 어간과 어미가 한 글자에 겹치면("쓴" = 쓰 + ㄴ) 글자로 자를 수 없으므로 어간의 꼴("쓰")을 씁니다.
    return word[: tokens[end].start].strip() or "".join(token.form for token in tokens[:end])


def query_stem(word: str, vocabulary) -> str | None:
    """검색어의 줄기: 색인에 있으면 그대로, 없으면 끝의 조사를 떼어 색인에 있는 낱말이 나올 때까지.

    색인에 닿지 못하면 None. 브라우저의 `koreanQueryStem`(아래 JavaScript)과 같은 규칙입니다.
    """
    if word in vocabulary:
        return word
    for particle in _BY_LENGTH:
        if len(word) > len(particle) and word.endswith(particle):
            stem = query_stem(word[: -len(particle)], vocabulary)
            if stem is not None:
                return stem
    return None


# 브라우저 쪽: Sphinx의 Porter 어간 추출기를 이름만 바꿔 두고, 한글 낱말은 색인의 낱말 목록으로 줄기를 찾습니다.
_JS_KOREAN_STEMMER = """
/**
 * 한국어 검색어의 줄기(_ext/korean_search.py): 색인(Search._index)에 있는 낱말이면 그대로,
 * 없으면 끝의 조사를 떼어 색인에 있는 낱말이 나올 때까지. 한글이 없는 낱말은 Porter 어간 추출기.
 */
var KOREAN_PARTICLES = %(particles)s;
var HANGUL = /[\\uac00-\\ud7a3]/;

function koreanInIndex(word) {
  var index = (typeof Search !== "undefined" && Search._index) || {};
  var has = function (table) { return !!table && Object.prototype.hasOwnProperty.call(table, word); };
  return has(index.terms) || has(index.titleterms);
}

function koreanQueryStem(word, inIndex) {
  if (inIndex(word)) return word;
  for (var i = 0; i < KOREAN_PARTICLES.length; i++) {
    var particle = KOREAN_PARTICLES[i];
    if (word.length > particle.length && word.endsWith(particle)) {
      var stem = koreanQueryStem(word.slice(0, word.length - particle.length), inIndex);
      if (stem !== null) return stem;
    }
  }
  return null;
}

var Stemmer = function () {
  var porter = new PorterStemmer();
  this.stemWord = function (word) {
    word = word.toLowerCase();
    if (!HANGUL.test(word)) return porter.stemWord(word);
    var stem = koreanQueryStem(word, koreanInIndex);
    return stem === null ? word : stem;
  };
};
"""


def _js_stemmer_code() -> str:
    porter = js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function", 1)
    if porter == js_porter_stemmer:
        raise RuntimeError("Sphinx의 Porter 어간 추출기(JavaScript)를 찾지 못했습니다")
    return porter + _JS_KOREAN_STEMMER % {"particles": json.dumps(_BY_LENGTH, ensure_ascii=False)}


class SearchKorean(SearchEnglish):
    """한국어 검색 언어(`ko`): 한글 어절은 Kiwi로 조사와 어미를 뺀 낱말로, 영어 낱말은 영어 규칙으로."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = _js_stemmer_code()

    def split(self, input: str) -> list[str]:
        words = []
        for word in self._word_re.findall(input):
            if _HANGUL.search(word):
                word = index_word(word)
            if word:
                words.append(word)
        return words

    def stem(self, word: str) -> str:
        if _HANGUL.search(word):
            return word.lower()
        return super().stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
