"""Furigana segments: readings only on kanji, hiragana, okurigana outside, the text kept exactly."""
import pytest

from knowledge.furigana import ruby_segments, to_hiragana


def surfaces(segs):
    return "".join(s for s, _ in segs)


def test_kanji_get_hiragana_readings_and_okurigana_stays_outside():
    segs = ruby_segments("粗大ごみを出したい")
    assert segs[0] == ["粗大", "そだい"]
    assert ["出", "だ"] in segs
    assert all(r is None for s, r in segs if s.startswith("ごみ") or s.startswith("し"))


def test_word_with_kana_inside_is_aligned():
    segs = ruby_segments("取り扱い")
    assert segs[:3] == [["取", "と"], ["り", None], ["扱", "あつか"]]


def test_irregular_reading_stays_on_the_whole_word():
    assert ["今日", "きょう"] in ruby_segments("今日は晴れ")


def test_readings_are_hiragana_and_only_on_kanji():
    segs = ruby_segments("住民票の写しは区民課で1通300円です。")
    for surface, reading in segs:
        if reading is not None:
            assert any("\u4e00" <= c <= "\u9fff" for c in surface)
            assert all("\u3041" <= c <= "\u309f" or c == "ー" for c in reading), reading
    assert ["住民", "じゅうみん"] in segs and ["円", "えん"] in segs


@pytest.mark.parametrize("text", [
    "", "Hello world", "ひらがなだけ", "住民票\n 窓口　（平日 8時30分〜17時15分）", "<b>区役所</b> & 03-0555-1111",
])
def test_surfaces_join_back_to_the_text(text):
    segs = ruby_segments(text)
    assert surfaces(segs) == text
    # plain pieces are merged: never two readingless segments in a row
    assert all(not (a[1] is None and b[1] is None) for a, b in zip(segs, segs[1:]))


def test_to_hiragana():
    assert to_hiragana("トウキョウ・ヴァー") == "とうきょう・ゔぁー"
