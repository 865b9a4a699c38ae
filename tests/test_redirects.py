"""Redirects: who handles what the ward does not, validated like the entries."""
from __future__ import annotations

import pytest

from knowledge.kb import KBError
from knowledge.redirects import FILE_NAME, load_redirects


def test_the_committed_redirects_are_valid():
    r = load_redirects()
    assert {x.id for x in r.items} >= {"passport", "national_tax"}
    assert all(x.name["ja"] for x in r.items)
    assert all(x.questions for x in r.items)  # every matter can be recognised by meaning too


def test_a_question_naming_the_matter_is_redirected_unless_the_word_is_a_document_to_bring():
    r = load_redirects()
    assert r.match("パスポートを作りたい").id == "passport"
    assert r.match("I need a new passport").id == "passport"
    assert r.match("転入届にパスポートを持っていく必要はありますか") is None
    assert r.match("パスポートの申請", entry_questions="パスポートの申請はどこですか") is None  # the ward's own entry


def test_names_fall_back_to_english_then_japanese():
    p = next(x for x in load_redirects().items if x.id == "metropolitan_housing")
    assert p.name_in("vi") == p.name["en"] and p.name_in("ja") == p.name["ja"]


@pytest.mark.parametrize("body, where, reason", [
    ("- id: a\n  words: [旅]\n  name: {ja: 都}\n", ":2: words:", "too short"),
    ("- id: a\n  words: [旅券]\n  name: {en: Tokyo}\n", ":3: name:", "Japanese name"),
    ("- id: a\n  words: [旅券]\n  name: {ja: 都}\n- id: a\n  words: [税務署]\n  name: {ja: 国}\n", ":4: id:", "duplicate"),
    ("- id: a\n  words: [旅券]\n  name: {ja: 都}\n- id: b\n  words: [旅券]\n  name: {ja: 国}\n", ":5: words:", "already redirects"),
    ("- id: a\n  words: [旅券]\n  name: {ja: 都}\n  phone: 03\n", ":1: phone:", "unknown field"),
    ("- id: a\n  words: [旅券]\n  questions: 旅券を作りたい\n  name: {ja: 都}\n", ":3: questions:", "list"),
])
def test_a_bad_line_is_reported_as_file_line_reason(tmp_path, body, where, reason):
    (tmp_path / FILE_NAME).write_text(body, encoding="utf-8")
    with pytest.raises(KBError) as e:
        load_redirects(tmp_path)
    assert f"{FILE_NAME}{where}" in str(e.value) and reason in str(e.value), str(e.value)
