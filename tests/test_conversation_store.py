"""Conversations are kept in Rasa's SQL tracker store: restarting Rasa and the action server loses
neither the language a resident chose, nor the choice a clarify offered, nor what `repeat` says
again, nor the count of fallbacks. On SQLite (the default) and on PostgreSQL (tests/postgres.py)."""
from __future__ import annotations

import pytest

from tests.support import start_rasa_stack


def customs(replies: list[dict]) -> list[dict]:
    return [r["custom"] for r in replies if r.get("custom")]


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_db(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres").database("tracker")


def test_a_restart_keeps_the_language_the_pending_choice_the_last_answer_and_the_fallback_count(
        sample_index, sample_retriever, tmp_path, tracker_db):
    from knowledge.heldout import NONE, STYLES_DIR, read_questions
    from knowledge.texts import TEXTS

    # Two questions the ward has no answer for (they fall back on the sample index), asked in Japanese.
    misses = [q.text for q in read_questions(STYLES_DIR / "ja" / "none.tsv")
              if q.entry_id == NONE and q.split == "dev"
              and sample_retriever.search(q.text, lang="ja").decision == "fallback"][:2]
    assert len(misses) == 2
    assert sample_retriever.search("ごみ", lang="ja").decision == "clarify"
    sender = "store-resident"
    stack = start_rasa_stack(sample_index, tmp_path / "first", tracker_db=tracker_db)
    try:
        assert stack.say('/change_language{"language":"pt"}', sender)[0]["text"] == TEXTS["pt"]["language_set"]
        answered = stack.say("Where can I get a copy of my residence certificate?", sender)
        answer_text = "\n".join(r.get("text") or "" for r in answered)
        assert any(c.get("lang") == "pt" for c in customs(answered)), answered
        first = stack.say(misses[0], "store-misses")
        assert [c["type"] for c in customs(first)] == ["faq_fallback"], first
        offered = [c for c in customs(stack.say("ごみ", "store-chooser")) if c["type"] == "faq_clarify"]
        assert offered and len(offered[0]["candidates"]) >= 2, offered
    finally:
        stack.stop()

    stack = start_rasa_stack(sample_index, tmp_path / "second", tracker_db=tracker_db)
    try:
        again = "\n".join(r.get("text") or "" for r in stack.say("もう一度", sender))
        # The last answer comes back after the restart, still in Portuguese.
        assert again.strip() and again.split("\n")[0] in answer_text, (again, answer_text)
        replies = stack.say("How do I register moving in?", sender)
        said = "\n".join(r.get("text") or "" for r in replies)
        assert (any(c.get("lang") == "pt" for c in customs(replies))
                or TEXTS["pt"]["clarify"] in said), replies  # answered, or offered choices, in Portuguese
        # The clarify offered before the restart is still open: 「2番」 answers its second option.
        chosen = [c for c in customs(stack.say("2番", "store-chooser")) if c["type"] == "faq_answer"]
        assert [c["faq_id"] for c in chosen] == [offered[0]["candidates"][1]["faq_id"]], chosen
        # The fallback count survived too: the second miss in a row hands over to a person.
        second = stack.say(misses[1], "store-misses")
        assert "handoff" in [c.get("type") for c in customs(second)], second
    finally:
        stack.stop()
