"""Residents' conversations for staff: Rasa's SQL tracker store read, deleted on request, and purged
after the retention period.

The conversations are Rasa's: its SQLTrackerStore keeps every event in one table, `events` (id,
sender_id, type_name, timestamp in unix seconds, intent_name, action_name, data as JSON text), at
`MADOGUCHI_TRACKER_DB` (knowledge/settings.py; SQLite var/tracker.db by default, PostgreSQL by URL).
Rasa creates the table; this module never does (`create_schema` is for tests). A conversation is one
sender id: a resident's widget, a phone call. What residents typed is stored masked of personal data
(the channels mask it before Rasa sees it), so the turns shown here are the masked text.

Staff access is a matter of role and record (admin/workflow.py's roles): reading conversations and
deleting one take an **approver**. An editor writes FAQ entries from the unanswered questions and the
learning page, which show single questions without their conversation; a whole conversation says
more about one resident, so it is kept to the staff who are already accountable for what residents
are told (approvers publish, roll back and issue notices). Every view of a conversation and every
deletion writes an audit row (who, which conversation, when; never what it says), as does every
purge (the cut-off and the counts).

`purge(retention_days)` deletes every conversation whose *last* event is older than the retention
(a conversation still going on is kept whole, however old its start), and the staff store's
`unanswered` and `disliked` rows older than it. Before anything is deleted, admin.analytics.fold
turns the conversations into anonymous aggregates, so the ward's figures survive the purge. It is
idempotent: a second run finds nothing older and deletes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

from sqlalchemy import (Column, Float, Integer, MetaData, Sequence, String, Table, Text, case, create_engine, delete,
                        func, inspect, select)
from sqlalchemy.engine import Engine, make_url

from knowledge.settings import current
from knowledge.store import AuditLog, Disliked, Store, Unanswered

from .workflow import Actor, Forbidden, Invalid, NotFound

ROLE = "approver"  # reads and deletes conversations (see the module's docstring)
BATCH = 200  # conversations folded and deleted together by a purge
DAY = 86400.0

_metadata = MetaData()
# Rasa 3.6's SQLTrackerStore.SQLEvent, column for column (rasa/core/tracker_store.py).
EVENTS = Table(
    "events", _metadata,
    Column("id", Integer, Sequence("events_seq"), primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def create_schema(engine: Engine) -> None:
    """Rasa's events table (tests seed a tracker store with it; in service Rasa creates it)."""
    _metadata.create_all(engine)


@dataclass(frozen=True)
class ConversationRow:
    """One line of the list: a conversation's sender id, first and last activity (naive UTC), the
    number of resident turns, and the channel and language it was held in."""

    sender_id: str
    first: dt.datetime | None
    last: dt.datetime | None
    turns: int
    channel: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Turn:
    """One message: `who` is "resident" or "bot"; `text` what was typed (masked) or replied; `kind` the
    reply's payload type (faq_answer, faq_clarify, …) or the resident's intent; `faq_id` an answer's entry."""

    who: str
    at: dt.datetime | None
    text: str
    kind: str = ""
    faq_id: str = ""
    lang: str = ""


@dataclass(frozen=True)
class Conversation:
    row: ConversationRow
    turns: list[Turn]
    views: list[AuditLog] = field(default_factory=list)  # who viewed it, newest first


@dataclass(frozen=True)
class PurgeResult:
    retention_days: int
    cutoff: dt.datetime  # naive UTC: what ended before this is deleted
    conversations: int = 0
    events: int = 0
    unanswered: int = 0
    disliked: int = 0
    folded: int = 0  # what admin.analytics.fold reported
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would delete" if self.dry_run else "deleted"
        return (f"{verb} {self.conversations} conversation(s) ({self.events} events), {self.unanswered} unanswered "
                f"and {self.disliked} disliked question(s) last active before {self.cutoff:%Y-%m-%d %H:%M:%S} UTC "
                f"(retention {self.retention_days} days)"
                + ("" if self.dry_run else f"; {self.folded} aggregate row(s) folded"))

    def audit_record(self) -> dict:
        d = asdict(self)
        d["cutoff"] = self.cutoff.isoformat() + "Z"
        d.pop("dry_run")
        return d


def _utc(ts: float | None) -> dt.datetime | None:
    if ts is None:
        return None
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).replace(tzinfo=None)


