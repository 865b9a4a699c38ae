"""The figures staff and policy makers ask for (EBPM), from residents' conversations.

Where they come from:

* the **live conversations**: Rasa's SQL tracker store (`events`, at `knowledge.settings.current().tracker_db`),
  read with SQLAlchemy Core in batches, one sender's events in order at a time;
* the **folded counts** of conversations the retention purge has deleted (`analytics_daily` in the staff
  store, written by `fold` just before the purge deletes them: no text, no sender id);
* the staff store's `unanswered` questions (grouped by meaning with admin/learning.py's grouping) and the
  published knowledge base (knowledge/published.py: categories, translation coverage).

Every figure is computed from one list of aggregate rows — the folded rows plus the live events reduced
the same way — so a purge, which moves conversations from the second source to the first, changes none.

What is counted (docs/open-data.md has the same definitions for the CSV files):

* a **turn** is one message of a resident and what the assistant did with it (the events up to the next
  message). Its **decision** is `bot.messages.outcome` of the turn's payloads — answer, clarify, redirect,
  fallback (a handoff after repeated misses counts as a fallback: the question was not answered),
  handoff (the resident asked for a person), emergency, other (small talk, feedback, a language switch) —
  with one refinement: an answer given because the resident chose it among the clarify buttons is
  `selected`, so one question asked is not counted twice;
* a **question** is a turn whose decision is answer, clarify, redirect, fallback, handoff or emergency;
* a **conversation** is a Rasa session (session_started; a sender's messages less than 60 minutes apart,
  domain.yml's session_config), counted on the day, channel and language of its first message. A widget
  that keeps its sender id for weeks thus makes several conversations, as a resident coming back would;
* the **language** of a turn is the conversation's language after it (the `language` slot the actions
  set), else the language the client declared (metadata.lang), else Japanese; the **channel** is the one
  the client declared (metadata.channel: web, phone, web-voice) else Rasa's input channel (rest);
* a **rating** is the resident's 👍/👎 or はい/いいえ to 「この回答で解決しましたか？」 (the `rating` slot:
  {"faq_id", "helpful"}), counted for that entry on the day it was given;
* days and hours are Asia/Tokyo (UTC+9, no daylight saving time); weeks start on Monday.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping, NamedTuple

from bot.messages import Kind, outcome

JST = dt.timezone(dt.timedelta(hours=9), "Asia/Tokyo")
DECISIONS = ("answer", "selected", "clarify", "redirect", "fallback", "handoff", "emergency", "other")
QUESTION_DECISIONS = ("answer", "clarify", "redirect", "fallback", "handoff", "emergency")
ANSWERED = ("answer", "selected")  # the turns that gave a resident an entry
BATCH = 5000  # events fetched at a time from the tracker store
SESSION_MARGIN = dt.timedelta(days=1)  # events read before a period's start, to know how its sessions began
READ_TYPES = ("user", "bot", "slot", "session_started")
READ_SLOTS = ("language", "rating")


class Key(NamedTuple):
    """What an aggregate row is counted by."""

    day: dt.date
    hour: int
    channel: str
    lang: str
    decision: str
    faq_id: str
    category: str


@dataclass(slots=True)
class Counts:
    turns: int = 0
    conversations: int = 0
    helpful: int = 0
    unhelpful: int = 0

    def add(self, other: "Counts") -> None:
        self.turns += other.turns
        self.conversations += other.conversations
        self.helpful += other.helpful
        self.unhelpful += other.unhelpful


@dataclass(frozen=True, slots=True)
class Fact:
    """One resident turn, as the figures need it: nothing a person wrote, no sender id."""

    at: dt.datetime  # Asia/Tokyo
    channel: str
    lang: str
    decision: str
    faq_id: str = ""  # the entry answered (answer, selected) or rated
    category: str = ""  # the answered entry's category, as the answer said it
    new_conversation: bool = False  # the first message of a conversation (a Rasa session)
    helpful: int = 0
    unhelpful: int = 0

    @property
    def key(self) -> Key:
        return Key(self.at.date(), self.at.hour, self.channel, self.lang, self.decision, self.faq_id, self.category)

    @property
    def counts(self) -> Counts:
        return Counts(1, int(self.new_conversation), self.helpful, self.unhelpful)


def jst(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, JST)


# ---- events → facts ------------------------------------------------------------------------------

@dataclass
class _Turn:
    at: dt.datetime
    channel: str
    declared_lang: str | None
    new_conversation: bool
    customs: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)


def _channel(event: dict) -> str:
    declared = (event.get("metadata") or {}).get("channel")
    return str(declared or event.get("input_channel") or "unknown")[:20]


def _custom(event: dict) -> dict | None:
    custom = (event.get("data") or {}).get("custom")
    return custom if isinstance(custom, dict) and custom.get("type") else None


def _finish(turn: _Turn, lang: str) -> list[Fact]:
    decision, _ = outcome({"custom": c} for c in turn.customs)
    faq_id = category = ""
    if decision == "answer":
        answer = next(c for c in turn.customs if c.get("type") == Kind.ANSWER.value)
        faq_id, category = str(answer.get("faq_id") or ""), str(answer.get("category") or "")
        if answer.get("decision") == "selected":
            decision = "selected"
    facts = [Fact(turn.at, turn.channel, lang, decision, faq_id, category, turn.new_conversation)]
    for rating in turn.ratings:
        rated = str(rating.get("faq_id") or "")
        helpful = rating.get("helpful") is True
        first = facts[0]
        if first.faq_id in ("", rated) and not first.helpful + first.unhelpful:
            facts[0] = Fact(first.at, first.channel, first.lang, first.decision, rated, first.category,
                            first.new_conversation, int(helpful), int(not helpful))
        else:  # a second verdict in one turn, or about another entry: counted on its own (not as a turn)
            facts.append(Fact(turn.at, turn.channel, lang, "rating", rated, "", False, int(helpful), int(not helpful)))
    return facts


def sessions(events: Iterable[dict]) -> Iterator[list[dict]]:
    """One sender's events cut into Rasa sessions (each starts at a session_started event; what comes before
    the first one is a session begun earlier)."""
    chunk: list[dict] = []
    for ev in events:
        if ev.get("event") == "session_started" and chunk:
            yield chunk
            chunk = []
        chunk.append(ev)
    if chunk:
        yield chunk


def session_digest(session: list[dict]) -> str | None:
    """What identifies a session without naming its sender: the timestamps of its start and its messages
    (None without a message: nothing to count)."""
    stamps = [f"{ev.get('event')}|{ev.get('timestamp')!r}" for ev in session
              if ev.get("event") in ("user", "session_started")]
    if not any(x.startswith("user|") for x in stamps):
        return None
    return hashlib.sha256(";".join(stamps).encode()).hexdigest()


def session_facts(session: Iterable[dict]) -> Iterator[Fact]:
    """The facts of one session's events (Rasa's event dicts, the tracker store's `data`), in order. Nothing
    is carried from an earlier session: Rasa sets the carried-over slots again after session_started."""
    lang: str | None = None
    new_session = False
    turn: _Turn | None = None
    for ev in session:
        kind = ev.get("event")
        if kind == "user":
            if turn is not None:
                yield from _finish(turn, lang or turn.declared_lang or "ja")
            meta = ev.get("metadata") or {}
            turn = _Turn(jst(ev.get("timestamp") or 0.0), _channel(ev), meta.get("lang") or None, new_session)
            new_session = False
        elif kind == "session_started":
            if turn is not None:
                yield from _finish(turn, lang or turn.declared_lang or "ja")
            turn, lang, new_session = None, None, True
        elif kind == "bot":
            custom = _custom(ev)
            if turn is not None and custom is not None:
                turn.customs.append(custom)
        elif kind == "slot":
            name, value = ev.get("name"), ev.get("value")
            if name == "language":
                lang = str(value)[:10] if value else None
            elif name == "rating" and turn is not None and isinstance(value, dict) and value.get("faq_id"):
                # (carried over into a new session before its first message, it is not a new verdict)
                turn.ratings.append(value)
    if turn is not None:
        yield from _finish(turn, lang or turn.declared_lang or "ja")


def conversation_facts(events: Iterable[dict]) -> Iterator[Fact]:
    """The facts of one sender's events, session by session."""
    for session in sessions(events):
        yield from session_facts(session)


