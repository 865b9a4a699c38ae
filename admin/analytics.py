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

_engines: dict[str, Any] = {}


def tracker_engine(url: str | None = None):
    """An engine on Rasa's tracker store (one per URL), or None while its SQLite file does not exist (Rasa
    has not run yet; nothing is created here)."""
    from pathlib import Path

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from knowledge.settings import current

    url = url or current().tracker_db
    if url not in _engines:
        parsed = make_url(url)
        kw: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            db = parsed.database or ""
            if db and db != ":memory:" and not Path(db).exists():
                return None
            kw["connect_args"] = {"check_same_thread": False, "timeout": 30}  # Rasa writes meanwhile
        _engines[url] = create_engine(parsed, **kw)
    return _engines[url]


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

    if engine is None or not inspect(engine).has_table("events"):
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


# ---- the figures ---------------------------------------------------------------------------------

PERIODS = (7, 30, 90)  # the page's choices of period (days up to and including today)
KPI_COVERAGE = 0.80  # the ward's multilingual-coverage KPI: ≥ 80% of entries answered in each language
SMALL = 5  # open data: counts 1–4 are suppressed
COVERAGE_LANGS = ("ja-easy", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl")  # every non-Japanese language
WEEKDAYS = "月火水木金土日"
LANG_NAMES = {"ja": "日本語", "ja-easy": "やさしい日本語", "en": "英語", "zh": "中国語", "ko": "韓国語",
              "vi": "ベトナム語", "ne": "ネパール語", "pt": "ポルトガル語", "es": "スペイン語", "tl": "タガログ語"}
CHANNEL_NAMES = {"web": "ウェブ", "phone": "電話", "web-voice": "ウェブ（音声）", "rest": "REST（その他の接続）",
                 "unknown": "不明"}
DECISION_NAMES = {"answer": "回答", "selected": "候補から選んで回答", "clarify": "候補を提示",
                  "redirect": "他機関を案内", "fallback": "回答できず", "handoff": "職員への取次ぎ（依頼）",
                  "emergency": "緊急の案内", "other": "その他（あいさつ・評価など）"}
UNANSWERED_LIMIT = 2000  # the newest unanswered questions of the period that are grouped


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Japanese, as the page and the CSV header's documentation say it
    kind: str = "text"  # text | count | share | day
    basis: tuple[str, ...] = ()  # a share's counts: suppressed when one of them is


@dataclass
class Table:
    """One set of aggregates: a CSV file (`name`.csv, when `open_data`) and a table on the page."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[tuple]
    open_data: bool = True

    def records(self) -> list[dict]:
        return [dict(zip((c.key for c in self.columns), row)) for row in self.rows]


@dataclass(frozen=True)
class UnansweredGroup:
    question: str  # the most asked wording
    count: int
    open: int  # not yet marked handled by staff
    langs: tuple[str, ...]
    channels: tuple[str, ...]
    nearest: str  # the entry nearest to most of them when they were asked
    wordings: tuple[str, ...]


@dataclass
class Report:
    start: dt.date
    end: dt.date
    generated: dt.datetime  # Asia/Tokyo
    totals: dict[str, int]
    tables: dict[str, Table]
    unanswered: list[UnansweredGroup]
    grouped_by: str  # how the unanswered questions were grouped (embedder spec, or "identical text")
    unanswered_total: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period(days: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last `days` days up to and including today (Asia/Tokyo)."""
    end = today or dt.datetime.now(JST).date()
    return end - dt.timedelta(days=max(days, 1) - 1), end


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def coverage(entries) -> list[tuple[str, int, int]]:
    """(language, entries, entries with an answer in it) for each non-Japanese language; やさしい日本語 is an
    entry's easy answer."""
    entries = list(entries)
    out = []
    for lang in COVERAGE_LANGS:
        if lang == "ja-easy":
            done = sum(1 for e in entries if (e.easy_answer or "").strip())
        else:
            done = sum(1 for e in entries if lang in e.translations and (e.translations[lang].answer or "").strip())
        out.append((lang, len(entries), done))
    return out


def figures(rows: Rows, start: dt.date, end: dt.date, entries=(), unanswered: list[UnansweredGroup] = (),
            grouped_by: str = "", generated: dt.datetime | None = None) -> Report:
    """Every aggregate of the period from the aggregate rows (folded + live), the published entries (titles,
    categories, translation coverage) and the grouped unanswered questions."""
    entries = list(entries)
    titles = {e.id: e.question for e in entries}
    entry_category = {e.id: e.category for e in entries}
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    weeks = sorted({monday(d) for d in days})
    in_period = {w: sum(1 for d in days if monday(d) == w) for w in weeks}

    conv_day, q_day = Counter(), Counter()
    conv_day_ch, q_day_ch, conv_day_lang, q_day_lang = Counter(), Counter(), Counter(), Counter()
    decision_total, decision_week, turns_decision = Counter(), Counter(), Counter()
    answered, helpful, unhelpful = Counter(), Counter(), Counter()
    category_of: dict[str, Counter] = defaultdict(Counter)
    by_category, peak = Counter(), Counter()
    channels, langs = set(), set()
    for k, c in rows.items():
        if not (start <= k.day <= end):
            continue
        channels.add(k.channel)
        langs.add(k.lang)
        conv_day[k.day] += c.conversations
        conv_day_ch[k.day, k.channel] += c.conversations
        conv_day_lang[k.day, k.lang] += c.conversations
        turns_decision[k.decision] += c.turns
        if k.decision in QUESTION_DECISIONS:
            q_day[k.day] += c.turns
            q_day_ch[k.day, k.channel] += c.turns
            q_day_lang[k.day, k.lang] += c.turns
            decision_total[k.decision] += c.turns
            decision_week[monday(k.day), k.decision] += c.turns
            peak[k.day.weekday(), k.hour] += c.turns
        if k.decision in ANSWERED and k.faq_id:
            answered[k.faq_id] += c.turns
            cat = k.category or entry_category.get(k.faq_id, "")
            category_of[k.faq_id][cat] += c.turns
            by_category[cat] += c.turns
        if k.faq_id:
            helpful[k.faq_id] += c.helpful
            unhelpful[k.faq_id] += c.unhelpful
    channels = sorted(channels, key=lambda ch: (list(CHANNEL_NAMES).index(ch) if ch in CHANNEL_NAMES else 99, ch))
    langs = sorted(langs, key=lambda lg: (list(LANG_NAMES).index(lg) if lg in LANG_NAMES else 99, lg))

    def week_sum(counter: Counter, week: dt.date, *rest) -> int:
        return sum(counter[(d, *rest)] if rest else counter[d] for d in days if monday(d) == week)

    tables: dict[str, Table] = {}
    cq = [Column("conversations", "会話数", "count"), Column("questions", "質問数", "count")]
    tables["daily"] = Table("daily", "日別の会話数と質問数", [Column("day", "日付", "day"), *cq],
                            [(d, conv_day[d], q_day[d]) for d in days])
    tables["daily_channel"] = Table(
        "daily_channel", "日別・窓口（チャネル）別の会話数と質問数",
        [Column("day", "日付", "day"), Column("channel", "チャネル"), *cq],
        [(d, ch, conv_day_ch[d, ch], q_day_ch[d, ch]) for d in days for ch in channels])
    tables["daily_language"] = Table(
        "daily_language", "日別・言語別の会話数と質問数",
        [Column("day", "日付", "day"), Column("lang", "言語"), *cq],
        [(d, lg, conv_day_lang[d, lg], q_day_lang[d, lg]) for d in days for lg in langs])
    wk = [Column("week", "週（月曜日）", "day"), Column("days_in_period", "期間内の日数")]
    tables["weekly_channel"] = Table(
        "weekly_channel", "週別・チャネル別の会話数と質問数", [*wk, Column("channel", "チャネル"), *cq],
        [(w, in_period[w], ch, week_sum(conv_day_ch, w, ch), week_sum(q_day_ch, w, ch))
         for w in weeks for ch in channels])
    tables["weekly_language"] = Table(
        "weekly_language", "週別・言語別の会話数と質問数", [*wk, Column("lang", "言語"), *cq],
        [(w, in_period[w], lg, week_sum(conv_day_lang, w, lg), week_sum(q_day_lang, w, lg))
         for w in weeks for lg in langs])
    questions = sum(decision_total.values())
    tables["decisions"] = Table(
        "decisions", "質問への対応の内訳",
        [Column("decision", "対応"), Column("questions", "質問数", "count"),
         Column("share", "割合", "share", ("questions", "total")), Column("total", "質問数の合計", "count")],
        [(dec, decision_total[dec], share(decision_total[dec], questions), questions) for dec in QUESTION_DECISIONS])
    week_q = {w: sum(decision_week[w, dec] for dec in QUESTION_DECISIONS) for w in weeks}
    tables["decisions_weekly"] = Table(
        "decisions_weekly", "週別の対応の内訳",
        [*wk, Column("decision", "対応"), Column("questions", "質問数", "count"),
         Column("share", "その週の質問に占める割合", "share", ("questions", "total")),
         Column("total", "その週の質問数", "count")],
        [(w, in_period[w], dec, decision_week[w, dec], share(decision_week[w, dec], week_q[w]), week_q[w])
         for w in weeks for dec in QUESTION_DECISIONS])
    rated = set(helpful) | set(unhelpful)
    entry_ids = sorted(set(answered) | {f for f in rated if helpful[f] + unhelpful[f]},
                       key=lambda f: (-answered[f], f))
    tables["entries"] = Table(
        "entries", "よく答えた FAQ と住民の評価（FAQ 別）",
        [Column("faq_id", "FAQ ID"), Column("question", "質問（公開中の FAQ）"), Column("category", "分類"),
         Column("answers", "回答数", "count"), Column("rated_helpful", "「解決した」", "count"),
         Column("rated_unhelpful", "「解決しない」", "count"),
         Column("helpful_share", "評価のうち「解決した」の割合", "share", ("rated_helpful", "rated_unhelpful"))],
        [(f, titles.get(f, ""), (category_of[f].most_common(1)[0][0] if category_of[f] else entry_category.get(f, "")),
          answered[f], helpful[f], unhelpful[f], share(helpful[f], helpful[f] + unhelpful[f])) for f in entry_ids])
    total_answered = sum(answered.values())
    tables["categories"] = Table(
        "categories", "分類別の回答数",
        [Column("category", "分類"), Column("answers", "回答数", "count"),
         Column("share", "回答に占める割合", "share", ("answers", "total")), Column("total", "回答数の合計", "count")],
        [(cat or "（不明）", n, share(n, total_answered), total_answered)
         for cat, n in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))])
    tables["peak_hours"] = Table(
        "peak_hours", "曜日・時間帯別の質問数",
        [Column("weekday", "曜日（1=月曜〜7=日曜）"), Column("hour", "時（0〜23時台）"),
         Column("questions", "質問数", "count")],
        [(wd + 1, h, peak[wd, h]) for wd in range(7) for h in range(24)])
    tables["translation_coverage"] = Table(
        "translation_coverage", "言語別の翻訳率（公開中の FAQ）",
        [Column("lang", "言語"), Column("entries", "FAQ 数"), Column("translated", "その言語の回答がある FAQ 数"),
         Column("share", "翻訳率"), Column("kpi", "目標"), Column("meets_kpi", "目標達成")],
        [(lg, n, done, share(done, n), KPI_COVERAGE, "yes" if n and done / n >= KPI_COVERAGE else "no")
         for lg, n, done in coverage(entries)])
    tables["unanswered_groups"] = Table(
        "unanswered_groups", "回答できなかった質問（意味の近いものをまとめて）",
        [Column("question", "質問（最も多い言い方）"), Column("count", "件数"), Column("open", "未対応"),
         Column("langs", "言語"), Column("nearest", "最も近い FAQ")],
        [(g.question, g.count, g.open, " ".join(g.langs), g.nearest) for g in unanswered], open_data=False)
    totals = {"conversations": sum(conv_day.values()), "questions": questions, "answered": total_answered,
              "turns": sum(turns_decision.values()), "helpful": sum(helpful.values()),
              "unhelpful": sum(unhelpful.values()), "fallback": decision_total["fallback"],
              "entries": len(entries)}
    return Report(start, end, generated or dt.datetime.now(JST), totals, tables, list(unanswered), grouped_by,
                  sum(g.count for g in unanswered))


