"""Conversations are kept in Rasa's SQL tracker store: restarting Rasa and the action server loses
neither the language a resident chose, nor what `repeat` says again, nor the count of fallbacks."""
from __future__ import annotations

from tests.support import start_rasa_stack


def test_a_restart_keeps_the_language_the_last_answer_and_the_fallback_count(sample_index, sample_retriever, tmp_path):
    from knowledge.texts import TEXTS

    from knowledge.heldout import NONE, STYLES_DIR, read_questions

    # Two questions the ward has no answer for (they fall back on the sample index), asked in Japanese.
    misses = [q.text for q in read_questions(STYLES_DIR / "ja" / "none.tsv")
              if q.entry_id == NONE and q.split == "dev"
              and sample_retriever.search(q.text, lang="ja").decision == "fallback"][:2]
    assert len(misses) == 2
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    sender = "store-resident"
    stack = start_rasa_stack(sample_index, tmp_path / "first", tracker_db=db)
    try:
        assert stack.say('/change_language{"language":"pt"}', sender)[0]["text"] == TEXTS["pt"]["language_set"]
        answered = stack.say("Where can I get a copy of my residence certificate?", sender)
        answer_text = "\n".join(r.get("text") or "" for r in answered)
        assert any((r.get("custom") or {}).get("lang") == "pt" for r in answered), answered
        first = stack.say(misses[0], "store-misses")
        assert [(r.get("custom") or {}).get("type") for r in first if r.get("custom")] == ["faq_fallback"], first
    finally:
        stack.stop()
    assert (tmp_path / "tracker.db").stat().st_size > 0

    stack = start_rasa_stack(sample_index, tmp_path / "second", tracker_db=db)
    try:
        again = "\n".join(r.get("text") or "" for r in stack.say("もう一度", sender))
        # The last answer comes back after the restart, still in Portuguese.
        assert again.strip() and again.split("\n")[0] in answer_text, (again, answer_text)
        replies = stack.say("How do I register moving in?", sender)
        said = "\n".join(r.get("text") or "" for r in replies)
        assert (any((r.get("custom") or {}).get("lang") == "pt" for r in replies)
                or TEXTS["pt"]["clarify"] in said), replies  # answered, or offered choices, in Portuguese
        # The fallback count survived too: the second miss in a row hands over to a person.
        second = stack.say(misses[1], "store-misses")
        assert "handoff" in [(r.get("custom") or {}).get("type") for r in second if r.get("custom")], second
    finally:
        stack.stop()