Rows = dict[Key, Counts]


def add_facts(rows: Rows, facts: Iterable[Fact]) -> Rows:
    for f in facts:
        if f.decision == "rating":  # a verdict, not a turn
            rows.setdefault(f.key, Counts()).add(Counts(0, 0, f.helpful, f.unhelpful))
        else:
            rows.setdefault(f.key, Counts()).add(f.counts)
    return rows


# ---- the figures that outlive the conversations -------------------------------------------------

def fold(store, conversations: Mapping[str, list[dict]]) -> int:
    """Keep the figures of conversations about to be deleted: reduce them (sender id → its Rasa event dicts,
    in order) to anonymous aggregate rows in the staff store's `analytics_daily`, in one transaction.

    Returns the number of aggregate rows written. Each session is counted once: one folded before (a purge
    run again after failing between fold and delete) adds nothing, and while a folded session is still in
    the tracker store the report skips it there (`folded_digests`).
    """
    from sqlalchemy import select

    from knowledge.store import AnalyticsDaily, AnalyticsFolded

    todo: dict[str, list[dict]] = {}
    for events in conversations.values():
        for session in sessions(events or ()):
            digest = session_digest(session)
            if digest is not None:
                todo.setdefault(digest, session)
    if not todo:
        return 0
    with store.session() as s:
        digests = sorted(todo)
        for i in range(0, len(digests), 500):
            for known in s.scalars(select(AnalyticsFolded.digest)
                                   .where(AnalyticsFolded.digest.in_(digests[i:i + 500]))):
                todo.pop(known, None)
        rows: Rows = {}
        for digest, session in todo.items():
            facts = list(session_facts(session))
            add_facts(rows, facts)
            s.add(AnalyticsFolded(digest=digest, day=facts[0].at.date()))
        for key, c in rows.items():
            s.add(AnalyticsDaily(day=key.day, hour=key.hour, channel=key.channel, lang=key.lang,
                                 decision=key.decision, faq_id=key.faq_id, category=key.category, turns=c.turns,
                                 conversations=c.conversations, rated_helpful=c.helpful, rated_unhelpful=c.unhelpful))
    return len(rows)


