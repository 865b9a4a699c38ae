"""The learning loop: residents' failed questions grouped on the staff page, and one accepted proposal
answering its question after the normal review and publish."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from admin.app import create_app  # noqa: E402
from admin.learning import add_phrasings, group, open_items  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from knowledge.store import AuditLog, Disliked, Unanswered  # noqa: E402
from tests.admin_helpers import APPROVER, csrf_of, login, make_office  # noqa: E402

# Residents' words for a residence certificate that the tiny KB does not answer today.
ASKED = ["銀行に出す住所の証明", "銀行に出す住所の証明がほしい", "引っ越したので住所を証明する紙がいる"]
UNRELATED = "ペットの犬が逃げてしまった"


@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    o = make_office(tiny_kb, tmp_path, embedder)
    yield o
    o.publisher.shutdown()


def _record(office):
    for q in ASKED[:2]:
        office.store.record_unanswered(q, "ja", "web", "c1", "tiny-001", 0.87)
    office.store.record_unanswered(UNRELATED, "ja", "web", "c2", "tiny-002", 0.80)
    office.store.record_disliked(ASKED[2], "tiny-002", "ja", "web", "c3")


def test_questions_meaning_the_same_are_grouped_with_their_nearest_entries(office):
    _record(office)
    groups = group(open_items(office.store), office.publisher.retriever())
    by_question = {g.question: g for g in groups}
    assert UNRELATED in by_question and len(by_question[UNRELATED].items) == 1
    certificate = next(g for g in groups if ASKED[0] in {i.text for i in g.items})
    assert {i.text for i in certificate.items} >= set(ASKED[:2])
    assert certificate.nearest[0][0] == "tiny-001"


def test_add_phrasing_goes_to_the_residents_language_when_the_entry_is_translated():
    form = {"alt_questions": "a\nb", "en_question": "Q", "en_alt_questions": ""}
    assert add_phrasings(form, ["proof of address"], "en")["en_alt_questions"] == "proof of address"
    assert add_phrasings(form, ["住所の証明", "b"], "ja-easy")["alt_questions"] == "a\nb\n住所の証明"
    assert add_phrasings({"alt_questions": "a"}, ["prova de endereço"], "pt")["alt_questions"] == "a\nprova de endereço"


def test_an_accepted_proposal_answers_its_question_after_publish(office):
    _record(office)
    retriever = Retriever(office.index_root, embedder=office.publisher.embedder)
    before = retriever.search(ASKED[0])
    assert before.decision != "answer"

    app = create_app(office.store, office.ward, office.publisher, secret="test-secret")
    c = TestClient(app)
    login(c, "eri")
    page = c.get("/learning").text
    assert ASKED[0] in page and 'value="tiny-001"' in page
    ids = re.findall(r'<(?:input|textarea)[^>]*\bid="([^"]+)"', page)
    assert ids and all(f'for="{i}"' in page for i in ids)  # every control of the form has its label
    with office.store.session() as s:
        refs = [f"unanswered:{q.id}" for q in s.scalars(select(Unanswered).where(Unanswered.text.in_(ASKED)))]
    r = c.post("/learning/accept", data={"csrf": csrf_of(page), "entry": "tiny-001", "phrasings": ASKED[0],
                                          "lang": "ja", "item": refs}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/entries/tiny-001", r.text
    with office.store.session() as s:
        head = office.store.head(s, "tiny-001")
        assert head.status == "review" and ASKED[0] in head.data["alt_questions"]
        assert all(q.handled_by == "eri" for q in s.scalars(select(Unanswered).where(Unanswered.text.in_(ASKED))))
        assert s.scalars(select(Disliked)).one().handled_by is None  # not in the accepted items
        assert s.scalars(select(AuditLog).where(AuditLog.action == "learning-accept")).one().entry_id == "tiny-001"
    after_page = c.get("/learning").text
    assert ASKED[1] not in after_page and ASKED[2] in after_page  # handled items leave the page, the rest stay
    assert retriever.search(ASKED[0]).decision != "answer"  # nothing changes before publishing

    office.wf.publish(APPROVER, [head.id])[1].result()
    retriever.maybe_reload()
    after = retriever.search(ASKED[0])
    assert after.decision == "answer" and after.hits[0].entry.id == "tiny-001"


def test_without_an_index_the_page_says_so(tiny_kb, tmp_path, embedder):
    office = make_office(tiny_kb, tmp_path, embedder, build_index=False)
    try:
        office.store.record_unanswered(ASKED[0], "ja", "web", "c1", None, None)
        c = TestClient(create_app(office.store, office.ward, office.publisher, secret="test-secret"))
        login(c, "eri")
        r = c.get("/learning")
        assert r.status_code == 200 and "python -m admin index" in r.text
    finally:
        office.publisher.shutdown()