def _unix(when: dt.datetime | float | None) -> float:
    if when is None:
        return dt.datetime.now(dt.timezone.utc).timestamp()
    if isinstance(when, (int, float)):
        return float(when)
    if when.tzinfo is None:  # the stores' convention: naive means UTC
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.timestamp()


def _parse(data: str | None) -> dict:
    try:
        value = json.loads(data) if data else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def bot_text(event: dict) -> tuple[str, str, str]:
    """What a bot event said, as a person reads it: (text, payload type, entry id). The web widget's
    replies carry no text, only the payload (bot/messages.py), so its display fields are read."""
    custom = (event.get("data") or {}).get("custom") or {}
    if not isinstance(custom, dict):
        custom = {}
    kind, faq_id = str(custom.get("type") or ""), str(custom.get("faq_id") or "")
    parts = [event.get("text") or ""]
    if not parts[0]:
        if kind == "faq_answer":
            parts = [custom.get("question") or "", custom.get("answer") or ""]
        else:
            parts = [custom.get("message") or custom.get("text") or ""]
    if kind == "faq_clarify" and not (event.get("data") or {}).get("buttons"):
        parts += [f"・{c.get('question', '')}" for c in custom.get("candidates") or [] if isinstance(c, dict)]
    for b in (event.get("data") or {}).get("buttons") or []:
        if isinstance(b, dict) and b.get("title"):
            parts.append(f"[{b['title']}]")
    return "\n".join(p for p in parts if p), kind, faq_id


def _meta(event: dict) -> dict:
    m = event.get("metadata")
    return m if isinstance(m, dict) else {}


