"""조사 고르기(`cnn_course.korean.josa`): 받침에 따라 맞는 조사가 붙습니다."""

import pytest

from cnn_course.korean import josa


@pytest.mark.parametrize("word,pair,expected", [
    ("정확도", "이/가", "정확도가"),
    ("학습률", "이/가", "학습률이"),
    ("학습률", "으로/로", "학습률로"),      # ㄹ 받침 뒤에는 '로'
    ("배치", "으로/로", "배치로"),
    ("필터", "을/를", "필터를"),
    ("신경망", "을/를", "신경망을"),
    ("pooling", "이/가", "pooling이"),
    ("padding", "은/는", "padding은"),
    ("model", "으로/로", "model로"),
    ("config", "이/가", "config가"),
    ("predict", "을/를", "predict를"),
    ("net", "이/가", "net이"),
    ("`net`", "이/가", "`net`이"),
    (1764, "을/를", "1764를"),
    (4, "을/를", "4를"),
    (9, "으로/로", "9로"),
    (3, "이/가", "3이"),
    (6, "으로/로", "6으로"),
    (7, "으로/로", "7로"),
    (10, "이/가", "10이"),
    (100, "과/와", "100과"),
    (0, "이/가", "0이"),
    (0.5, "이에요/예요", "0.5예요"),
    ("(28, 28)", "이/가", "(28, 28)이"),
    ("(3, 4)", "이어야/여야", "(3, 4)여야"),
])
def test_particle_follows_the_final_sound(word, pair, expected):
    assert josa(word, pair) == expected