# ---- unanswered questions grouped by meaning ----------------------------------------------------

def unanswered_groups(store, start: dt.date, end: dt.date, embedder=None,
                      limit: int = UNANSWERED_LIMIT) -> tuple[list[UnansweredGroup], str]:
    """The period's questions that got no answer (the staff store's `unanswered`), grouped by meaning with
    admin/learning.py's grouping (the embedder's cosine ≥ 0.88), largest first; without an embedder, by
    identical text. Returns the groups and how they were grouped."""
    from types import SimpleNamespace

    from sqlalchemy import select

    from knowledge.store import Unanswered

    from . import learning

    lo = dt.datetime.combine(start, dt.time(), JST).astimezone(dt.timezone.utc).replace(tzinfo=None)
    hi = (dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), JST).astimezone(dt.timezone.utc)
          .replace(tzinfo=None))
    with store.session() as s:
        rows = s.execute(select(Unanswered.id, Unanswered.text, Unanswered.lang, Unanswered.channel,
                                Unanswered.top_id, Unanswered.handled_by)
                         .where(Unanswered.at >= lo, Unanswered.at < hi)
                         .order_by(Unanswered.id.desc()).limit(limit)).all()
    if not rows:
        return [], _grouped_by(embedder)
    info = {r.id: r for r in rows}
    items = [learning.Item("unanswered", r.id, r.text, r.lang or "", r.top_id) for r in rows]
    if embedder is not None:
        groups = learning.group(items, SimpleNamespace(embedder=embedder), nearest=0)
    else:
        by_text: dict[str, list] = defaultdict(list)
        for i in items:
            by_text[i.text].append(i)
        groups = sorted((learning.Group(v) for v in by_text.values()), key=lambda g: (-len(g.items), g.question))
    out = []
    for g in groups:
        members = [info[i.id] for i in g.items]
        nearest = Counter(m.top_id for m in members if m.top_id).most_common(1)
        out.append(UnansweredGroup(g.question, len(members), sum(1 for m in members if not m.handled_by),
                                   tuple(sorted({m.lang or "ja" for m in members})),
                                   tuple(sorted({m.channel or "unknown" for m in members})),
                                   nearest[0][0] if nearest else "", tuple(g.wordings[:5])))
    return out, _grouped_by(embedder)


