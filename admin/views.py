"""Pure helpers for what the pages show: Tokyo time both ways, and the changes between two versions of
an entry with the changed characters marked. No requests, no database."""
from __future__ import annotations

import datetime as dt
import difflib
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

JST = ZoneInfo("Asia/Tokyo")


def jst(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A naive UTC datetime from the store, in Tokyo time (the `jst` template filter)."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(JST).strftime(fmt)


def from_jst(text: str) -> dt.datetime | None:
    """A datetime-local input (Tokyo time) → naive UTC."""
    if not text:
        return None
    try:
        local = dt.datetime.fromisoformat(text).replace(tzinfo=JST)
    except ValueError:
        return None
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def building(releases) -> bool:
    """Whether any of these releases is still being built (the page then reloads itself)."""
    return any(r.status in ("queued", "building") for r in releases)


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, dict):  # a translation
        return "\n".join([value.get("question", ""), value.get("answer", ""), *value.get("documents", [])])
    return str(value)


def marked(old: str, new: str) -> tuple[Markup, Markup]:
    """Both texts with what changed wrapped in <del>/<ins>: a one-character fee change in a long answer shows."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    a, b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            a.append(escape(old[i1:i2]))
            b.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            a.append(Markup("<del>%s</del>") % old[i1:i2])
        if j2 > j1:
            b.append(Markup("<ins>%s</ins>") % new[j1:j2])
    return Markup("").join(a), Markup("").join(b)


def field_changes(old: dict, new: dict) -> list[tuple[str, Markup, Markup]]:
    """(field, before, after) for every field that differs, translations per language, changes marked."""
    out = []
    for key in ("category", "section", "question", "alt_questions", "answer", "easy_answer", "documents", "fee",
                "url", "counter_override", "hours_override", "updated"):
        if old.get(key) != new.get(key):
            out.append((key, *marked(shown(old.get(key)), shown(new.get(key)))))
    old_tr, new_tr = old.get("translations") or {}, new.get("translations") or {}
    for lang in sorted(set(old_tr) | set(new_tr)):
        if old_tr.get(lang) != new_tr.get(lang):
            out.append((f"translation {lang}", *marked(shown(old_tr.get(lang)), shown(new_tr.get(lang)))))
    return out
