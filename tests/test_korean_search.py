"""책의 한국어 검색(_ext/korean_search.py): 조사를 뗀 줄기로 색인하고 검색합니다.

브라우저 쪽(JavaScript)의 줄기 추출이 Python 쪽과 같은지는 test_browser.py가 확인합니다.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))

from korean_search import PARTICLES, SearchKorean, korean_stem, strip_particles  # noqa: E402

TERMS = ["합성곱", "가중치", "풀링", "정확도", "합성곱 층", "특성 맵", "필터", "편향", "층"]
COMMON_PARTICLES = ["을", "를", "이", "가", "은", "는", "의", "에", "에서", "으로", "로", "과", "와", "도", "만",
                    "에서는", "으로는", "까지", "부터", "처럼", "보다", "이라는", "입니다", "이다"]


@pytest.mark.parametrize("term", TERMS)
def test_a_term_with_a_particle_has_the_same_stem_as_the_bare_term(term):
    word = term.split()[-1]
    different = [word + p for p in COMMON_PARTICLES if strip_particles(word + p) != strip_particles(word)]
    assert not different, f"줄기가 {strip_particles(word)!r}와 다른 낱말: {different}"


@pytest.mark.parametrize("word, stem", [
    ("합성곱을", "합성곱"),
    ("합성곱에서는", "합성곱"),
    ("가중치가", "가중치"),
    ("풀링은", "풀링"),
    ("풀링이라는", "풀링"),
    ("학습합니다", "학습"),
    ("층을", "층"),
    ("필터", "필터"),
])
def test_strip_particles(word, stem):
    assert strip_particles(word) == stem


def test_a_particle_alone_is_kept():
    assert strip_particles("이") == "이"
    assert strip_particles("에서") == "에서"
    assert strip_particles("이가") == "이"


def test_words_without_hangul_use_the_english_stemmer():
    search = SearchKorean({})
    assert search.stem("ReLU를") == search.stem("relu") == "relu"
    assert search.stem("layers") == "layer"
    assert search.stem("Filters") == search.stem("filter")
    assert korean_stem("MNIST의") == "mnist"


def test_particles_are_hangul_only():
    assert all(particle and all("가" <= ch <= "힣" for ch in particle) for particle in PARTICLES)


def test_sphinx_uses_the_korean_search_language_for_ko():
    from sphinx.search import languages

    from korean_search import setup

    class App:
        def add_search_language(self, cls):
            languages[cls.lang] = cls

    setup(App())
    assert languages["ko"] is SearchKorean
    assert "PorterStemmer" in SearchKorean.js_stemmer_code and "var Stemmer" in SearchKorean.js_stemmer_code
