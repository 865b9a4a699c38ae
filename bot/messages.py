"""What the actions send to the channels: one type per kind of reply, and the form each channel gets.

A reply is one of the payload classes below, or `Text` (a sentence without a payload, the same in
every channel). `utterances(reply, channel)` turns it into the kwargs of rasa_sdk's
`dispatcher.utter_message`, and `say(dispatcher, channel, *replies)` sends them:

* the web widget (channel "web", declared in the message metadata, see actions/staff.py `channel_of`)
  gets the payload with everything it shows, and a text only for what the payload does not carry
  (the emergency guidance, which domain.yml's utter_emergency sends the same way). There is no text
  twin of an answer: web/widget/madoguchi-widget.js renders each type from its payload.
* every other channel (Rasa REST without metadata, the phone line "phone", browser voice "web-voice",
  a future LINE bridge) gets the whole reply as text (and buttons), plus a *marker*: the
  payload without what a person reads (that is in the text), keeping what a program acts on: the
  type, entry ids, choices, counts, numbers to dial. voice/rasa_client.py reads the markers (a
  fallback's count, a handoff).

Pure Python, no rasa or rasa_sdk import: the actions (3.11), Rasa (3.10), voice/ and the tests load it.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar, Iterable, Optional, Sequence, TypedDict


class Kind(str, Enum):
    """Every custom payload type ("type" in the payload). The widget renders each one."""

    ANSWER = "faq_answer"      # an entry of the knowledge base
    CLARIFY = "faq_clarify"    # close entries to choose from
    REDIRECT = "faq_redirect"  # another office handles it (knowledge/redirects.py)
    FALLBACK = "faq_fallback"  # nothing found; carries Rasa's fallback_count (misses in a row)
    HANDOFF = "handoff"        # a person takes over: the ward's number (asked for, or after repeated misses)
    EMERGENCY = "emergency"    # 119 / 110 / #7119 as call links (also domain.yml's utter_emergency)
    LANGUAGE = "language"      # the conversation's language was set (the widget remembers it)
    NOTICE = "notice"          # the emergency notice staff issued (actions/staff.py), once a session
    GUIDE_QUESTION = "guide_question"    # 手続きナビ: one question, with its answer buttons (actions/guide.py)
    GUIDE_CHECKLIST = "guide_checklist"  # 手続きナビ: the household's procedures, grouped by counter


class HandoffReason(str, Enum):
    ASKED = "asked"          # the resident asked for a person (action_handoff)
    FALLBACKS = "fallbacks"  # Rasa missed FALLBACKS_BEFORE_HANDOFF times in a row (action_answer_faq)


# Channels, as clients declare them in metadata.channel (else Rasa's input channel name, e.g. "rest").
WEB = "web"              # web/widget/madoguchi-widget.js
PHONE = "phone"          # voice/phone.py
WEB_VOICE = "web-voice"  # voice/web.py
LINE = "line"            # bot/line (the LINE official account's bridge)
SPOKEN_CHANNELS = (PHONE, WEB_VOICE)  # their messages are speech transcripts
STRUCTURED_CHANNELS = frozenset({WEB})  # render payloads; every other channel gets text and markers
# Text channels that get the whole payload beside the text, not the marker: LINE sends the text but
# draws an answer as a Flex card from its payload (section, phone, hours, documents, link).
FULL_PAYLOAD_CHANNELS = frozenset({LINE})
# The marker kinds a voice client acts on (voice/rasa_client.py, voice/dialogue.py).
VOICE_KINDS = (Kind.FALLBACK, Kind.HANDOFF)


def structured(channel: Optional[str]) -> bool:
    return channel in STRUCTURED_CHANNELS


# --- payload parts ---------------------------------------------------------------------------------

class Section(TypedDict):
    key: str
    name: str
    phone: str
    counter: str
    hours: str


class Candidate(TypedDict):
    faq_id: str
    question: str  # the button's title
    payload: str   # what the button sends: /ask_faq{"faq_id":"…"}


EmergencyNumber = TypedDict("EmergencyNumber", {"number": str, "for": str})

_LOCAL = {"local": True}      # used to build the texts, never sent in the payload
_OPTIONAL = {"optional": True}  # left out of the payload when None


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Text:
    """A sentence that is the same in every channel (greeting, prompts, the feedback question…)."""

    text: str
    buttons: Sequence[dict] = ()


@dataclass(frozen=True)
class Payload:
    """A reply with a custom payload. Subclasses set `kind`, and `DISPLAY`: the fields a person reads,
    which a text channel gets in the text instead (its marker leaves them out)."""

    kind: ClassVar[Kind]
    DISPLAY: ClassVar[tuple[str, ...]] = ()
    TEXT_BESIDE: ClassVar[bool] = False  # the text goes with the payload in every channel (emergency)

    def custom(self) -> dict:
        """The payload the widget renders (the full form)."""
        out: dict[str, Any] = {"type": self.kind.value}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("local") or (f.metadata.get("optional") and value is None):
                continue
            out[f.name] = _json(value)
        return out

    def marker(self) -> dict:
        """What a text channel gets beside the text: the payload without what the text says."""
        return {k: v for k, v in self.custom().items() if k not in self.DISPLAY}

    def plain(self) -> str:
        """The whole reply as text: what a text channel shows or speaks."""
        return getattr(self, "message")

    def texts(self) -> list[Text]:
        """The reply as text messages for a text channel (the marker goes with the last)."""
        return [Text(self.plain(), self.buttons())]

    def buttons(self) -> list[dict]:
        return []

    def repeat(self) -> str:
        """What `repeat` says again (slot last_answer)."""
        return self.plain()

    @classmethod
    def from_custom(cls, custom: dict) -> "Payload":
        """The payload class of a full custom dict (e.g. domain.yml's), checked field by field."""
        data = dict(custom)
        kind = Kind(data.pop("type"))
        sub = PAYLOADS[kind]
        local = {f.name for f in dataclasses.fields(sub) if f.metadata.get("local")}
        return sub(**data, **{name: "" for name in local})


@dataclass(frozen=True)
class Answer(Payload):
    """An entry in the resident's language: knowledge/render.py answer_payload's fields."""

    kind = Kind.ANSWER
    DISPLAY = ("question", "answer", "section", "documents", "fee", "url", "updated", "note", "content_langs",
               "ruby")

    decision: str  # answer | selected (a clarify button)
    faq_id: str
    category: str
    question: str
    answer: str
    section: Section
    documents: Sequence[str]
    fee: Optional[str]
    url: Optional[str]
    updated: Optional[str]
    lang: str
    index_version: str
    note: Optional[str] = field(default=None, metadata=_OPTIONAL)  # no translation in this language: says so
    content_langs: Optional[Sequence[str]] = field(default=None, metadata=_OPTIONAL)
    ruby: Optional[Sequence[Sequence[Optional[str]]]] = field(default=None, metadata=_OPTIONAL)  # furigana
    body: str = field(default="", metadata=_LOCAL)  # the answer as text (knowledge/render.py answer_text)

    @classmethod
    def from_render(cls, payload: dict, body: str) -> "Answer":
        """From knowledge.render.answer_payload(...) and answer_text(payload). An unknown field fails loudly."""
        data = dict(payload)
        if Kind(data.pop("type")) is not Kind.ANSWER:
            raise ValueError(f"not an answer payload: {payload.get('type')}")
        return cls(**data, body=body)

    def plain(self) -> str:  # = knowledge.render.resident_text
        return f"{self.note}\n{self.body}" if self.note else self.body

    def texts(self) -> list[Text]:
        return ([Text(self.note)] if self.note else []) + [Text(self.body)]


@dataclass(frozen=True)
class Clarify(Payload):
    kind = Kind.CLARIFY
    DISPLAY = ("message",)

    message: str  # 「どれについてお知りになりたいですか」
    candidates: Sequence[Candidate]

    def buttons(self) -> list[dict]:
        return [{"title": c["question"], "payload": c["payload"]} for c in self.candidates]

    def repeat(self) -> str:
        return "\n".join([self.message] + [f"・{c['question']}" for c in self.candidates])


@dataclass(frozen=True)
class Redirect(Payload):
    kind = Kind.REDIRECT
    DISPLAY = ("message", "name")

    message: str
    redirect: str  # knowledge/redirects.py id
    name: str      # who handles it, in the resident's language
    main_phone: str


@dataclass(frozen=True)
class Fallback(Payload):
    kind = Kind.FALLBACK
    DISPLAY = ("message", "section")

    message: str
    section: Optional[Section]  # the nearest entry's section, named in the message
    main_phone: str
    fallback_count: int  # misses in a row, this one included (Rasa's fallback_count slot)


@dataclass(frozen=True)
class Handoff(Payload):
    """The resident is told to call a person: on request, or after repeated misses."""

    kind = Kind.HANDOFF
    DISPLAY = ("message", "main_hours", "section")

    message: str
    reason: HandoffReason
    main_phone: str
    main_hours: str
    section: Optional[Section] = field(default=None, metadata=_OPTIONAL)  # after misses: the nearest section


@dataclass(frozen=True)
class Emergency(Payload):
    """The 119/110/#7119 guidance: its text in every channel, the numbers as call links on screens."""

    kind = Kind.EMERGENCY
    TEXT_BESIDE = True

    numbers: Sequence[EmergencyNumber]
    guidance: str = field(default="", metadata=_LOCAL)

    def plain(self) -> str:
        return self.guidance

    def response(self) -> dict:
        """As a domain response / a bot message has it (domain.yml utter_emergency)."""
        return {"text": self.guidance, "custom": self.custom()}


@dataclass(frozen=True)
class Language(Payload):
    kind = Kind.LANGUAGE
    DISPLAY = ("message",)

    lang: str
    message: Optional[str] = field(default=None, metadata=_OPTIONAL)  # 「日本語でお答えします」

    def plain(self) -> str:
        return self.message or ""


@dataclass(frozen=True)
class Notice(Payload):
    kind = Kind.NOTICE
    DISPLAY = ("message", "text")

    message: str  # label and text: 「【緊急のお知らせ】…」
    id: int
    text: str     # the notice as staff wrote it (or its translation)
    lang: str
    expires: str  # ISO 8601, UTC


@dataclass(frozen=True)
class GuideQuestion(Payload):
    """One question of a guide: the widget shows its options as buttons; text channels get the
    question and the same buttons (the phone line reads them as numbered keys)."""

    kind = Kind.GUIDE_QUESTION
    DISPLAY = ("message", "hint")

    guide: str       # the guide's id
    question: str    # the question's id
    qtype: str       # yesno | choice | number | date
    message: str     # the question, with its progress 「（2/9）」
    options: Sequence[dict]  # buttons: {"title", "payload"}; answers first, then skip / back / stop
    step: int
    total: int
    hint: Optional[str] = field(default=None, metadata=_OPTIONAL)  # how to type a number or a date

    def plain(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message

    def buttons(self) -> list[dict]:
        return [dict(o) for o in self.options]


@dataclass(frozen=True)
class GuideChecklist(Payload):
    """The checklist: knowledge/guide_render.py checklist_payload's fields. Text channels get one
    message per counter (the phone line reads them one at a time) and the marker."""

    kind = Kind.GUIDE_CHECKLIST
    DISPLAY = ("message", "groups", "print_label", "change_label")

    guide: str
    title: str
    message: str
    groups: Sequence[dict]  # [{section, name, phone, counter, hours, items: [{faq_id, title, deadline, …}]}]
    print_url: str
    print_label: str
    change_label: str
    change_payload: str
    lang: str
    body: Sequence[str] = field(default=(), metadata=_LOCAL)  # per counter, as text (guide_render.checklist_texts)

    def plain(self) -> str:
        return "\n".join([self.message, *self.body, f"{self.print_label}: {self.print_url}"])

    def texts(self) -> list[Text]:
        return ([Text(self.message)] + [Text(b) for b in self.body]
                + [Text(f"{self.print_label}: {self.print_url}", self.buttons())])

    def buttons(self) -> list[dict]:
        return [{"title": self.change_label, "payload": self.change_payload}]


PAYLOADS: dict[Kind, type[Payload]] = {cls.kind: cls for cls in (
    Answer, Clarify, Redirect, Fallback, Handoff, Emergency, Language, Notice, GuideQuestion, GuideChecklist)}
Reply = Text | Payload


# --- what each channel gets ------------------------------------------------------------------------

def _text_kwargs(t: Text) -> dict:
    out: dict[str, Any] = {"text": t.text}
    if t.buttons:
        out["buttons"] = [dict(b) for b in t.buttons]
    return out


def utterances(reply: Reply, channel: Optional[str]) -> list[dict]:
    """The utter_message kwargs that send `reply` to `channel`, in order."""
    if isinstance(reply, Text):
        return [_text_kwargs(reply)]
    if structured(channel):
        out: dict[str, Any] = {"json_message": reply.custom()}
        if reply.TEXT_BESIDE:
            out = {"text": reply.plain(), **out}
        return [out]
    marker = reply.custom() if channel in FULL_PAYLOAD_CHANNELS else reply.marker()
    if reply.TEXT_BESIDE:
        return [{"text": reply.plain(), "json_message": marker}]
    msgs = [_text_kwargs(t) for t in reply.texts() if t.text]
    if not msgs:
        return [{"json_message": marker}]
    msgs[-1]["json_message"] = marker
    return msgs


def say(dispatcher, channel: Optional[str], *replies: Reply) -> None:
    """Send each reply to `channel` through a rasa_sdk dispatcher (anything with utter_message)."""
    for reply in replies:
        for kwargs in utterances(reply, channel):
            dispatcher.utter_message(**kwargs)


# --- reading a turn back (tests, benchmarks) --------------------------------------------------------

def customs(replies: Iterable[dict]) -> list[dict]:
    """The custom payloads of one turn's bot messages (Rasa's REST reply), in order."""
    return [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]


def outcome(replies: Iterable[dict]) -> tuple[str, list[str]]:
    """(what one turn gave the resident, the entry ids offered) from its payloads, in either form:
    emergency | answer | clarify | redirect | fallback (also the handoff after repeated misses) |
    handoff (asked for a person) | other (small talk, a language switch: nothing was searched)."""
    by_kind = {c.get("type"): c for c in customs(replies)}
    if Kind.EMERGENCY.value in by_kind:
        return "emergency", []
    if Kind.ANSWER.value in by_kind:
        return "answer", [by_kind[Kind.ANSWER.value]["faq_id"]]
    if Kind.CLARIFY.value in by_kind:
        return "clarify", [c["faq_id"] for c in by_kind[Kind.CLARIFY.value]["candidates"]]
    if Kind.REDIRECT.value in by_kind:
        return "redirect", []
    handoff = by_kind.get(Kind.HANDOFF.value)
    if Kind.FALLBACK.value in by_kind or (handoff and handoff.get("reason") == HandoffReason.FALLBACKS.value):
        return "fallback", []
    if handoff:
        return "handoff", []
    return "other", []
