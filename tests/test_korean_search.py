"""책의 한국어 검색(_ext/korean_search.py).

색인(Kiwi 형태소 분석)과 검색어의 줄기(색인의 낱말 목록으로 조사 떼기)를 확인합니다. 브라우저 쪽
(JavaScript)이 Python 쪽과 같은 줄기를 내는지, 실제 검색이 무엇을 찾고 무엇을 찾지 않는지는
test_browser.py가 확인합니다.
"""

import time

import pytest

from korean_search import PARTICLES, SearchKorean, index_word, kiwi, query_stem


@pytest.mark.parametrize("word, stem", [
    ("합성곱을", "합성곱"),
    ("합성곱에서는", "합성곱"),
    ("가중치가", "가중치"),
    ("풀링은", "풀링"),
    ("정확도를", "정확도"),
    ("정확도", "정확도"),
    ("정확히", "정확히"),        # 부사: "정확"으로 자르지 않습니다
    ("결과", "결과"),            # 끝 글자 "과"는 조사가 아닙니다
    ("결과를", "결과"),
    ("학습합니다", "학습"),
    ("예측했습니다", "예측"),
    ("필터들은", "필터"),
    ("층을", "층"),
    ("ReLU를", "ReLU"),
    ("MNIST의", "MNIST"),
])
def test_index_word_removes_particles_and_endings_only(word, stem):
    assert index_word(word) == stem


def test_split_analyses_each_korean_word():
    assert SearchKorean({}).split("정확도를 정확히 잰 결과는 ReLU를 쓴 합성곱 신경망에서") == [
        "정확도", "정확히", "잰", "결과", "ReLU", "쓰", "합성곱", "신경망"]


def test_words_without_hangul_use_the_english_stemmer():
    search = SearchKorean({})
    assert search.stem("ReLU") == search.stem("relu") == "relu"
    assert search.stem("layers") == "layer"
    assert search.stem("Filters") == search.stem("filter")
    assert search.stem("합성곱") == "합성곱"
    assert [search.stem(word) for word in search.split("ReLU를 layers에서")] == ["relu", "layer"]


VOCABULARY = {"합성곱", "정확도", "정확히", "결과", "결", "가중치", "풀링", "층", "학습"}


@pytest.mark.parametrize("query, stem", [
    ("합성곱", "합성곱"),
    ("합성곱을", "합성곱"),
    ("합성곱에서는", "합성곱"),
    ("정확도", "정확도"),      # 색인에 있으면 자르지 않습니다("정확"이 되지 않게)
    ("정확도를", "정확도"),
    ("결과", "결과"),          # "결"이 색인에 있어도 "결과"가 먼저
    ("결과를", "결과"),
    ("학습합니다", "학습"),
    ("층이라는", "층"),
    ("없는낱말을", None),     # 색인에 닿지 못하면 None(브라우저는 낱말을 그대로 찾습니다)
])
def test_query_stem_strips_particles_only_down_to_an_indexed_word(query, stem):
    assert query_stem(query, VOCABULARY) == stem


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
    code = SearchKorean.js_stemmer_code
    assert "PorterStemmer" in code and "var Stemmer" in code and "koreanQueryStem" in code


def test_kiwi_analyses_a_chapter_quickly():
    """형태소 분석기는 책 빌드에 몇 초만 더합니다: 어절 2,000개(서로 다른)를 10초 안에."""
    kiwi()
    words = [f"{stem}{particle}" for stem in ("합성곱", "가중치", "정확도", "결과", "필터", "특성", "층", "풀링")
             for particle in PARTICLES][:2000]
    index_word.cache_clear()
    start = time.process_time()
    stems = [index_word(word) for word in words]
    assert time.process_time() - start < 10
    assert all(stems)
