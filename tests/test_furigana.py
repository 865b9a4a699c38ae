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


def reading(text: str) -> str:
    """The text read aloud from the ruby: readings where given, the surface elsewhere."""
    return "".join(r or s for s, r in ruby_segments(text))


@pytest.mark.parametrize("word, expected", [
    ("転入届", "てんにゅうとどけ"), ("転出届", "てんしゅつとどけ"), ("住民票", "じゅうみんひょう"),
    ("国民健康保険", "こくみんけんこうほけん"), ("区役所", "くやくしょ"), ("印鑑登録証明書", "いんかんとうろくしょうめいしょ"),
    ("児童手当", "じどうてあて"), ("戸籍謄本", "こせきとうほん"), ("窓口", "まどぐち"),
])
def test_common_ward_words(word, expected):
    assert reading(word) == expected


@pytest.mark.parametrize("text, expected", [
    ("避難所", "ひなんじょ"), ("保健所", "ほけんじょ"), ("出張所", "しゅっちょうじょ"), ("事務所", "じむしょ"),
    ("世帯主", "せたいぬし"), ("誕生日", "たんじょうび"), ("日曜日", "にちようび"), ("生年月日", "せいねんがっぴ"),
    ("この日", "このひ"), ("やさしい日本語", "やさしいにほんご"), ("届出印", "とどけでいん"), ("上の階", "うえのかい"),
])
def test_readings_that_change_inside_compounds(text, expected):
    assert reading(text) == expected


def test_numbers_and_counters():
    assert ["14日", "じゅうよっか"] in ruby_segments("14日以内に届け出てください")
    assert ["1日", "ついたち"] in ruby_segments("10月1日から")
    assert ["2人", "ふたり"] in ruby_segments("証人2人")
    assert ruby_segments("30日")[-1] == ["日", "にち"]
    assert ruby_segments("8時30分")[-1] == ["分", "ぷん"] and ruby_segments("17時15分")[-1] == ["分", "ふん"]


def test_kata_for_a_person_and_hou_in_a_comparison():
    assert ["方", "かた"] in ruby_segments("マイナンバーカードをお持ちの方は")
    assert ["方", "かた"] in ruby_segments("加入していない方がいる世帯")
    assert ["方", "ほう"] in ruby_segments("本庁舎の方が便利です")


def test_okurigana_of_several_kana():
    assert ruby_segments("難しい") == [["難", "むずか"], ["しい", None]]
    assert ruby_segments("ひとり親") == [["ひとり", None], ["親", "おや"]]
    assert ruby_segments("一人暮らし") == [["一人暮", "ひとりぐ"], ["らし", None]]


def test_every_sample_answer_round_trips_with_hiragana_readings():
    from knowledge.kb import load_entries, load_ward

    for entry in load_entries(ward=load_ward()):
        for text in filter(None, (entry.answer, entry.easy_answer)):
            segs = ruby_segments(text)
            assert surfaces(segs) == text, entry.id
            for surface, r in segs:
                assert r is None or (_has_kanji(surface) and all("\u3041" <= c <= "\u309f" or c == "ー" for c in r)), \
                    (entry.id, surface, r)


def _has_kanji(s: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or c in "々〆ヶ" for c in s)
