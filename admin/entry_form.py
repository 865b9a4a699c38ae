"""The entry edit form ↔ the YAML entry shape, validated by the same code as knowledge/data.

The form is flattened (lists one item per line, translations as `<lang>_question` …) and turned back
into the dict a YAML file would hold, read by `knowledge.kb.read_entry` and judged by
`knowledge.checks`, so the form refuses exactly what the loader and the CSV import refuse.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Mapping

from knowledge.entry import TRANSLATION_LANGS, Entry, Translation, Ward
from knowledge.checks import check_entry
from knowledge.kb import Problem, read_entry

TEXT_FIELDS = ("id", "category", "section", "updated", "question", "answer", "easy_answer", "fee", "url",
               "counter", "hours")
LIST_FIELDS = ("alt_questions", "documents")
WHERE = "form"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def form_values(d: dict | None) -> dict[str, str]:
    """Entry.to_dict() → the strings the edit form shows."""
    d = d or {}
    v = {f: str(d.get(f) or "") for f in TEXT_FIELDS}
    v["counter"] = d.get("counter_override") or ""
    v["hours"] = d.get("hours_override") or ""
    for f in LIST_FIELDS:
        v[f] = "\n".join(d.get(f) or [])
    for lang in TRANSLATION_LANGS:
        tr = (d.get("translations") or {}).get(lang) or {}
        v[f"{lang}_question"] = tr.get("question", "")
        v[f"{lang}_answer"] = tr.get("answer", "")
        v[f"{lang}_documents"] = "\n".join(tr.get("documents") or [])
        v[f"{lang}_alt_questions"] = "\n".join(tr.get("alt_questions") or [])
    return v


def form_to_raw(form: Mapping[str, str]) -> tuple[dict, dict]:
    """The submitted form → (entry mapping as in entries/*.yml, {lang: translation mapping})."""
    raw: dict = {}
    for f in TEXT_FIELDS:
        value = (form.get(f) or "").strip()
        if value:
            raw[f] = value
    for f in LIST_FIELDS:
        raw[f] = _lines(form.get(f, ""))
    raw.setdefault("updated", dt.date.today().isoformat())
    translations = {}
    for lang in TRANSLATION_LANGS:
        q, a = (form.get(f"{lang}_question") or "").strip(), (form.get(f"{lang}_answer") or "").strip()
        docs = _lines(form.get(f"{lang}_documents", ""))
        alts = _lines(form.get(f"{lang}_alt_questions", ""))
        if q or a or docs or alts:
            translations[lang] = {"question": q, "answer": a, "documents": docs, "alt_questions": alts}
    return raw, translations


def raw_from_dict(d: dict) -> tuple[dict, dict]:
    """A stored Entry.to_dict() → the same shapes form_to_raw returns (to re-validate on submit)."""
    return form_to_raw(form_values(d))


def validate(raw: dict, translations: dict, ward: Ward, strict: bool) -> tuple[Entry | None, list[Problem]]:
    """Strict is what publishing needs (phrasings, easy Japanese, URL); a draft may be incomplete.

    The rules are knowledge.checks', the same the YAML loader and the CSV import apply; this only
    says which form field each finding is shown next to.
    """
    problems: list[Problem] = []
    entry = read_entry({**raw, "status": "published" if strict else "draft"}, WHERE, ward, problems)
    trs = {lang: Translation(tr["question"], tr["answer"], tuple(tr["documents"]), tuple(tr.get("alt_questions") or ()))
           for lang, tr in translations.items()}
    entry = replace(entry, translations=trs)
    for f in check_entry(entry, strict):
        problems.append(Problem(WHERE, 0, f"{f.lang}_{f.field}" if f.lang else f.field, f.reason))
    if problems:
        return None, problems
    return replace(entry, status="draft"), problems


def errors_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.field, []).append(p.reason)
    return out
