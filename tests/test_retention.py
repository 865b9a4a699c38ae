"""Retention and deletion of residents' conversations (issue 14, item 3): admin/conversations.py over
Rasa's SQL tracker store (its own `events` schema, SQLite here and PostgreSQL when the suite has one),
`python -m admin purge` / `delete-conversation`, and the admin pages (approvers only, every view
audit-logged)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import create_engine, insert, select

from admin.conversations import EVENTS, Conversations, create_schema
from admin.workflow import Actor, Forbidden, Invalid, NotFound
from knowledge.store import AuditLog, Disliked, Store, Unanswered

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.timezone.utc)
DAY = 86400.0
APPROVER, EDITOR = Actor("aki", "approver"), Actor("eri", "editor")
SECRET_WORDS = "住民票の写しがほしい"  # what residents typed: never in an audit row


def _event(sender: str, ts: float, type_name: str, data: dict, intent=None, action=None) -> dict:
    data = {"event": type_name, "timestamp": ts, **data}
    return {"sender_id": sender, "type_name": type_name, "timestamp": ts, "intent_name": intent,
            "action_name": action, "data": json.dumps(data, ensure_ascii=False)}


def conversation_events(sender: str, times: list[float], channel: str = "web", lang: str = "ja") -> list[dict]:
    """Rasa 3.6's events for a conversation whose residents' messages come at `times` (as /tmp sample runs
    of bot/launch.py store them): a session start, then per message the user event, the answer action,
    the answer's payload (no text: the widget's form), the language slot and action_listen."""
    meta = {"lang": lang, "channel": channel}
    t0 = times[0] - 1
    out = [_event(sender, t0, "slot", {"name": "session_started_metadata", "value": meta}, action="session_started_metadata"),
           _event(sender, t0 + 0.001, "action", {"name": "action_session_start"}, action="action_session_start"),
           _event(sender, t0 + 0.002, "session_started", {}),
           _event(sender, t0 + 0.003, "action", {"name": "action_listen"}, action="action_listen")]
    for i, t in enumerate(times):
        text = f"{SECRET_WORDS} {i}"
        out += [
            _event(sender, t, "user", {"text": text, "metadata": meta, "input_channel": "rest",
                                       "parse_data": {"intent": {"name": "ask_faq", "confidence": 1.0}, "text": text}},
                   intent="ask_faq"),
            _event(sender, t + 0.1, "action", {"name": "action_answer_faq"}, action="action_answer_faq"),
            _event(sender, t + 0.2, "bot", {"text": None, "data": {"buttons": None, "custom": {
                "type": "faq_answer", "decision": "answer", "faq_id": "juminhyo-001", "question": "住民票の写しはどこで取れますか",
                "answer": "住民票の写しは区民課で1通300円で発行します。"}}}),
            _event(sender, t + 0.3, "bot", {"text": "この回答で解決しましたか？", "data": {"buttons": [
                {"title": "はい、解決しました", "payload": "/feedback_good"}, {"title": "いいえ", "payload": "/feedback_bad"}]}}),
            _event(sender, t + 0.4, "slot", {"name": "language", "value": lang}, action="language"),
            _event(sender, t + 0.5, "action", {"name": "action_listen"}, action="action_listen"),
        ]
    return out


def ago(days: float) -> float:
    return NOW.timestamp() - days * DAY


# sender id → the ages (days before NOW) of its residents' messages
SEEDED = {
    "web-old": [120, 110],          # ended 110 days ago: deleted
    "call-old": [91],               # 91 days: deleted
    "web-edge": [89.9],             # just inside the retention: kept
    "web-recent": [2, 1],           # kept
    "web-long": [200, 150, 10],     # began 200 days ago but spoke 10 days ago: kept whole
}


def seed(url: str, conversations: dict[str, list[float]] = SEEDED) -> None:
    engine = create_engine(url)
    create_schema(engine)
    rows = []
    for sender, ages in conversations.items():
        channel = "phone" if sender.startswith("call") else "web"
        rows += conversation_events(sender, [ago(a) for a in ages], channel, "en" if sender == "web-recent" else "ja")
    if rows:
        with engine.begin() as conn:
            conn.execute(insert(EVENTS), rows)
    engine.dispose()


def seed_questions(store: Store) -> None:
    at = lambda days: (NOW - dt.timedelta(days=days)).replace(tzinfo=None)  # noqa: E731
    with store.session() as s:
        for days in (100, 95, 30):
            s.add(Unanswered(text=f"宇宙人について {days}", lang="ja", channel="web", conversation_id="x", at=at(days)))
        for days in (92, 89):
            s.add(Disliked(text=f"ひどい {days}", faq_id="juminhyo-001", at=at(days)))


@pytest.fixture(params=["sqlite", "postgresql"])
def urls(request, tmp_path):
    """(tracker store URL, staff store URL): SQLite files, or two databases of the suite's PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'madoguchi.db'}"
    server = request.getfixturevalue("postgres")
    return server.database("tracker"), server.database("staff")


