"""What makes an entry fit to be stored and to be published: one set of rules for every way in.

The YAML loader, the standard-CSV import and the admin form each parse their own shape (YAML types,
CSV columns, form fields) into an `Entry`, then ask `check_entry`; each only says *where* a finding
goes (file and line, CSV column, form field). So a rule added here holds for all three at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .entry import Entry
from .facts import differences

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*-[0-9]{3,}$")
URL_RE = re.compile(r"^https?://\S+$")
ALT_QUESTIONS_MIN = 3


@dataclass(frozen=True)
class Finding:
    """One rule an entry breaks: `field` of the entry, or `part` of its translation into `lang`."""

    field: str
    reason: str
    lang: str | None = None  # set for a translation's question / answer / documents


def check_entry(e: Entry, strict: bool | None = None) -> list[Finding]:
    """Every rule `e` breaks. Strict (default: when `e` is published) adds what residents need."""
    return check_fields(e, strict) + check_translations(e)


def check_fields(e: Entry, strict: bool | None = None) -> list[Finding]:
    """The rules on the entry's own (Japanese) fields."""
    strict = e.published if strict is None else strict
    out: list[Finding] = []

    def bad(field: str, reason: str, lang: str | None = None) -> None:
        out.append(Finding(field, reason, lang))

    if not e.id:
        bad("id", "is required")
    elif not ID_RE.match(e.id):
        bad("id", f"{e.id!r} is not of the form <name>-<3 digits>")
    for field in ("category", "question", "answer"):
        if not getattr(e, field).strip():
            bad(field, "is required")
    if strict:
        if len(e.alt_questions) < ALT_QUESTIONS_MIN:
            bad("alt_questions", f"a published entry needs at least {ALT_QUESTIONS_MIN} (has {len(e.alt_questions)})")
        if not e.easy_answer:
            bad("easy_answer", "is required")
        if not e.url:
            bad("url", "is required")
    if e.url and not URL_RE.match(e.url):
        bad("url", f"not an http(s) URL: {e.url!r}")
    # The same fee, deadline and phone number in every version of the answer (knowledge/facts.py).
    if e.easy_answer and e.answer:
        diff = differences(e.answer, e.easy_answer)
        if diff:
            bad("easy_answer", f"numbers differ from the answer: {diff}")
    return out


def check_translations(e: Entry) -> list[Finding]:
    """The rules on each translation, against the Japanese entry."""
    out: list[Finding] = []

    def bad(field: str, reason: str, lang: str) -> None:
        out.append(Finding(field, reason, lang))

    for lang, tr in sorted(e.translations.items()):
        for part in ("question", "answer"):
            if not getattr(tr, part).strip():
                bad(part, f"is required when translating into {lang}", lang)
        if tr.documents and len(tr.documents) != len(e.documents):
            bad("documents", f"has {len(tr.documents)} items, the Japanese list has {len(e.documents)}", lang)
        if tr.answer.strip() and e.answer:
            diff = differences(e.answer, tr.answer)
            if diff:
                bad("answer", f"numbers differ from the Japanese answer: {diff}", lang)
    return out
