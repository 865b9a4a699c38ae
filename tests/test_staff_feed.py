"""The conversation side feeding the staff side: a fallback through action_answer_faq lands on the
admin's 未回答の質問 page, and an emergency notice issued in the admin app is told first, once a
session, in the resident's language. Real tiny index, real store, real admin app."""
from __future__ import annotations

import asyncio
import datetime as dt
import re
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("rasa_sdk")

from fastapi.testclient import TestClient  # noqa: E402
from rasa_sdk import Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402
from sqlalchemy import select  # noqa: E402

import actions.retrieval as retrieval  # noqa: E402
import actions.staff as staff  # noqa: E402
from actions.conversation import ActionHandoff  # noqa: E402
from actions.faq import ActionAnswerFaq  # noqa: E402
from admin.app import create_app  # noqa: E402
from knowledge import store as store_module  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from knowledge.store import Unanswered, utcnow  # noqa: E402
from tests.admin_helpers import APPROVER, login, make_office  # noqa: E402

pytestmark = pytest.mark.slow
OFF_TOPIC = ["ハクビシンが庭に住みついて困っています", "庭にタヌキが出ました", "近所の猫の鳴き声がうるさい"]


@pytest.fixture
def office(tiny_kb, tmp_path, embedder, monkeypatch):
    """A seeded store and tiny index; the action server reads both, as it would in production."""
    o = make_office(tiny_kb, tmp_path, embedder)
    monkeypatch.setenv("MADOGUCHI_DB", f"sqlite:///{tmp_path / 'madoguchi.db'}")
    monkeypatch.setattr(retrieval, "_retriever", Retriever(o.index_root, embedder=embedder))
    yield o
    o.publisher.shutdown()


@pytest.fixture
def app(office):
    return create_app(office.store, office.ward, office.publisher, secret="test-secret")


def tracker(text: str, lang: str = "ja", sender: str = "resident-42", events=(), channel: str = "socketio",
            metadata: dict | None = None) -> Tracker:
    user = {"event": "user", "text": text, "input_channel": channel, "metadata": metadata or {},
            "parse_data": {"intent": {"name": "ask_faq", "confidence": 0.9}, "entities": []}}
    return Tracker(
        sender_id=sender,
        slots={"language": lang, "language_locked": True, "fallback_count": 0.0, "awaiting_feedback": False,
               "last_answer": None, "last_faq_id": None, "faq_id": None},
        latest_message={"text": text, "intent": {"name": "ask_faq", "confidence": 0.9}, "entities": []},
        events=[*events, user], paused=False, followup_action=None, active_loop={},
        latest_action_name="action_listen",
    )


