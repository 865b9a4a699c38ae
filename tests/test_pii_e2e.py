"""Personal data never reaches a store or a log: ≥500 generated messages carrying it (the blind fuzz set,
benchmarks/pii_fuzz.py, dev half) go through `rasa run` and the action server over the REST channel,
and afterwards no piece of it is in Rasa's tracker store, the staff store or any log file, read as raw
bytes. The bot's own numbers (the sections' phones, fees) are still in its replies, unmasked.

Needs the Rasa venv and a trained model, like tests/test_e2e_rest.py.
"""
from __future__ import annotations

import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from support import start_rasa_stack

pytestmark = [pytest.mark.slow, pytest.mark.rasa]
MESSAGES = 500


def needles(sample) -> list[bytes]:
    """What must not be found of each piece of personal data: as typed, normalised (NFKC), and its
    digits alone when there are enough of them not to occur by chance (10 or more)."""
    out = set()
    for start, end, _kind in sample.spans:
        piece = sample.text[start:end]
        for form in (piece, unicodedata.normalize("NFKC", piece)):
            out.add(form.strip())
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", piece))
        if len(digits) >= 10:
            out.add(digits)
    return [n.encode() for n in out if len(n) >= 6]


def test_no_personal_data_in_the_tracker_store_the_staff_store_or_the_logs(sample_index, tmp_path):
    from benchmarks.pii_fuzz import generate
    from knowledge.store import Store

    # The dev half: the masker is tuned on it, so this guards against regressions; the test half is
    # measured, not asserted, by benchmarks/pii.py (its misses are reported, not fixed one by one).
    samples = [s for s in generate("dev", MESSAGES * 2) if s.spans][:MESSAGES]
    assert len(samples) == MESSAGES
    store = Store(f"sqlite:///{tmp_path / 'staff.db'}")
    saved = os.environ.get("MADOGUCHI_DB")
    os.environ["MADOGUCHI_DB"] = store.url  # the action server records unanswered/disliked questions here
    try:
        stack = start_rasa_stack(sample_index, tmp_path / "logs", tracker_db=f"sqlite:///{tmp_path / 'tracker.db'}")
    finally:
        os.environ.pop("MADOGUCHI_DB") if saved is None else os.environ.__setitem__("MADOGUCHI_DB", saved)

    def converse(i: int) -> list[dict]:
        sample = samples[i]
        sender = f"fuzz-{i // 5}"  # five messages a conversation
        replies = stack.say(sample.text, sender)
        if i % 7 == 0 and any((r.get("custom") or {}).get("type") == "faq_answer" for r in replies):
            replies += stack.say("/feedback_bad", sender)  # the question reaches the disliked table too
        return replies

    try:
        with ThreadPoolExecutor(4) as pool:
            replies = [r for rs in pool.map(converse, range(MESSAGES)) for r in rs]
    finally:
        stack.stop()
    assert len(replies) >= MESSAGES  # every message got a reply

    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {"tracker.db", "staff.db", "rasa.log", "actions.log"} <= {p.name for p in files}
    contents = {p: p.read_bytes() for p in files}
    leaks = [(str(p.relative_to(tmp_path)), n.decode(), s.text) for s in samples for n in needles(s)
             for p, data in contents.items() if n in data]
    assert not leaks, f"{len(leaks)} pieces of personal data found, e.g. {leaks[:5]}"

    # The staff store did receive the (masked) questions, and the tracker store the conversations.
    from sqlalchemy import text as sql

    with store.engine.connect() as c:
        assert c.execute(sql("select count(*) from unanswered")).scalar() > 0
    said = "\n".join(str(r.get("text") or r.get("custom") or "") for r in replies)
    assert re.search(r"03-0555-\d{4}", said), "the sections' phone numbers are in the bot's replies, unmasked"
