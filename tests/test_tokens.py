"""Word tokens for BM25: the forms residents write must meet the forms the knowledge base uses."""
from __future__ import annotations

import pytest

from knowledge.tokens import tokenize


@pytest.mark.parametrize("a, b", [
    ("転入届はどこで出せますか", "転入届を出したい"),           # inflection → lemma 出す
    ("moving certificates", "move certificate"),              # crude English suffixes
    ("nagbabayad ng buwis", "pagbabayad ng buwis"),           # Tagalog prefixes and reduplication
    ("कार्यालयमा जानुपर्छ", "कार्यालयबाट"),                      # Nepali postpositions joined to the noun
])
def test_forms_of_one_word_meet(a, b):
    assert set(tokenize(a)) & set(tokenize(b))


def test_korean_particles_do_not_hide_the_noun():
    # 주민표를 / 주민표가: MeCab drops Hangul as symbols; bigrams keep 주민, 민표 in common.
    assert {"주민", "민표"} <= set(tokenize("주민표를 발급받고 싶어요")) & set(tokenize("주민표가 필요해요"))


def test_nepali_and_korean_are_not_dropped():
    assert tokenize("ठेगाना परिवर्तन") == ["ठेगाना", "परिवर्तन"]
    assert tokenize("쓰레기") == ["쓰레", "레기"]


def test_function_words_are_dropped():
    assert tokenize("म के गर्ने?") == []
    assert tokenize("how do I") == []
    assert "は" not in tokenize("住民票はどこ")


def test_mixed_scripts_keep_every_part():
    toks = tokenize("My Number card 마이넘버 マイナンバーカード नम्बर")
    assert {"card", "마이", "넘버", "नम्बर"} <= set(toks)
    assert any("マイナンバー" in t or "カード" in t for t in toks)


@pytest.mark.parametrize("kana, kanji", [
    ("ひっこし", "引っ越し"),          # the lemma differs (verb 引っ越す for the kana), the reading does not
    ("じつ いん", "実印"),            # MeCab cannot read the split kana as a word; its reading still meets
])
def test_readings_meet_where_words_do_not(kana, kanji):
    from knowledge.tokens import reading_tokens, word_tokens
    assert not set(word_tokens(kana)) & set(word_tokens(kanji))
    assert set(reading_tokens(kana)) & set(reading_tokens(kanji))


def test_a_misconversion_reads_like_the_right_word():
    from knowledge.tokens import reading_tokens
    assert reading_tokens("住民表") == reading_tokens("住民票")


def test_readings_only_for_japanese():
    from knowledge.tokens import reading_tokens
    assert reading_tokens("Where is the ward office?") == []
    assert reading_tokens("주민표") == []