def run(action, trk: Tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages


def drain_staff_pool() -> None:
    """Wait for the background writes queued so far (one worker: they run in order)."""
    staff._pool.submit(lambda: None).result(timeout=30)


def customs(messages) -> list[dict]:
    return [m["custom"] for m in messages if m.get("custom")]


def as_bot_events(messages) -> list[dict]:
    """What Rasa would put in the tracker for these messages, for the next turn."""
    return [{"event": "bot", "text": m.get("text"), "data": {"custom": m.get("custom")}} for m in messages]


def off_topic_query() -> str:
    r = retrieval._retriever
    for q in OFF_TOPIC:
        if r.search(q).decision == "fallback":
            return q
    pytest.fail(f"none of {OFF_TOPIC} falls back on the tiny index: update the test queries")


def test_a_fallback_through_the_action_is_listed_on_the_unanswered_page(office, app):
    query = off_topic_query()
    nearest = retrieval._retriever.search(query).hits[0]
    messages = run(ActionAnswerFaq(), tracker(query))
    assert customs(messages)[-1]["type"] == "faq_fallback"
    drain_staff_pool()

    with office.store.session() as s:
        row = s.scalars(select(Unanswered)).one()
    assert (row.text, row.lang, row.channel, row.top_id) == (query, "ja", "socketio", nearest.entry.id)
    assert row.top_score == pytest.approx(nearest.score)
    assert row.conversation_id and "resident-42" not in row.conversation_id  # only a keyed hash
    assert abs((utcnow() - row.at).total_seconds()) < 120

    c = TestClient(app)
    login(c, "eri")
    html = c.get("/unanswered").text
    assert query in html and f'href="/entries/{nearest.entry.id}"' in html
    assert office.ward.sections[nearest.entry.section.key].name in html  # the nearest entry's section


def test_a_thumbs_down_records_the_residents_question_and_the_entry_for_the_learning_page(office, app):
    from actions.conversation import ActionFeedback
    from knowledge.store import Disliked

    asked = {"event": "user", "text": "住民票がほしい", "metadata": {}}
    trk = tracker("いいえ", events=[asked])
    trk.slots.update(awaiting_feedback=True, last_faq_id="tiny-001")
    trk.latest_message["intent"] = {"name": "deny", "confidence": 0.9}
    run(ActionFeedback(), trk)
    drain_staff_pool()
    with office.store.session() as s:
        row = s.scalars(select(Disliked)).one()
    assert (row.text, row.faq_id, row.lang) == ("住民票がほしい", "tiny-001", "ja")
    assert row.conversation_id and "resident-42" not in row.conversation_id
    c = TestClient(app)
    login(c, "eri")
    assert "住民票がほしい" in c.get("/learning").text


def test_answers_and_clarifications_are_not_recorded(office):
    run(ActionAnswerFaq(), tracker("住民票がほしい"))
    drain_staff_pool()
    with office.store.session() as s:
        assert s.scalars(select(Unanswered)).all() == []


def test_a_broken_or_slow_store_never_fails_the_reply(office, tmp_path, monkeypatch):
    query = off_topic_query()
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("MADOGUCHI_DB", f"sqlite:///{blocker / 'madoguchi.db'}")  # cannot be created
    messages = run(ActionAnswerFaq(), tracker(query))
    drain_staff_pool()
    assert customs(messages) and customs(messages)[-1]["type"] == "faq_fallback"

    monkeypatch.setenv("MADOGUCHI_DB", f"sqlite:///{tmp_path / 'madoguchi.db'}")
    office.wf.publish_notice(APPROVER, {"ja": "避難所を開設しました", "en": "Shelters are open"}, None,
                             utcnow() + dt.timedelta(hours=1))

    def hung_store(lang):
        time.sleep(1.5)
        return None

    monkeypatch.setattr(staff, "NOTICE_WAIT", 0.1)
    monkeypatch.setattr(store_module, "current_notice", hung_store)
    messages = run(ActionAnswerFaq(), tracker("住民票がほしい"))
    assert [c["type"] for c in customs(messages)] == ["faq_answer"]  # answered without waiting for the notice
    drain_staff_pool()


def test_a_notice_from_the_admin_app_is_told_first_once_a_session(office, app):
    c = TestClient(app)
    token = login(c, APPROVER.username)
    r = c.post("/notices", data={"csrf": token, "notice_ja": "避難所を開設しました", "notice_en": "Shelters are open",
                                 "notice_zh": "避难所已开放", "expires": "2099-01-01T00:00"})
    assert r.status_code == 200

    first = run(ActionAnswerFaq(), tracker("住民票がほしい", "en"))
    assert first[0]["text"] == "Emergency notice: Shelters are open"
    notice = first[0]["custom"]  # a text channel (here Socket.IO): the notice as text, its marker beside it
    assert (notice["type"], notice["lang"]) == ("notice", "en") and "text" not in notice
    assert notice["expires"].startswith("2098-12-31T15:00")  # 2099-01-01 00:00 Tokyo, in UTC
    assert customs(first)[1]["type"] == "faq_answer"  # the answer follows the notice

    seen = as_bot_events(first)
    again = run(ActionAnswerFaq(), tracker("住民票がほしい", "en", events=seen))
    assert "notice" not in [m["type"] for m in customs(again)] and "Shelters" not in str(again)

    new_session = seen + [{"event": "session_started"}]
    assert run(ActionAnswerFaq(), tracker("住民票がほしい", "zh", events=new_session))[0]["text"].endswith("避难所已开放")
    vi = run(ActionHandoff(), tracker("I want to talk to a person", "vi", sender="other"))
    assert vi[0]["text"].endswith("Shelters are open") and customs(vi)[0]["lang"] == "en"  # no Vietnamese: English
    easy = run(ActionAnswerFaq(), tracker("じゅうみんひょう ほしい", "ja-easy", sender="third"))
    assert easy[0]["text"] == "【だいじな おしらせ】避難所を開設しました"

    # the web widget: the notice's payload alone, with what it shows
    web = run(ActionAnswerFaq(), tracker("住民票がほしい", "en", sender="web", metadata={"channel": "web"}))
    assert not web[0]["text"] and web[0]["custom"]["message"] == "Emergency notice: Shelters are open"
    assert web[0]["custom"]["text"] == "Shelters are open"

    # the phone line says the notice in its greeting: not again in the answers
    phone = run(ActionAnswerFaq(), tracker("住民票がほしい", metadata={"channel": "phone"}, channel="rest"))
    assert "notice" not in [m["type"] for m in customs(phone)]

    # a newer notice is told again in the same session; once it ends, nothing is told
    html = c.post("/notices", data={"csrf": token, "notice_ja": "避難所を追加で開設しました",
                                    "notice_en": "More shelters are open", "expires": "2099-01-01T00:00"}).text
    later = run(ActionAnswerFaq(), tracker("住民票がほしい", "en", events=seen))
    assert later[0]["text"] == "Emergency notice: More shelters are open"
    for nid in re.findall(r"/notices/(\d+)/expire", html):
        c.post(f"/notices/{nid}/expire", data={"csrf": token})
    assert store_module.current_notice("ja") is None
    ended = run(ActionAnswerFaq(), tracker("住民票がほしい", sender="fourth"))
    assert customs(ended)[0]["type"] == "faq_answer"
