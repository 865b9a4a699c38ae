"""手続きナビ (procedure guides): a few questions, and the household gets its own checklist.

A guide is staff-edited data, `knowledge/data/guides/<id>.yml` (format: knowledge/data/README.md):
questions with typed answers and rules (`procedures`) that each select one KB entry under a
condition, optionally with a deadline and a note. Counter, hours, documents, fee, online channels and
translations all come from the entry; a guide never repeats them. Guides travel with the KB: they are
part of a release's files (knowledge.store.yaml_files → `changes["files"]["guides"]`), validated again
at publish against the release's published entries, and served from `current/entries.json`
(knowledge.published.published_guides()).

The API (stdlib and PyYAML only: the Rasa venv imports it too)

    load_guides(data_dir) -> {id: Guide}             read and validate guides/*.yml (GuideError, each problem
                                                     file:line: field: reason)
    knowledge.published.published_guides() / published_guide(id)   what residents are served (the release's)
    guides_from_list(items, entry_ids, sections)     the same from plain data (a release's files, entries.json)
    guides_to_list(guides) -> [dict]                 plain data, JSON-able; guides_from_list inverts it
    next_question(guide, answers) -> Question|None   the next question to ask (None: ready for the checklist)
    applicable(guide, answers) -> answers            only the answers that count (after a changed answer)
    parse_answer(question, text, lang, today)        a free-text answer in any of the ten languages → value,
                                                     SKIP ("わからない", "skip": store None), or None (not understood)
    checklist(guide, answers, entries_by_id, today, ward=None) -> [Item]   in the order to go to the counters
    by_counter(items) -> [(section, counter, [Item])]                        the same, grouped
    encode_answers(guide, answers) -> str / decode_answers(guide, token) -> answers (TokenError)
    text_in(texts, lang) -> str                      a guide text (title, intro, question, label, note) in `lang`

Answers are `{question id: value}`: yesno → bool, choice → the choice's value, number → int ≥ 0,
date → "YYYY-MM-DD" (a datetime.date is accepted too). A question present with None was skipped by the
resident; a question absent was not asked yet. Everything else about an answer set is decided here:

* **Conditions** (`when:` of a procedure, `ask_if:` of a question) are data: `{question: value}`,
  `{question: [value, …]}` (one of), `{question: {min: 1, max: 3}}` (numbers), and for dates how many
  days before the day of use, `{moving_date: {min_days_ago: 15}}` (a late filing) or
  `{marriage_date: {max_days_ago: 0}}` (not yet registered), or its month, `{start_date: {months: [4]}}`;
  every key must hold. Deadlines: `{from: <date>, days: N}`, `before: true`, `years: N`, or
  `{month_day: 10, months_before: 1, weekday_earlier: true}` (the 10th of the month before, a weekend
  moved to the Friday before).
* **Missing answers** are three-valued. A condition on a question that was skipped (or answered with a
  choice marked `unknown: true`, like 健康保険「わからない」) is *unknown*: the procedure is still in
  the checklist, marked `conditional` (its notes say "if this applies"), rather than silently dropped;
  one false key drops it. A condition on a question that was not asked because its own `ask_if` was
  false is false (the question does not apply to this household). A question whose `ask_if` is
  unknown is asked.
* **Several rules, one entry**: a procedure selected by several rules appears once: definite if any
  rule holds, conditional if it was only selected by unknown ones; notes and the earliest deadline
  come from the rules that selected it (holding rules first). So two rules for one entry are an "or".
* **Deadlines**: `{from: <date question>, days: N}` is N days after the answer; `before: true` means
  "before that date" (minus `days`, e.g. a week before moving). Without the date, `deadline` is None
  and `deadline_rule` still tells the resident "within 14 days of moving".
* **Order**: items are grouped by counter (the entry's section and counter) and the groups ordered
  as the ward's sections are listed in ward.yml (区民課 and 戸籍 on the 1st floor, then マイナンバー,
  国保年金, 税務, 子育て・保育, 介護・高齢・障害, then the offices outside the main building), except
  that a guide may put some sections first (`counter_order: [koseki]`: the death or marriage
  registration before anything at 区民課). Within a counter, items keep the order of their rules in
  the file. Pass the published ward (`ward=`) for this order; without it, groups keep rule order.
* **Online**: the entry model has no online field, so `online` is read from the entry's Japanese
  answer: true when one sentence names an online channel (電子申請, マイナポータル, インターネット,
  オンライン, スマートフォン, パソコン) together with something the resident can do there
  (できます, 出せます, 行えます, 受け付け, 申し込み, 申請, 届け出), leaving out parenthetical
  qualifications of who is meant (「（マイナポータルでの転出を含む）」). So "マイナポータルからの電子申請も
  できます" counts and "オンライン手続きが使えなくなります" does not; an entry that says nothing of it is
  not online. The flag is the entry's, not the situation's: an entry whose online route covers only part
  of what it describes (inu-003: changes within the ward, not the first registration) is online.
* **Tokens**: encode_answers packs the answers (nothing else: no name, no address) into a short
  URL-safe string in question order, with a checksum over the guide id and its question schema, so a
  hand-edited or truncated token, or one made before staff changed the questions, is refused.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .facts import differences
from .guide_answers import SKIP, parse as _parse_answer
from .kb import DATA_DIR, KBError, Problem, _read_yaml
from .languages import LANGUAGES, fallback_chain

log = logging.getLogger(__name__)

LANGS = tuple(LANGUAGES)  # ja, ja-easy, en, zh, ko, vi, ne, pt, es, tl
TYPES = ("yesno", "choice", "number", "date")
EXPECTS = ("past", "future")
GUIDE_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_NUMBER = 99
DIR_NAME = "guides"


class GuideError(KBError):
    """Problems in the guides, each `file:line: field: reason` (a KBError, so every caller that reports
    the KB's problems reports these too)."""


class TokenError(ValueError):
    """An answers token that was not made by encode_answers for this guide (edited, cut, or stale)."""


# ---- the model ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # other words residents use, per language
    unknown: bool = False  # an answer that says nothing ("わからない"): conditions on it are unknown


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: dict[str, str]
    choices: tuple[Choice, ...] = ()
    ask_if: dict = field(default_factory=dict)
    expect: str = ""  # date questions: "past" (a birth), "future" (a start date), "" either

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Deadline:
    anchor: str  # a date question's id (`from:` in the YAML)
    days: int = 0
    before: bool = False
    years: int = 0  # calendar years after the anchor (「出産の翌日から2年」); 29 Feb → 28 Feb
    month_day: int = 0  # a day of the month before the anchor's (「希望する月の前月10日」), with months_before
    months_before: int = 0
    weekday_earlier: bool = False  # on a Saturday or Sunday: the Friday before (holidays are not known)


@dataclass(frozen=True)
class Procedure:
    entry: str
    when: dict = field(default_factory=dict)
    deadline: Deadline | None = None
    note: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Guide:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    questions: tuple[Question, ...]
    procedures: tuple[Procedure, ...]
    counter_order: tuple[str, ...] = ()
    order: int = 100

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass(frozen=True)
class Item:
    """One procedure of a household's checklist."""

    entry_id: str
    section: str        # the entry's section key (ward.yml)
    counter: str        # the entry's counter (Japanese; render.section_of gives it per language)
    deadline: dt.date | None
    deadline_rule: Deadline | None
    online: bool
    conditional: bool   # selected only through an answer the resident skipped
    overdue: bool       # the deadline is before `today`
    notes: tuple[dict[str, str], ...] = ()

    @property
    def before(self) -> bool:
        """To be done before the anchor date (e.g. before moving), not after it."""
        return bool(self.deadline_rule and self.deadline_rule.before)

    def note_texts(self, lang: str) -> list[str]:
        """The notes in `lang`, "if this applies" first for a conditional item."""
        out = [text_in(IF_APPLIES, lang)] if self.conditional else []
        return out + [text_in(n, lang) for n in self.notes]


IF_APPLIES = {
    "ja": "該当する場合の手続きです。", "ja-easy": "あてはまる ときだけ ひつようです。",
    "en": "Only if this applies to you.", "zh": "仅在适用于您的情况下需要办理。",
    "ko": "해당하는 경우에만 필요합니다.", "vi": "Chỉ cần nếu trường hợp của bạn áp dụng.",
    "ne": "तपाईंलाई लागू हुन्छ भने मात्र।", "pt": "Somente se for o seu caso.",
    "es": "Solo si es su caso.", "tl": "Kung naaangkop lamang sa iyo.",
}


def text_in(texts: Mapping[str, str], lang: str) -> str:
    """A guide text in `lang` (validated guides have all ten; otherwise the usual fallback chain)."""
    for shown in fallback_chain(lang):
        if texts.get(shown):
            return texts[shown]
    return next(iter(texts.values()), "")


# ---- reading and validation --------------------------------------------------------------------------

class _Reader:
    """Collects `file:line: field: reason` problems while turning plain data into the model."""

    def __init__(self, where: str, problems: list[Problem]):
        self.where, self.problems = where, problems

    def bad(self, node: Any, key: str | None, field_: str, reason: str) -> None:
        line = 0
        if isinstance(node, dict):
            line = (node.get("__lines__") or {}).get(key, node.get("__line__", 0)) if key else node.get("__line__", 0)
        self.problems.append(Problem(self.where, line, field_, reason))

    def texts(self, node: dict, key: str, path: str, required: bool = True) -> dict[str, str]:
        value = node.get(key)
        if value is None:
            if required:
                self.bad(node, key, path, f"is required in every language ({', '.join(LANGS)})")
            return {}
        if not isinstance(value, dict):
            self.bad(node, key, path, f"must be a mapping of language to text ({', '.join(LANGS)})")
            return {}
        out: dict[str, str] = {}
        for lang, t in value.items():
            if str(lang).startswith("__"):
                continue
            if lang not in LANGUAGES:
                self.bad(value, lang, f"{path}.{lang}", f"unknown language (expected {', '.join(LANGS)})")
            elif not isinstance(t, str) or not t.strip():
                self.bad(value, lang, f"{path}.{lang}", "must be non-empty text")
            else:
                out[lang] = " ".join(t.split())
        missing = [lang for lang in LANGS if lang not in out and lang not in value]
        if missing:
            self.bad(node, key, path, f"missing {', '.join(missing)}")
        if "ja" in out:  # fees, amounts, phone numbers: the same in every language (knowledge/facts.py)
            for lang, t in out.items():
                diff = differences(out["ja"], t) if lang != "ja" else None
                if diff:
                    self.bad(value, lang, f"{path}.{lang}", f"numbers differ from ja: {diff}")
        return out

    def unknown_fields(self, node: dict, known: Iterable[str], path: str) -> None:
        for k in node:
            if not str(k).startswith("__") and k not in known:
                self.bad(node, k, f"{path}.{k}" if path else str(k), f"unknown field (expected {', '.join(known)})")


def _condition(r: _Reader, node: dict, key: str, path: str, questions: dict[str, Question],
               allowed: set[str] | None = None) -> dict:
    """A validated condition, as plain data: {question id: bool | str | int | [..] | {min, max}}."""
    cond = node.get(key)
    if cond is None:
        return {}
    if not isinstance(cond, dict):
        r.bad(node, key, path, "must be a mapping of question id to the answer(s) it needs")
        return {}
    out: dict = {}
    for qid, want in cond.items():
        if str(qid).startswith("__"):
            continue
        where = f"{path}.{qid}"
        q = questions.get(qid)
        if q is None or (allowed is not None and qid not in allowed):
            known = ", ".join(allowed if allowed is not None else questions) or "none"
            r.bad(cond, qid, where, f"unknown question {qid!r}" + (" (only earlier questions: " if allowed is not None
                                                                    else " (questions: ") + f"{known})")
            continue
        if isinstance(want, dict):
            want = {k: v for k, v in want.items() if not str(k).startswith("__")}
        ok = _check_want(r, cond, qid, where, q, want)
        if ok:
            out[qid] = list(want) if isinstance(want, list) else want
    return out


def _check_want(r: _Reader, node: dict, qid: str, where: str, q: Question, want) -> bool:
    if q.type == "yesno":
        if not isinstance(want, bool):
            r.bad(node, qid, where, f"{qid} is a yes/no question: the condition must be true or false, got {want!r}")
            return False
        return True
    if q.type == "choice":
        values = want if isinstance(want, list) else [want]
        if not values or not all(isinstance(v, str) for v in values):
            r.bad(node, qid, where, f"{qid} is a choice: give a choice value or a list of them, got {want!r}")
            return False
        wrong = [v for v in values if q.choice(v) is None]
        if wrong:
            r.bad(node, qid, where, f"{', '.join(map(repr, wrong))} is not a choice of {qid} "
                                    f"({', '.join(c.value for c in q.choices)})")
            return False
        return True
    if q.type == "number":
        def is_int(v):
            return isinstance(v, int) and not isinstance(v, bool) and v >= 0
        if isinstance(want, dict):
            if not want or set(want) - {"min", "max"} or not all(is_int(v) for v in want.values()):
                r.bad(node, qid, where, f"{qid} is a number: use {{min: N}}, {{max: N}} or both, with whole numbers ≥ 0")
                return False
            if "min" in want and "max" in want and want["min"] > want["max"]:
                r.bad(node, qid, where, f"min {want['min']} is above max {want['max']}")
                return False
            return True
        values = want if isinstance(want, list) else [want]
        if not values or not all(is_int(v) for v in values):
            r.bad(node, qid, where, f"{qid} is a number: give a whole number ≥ 0, a list of them or {{min, max}}, got {want!r}")
            return False
        return True
    # a date: how many days before the day the guide is used (negative: after it), e.g. a late filing
    # {moving_date: {min_days_ago: 15}}, or a marriage not yet registered {marriage_date: {max_days_ago: 0}}
    if isinstance(want, dict) and want and not set(want) - {"min_days_ago", "max_days_ago", "months"} and all(
            (isinstance(v, list) and v and all(isinstance(m, int) and 1 <= m <= 12 for m in v)) if k == "months"
            else (isinstance(v, int) and not isinstance(v, bool)) for k, v in want.items()):
        return True
    r.bad(node, qid, where, f"{qid} is a date: use {{min_days_ago: N}} and/or {{max_days_ago: N}} (days before "
                            "the day the guide is used), or use the date for a deadline")
    return False


def _parse_question(r: _Reader, raw, i: int, earlier: dict[str, Question]) -> Question | None:
    path = f"questions[{i}]"
    if not isinstance(raw, dict):
        r.problems.append(Problem(r.where, 0, path, "must be a mapping (id, type, text, …)"))
        return None
    before = len(r.problems)
    qid = raw.get("id")
    if not isinstance(qid, str) or not KEY_RE.match(qid):
        r.bad(raw, "id", f"{path}.id", f"must be lower-case letters, digits and _ (got {qid!r})")
        qid = f"?{i}"
    elif qid in earlier:
        r.bad(raw, "id", f"{path}.id", f"duplicate question id {qid!r}")
    path = f"questions.{qid}"
    r.unknown_fields(raw, ("id", "type", "text", "choices", "ask_if", "expect"), path)
    qtype = raw.get("type")
    if qtype not in TYPES:
        r.bad(raw, "type", f"{path}.type", f"{qtype!r} is not one of {', '.join(TYPES)}")
    text = r.texts(raw, "text", f"{path}.text")
    choices: list[Choice] = []
    raw_choices = raw.get("choices")
    if qtype == "choice":
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            r.bad(raw, "choices", f"{path}.choices", "a choice question needs a list of at least 2 choices")
            raw_choices = raw_choices if isinstance(raw_choices, list) else []
        for j, c in enumerate(raw_choices):
            cpath = f"{path}.choices[{j}]"
            if not isinstance(c, dict):
                r.bad(raw, "choices", cpath, "must be a mapping (value, label)")
                continue
            r.unknown_fields(c, ("value", "label", "words", "unknown"), cpath)
            value = c.get("value")
            if not isinstance(value, str) or not KEY_RE.match(value):
                r.bad(c, "value", f"{cpath}.value", f"must be lower-case letters, digits and _ (got {value!r})")
                continue
            if any(x.value == value for x in choices):
                r.bad(c, "value", f"{cpath}.value", f"duplicate choice {value!r}")
            label = r.texts(c, "label", f"{path}.choices.{value}.label")
            words: dict[str, tuple[str, ...]] = {}
            raw_words = c.get("words") or {}
            if not isinstance(raw_words, dict):
                r.bad(c, "words", f"{path}.choices.{value}.words", "must be a mapping of language to a list of words")
                raw_words = {}
            for lang, ws in raw_words.items():
                if str(lang).startswith("__"):
                    continue
                if lang not in LANGUAGES:
                    r.bad(raw_words, lang, f"{path}.choices.{value}.words.{lang}", "unknown language")
                elif not isinstance(ws, list) or not all(isinstance(w, str) and w.strip() for w in ws):
                    r.bad(raw_words, lang, f"{path}.choices.{value}.words.{lang}", "must be a list of non-empty strings")
                else:
                    words[lang] = tuple(w.strip() for w in ws)
            unknown = c.get("unknown", False)
            if not isinstance(unknown, bool):
                r.bad(c, "unknown", f"{path}.choices.{value}.unknown", "must be true or false")
                unknown = False
            choices.append(Choice(value, label, words, unknown))
    elif raw_choices is not None:
        r.bad(raw, "choices", f"{path}.choices", f"only choice questions have choices ({qid} is {qtype})")
    expect = raw.get("expect") or ""
    if expect and (qtype != "date" or expect not in EXPECTS):
        r.bad(raw, "expect", f"{path}.expect", f"only date questions have expect, one of {', '.join(EXPECTS)}")
        expect = ""
    ask_if = _condition(r, raw, "ask_if", f"{path}.ask_if", earlier, allowed=set(earlier))
    if len(r.problems) > before:
        return None
    return Question(qid, qtype, text, tuple(choices), ask_if, expect)


def _parse_guide(raw, where: str, problems: list[Problem], entry_ids: set[str] | None,
                 sections: Iterable[str] | None, stem: str | None = None) -> Guide | None:
    r = _Reader(where, problems)
    if not isinstance(raw, dict):
        problems.append(Problem(where, 1, "guide", "must be a mapping (id, title, intro, questions, procedures)"))
        return None
    before = len(problems)
    r.unknown_fields(raw, ("id", "order", "title", "intro", "counter_order", "questions", "procedures"), "")
    gid = raw.get("id")
    if not isinstance(gid, str) or not GUIDE_ID_RE.match(gid):
        r.bad(raw, "id", "id", f"must be lower-case words joined by - (got {gid!r})")
    elif stem is not None and gid != stem:
        r.bad(raw, "id", "id", f"{gid!r} must match the file name ({stem}.yml)")
    order = raw.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        r.bad(raw, "order", "order", f"must be a whole number (menu position), got {order!r}")
        order = 100
    title = r.texts(raw, "title", "title")
    intro = r.texts(raw, "intro", "intro")
    section_keys = list(sections) if sections is not None else None
    counter_order = raw.get("counter_order") or []
    if not isinstance(counter_order, list) or not all(isinstance(s, str) for s in counter_order):
        r.bad(raw, "counter_order", "counter_order", "must be a list of section keys (ward.yml)")
        counter_order = []
    elif section_keys is not None:
        for s in counter_order:
            if s not in section_keys:
                r.bad(raw, "counter_order", "counter_order", f"unknown section {s!r} (see ward.yml)")
    questions: dict[str, Question] = {}
    raw_qs = raw.get("questions")
    if not isinstance(raw_qs, list) or not raw_qs:
        r.bad(raw, "questions", "questions", "must be a non-empty list")
        raw_qs = []
    for i, rq in enumerate(raw_qs):
        q = _parse_question(r, rq, i, questions)
        if q is not None:
            questions[q.id] = q
    procedures: list[Procedure] = []
    raw_ps = raw.get("procedures")
    if not isinstance(raw_ps, list) or not raw_ps:
        r.bad(raw, "procedures", "procedures", "must be a non-empty list")
        raw_ps = []
    for i, rp in enumerate(raw_ps):
        path = f"procedures[{i}]"
        if not isinstance(rp, dict):
            problems.append(Problem(where, 0, path, "must be a mapping (entry, when, deadline, note)"))
            continue
        r.unknown_fields(rp, ("entry", "when", "deadline", "note"), path)
        eid = rp.get("entry")
        if not isinstance(eid, str) or not eid:
            r.bad(rp, "entry", f"{path}.entry", "is required (a KB entry id)")
            eid = ""
        elif entry_ids is not None and eid not in entry_ids:
            r.bad(rp, "entry", f"{path}.entry", f"unknown entry {eid!r} (no published entry has this id)")
        when = _condition(r, rp, "when", f"{path}.when", questions)
        deadline = None
        rd = rp.get("deadline")
        if rd is not None:
            if not isinstance(rd, dict):
                r.bad(rp, "deadline", f"{path}.deadline", "must be {from: <date question>, days: N} (or before: true)")
            else:
                r.unknown_fields(rd, ("from", "days", "before", "years", "month_day", "months_before", "weekday_earlier"),
                                 f"{path}.deadline")
                anchor, days, before_ = rd.get("from"), rd.get("days", 0), rd.get("before", False)
                extra = {k: rd[k] for k in ("years", "month_day", "months_before") if k in rd}
                for k, v in extra.items():
                    if not isinstance(v, int) or isinstance(v, bool) or v < 0 or (k == "month_day" and not 1 <= v <= 28):
                        r.bad(rd, k, f"{path}.deadline.{k}", f"must be a whole number ≥ 0{' (1–28)' if k == 'month_day' else ''}, got {v!r}")
                        extra = None
                        break
                aq = questions.get(anchor) if isinstance(anchor, str) else None
                ok = True
                if aq is None or aq.type != "date":
                    dates = ", ".join(q.id for q in questions.values() if q.type == "date") or "none"
                    r.bad(rd, "from", f"{path}.deadline.from", f"must be a date question of this guide ({dates}), got {anchor!r}")
                    ok = False
                if not isinstance(days, int) or isinstance(days, bool) or days < 0:
                    r.bad(rd, "days", f"{path}.deadline.days", f"must be a whole number of days ≥ 0, got {days!r}")
                    ok = False
                if not isinstance(before_, bool):
                    r.bad(rd, "before", f"{path}.deadline.before", "must be true or false")
                    ok = False
                if ok and extra is not None:
                    deadline = Deadline(anchor, days, before_, weekday_earlier=bool(rd.get("weekday_earlier")), **extra)
        note = r.texts(rp, "note", f"{path}.note", required=False) if rp.get("note") is not None else {}
        procedures.append(Procedure(eid, when, deadline, note))
    if len(problems) > before:
        return None
    return Guide(gid, title, intro, tuple(questions.values()), tuple(procedures), tuple(counter_order), order)


def _published_ids(data_dir: Path) -> tuple[set[str], list[str]]:
    from .kb import load_entries, load_ward

    ward = load_ward(data_dir)
    return {e.id for e in load_entries(data_dir, ward) if e.published}, list(ward.sections)


def load_guides(data_dir: Path | str = DATA_DIR, entry_ids: Iterable[str] | None = None,
                sections: Iterable[str] | None = None) -> dict[str, Guide]:
    """Every guides/*.yml of a KB directory, validated; raises GuideError listing all problems.

    Procedures must name published entries and counter_order known sections: by default those of the
    same directory (its entries/ and ward.yml); the publisher passes the release's own. No guides/
    directory: no guides."""
    data_dir = Path(data_dir)
    paths = sorted((data_dir / DIR_NAME).glob("*.yml"))
    if not paths:
        return {}
    if entry_ids is None or sections is None:
        ids, keys = _published_ids(data_dir)
        entry_ids = ids if entry_ids is None else entry_ids
        sections = keys if sections is None else sections
    ids, keys = set(entry_ids), list(sections)
    problems: list[Problem] = []
    guides: list[Guide] = []
    for path in paths:
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        g = _parse_guide(raw, str(path), problems, ids, keys, stem=path.stem)
        if g is not None:
            guides.append(g)
    _check_unique(guides, problems)
    if problems:
        raise GuideError(problems)
    return {g.id: g for g in sorted(guides, key=lambda g: (g.order, g.id))}


def _check_unique(guides: list[Guide], problems: list[Problem]) -> None:
    seen: set[str] = set()
    for g in guides:
        if g.id in seen:
            problems.append(Problem(f"guides/{g.id}", 0, "id", f"duplicate guide id {g.id!r}"))
        seen.add(g.id)


def guides_from_list(items: list[dict] | None, entry_ids: Iterable[str] | None = None,
                     sections: Iterable[str] | None = None) -> dict[str, Guide]:
    """Guides from plain data (guides_to_list's output: a release's files, entries.json), validated the
    same way; entry_ids / sections None skips those two checks."""
    problems: list[Problem] = []
    guides = []
    ids = set(entry_ids) if entry_ids is not None else None
    for i, raw in enumerate(items or []):
        where = f"guides/{raw.get('id', i) if isinstance(raw, dict) else i}"
        g = _parse_guide(raw, where, problems, ids, sections)
        if g is not None:
            guides.append(g)
    _check_unique(guides, problems)
    if problems:
        raise GuideError(problems)
    return {g.id: g for g in sorted(guides, key=lambda g: (g.order, g.id))}


def guide_to_dict(g: Guide) -> dict:
    """A guide as plain data in the YAML's own shape (`from` for a deadline's anchor)."""
    def question(q: Question) -> dict:
        d: dict = {"id": q.id, "type": q.type, "text": dict(q.text)}
        if q.expect:
            d["expect"] = q.expect
        if q.ask_if:
            d["ask_if"] = dict(q.ask_if)
        if q.choices:
            d["choices"] = [{"value": c.value, "label": dict(c.label),
                             **({"words": {k: list(v) for k, v in c.words.items()}} if c.words else {}),
                             **({"unknown": True} if c.unknown else {})} for c in q.choices]
        return d

    def procedure(p: Procedure) -> dict:
        d: dict = {"entry": p.entry}
        if p.when:
            d["when"] = dict(p.when)
        if p.deadline:
            dl = p.deadline
            d["deadline"] = {"from": dl.anchor, **{k: getattr(dl, k) for k in (
                "days", "before", "years", "month_day", "months_before", "weekday_earlier") if getattr(dl, k)}}
        if p.note:
            d["note"] = dict(p.note)
        return d

    d: dict = {"id": g.id}
    if g.order != 100:
        d["order"] = g.order
    d.update({"title": dict(g.title), "intro": dict(g.intro)})
    if g.counter_order:
        d["counter_order"] = list(g.counter_order)
    d["questions"] = [question(q) for q in g.questions]
    d["procedures"] = [procedure(p) for p in g.procedures]
    return d


def guides_to_list(guides: Mapping[str, Guide] | Iterable[Guide]) -> list[dict]:
    values = guides.values() if isinstance(guides, Mapping) else guides
    return [guide_to_dict(g) for g in values]


def digest(items: list[dict] | None) -> str | None:
    """A short hash of a release's guides (None: it has none), so an index knows which it serves."""
    if not items:
        return None
    blob = json.dumps(items, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


# ---- answers and conditions ----------------------------------------------------------------------------

_NA = object()       # the question does not apply (its ask_if is false)
_UNKNOWN = object()  # skipped, not asked yet, or answered "I don't know"
_TODAY = "__today__"  # the state's key for the day the guide is used (date conditions count from it)


def _coerce(q: Question, value):
    """A stored answer in its canonical type (date → datetime.date); ValueError when it is not one."""
    if q.type == "yesno" and isinstance(value, bool):
        return value
    if q.type == "number" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_NUMBER:
        return value
    if q.type == "choice" and isinstance(value, str) and q.choice(value) is not None:
        return value
    if q.type == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
    raise ValueError(f"{q.id}: {value!r} is not a {q.type} answer"
                     + (f" ({', '.join(c.value for c in q.choices)})" if q.choices else ""))


def _holds(cond: dict, state: dict) -> bool | None:
    """True, False, or None (unknown: it depends on an answer the resident did not give)."""
    result: bool | None = True
    for qid, want in cond.items():
        have = state.get(qid, _UNKNOWN)
        if have is _NA:
            return False
        if have is _UNKNOWN:
            result = None
            continue
        if isinstance(want, dict) and isinstance(have, dt.date):
            today = state.get(_TODAY)
            if today is None and set(want) - {"months"}:  # no day to count from (next_question): cannot tell
                result = None
                continue
            ago = (today - have).days if today is not None else 0
            ok = (want.get("min_days_ago", ago) <= ago <= want.get("max_days_ago", ago)
                  and have.month in want.get("months", [have.month]))
        elif isinstance(want, dict):
            ok = want.get("min", have) <= have <= want.get("max", have)
        elif isinstance(want, list):
            ok = have in want
        else:
            ok = have == want
        if not ok:
            return False
    return result


def _state(guide: Guide, answers: Mapping[str, Any]) -> dict:
    """Each question's effective answer: its value, _UNKNOWN, or _NA (ask_if false)."""
    state: dict = {}
    for q in guide.questions:
        if q.ask_if and _holds(q.ask_if, state) is False:
            state[q.id] = _NA
            continue
        value = answers.get(q.id)
        if value is None:
            state[q.id] = _UNKNOWN
            continue
        value = _coerce(q, value)
        state[q.id] = _UNKNOWN if q.type == "choice" and q.choice(value).unknown else value
    return state


def next_question(guide: Guide, answers: Mapping[str, Any]) -> Question | None:
    """The first question not yet answered (or skipped) whose ask_if is not false; None when done."""
    state = _state(guide, answers)
    for q in guide.questions:
        if q.id not in answers and state[q.id] is not _NA:
            return q
    return None


def applicable(guide: Guide, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers that count: those to questions that apply, in question order (dates as YYYY-MM-DD)."""
    state = _state(guide, answers)
    out = {}
    for q in guide.questions:
        if state[q.id] is _NA or q.id not in answers:
            continue
        v = answers[q.id]
        out[q.id] = None if v is None else (_coerce(q, v).isoformat() if q.type == "date" else _coerce(q, v))
    return out


# ---- the checklist -------------------------------------------------------------------------------------

_ONLINE_CHANNEL = re.compile(r"電子申請|オンライン|マイナポータル|インターネット|スマートフォン|スマホ|パソコン")
_ONLINE_CAN = re.compile(r"でき|出せ|行え|受け付け|受付|申し込|申込|申請|届け出")
_QUALIFIER = re.compile(r"（[^）]*(?:含む|除く)[^）]*）")  # 「（マイナポータルでの転出を含む）」 says who, not how


def online_available(entry) -> bool:
    """Whether the entry says the procedure can be done online (see the module docstring)."""
    for sentence in re.split(r"(?<=[。！？])", _QUALIFIER.sub("", entry.answer or "")):
        if _ONLINE_CHANNEL.search(sentence) and _ONLINE_CAN.search(sentence):
            return True
    return False


def checklist(guide: Guide, answers: Mapping[str, Any], entries_by_id: Mapping[str, Any], today: dt.date,
              ward=None) -> list[Item]:
    """The household's procedures, in the order to go (see the module docstring: conditions, missing
    answers, deadlines, order). `entries_by_id`: the published entries; a rule naming an entry not in
    it is skipped with a warning (a guide is validated against its release, so this means a mismatch)."""
    state = {**_state(guide, answers), _TODAY: today}
    picked: dict[str, dict] = {}
    for i, rule in enumerate(guide.procedures):
        verdict = _holds(rule.when, state)
        if verdict is False:
            continue
        entry = entries_by_id.get(rule.entry)
        if entry is None:
            log.warning("guide %s: entry %s is not published; its procedure is left out", guide.id, rule.entry)
            continue
        acc = picked.setdefault(rule.entry, {"entry": entry, "first": i, "holds": [], "maybe": []})
        acc["holds" if verdict else "maybe"].append(rule)
    section_rank = _section_ranks(guide, ward, [a["entry"] for a in sorted(picked.values(), key=lambda a: a["first"])])
    items: list[tuple[tuple, Item]] = []
    for acc in picked.values():
        entry = acc["entry"]
        rules = acc["holds"] or acc["maybe"]
        deadline, rule_used = None, None
        for rule in rules:
            if rule.deadline is None:
                continue
            d = _deadline_date(rule.deadline, state)
            if rule_used is None or (d is not None and (deadline is None or d < deadline)):
                deadline, rule_used = d, rule.deadline
        notes = tuple(dict.fromkeys(json.dumps(r.note, sort_keys=True, ensure_ascii=False) for r in rules if r.note))
        item = Item(entry_id=entry.id, section=entry.section.key, counter=entry.counter, deadline=deadline,
                    deadline_rule=rule_used, online=online_available(entry), conditional=not acc["holds"],
                    overdue=deadline is not None and deadline < today, notes=tuple(json.loads(n) for n in notes))
        override = bool(getattr(entry, "counter_override", None))
        items.append(((section_rank.get(entry.section.key, len(section_rank)), override, entry.counter if override else "",
                       acc["first"]), item))
    return [item for _, item in sorted(items, key=lambda t: t[0])]


def _deadline_date(rule: Deadline, state: dict) -> dt.date | None:
    anchor = state.get(rule.anchor)
    if not isinstance(anchor, dt.date):
        return None
    if rule.month_day:  # the given day of the month `months_before` before the anchor's month
        month = anchor.year * 12 + anchor.month - 1 - rule.months_before
        day = dt.date(month // 12, month % 12 + 1, rule.month_day)
    elif rule.years:
        try:
            day = anchor.replace(year=anchor.year + rule.years)
        except ValueError:  # 29 February
            day = anchor.replace(year=anchor.year + rule.years, day=28)
        day += dt.timedelta(days=rule.days)
    else:
        day = anchor - dt.timedelta(days=rule.days) if rule.before else anchor + dt.timedelta(days=rule.days)
    if rule.weekday_earlier and day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)
    return day


def _section_ranks(guide: Guide, ward, entries_in_rule_order: list) -> dict[str, int]:
    order = list(guide.counter_order)
    if ward is not None:
        order += [k for k in ward.sections if k not in order]
    order += [e.section.key for e in entries_in_rule_order if e.section.key not in order]
    return {k: i for i, k in enumerate(dict.fromkeys(order))}


def by_counter(items: list[Item]) -> list[tuple[str, str, list[Item]]]:
    """Consecutive items at the same counter: [(section key, counter, items)], in checklist order."""
    groups: list[tuple[str, str, list[Item]]] = []
    for item in items:
        if groups and (groups[-1][0], groups[-1][1]) == (item.section, item.counter):
            groups[-1][2].append(item)
        else:
            groups.append((item.section, item.counter, [item]))
    return groups


# ---- the answers token (the printable page's URL) -----------------------------------------------------

_EPOCH = dt.date(2000, 1, 1)
_DEFAULT_KEY = b"madoguchi guide answers v1"
_MAC_BYTES = 6
_FIELD = re.compile(r"^(?:|_|[yn]|-?[0-9a-z]{1,4})$")


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    sign, n = ("-", -n) if n < 0 else ("", n)
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return sign + out


def _schema(guide: Guide) -> str:
    return "|".join(f"{q.id}:{q.type}:{','.join(c.value for c in q.choices)}" for q in guide.questions)


def _mac(guide: Guide, payload: str, key: bytes) -> str:
    msg = f"{guide.id}\n{_schema(guide)}\n{payload}".encode()
    raw = hmac.new(key or _DEFAULT_KEY, msg, hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def encode_answers(guide: Guide, answers: Mapping[str, Any], key: bytes = b"") -> str:
    """A short URL-safe token of the answers that count (applicable()) and nothing else.

    Fields in question order, '.'-separated: '' not answered, '_' skipped, y/n, a choice's position,
    a number, a date as days since 2000-01-01 (base 36), then '~' and a 6-byte HMAC over the guide id,
    its question schema and the fields (`key`: a deployment's secret; by default a fixed key, which
    catches edits and truncation — the token grants nothing, so there is nothing to forge)."""
    unknown = sorted(set(answers) - {q.id for q in guide.questions})
    if unknown:
        raise ValueError(f"{guide.id}: no question {', '.join(unknown)}")
    kept = applicable(guide, answers)
    fields = []
    for q in guide.questions:
        if q.id not in kept:
            fields.append("")
        elif kept[q.id] is None:
            fields.append("_")
        elif q.type == "yesno":
            fields.append("y" if kept[q.id] else "n")
        elif q.type == "choice":
            fields.append(_b36([c.value for c in q.choices].index(kept[q.id])))
        elif q.type == "number":
            fields.append(_b36(kept[q.id]))
        else:
            fields.append(_b36((dt.date.fromisoformat(kept[q.id]) - _EPOCH).days))
    payload = ".".join(fields).rstrip(".")
    return f"{payload}~{_mac(guide, payload, key)}"


def decode_answers(guide: Guide, token: str, key: bytes = b"") -> dict[str, Any]:
    """The answers a token holds; TokenError when it was not made by encode_answers for this guide's
    questions (edited, truncated, from another guide, or from before its questions changed)."""
    if not isinstance(token, str) or token.count("~") != 1 or len(token) > 400:
        raise TokenError("not an answers token")
    payload, mac = token.split("~")
    if not hmac.compare_digest(mac, _mac(guide, payload, key)):
        raise TokenError("the token does not match this guide (edited, cut or out of date)")
    fields = payload.split(".") if payload else []
    if len(fields) > len(guide.questions) or not all(_FIELD.match(f) for f in fields):
        raise TokenError("malformed token")
    answers: dict[str, Any] = {}
    for q, f in zip(guide.questions, fields):
        if f == "":
            continue
        if f == "_":
            answers[q.id] = None
            continue
        try:
            if q.type == "yesno":
                if f not in "yn":
                    raise ValueError
                answers[q.id] = f == "y"
            elif q.type == "choice":
                answers[q.id] = q.choices[int(f, 36)].value
            elif q.type == "number":
                n = int(f, 36)
                if not 0 <= n <= MAX_NUMBER:
                    raise ValueError
                answers[q.id] = n
            else:
                answers[q.id] = (_EPOCH + dt.timedelta(days=int(f, 36))).isoformat()
        except (ValueError, IndexError, OverflowError) as e:
            raise TokenError(f"bad value for {q.id}") from e
    if applicable(guide, answers) != answers:
        raise TokenError("answers to questions that do not apply")
    return answers


# ---- free-text answers (the language rules: knowledge/guide_answers.py) -----------------------------------

def parse_answer(question: Question, text: str, lang: str, today: dt.date):
    """A resident's free-text answer to `question` (in `lang`, one of the ten) as an answer value,
    SKIP when they say they don't know or want to skip, or None when it could not be understood
    (ask again, with the buttons). Dates are returned as "YYYY-MM-DD", relative to `today`."""
    return _parse_answer(question, text, lang, today)


__all__ = ["Guide", "Question", "Choice", "Procedure", "Deadline", "Item", "GuideError", "TokenError", "SKIP",
           "IF_APPLIES", "load_guides", "guides_from_list", "guides_to_list", "guide_to_dict", "digest",
           "next_question", "applicable", "parse_answer", "checklist", "by_counter", "online_available",
           "encode_answers", "decode_answers", "text_in"]