class Conversations:
    """The tracker store as staff see it, and the staff store its audit rows (and purge) go to."""

    def __init__(self, store: Store, url: str | None = None):
        self.store = store
        self.url = url or current().tracker_db
        self._engine: Engine | None = None

    # ---- the tracker store ----

    @property
    def engine(self) -> Engine | None:
        """The tracker store's engine, or None while there is no tracker store yet (no SQLite file: Rasa
        has not run; nothing is created here)."""
        if self._engine is None:
            url = make_url(self.url)
            kw: dict = {}
            if url.get_backend_name() == "sqlite":
                db = url.database or ""
                if db and db != ":memory:" and not Path(db).exists():
                    return None
                kw["connect_args"] = {"check_same_thread": False, "timeout": 30}  # Rasa writes meanwhile
            self._engine = create_engine(url, **kw)
        return self._engine

    def _ready(self) -> Engine | None:
        engine = self.engine
        if engine is None or not inspect(engine).has_table(EVENTS.name):
            return None
        return engine

    def count(self) -> int:
        engine = self._ready()
        if engine is None:
            return 0
        with engine.connect() as conn:
            return conn.scalar(select(func.count(func.distinct(EVENTS.c.sender_id)))) or 0

    def list(self, limit: int = 100, offset: int = 0, sender: str = "") -> list[ConversationRow]:
        """Conversations, the most recently active first (`sender`: only ids containing it)."""
        engine = self._ready()
        if engine is None:
            return []
        ev = EVENTS.c
        last = func.max(ev.timestamp)
        q = (select(ev.sender_id, func.min(ev.timestamp), last,
                    func.sum(case((ev.type_name == "user", 1), else_=0)))
             .group_by(ev.sender_id).order_by(last.desc(), ev.sender_id).limit(limit).offset(max(offset, 0)))
        if sender:
            q = q.where(ev.sender_id.contains(sender, autoescape=True))
        with engine.connect() as conn:
            rows = conn.execute(q).all()
            described = self._describe(conn, [r[0] for r in rows])
        return [ConversationRow(r[0], _utc(r[1]), _utc(r[2]), int(r[3] or 0), *described.get(r[0], ("", "")))
                for r in rows]

    @staticmethod
    def _describe(conn, senders: list[str]) -> dict[str, tuple[str, str]]:
        """(channel, language) of each conversation: the channel its client declared (else Rasa's input
        channel), the language last chosen (the `language` slot, else what the client declared)."""
        if not senders:
            return {}
        ev = EVENTS.c
        q = (select(ev.sender_id, ev.type_name, ev.action_name, ev.data).where(ev.sender_id.in_(senders))
             .where((ev.type_name == "user") | ((ev.type_name == "slot")
                                                & ev.action_name.in_(("language", "session_started_metadata"))))
             .order_by(ev.timestamp, ev.id))
        channel: dict[str, str] = {}
        lang: dict[str, str] = {}
        declared: dict[str, str] = {}
        for sid, type_name, action_name, data in conn.execute(q):
            e = _parse(data)
            if type_name == "user":
                m = _meta(e)
                channel.setdefault(sid, str(m.get("channel") or e.get("input_channel") or ""))
                if m.get("lang"):
                    declared.setdefault(sid, str(m["lang"]))
            elif action_name == "language":
                if e.get("value"):
                    lang[sid] = str(e["value"])
            elif isinstance(e.get("value"), dict):  # session_started_metadata: what the client sent
                if e["value"].get("channel") and not channel.get(sid):
                    channel[sid] = str(e["value"]["channel"])
                if e["value"].get("lang"):
                    declared.setdefault(sid, str(e["value"]["lang"]))
        return {s: (channel.get(s, ""), lang.get(s) or declared.get(s, "")) for s in senders}

    def events(self, sender_ids: Iterable[str]) -> dict[str, list[dict]]:
        """sender id → its events (the parsed data column), in order; ids without events are left out."""
        engine = self._ready()
        ids = list(dict.fromkeys(sender_ids))
        out: dict[str, list[dict]] = {}
        if engine is None or not ids:
            return out
        ev = EVENTS.c
        with engine.connect() as conn:
            for i in range(0, len(ids), BATCH):
                # Insertion order, as Rasa appended them (and as admin.analytics reads the live ones).
                q = (select(ev.sender_id, ev.data).where(ev.sender_id.in_(ids[i:i + BATCH]))
                     .order_by(ev.sender_id, ev.id))
                for sid, data in conn.execute(q):
                    out.setdefault(sid, []).append(_parse(data))
        return out

    def row(self, sender_id: str) -> ConversationRow:
        """One conversation's line of the list. Raises NotFound."""
        engine = self._ready()
        if engine is not None:
            ev = EVENTS.c
            with engine.connect() as conn:
                r = conn.execute(select(func.min(ev.timestamp), func.max(ev.timestamp),
                                        func.sum(case((ev.type_name == "user", 1), else_=0)), func.count())
                                 .where(ev.sender_id == sender_id)).one()
                if r[3]:
                    return ConversationRow(sender_id, _utc(r[0]), _utc(r[1]), int(r[2] or 0),
                                           *self._describe(conn, [sender_id])[sender_id])
        raise NotFound(f"no conversation {sender_id}")

    def turns(self, sender_id: str) -> list[Turn]:
        """What the resident typed (as stored: masked) and what the bot replied, in order."""
        out = []
        for e in self.events([sender_id]).get(sender_id, []):
            if e.get("event") == "user":
                intent = ((e.get("parse_data") or {}).get("intent") or {}).get("name") or ""
                out.append(Turn("resident", _utc(e.get("timestamp")), e.get("text") or "", intent,
                                lang=str(_meta(e).get("lang") or "")))
            elif e.get("event") == "bot":
                text, kind, faq_id = bot_text(e)
                out.append(Turn("bot", _utc(e.get("timestamp")), text, kind, faq_id))
        return out

    def _delete(self, senders: list[str], before: float | None = None) -> tuple[int, int]:
        """Delete the events of `senders` — with `before`, only of those whose last event is older (a
        conversation resumed since it was chosen stays). (conversations, events) deleted."""
        engine = self._ready()
        if engine is None or not senders:
            return 0, 0
        ev = EVENTS.c
        with engine.begin() as conn:
            if before is not None:
                resumed = set(conn.scalars(select(ev.sender_id).where(ev.sender_id.in_(senders))
                                           .where(ev.timestamp >= before).distinct()))
                senders = [s for s in senders if s not in resumed]
                if not senders:
                    return 0, 0
            present = set(conn.scalars(select(ev.sender_id).where(ev.sender_id.in_(senders)).distinct()))
            events = conn.execute(delete(EVENTS).where(ev.sender_id.in_(senders))).rowcount
        return len(present), events

    def _fold(self, conversations: dict[str, list[dict]]) -> int:
        from .analytics import fold  # admin/analytics.py: the figures that outlive the conversations

        return int(fold(self.store, conversations) or 0) if conversations else 0

    # ---- what staff do (role-checked, audit-logged) ----

    def _require(self, actor: Actor, what: str) -> None:
        if not actor.at_least(ROLE):
            raise Forbidden(f"{actor.username} ({actor.role}) may not {what}: needs {ROLE}")

    def rows(self, actor: Actor, limit: int = 100, offset: int = 0, sender: str = "") -> list[ConversationRow]:
        """The list page: no resident's words, only ids, times, counts, channel and language."""
        self._require(actor, "list conversations")
        return self.list(limit, offset, sender)

    def view(self, actor: Actor, sender_id: str) -> Conversation:
        """One conversation for a member of staff; the view is audit-logged (who, which, when). NotFound."""
        self._require(actor, "read conversations")
        row = self.row(sender_id)
        turns = self.turns(sender_id)
        subject = _subject(sender_id)
        with self.store.session() as s:
            self.store.audit(s, actor.username, "conversation-view", subject=subject,
                             after={"conversation": sender_id, "turns": row.turns})
        with self.store.session() as s:
            views = s.scalars(select(AuditLog).where(AuditLog.subject == subject)
                              .where(AuditLog.action == "conversation-view").order_by(AuditLog.id.desc())
                              .limit(50)).all()
        return Conversation(row, turns, views)

    def delete(self, actor: Actor, sender_id: str, reason: str) -> int:
        """Delete one conversation (a resident's request): all its events, after folding it into the
        anonymous aggregates. Audit-logged with the reason. Returns the number of events deleted."""
        self._require(actor, "delete conversations")
        if not (reason or "").strip():
            raise Invalid(["reason: say why (e.g. the resident's request and its reference)"])
        conv = self.events([sender_id])
        if not conv:
            raise NotFound(f"no conversation {sender_id}")
        folded = self._fold(conv)
        _, events = self._delete([sender_id])
        with self.store.session() as s:
            self.store.audit(s, actor.username, "conversation-delete", subject=_subject(sender_id),
                             reason=reason.strip(), after={"conversation": sender_id, "events": events,
                                                           "folded": folded})
        return events

    def purge(self, retention_days: int | None = None, now: dt.datetime | float | None = None, *,
              actor: str = "system", dry_run: bool = False) -> PurgeResult:
        """Delete what is older than the retention: conversations whose last event is (all their events,
        folded into the aggregates first) and the staff store's unanswered/disliked questions. One audit
        row with the cut-off and the counts (none for a dry run)."""
        days = current().retention_days if retention_days is None else int(retention_days)
        if days < 1:
            raise ValueError(f"retention must be at least 1 day, not {days}")
        before = _unix(now) - days * DAY
        cutoff = _utc(before)
        stale = self._stale(before)
        with self.store.session() as s:
            unanswered = s.scalar(select(func.count(Unanswered.id)).where(Unanswered.at < cutoff)) or 0
            disliked = s.scalar(select(func.count(Disliked.id)).where(Disliked.at < cutoff)) or 0
        if dry_run:
            return PurgeResult(days, cutoff, len(stale), self._event_count(stale), unanswered, disliked,
                               dry_run=True)
        conversations = events = folded = 0
        for i in range(0, len(stale), BATCH):
            batch = stale[i:i + BATCH]
            folded += self._fold(self.events(batch))
            n, m = self._delete(batch, before=before)
            conversations, events = conversations + n, events + m
        with self.store.session() as s:
            unanswered = s.execute(delete(Unanswered).where(Unanswered.at < cutoff)).rowcount
            disliked = s.execute(delete(Disliked).where(Disliked.at < cutoff)).rowcount
            result = PurgeResult(days, cutoff, conversations, events, unanswered, disliked, folded)
            self.store.audit(s, actor, "purge", subject="conversations", reason=f"retention {days} days",
                             after=result.audit_record())
        return result

    def _stale(self, before: float) -> list[str]:
        engine = self._ready()
        if engine is None:
            return []
        ev = EVENTS.c
        with engine.connect() as conn:
            return list(conn.scalars(select(ev.sender_id).group_by(ev.sender_id)
                                     .having(func.max(ev.timestamp) < before).order_by(ev.sender_id)))

    def _event_count(self, senders: list[str]) -> int:
        engine = self._ready()
        if engine is None or not senders:
            return 0
        ev = EVENTS.c
        with engine.connect() as conn:
            return sum(conn.scalar(select(func.count()).where(ev.sender_id.in_(senders[i:i + BATCH]))) or 0
                       for i in range(0, len(senders), BATCH))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _subject(sender_id: str) -> str:
    s = f"conversation:{sender_id}"
    return s if len(s) <= 80 else s[:79] + "…"