def _grouped_by(embedder) -> str:
    from .learning import GROUP_SIMILARITY

    if embedder is None:
        return "同じ文面ごと (identical text)"
    return (f"意味の近さ（{getattr(embedder, 'spec', 'embedder')} の類似度 {GROUP_SIMILARITY} 以上） "
            f"(meaning: cosine ≥ {GROUP_SIMILARITY})")


def build(store, engine, days: int = 30, today: dt.date | None = None, entries=None, embedder=None,
          start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """The report of the last `days` days (or start..end): folded and live conversations, the unanswered
    questions grouped, the published entries (default: the staff store's current release)."""
    if start is None or end is None:
        start, end = period(days, today)
    if entries is None:
        entries = published_entries(store)
    rows = combined_rows(store, engine, start, end)
    groups, how = unanswered_groups(store, start, end, embedder)
    return figures(rows, start, end, entries, groups, how)


def published_entries(store) -> list:
    """The entries of the staff store's current release: what knowledge/published.py serves residents."""
    ward = store.published_ward()
    with store.session() as s:
        return store.published_entries(s, ward)


# ---- open data ---------------------------------------------------------------------------------

def suppressed_cells(table: Table, row: tuple) -> list[str]:
    """A row as open data: counts of 1–4 become empty (and any share computed from one of them)."""
    keys = [c.key for c in table.columns]
    value = dict(zip(keys, row))
    small = {c.key for c in table.columns if c.kind == "count" and isinstance(value[c.key], int)
             and 0 < value[c.key] < SMALL}
    out = []
    for c in table.columns:
        v = value[c.key]
        if c.key in small or (c.kind == "share" and any(b in small for b in c.basis)):
            out.append("")
        elif v is None:
            out.append("")
        elif isinstance(v, dt.date):
            out.append(v.isoformat())
        elif isinstance(v, float):
            out.append(f"{v:.4f}")
        else:
            out.append(str(v))
    return out


def csv_bytes(table: Table) -> bytes:
    """One open-data table as CSV: UTF-8 with BOM and CRLF (as the ward's FAQ export, which spreadsheet
    software on ward PCs opens correctly), a header of column keys, small counts suppressed."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([c.key for c in table.columns])
    for row in table.rows:
        w.writerow(suppressed_cells(table, row))
    return buf.getvalue().encode("utf-8-sig")


def write_csv(report: Report, out_dir) -> list:
    """Each open-data table as out_dir/<name>.csv. Returns the paths written."""
    from pathlib import Path

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in report.tables.values():
        if table.open_data:
            path = out_dir / f"{table.name}.csv"
            path.write_bytes(csv_bytes(table))
            paths.append(path)
    return paths