def folded_digests(store, start: dt.date | None = None) -> set[str]:
    """The sessions already folded whose first message was on or after `start` (minus the read margin)."""
    from sqlalchemy import select

    from knowledge.store import AnalyticsFolded as F

    query = select(F.digest)
    if start is not None:
        query = query.where(F.day >= start - SESSION_MARGIN - dt.timedelta(days=1))
    with store.engine.connect() as conn:
        return set(conn.scalars(query))


def folded_rows(store, start: dt.date | None = None, end: dt.date | None = None) -> Rows:
    """The folded counts of the days start..end (inclusive), summed per key."""
    from sqlalchemy import select

    from knowledge.store import AnalyticsDaily as A

    query = select(A.day, A.hour, A.channel, A.lang, A.decision, A.faq_id, A.category, A.turns, A.conversations,
                   A.rated_helpful, A.rated_unhelpful)
    if start is not None:
        query = query.where(A.day >= start)
    if end is not None:
        query = query.where(A.day <= end)
    rows: Rows = {}
    with store.engine.connect() as conn:
        for r in conn.execute(query):
            rows.setdefault(Key(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6] or ""), Counts()).add(
                Counts(r[7], r[8], r[9], r[10]))
    return rows


# ---- the live conversations --------------------------------------------------------------------

def tracker_engine(url: str | None = None):
    from sqlalchemy import create_engine

    from knowledge.settings import current

    url = url or current().tracker_db
    kw: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kw["connect_args"] = {"timeout": 30}
    return create_engine(url, **kw)


def _events_table():
    from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

    return Table("events", MetaData(), Column("id", Integer, primary_key=True),
                 Column("sender_id", String(255), nullable=False, index=True),
                 Column("type_name", String(255), nullable=False), Column("timestamp", Float),
                 Column("intent_name", String(255)), Column("action_name", String(255)), Column("data", Text))


EVENTS = _events_table()


def read_conversations(engine, since: float | None = None, batch: int = BATCH) -> Iterator[list[dict]]:
    """Each sender's events (parsed `data`, in order) that the figures use, from `since` (unix seconds).

    One query ordered by (sender_id, id), which the sender_id index serves, read `batch` rows at a time
    (a server-side cursor on PostgreSQL): memory holds one batch and one sender's events."""
    from sqlalchemy import and_, inspect, or_, select

    if not inspect(engine).has_table("events"):
        return
    e = EVENTS.c
    query = (select(e.sender_id, e.data)
             .where(or_(e.type_name.in_(("user", "bot", "session_started")),
                        and_(e.type_name == "slot", e.action_name.in_(READ_SLOTS))))
             .order_by(e.sender_id, e.id))
    if since is not None:
        query = query.where(e.timestamp >= since)
    loads = json.loads
    sender, events = None, []
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
        for part in result.partitions(batch):
            for sid, data in part:
                if sid != sender:
                    if events:
                        yield events
                    sender, events = sid, []
                try:
                    events.append(loads(data))
                except (TypeError, ValueError):
                    continue
    if events:
        yield events


def live_rows(engine, start: dt.date | None = None, end: dt.date | None = None, batch: int = BATCH,
              skip: set[str] | frozenset = frozenset()) -> Rows:
    """The live conversations reduced to aggregate rows, for the days start..end (inclusive); sessions whose
    digest is in `skip` (folded already) are left out."""
    since = None
    if start is not None:
        since = (dt.datetime.combine(start, dt.time(), JST) - SESSION_MARGIN).timestamp()
    rows: Rows = {}
    for events in read_conversations(engine, since, batch):
        for session in sessions(events):
            if skip and session_digest(session) in skip:
                continue
            add_facts(rows, (f for f in session_facts(session)
                             if (start is None or f.at.date() >= start) and (end is None or f.at.date() <= end)))
    return rows


def combined_rows(store, engine, start: dt.date | None = None, end: dt.date | None = None) -> Rows:
    """Folded plus live: what every figure is computed from."""
    rows = folded_rows(store, start, end)
    for key, c in live_rows(engine, start, end, skip=folded_digests(store, start)).items():
        rows.setdefault(key, Counts()).add(c)
    return rows
