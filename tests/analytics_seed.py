"""Generated conversations in Rasa's SQL tracker store, and the generator's own record of what it seeded.

tests/test_analytics.py compares every report figure with a figure computed from `Seeded.turns` (what
the generator decided each turn was), never with admin/analytics.py's own reduction; benchmarks/report.py
seeds 100k conversations with it. The events have the shape Rasa 3.6 stores (as in a real run's
tracker.db): session start (session_started_metadata, action_session_start, session_started, the
carried-over slots, action_listen), then per message: user (metadata.lang / metadata.channel as each
client declares them; none for plain REST), user_featurization, the action, its bot messages — the typed
payload in `data.custom` for the web widget, text plus marker for every other channel (bot/messages.py
`utterances`) — its slot events (`language`, `rating`, …), action_listen.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field

from bot.messages import (Answer, Clarify, Emergency, Fallback, Handoff, HandoffReason, Language, Redirect, Text,
                          utterances)

JST = dt.timezone(dt.timedelta(hours=9))
CHANNELS = (("web", 0.5), ("phone", 0.2), ("web-voice", 0.1), ("rest", 0.2))
LANGS = (("ja", 0.55), ("ja-easy", 0.05), ("en", 0.12), ("zh", 0.07), ("ko", 0.05), ("vi", 0.06), ("ne", 0.04),
         ("pt", 0.03), ("es", 0.02), ("tl", 0.01))
# What a resident's message gets (the first message of a conversation is never a choice or a verdict).
DECISIONS = (("answer", 0.45), ("clarify", 0.15), ("redirect", 0.04), ("fallback", 0.12), ("handoff", 0.04),
             ("emergency", 0.02), ("other", 0.08), ("language", 0.02))
HOURS = [1, 1, 1, 1, 1, 2, 3, 5, 9, 14, 14, 12, 10, 12, 13, 12, 10, 8, 7, 6, 5, 4, 3, 2]  # a day's shape
SECTION = {"key": "kumin", "name": "区民課", "phone": "03-0555-1201", "counter": "1階", "hours": "平日"}
META = {"model_id": "4979ff10e43c4781a2c530b91e885e39", "assistant_id": "madoguchi"}
UNANSWERED_TEXTS = ("ハクビシンが庭に出ました", "粗大ごみのシールはコンビニで買えますか", "区民プールの営業時間",
                    "カラスがごみを荒らす", "子ども食堂はどこにありますか")


@dataclass(frozen=True)
class SeededTurn:
    """One resident message as the generator made it."""

    at: dt.datetime  # Asia/Tokyo
    channel: str
    lang: str  # the conversation's language after this message
    decision: str  # answer | selected | clarify | redirect | fallback | handoff | emergency | other
    faq_id: str = ""  # the entry answered (answer, selected)
    category: str = ""
    rated_faq: str = ""  # a verdict on this entry was given with this message
    helpful: bool | None = None
    new_conversation: bool = False


@dataclass
class Seeded:
    conversations: dict[str, list[dict]] = field(default_factory=dict)  # sender id → Rasa event dicts
    turns: list[SeededTurn] = field(default_factory=list)
    sessions: int = 0

    @property
    def events(self) -> int:
        return sum(len(v) for v in self.conversations.values())


def _pick(rng: random.Random, table) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


class _Writer:
    """One sender's events, with Rasa's clock and slots."""

    def __init__(self, sender: str, channel: str, declared: str | None):
        self.events: list[dict] = []
        self.channel, self.declared = channel, declared
        self.slots: dict = {}
        self.t = 0.0

    def add(self, ev: dict, dt_s: float = 0.001) -> None:
        self.t += dt_s
        ev = {"event": ev.pop("event"), "timestamp": self.t, "metadata": dict(META), **ev}
        self.events.append(ev)

    def slot(self, name: str, value) -> None:
        self.slots[name] = value
        self.add({"event": "slot", "name": name, "value": value})

    def action(self, name: str) -> None:
        self.add({"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0, "action_text": None,
                  "hide_rule_turn": False})

    def session_start(self, at: float) -> None:
        self.t = at
        declared_channel = None if self.channel == "rest" else self.channel
        meta = {k: v for k, v in (("lang", self.declared), ("channel", declared_channel)) if v}
        self.add({"event": "slot", "name": "session_started_metadata", "value": meta})
        self.action("action_session_start")
        self.add({"event": "session_started"})
        self.add({"event": "slot", "name": "session_started_metadata", "value": meta})
        for name, value in list(self.slots.items()):  # carry_over_slots_to_new_session: true
            self.add({"event": "slot", "name": name, "value": value})
        self.action("action_listen")

    def user(self, text: str, intent: str, gap: float) -> None:
        meta = {}
        if self.declared:
            meta["lang"] = self.declared
        if self.channel != "rest":
            meta["channel"] = self.channel
        self.add({"event": "user", "metadata": {**meta, **META}, "text": text,
                  "parse_data": {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text,
                                 "message_id": uuid.uuid4().hex, "metadata": meta,
                                 "intent_ranking": [{"name": intent, "confidence": 1.0}]},
                  "input_channel": "rest", "message_id": uuid.uuid4().hex}, gap)
        self.add({"event": "user_featurization", "use_text_for_featurization": False})

    def say(self, reply) -> None:
        channel = self.channel if self.channel != "rest" else None
        for kw in utterances(reply, channel):
            self.add({"event": "bot", "text": kw.get("text"),
                      "data": {"elements": None, "quick_replies": None, "buttons": kw.get("buttons"),
                               "attachment": None, "image": None, "custom": kw.get("json_message")}})


def _answer(faq_id: str, category: str, lang: str, decision: str) -> Answer:
    return Answer(decision=decision, faq_id=faq_id, category=category, question=f"{faq_id} の質問",
                  answer=f"{faq_id} の回答です。手数料は300円です。", section=SECTION, documents=["本人確認書類"], fee="300円",
                  url="https://example.jp", updated="2026-04-01", lang=lang, index_version="v1",
                  body=f"{faq_id} の回答です。")


def generate(n: int, start: dt.date, days: int, entries: list[tuple[str, str]], seed: int = 14,
             second_session: float = 0.15, first: int = 0) -> Seeded:
    """`n` senders (numbered from `first`) whose conversations start on days start..start+days-1 (Asia/Tokyo);
    `entries` are the (faq_id, category) answers come from. A share of senders come back for a second
    session later."""
    rng = random.Random(seed)
    out = Seeded()
    for i in range(first, first + n):
        channel = _pick(rng, CHANNELS)
        lang = _pick(rng, LANGS) if channel in ("web", "rest") else rng.choice(("ja", "ja", "ja", "en"))
        # What the client declares: the widget its language (sometimes Japanese though the resident writes
        # another language), the phone line Japanese, plain REST nothing.
        declared = None if channel == "rest" else ("ja" if rng.random() < 0.15 else lang)
        sender = f"{channel}-{i:06d}-{uuid.UUID(int=rng.getrandbits(128)).hex[:8]}"
        w = _Writer(sender, channel, declared)
        day = start + dt.timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), HOURS)[0]
        at = dt.datetime.combine(day, dt.time(hour, rng.randrange(60), rng.randrange(60)), JST).timestamp()
        sessions = 2 if rng.random() < second_session else 1
        for s_no in range(sessions):
            if s_no:
                at = w.t + rng.choice((2 * 3600, 26 * 3600, 3 * 86400))  # well past the 60-minute expiry
            w.session_start(at)
            out.sessions += 1
            _session(rng, w, out, lang, entries)
        out.conversations[sender] = w.events
    return out


def _session(rng: random.Random, w: _Writer, out: Seeded, lang: str, entries) -> None:
    turns = rng.choices((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))[0]
    first = True
    last_answer: str | None = None
    awaiting = False
    clarified: list[tuple[str, str]] = []
    misses = 0
    conv_lang = w.slots.get("language") or None
    for _ in range(turns):
        gap = rng.uniform(5, 300)
        when = dt.datetime.fromtimestamp(w.t + gap, JST)
        if not first and awaiting and last_answer and rng.random() < 0.6:
            helpful = rng.random() < 0.7
            w.user("はい" if helpful else "いいえ", "affirm" if helpful else "deny", gap)
            w.action("action_feedback")
            w.say(Text("お役に立ててよかったです。" if helpful else "担当課にお電話ください。"))
            w.slot("awaiting_feedback", False)
            w.slot("rating", {"faq_id": last_answer, "helpful": helpful})
            w.action("action_listen")
            out.turns.append(SeededTurn(when, w.channel, conv_lang or w.declared or "ja", "other",
                                        rated_faq=last_answer, helpful=helpful, new_conversation=first))
            awaiting, first = False, False
            continue
        if clarified and rng.random() < 0.6:
            faq_id, category = rng.choice(clarified)
            clarified = []
            w.user(f'/ask_faq{{"faq_id":"{faq_id}"}}', "ask_faq", gap)
            w.action("action_answer_faq")
            conv_lang = conv_lang or lang
            w.say(_answer(faq_id, category, conv_lang, "selected"))
            w.say(Text("この回答で解決しましたか？", ({"title": "はい", "payload": "/feedback_good"},)))
            w.slot("last_faq_id", faq_id)
            w.slot("awaiting_feedback", True)
            w.action("action_listen")
            out.turns.append(SeededTurn(when, w.channel, conv_lang, "selected", faq_id, category,
                                        new_conversation=first))
            last_answer, awaiting, first, misses = faq_id, True, False, 0
            continue
        decision = _pick(rng, DECISIONS)
        clarified = []
        w.user(f"質問 {rng.randrange(10**6)}", "ask_faq", gap)
        if decision == "emergency":
            w.action("utter_emergency")
            w.say(Emergency(numbers=[{"number": "119", "for": "火事・救急"}], guidance="【緊急の場合】119番"))
            w.action("action_emergency")
        elif decision == "other":
            w.action("action_greet")
            w.say(Text("こんにちは。"))
        elif decision == "language":
            new = rng.choice([code for code, _ in LANGS if code != (conv_lang or lang)])
            w.action("action_set_language")
            w.say(Language(lang=new, message="OK"))
            lang = new
        else:
            w.action("action_answer_faq")
        if decision not in ("other", "emergency"):
            lang_now = lang
            if conv_lang != lang_now:
                w.slot("language", lang_now)
                conv_lang = lang_now
        elif conv_lang is None and rng.random() < 0.5:
            w.slot("language", lang)
            conv_lang = lang
        faq_id = category = ""
        if decision == "answer":
            faq_id, category = rng.choice(entries)
            w.say(_answer(faq_id, category, conv_lang, "answer"))
            w.say(Text("この回答で解決しましたか？", ({"title": "はい", "payload": "/feedback_good"},)))
            w.slot("last_faq_id", faq_id)
            w.slot("awaiting_feedback", True)
            last_answer, awaiting = faq_id, True
        elif decision == "clarify":
            clarified = rng.sample(entries, 3)
            w.say(Clarify(message="いくつか近いご案内があります。", candidates=[
                {"faq_id": f, "question": f"{f} の質問", "payload": f'/ask_faq{{"faq_id":"{f}"}}'} for f, _ in clarified]))
            awaiting = False
        elif decision == "redirect":
            w.say(Redirect(message="それは国の窓口です。", redirect="passport", name="旅券センター", main_phone="03-0555-1111"))
        elif decision == "fallback":
            misses += 1
            if misses >= 2:
                w.say(Handoff(message="職員におつなぎします。", reason=HandoffReason.FALLBACKS, main_phone="03-0555-1111",
                              main_hours="平日", section=SECTION))
                misses = 0
            else:
                w.say(Fallback(message="申し訳ありません。", section=SECTION, main_phone="03-0555-1111", fallback_count=1))
        elif decision == "handoff":
            w.say(Handoff(message="職員におつなぎします。", reason=HandoffReason.ASKED, main_phone="03-0555-1111",
                          main_hours="平日"))
        if decision != "fallback":
            misses = 0
        w.action("action_listen")
        recorded = "other" if decision == "language" else decision
        out.turns.append(SeededTurn(when, w.channel, conv_lang or w.declared or "ja", recorded, faq_id, category,
                                    new_conversation=first))
        first = False


# ---- the tracker store ---------------------------------------------------------------------------

def create_tracker(url: str):
    """An engine on a new tracker store with Rasa 3.6's `events` table (admin/conversations.py's copy of
    SQLTrackerStore.SQLEvent)."""
    from sqlalchemy import create_engine

    from admin.conversations import create_schema

    engine = create_engine(url)
    create_schema(engine)
    return engine


def write(engine, conversations: dict[str, list[dict]], batch: int = 20000) -> int:
    """Insert the events as Rasa's SQLTrackerStore.save does (type_name, intent_name, action_name = the
    event's name, data = its JSON), conversation after conversation; returns the number of rows."""
    from admin.conversations import EVENTS

    rows: list[dict] = []
    n = 0
    with engine.begin() as conn:
        for sender, events in conversations.items():
            for ev in events:
                rows.append({"sender_id": sender, "type_name": ev["event"], "timestamp": ev.get("timestamp"),
                             "intent_name": (ev.get("parse_data") or {}).get("intent", {}).get("name"),
                             "action_name": ev.get("name"), "data": json.dumps(ev)})
                if len(rows) >= batch:
                    conn.execute(EVENTS.insert(), rows)
                    n += len(rows)
                    rows = []
        if rows:
            conn.execute(EVENTS.insert(), rows)
            n += len(rows)
    return n