@pytest.fixture
def fold_calls(monkeypatch):
    """What purge and delete hand to admin.analytics.fold (which runs as well)."""
    import admin.conversations as mod

    calls: list[dict] = []
    real = mod.Conversations._fold

    def spy(self, conversations):
        calls.append({k: list(v) for k, v in conversations.items()})
        return real(self, conversations)

    monkeypatch.setattr(mod.Conversations, "_fold", spy)
    return calls


@pytest.fixture
def convs(urls):
    tracker, staff = urls
    seed(tracker)
    store = Store(staff)
    seed_questions(store)
    c = Conversations(store, tracker)
    yield c
    c.dispose()
    store.engine.dispose()


def senders(c: Conversations) -> set[str]:
    return {r.sender_id for r in c.list()}


def event_counts(c: Conversations) -> dict[str, int]:
    return {k: len(v) for k, v in c.events(senders(c)).items()}


def test_the_list_shows_times_turns_channel_and_language(convs):
    rows = {r.sender_id: r for r in convs.list()}
    assert list(rows) == ["web-recent", "web-long", "web-edge", "call-old", "web-old"]  # last active first
    long = rows["web-long"]
    assert long.turns == 3 and long.channel == "web" and long.lang == "ja"
    assert abs((NOW.replace(tzinfo=None) - long.first).total_seconds() - 200 * DAY) < 5
    assert abs((NOW.replace(tzinfo=None) - long.last).total_seconds() - 10 * DAY) < 5
    assert rows["call-old"].channel == "phone" and rows["web-recent"].lang == "en"
    assert [r.sender_id for r in convs.list(sender="old")] == ["call-old", "web-old"]
    assert [r.sender_id for r in convs.list(limit=2, offset=1)] == ["web-long", "web-edge"]
    assert convs.count() == 5


def test_a_conversation_reads_as_what_the_resident_typed_and_what_the_bot_replied(convs):
    turns = convs.turns("web-old")
    assert [t.who for t in turns] == ["resident", "bot", "bot"] * 2
    assert turns[0].text == f"{SECRET_WORDS} 0" and turns[0].kind == "ask_faq" and turns[0].lang == "ja"
    # The widget's answer has no text, only its payload: the page shows the payload's question and answer.
    assert "1通300円" in turns[1].text and turns[1].kind == "faq_answer" and turns[1].faq_id == "juminhyo-001"
    assert turns[2].text == "この回答で解決しましたか？\n[はい、解決しました]\n[いいえ]"
    with pytest.raises(NotFound):
        convs.row("nobody")


def test_purge_deletes_exactly_what_ended_before_the_retention_and_a_second_run_nothing(convs, fold_calls):
    before = event_counts(convs)
    result = convs.purge(90, now=NOW)
    assert senders(convs) == {"web-edge", "web-recent", "web-long"}
    # A conversation that began long ago but is still going on is kept whole, its old turns too.
    assert event_counts(convs) == {k: before[k] for k in ("web-edge", "web-recent", "web-long")}
    assert (result.conversations, result.events) == (2, before["web-old"] + before["call-old"])
    assert result.cutoff == (NOW - dt.timedelta(days=90)).replace(tzinfo=None)
    with convs.store.session() as s:
        assert sorted(s.scalars(select(Unanswered.text))) == ["宇宙人について 30"]
        assert sorted(s.scalars(select(Disliked.text))) == ["ひどい 89"]
    assert (result.unanswered, result.disliked) == (2, 1)
    # fold saw exactly the deleted conversations, every event in order, before they went.
    assert [set(call) for call in fold_calls] == [{"web-old", "call-old"}]
    assert [len(v) for k, v in sorted(fold_calls[0].items())] == [before["call-old"], before["web-old"]]
    assert all(e["event"] for v in fold_calls[0].values() for e in v)
    ts = [e["timestamp"] for e in fold_calls[0]["web-old"]]
    assert ts == sorted(ts)

    again = convs.purge(90, now=NOW)
    assert (again.conversations, again.events, again.unanswered, again.disliked) == (0, 0, 0, 0)
    assert senders(convs) == {"web-edge", "web-recent", "web-long"} and len(fold_calls) == 1

    with convs.store.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "purge").order_by(AuditLog.id)).all()
    assert [(r.actor, r.after["conversations"], r.after["events"], r.after["unanswered"], r.after["disliked"])
            for r in rows] == [("system", 2, result.events, 2, 1), ("system", 0, 0, 0, 0)]
    assert rows[0].after["cutoff"] == "2026-09-02T03:00:00Z" and rows[0].after["retention_days"] == 90
    assert rows[0].reason == "retention 90 days"
    # The audit log says what was deleted, never what residents said.
    assert SECRET_WORDS not in json.dumps([r.after for r in rows], ensure_ascii=False)
    assert "宇宙人" not in json.dumps([r.after for r in rows], ensure_ascii=False)


