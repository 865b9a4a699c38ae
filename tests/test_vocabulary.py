"""The ward vocabulary: validation that points at the line to fix, and what a term adds to a query."""
from __future__ import annotations

import pytest

from knowledge.kb import KBError, load_entries, load_ward, published
from knowledge.vocabulary import FILE_NAME, load_vocabulary

SAMPLE_ENTRIES = None


def _write(tmp_path, text: str):
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    return tmp_path


def _entries():
    global SAMPLE_ENTRIES
    if SAMPLE_ENTRIES is None:
        SAMPLE_ENTRIES = published(load_entries(ward=load_ward()))
    return SAMPLE_ENTRIES


def test_the_committed_vocabulary_is_valid_against_the_sample_kb():
    assert load_vocabulary(entries=_entries()).terms


@pytest.mark.parametrize("body, where, reason", [
    ("- means: 粗大ごみ\n  words: [机]\n", ":2: words:", "too short"),
    ("- means: 粗大ごみ\n  words: [タンス]\n- means: 印鑑\n  words: [たんす]\n", ":4: words:", "already means '粗大ごみ'"),
    ("- means: 宇宙旅行\n  words: [ロケット]\n", ":1: means:", "occurs in no entry"),
    ("- means: 粗大ごみ\n  words: []\n", ":2: words:", "non-empty strings"),
    ("- means: 粗大ごみ\n  words: [タンス]\n  meaning: x\n", ":1: meaning:", "unknown field"),
    ("- means: 粗大ごみ\n  words: [タンス\n", ":3: yaml:", ""),
    ("- means: マイナンバーカード\n  words: [ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ]\n", ":2: words:", "the term itself"),
])
def test_a_bad_line_is_reported_as_file_line_reason(tmp_path, body, where, reason):
    with pytest.raises(KBError) as e:
        load_vocabulary(_write(tmp_path, body), entries=_entries())
    msg = str(e.value)
    assert f"{FILE_NAME}{where}" in msg and reason in msg, msg


def test_a_term_is_added_for_an_everyday_word_only_in_its_context(tmp_path):
    v = load_vocabulary(_write(tmp_path, "- means: 粗大ごみ\n  words: [タンス]\n  when: [捨て, 処分]\n"), entries=_entries())
    assert v.terms_for("たんすを捨てたい") == ["粗大ごみ"]     # katakana and hiragana are one spelling
    assert v.terms_for("タンスが倒れないようにしたい") == []   # furniture fixing, not garbage
    assert v.terms_for("粗大ごみのタンスを処分") == []          # already says it


def test_no_file_means_no_vocabulary(tmp_path):
    assert load_vocabulary(tmp_path).terms == []


def test_the_vocabulary_steers_search(sample_retriever):
    # The oversized-garbage entry never names a wardrobe; the ward vocabulary does.
    r = sample_retriever.search("古いタンスを処分したいです")
    assert r.hits[0].entry.id == "gomi-006", r.to_dict()