def test_the_figures_are_the_same_after_the_purge_and_a_deletion(convs, fold_calls):
    """admin.analytics computes every figure from the folded rows plus the live conversations: a purge (and
    a deletion on request) moves conversations from one to the other and changes no figure, however often
    it runs."""
    from admin.analytics import combined_rows, folded_rows

    figures = combined_rows(convs.store, convs.engine)
    assert sum(c.turns for c in figures.values()) == sum(len(a) for a in SEEDED.values())
    assert not folded_rows(convs.store)
    result = convs.purge(90, now=NOW)
    assert result.folded > 0 and folded_rows(convs.store)
    assert combined_rows(convs.store, convs.engine) == figures
    convs.purge(90, now=NOW)
    convs.delete(APPROVER, "web-recent", "resident's request")
    assert combined_rows(convs.store, convs.engine) == figures
    assert convs.purge(1, now=NOW + dt.timedelta(days=365)).conversations == 2  # all that is left
    assert convs.count() == 0 and combined_rows(convs.store, convs.engine) == figures


def test_a_dry_run_counts_and_deletes_nothing(convs, fold_calls):
    before = event_counts(convs)
    result = convs.purge(90, now=NOW, dry_run=True)
    assert (result.conversations, result.events, result.unanswered, result.disliked) == (
        2, before["web-old"] + before["call-old"], 2, 1)
    assert event_counts(convs) == before and not fold_calls
    with convs.store.session() as s:
        assert not s.scalars(select(AuditLog).where(AuditLog.action == "purge")).all()
        assert s.query(Unanswered).count() == 3
    assert "would delete 2 conversation(s)" in result.summary()


def test_a_longer_retention_deletes_less_and_a_retention_under_a_day_is_refused(convs, fold_calls):
    assert convs.purge(115, now=NOW).conversations == 0  # web-old ended 110 days ago
    assert convs.purge(100, now=NOW).conversations == 1
    with pytest.raises(ValueError):
        convs.purge(0, now=NOW)


def test_one_conversation_is_deleted_on_request_with_a_reason_and_an_audit_row(convs, fold_calls):
    with pytest.raises(Forbidden):
        convs.delete(EDITOR, "web-recent", "request 12")
    with pytest.raises(Invalid):
        convs.delete(APPROVER, "web-recent", "  ")
    with pytest.raises(NotFound):
        convs.delete(APPROVER, "nobody", "request 12")
    n = convs.delete(APPROVER, "web-recent", "resident's request, ref. 2026-118")
    assert n == 4 + 6 * 2
    assert senders(convs) == {"web-old", "call-old", "web-edge", "web-long"}
    assert [set(c) for c in fold_calls] == [{"web-recent"}]
    with convs.store.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "conversation-delete")).one()
    assert (row.actor, row.subject, row.reason) == ("aki", "conversation:web-recent", "resident's request, ref. 2026-118")
    assert row.after["conversation"] == "web-recent" and row.after["events"] == n


def test_viewing_a_conversation_is_audit_logged_and_needs_an_approver(convs):
    with pytest.raises(Forbidden):
        convs.view(EDITOR, "web-long")
    with pytest.raises(Forbidden):
        convs.rows(EDITOR)
    c = convs.view(APPROVER, "web-long")
    assert len(c.turns) == 9 and c.row.turns == 3
    assert [(v.actor, v.subject) for v in c.views] == [("aki", "conversation:web-long")]
    with convs.store.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "conversation-view")).one()
    assert row.after == {"conversation": "web-long", "turns": 3} and row.at is not None


def test_no_tracker_store_yet_means_no_conversations_and_nothing_is_created(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'staff.db'}")
    c = Conversations(store, f"sqlite:///{tmp_path / 'none' / 'tracker.db'}")
    assert c.list() == [] and c.count() == 0
    with pytest.raises(NotFound):
        c.row("x")
    assert not (tmp_path / "none").exists()
    empty = Conversations(store, f"sqlite:///{tmp_path / 'empty.db'}")
    create_engine(empty.url).connect().close()  # a file without Rasa's table
    assert empty.list() == []


# ---- the command line ----

def test_purge_and_delete_conversation_commands(tmp_path, monkeypatch, capsys, fold_calls):
    from admin.cli import main

    tracker, staff = f"sqlite:///{tmp_path / 'tracker.db'}", f"sqlite:///{tmp_path / 'madoguchi.db'}"
    real_now = dt.datetime.now(dt.timezone.utc).timestamp()
    seed(tracker, {})
    engine = create_engine(tracker)
    with engine.begin() as conn:
        conn.execute(insert(EVENTS), conversation_events("web-a", [real_now - 100 * DAY])
                     + conversation_events("web-b", [real_now - 3 * DAY]) + conversation_events("web-c", [real_now - DAY]))
    monkeypatch.setenv("MADOGUCHI_TRACKER_DB", tracker)
    monkeypatch.setenv("MADOGUCHI_DB", staff)
    monkeypatch.setenv("MADOGUCHI_RETENTION_DAYS", "30")

    assert main(["purge", "--dry-run"]) == 0
    assert "would delete 1 conversation(s) (10 events)" in capsys.readouterr().out
    assert main(["purge"]) == 0
    out = capsys.readouterr().out
    assert "deleted 1 conversation(s) (10 events), 0 unanswered and 0 disliked" in out and "retention 30 days" in out
    assert main(["purge"]) == 0
    assert "deleted 0 conversation(s) (0 events)" in capsys.readouterr().out
    assert main(["purge", "--days", "2"]) == 0
    assert "deleted 1 conversation(s)" in capsys.readouterr().out
    assert main(["delete-conversation", "web-c", "--reason", "resident's request"]) == 0
    assert "deleted conversation web-c" in capsys.readouterr().out
    assert main(["delete-conversation", "web-c", "--reason", "again"]) == 1
    assert "no conversation web-c" in capsys.readouterr().err
    assert main(["purge", "--days", "0"]) == 1
    with engine.connect() as conn:
        assert conn.execute(select(EVENTS.c.id)).first() is None
    engine.dispose()
    store = Store(staff)
    with store.session() as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["purge", "purge", "purge", "conversation-delete"]
    assert all(r.actor.startswith("cli:") for r in rows)
    assert rows[0].after["retention_days"] == 30 and rows[3].reason == "resident's request"


# ---- the admin pages ----

@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    from tests.admin_helpers import make_office

    o = make_office(tiny_kb, tmp_path, embedder, build_index=False)
    yield o
    o.publisher.shutdown()


@pytest.fixture
def app(office, tmp_path):
    from admin.app import create_app

    tracker = f"sqlite:///{tmp_path / 'tracker.db'}"
    seed(tracker)
    convs = Conversations(office.store, tracker)
    yield create_app(office.store, office.ward, office.publisher, secret="test-secret", conversations=convs)
    convs.dispose()


def client(app, username):
    from fastapi.testclient import TestClient

    from tests.admin_helpers import login

    c = TestClient(app)
    return c, login(c, username)


def test_the_pages_list_show_and_delete_conversations_for_approvers_only(app, office, fold_calls):
    editor, etoken = client(app, "eri")
    assert editor.get("/conversations").status_code == 403
    assert editor.get("/conversations/web-long").status_code == 403
    assert "/conversations" not in editor.get("/").text  # not in an editor's menu
    with office.store.session() as s:
        assert not s.scalars(select(AuditLog).where(AuditLog.action == "conversation-view")).all()

    c, token = client(app, "aki")
    html = c.get("/conversations").text
    assert "web-long" in html and "call-old" in html and SECRET_WORDS not in html  # the list shows no words
    assert 'href="/conversations"' in c.get("/").text
    page = c.get("/conversations/web-long")
    assert page.status_code == 200 and f"{SECRET_WORDS} 2" in page.text and "1通300円" in page.text
    assert c.get("/conversations/nobody").status_code == 404

    with office.store.session() as s:
        views = s.scalars(select(AuditLog).where(AuditLog.action == "conversation-view")).all()
    assert [(v.actor, v.subject, v.after["conversation"]) for v in views] == [("aki", "conversation:web-long", "web-long")]
    audit = c.get("/audit").text
    assert "conversation-view" in audit and "conversation:web-long" in audit

    # The delete button: CSRF-checked, a reason required, then gone, audit-logged.
    assert c.post("/conversations/web-long/delete", data={"reason": "x"}).status_code == 403
    assert c.post("/conversations/web-long/delete", data={"csrf": token, "reason": ""}).status_code == 422
    assert editor.post("/conversations/web-long/delete", data={"csrf": etoken, "reason": "x"}).status_code == 403
    r = c.post("/conversations/web-long/delete", data={"csrf": token, "reason": "resident's request 7"},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/conversations"
    html = c.get("/conversations").text
    assert "会話 web-long を削除しました" in html and 'href="/conversations/web-long"' not in html
    assert c.get("/conversations/web-long").status_code == 404
    assert "conversation-delete" in c.get("/audit").text
