"""Load, validate and save the canonical knowledge base under knowledge/data/ (see its README)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .checks import check_fields, check_translations
from .entry import STATUSES, TRANSLATION_LANGS, Entry, Section, SectionText, Translation, Ward, WardText

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge base, pointing at the line a person has to fix."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class KBError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n{shown}{more}")


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on, for error messages."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, problems: list[Problem]):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 0
        problems.append(Problem(str(path), line, "yaml", str(e.problem or e)))
    except (OSError, UnicodeDecodeError) as e:
        problems.append(Problem(str(path), 0, "file", str(e)))
    return None


def read_item_list(path: Path, field: str, shape: str) -> list:
    """A staff-edited YAML list of mappings (vocabulary, redirects): [] when the file is absent or
    empty, KBError when it is not YAML or not a list."""
    if not path.exists():
        return []
    problems: list[Problem] = []
    raw = _read_yaml(path, problems)
    if problems:
        raise KBError(problems)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise KBError([Problem(str(path), 1, field, f"must be a list of {shape} items")])
    return raw


def _plain(mapping: dict) -> dict:
    return {k: str(v) for k, v in mapping.items() if not k.startswith("__")}


def load_ward(data_dir: Path | str = DATA_DIR) -> Ward:
    """ward.yml (Japanese) plus i18n/<lang>/_ward.yml (the ward and its sections in each language)."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    path = data_dir / "ward.yml"
    raw = _read_yaml(path, problems)
    if problems:
        raise KBError(problems)
    texts: dict[str, dict] = {}
    for tpath in sorted(data_dir.glob("i18n/*/_ward.yml")):
        lang = tpath.parent.name
        traw = _read_yaml(tpath, problems)
        if lang not in TRANSLATION_LANGS:
            problems.append(Problem(str(tpath), 1, "language", f"{lang!r} is not one of {', '.join(TRANSLATION_LANGS)}"))
        elif isinstance(traw, dict):
            texts[lang] = traw
    try:
        sections = {}
        for key, s in raw["sections"].items():
            if key.startswith("__"):
                continue
            trs = {}
            for lang, t in texts.items():
                st = (t.get("sections") or {}).get(key)
                if st is None:
                    problems.append(Problem(str(data_dir / "i18n" / lang / "_ward.yml"), 1, f"sections.{key}", "missing"))
                    continue
                trs[lang] = SectionText(**_plain(st))
            sections[key] = Section(key=key, translations=trs, **_plain(s))
        ward_trs = {lang: WardText(**_plain(t["ward"])) for lang, t in texts.items() if "ward" in t}
        ward = Ward(sections=sections, translations=ward_trs, **_plain(raw["ward"]))
    except (KeyError, TypeError) as e:
        raise KBError(problems + [Problem(str(path), 1, "ward", f"malformed ward file: {e!r}")]) from e
    if problems:
        raise KBError(problems)
    return ward


def _str_list(value, where: str, field: str, problems: list[Problem], line: int) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(where, line, field, "must be a list of non-empty strings"))
        return ()
    return tuple(v.strip() for v in value)


def _date(value, where: str, line: int, problems: list[Problem]) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        problems.append(Problem(where, line, "updated", f"not a YYYY-MM-DD date: {value!r}"))
        return ""


def read_entry(raw: dict, where: str, ward: Ward, problems: list[Problem]) -> Entry:
    """The entry a YAML mapping (or the admin form's equivalent) describes, with shape problems appended.

    Only the shape is judged here (types, known fields, section, date); what makes an entry fit to
    store or publish is knowledge.checks, for every way an entry comes in.
    """
    line = raw.get("__line__", 0)
    lines = raw.get("__lines__", {})

    def bad(field: str, reason: str) -> None:
        problems.append(Problem(where, lines.get(field, line), field, reason))

    def text(field: str) -> str:
        v = raw.get(field)
        if v is None:
            return ""
        if not isinstance(v, str):
            bad(field, f"must be text, got {type(v).__name__}")
            return ""
        return v.strip()

    status = text("status")
    if status and status not in STATUSES:
        bad("status", f"{status!r} is not one of {', '.join(STATUSES)}")
    elif not status:
        bad("status", "is required")
    section_key = text("section")
    section = ward.sections.get(section_key)
    if not section_key:
        bad("section", "is required")
    elif section is None:
        bad("section", f"unknown section {section_key!r} (see ward.yml)")
    fee = raw.get("fee")
    known = {"id", "category", "section", "status", "updated", "question", "alt_questions", "answer",
             "easy_answer", "documents", "fee", "url", "counter", "hours", "__line__", "__lines__"}
    for extra in sorted(set(raw) - known, key=str):
        bad(str(extra), "unknown field")
    return Entry(
        id=text("id"),
        category=text("category"),
        question=text("question"),
        answer=text("answer"),
        easy_answer=text("easy_answer"),
        status=status if status in STATUSES else "draft",
        section=section or Section(section_key, "", "", "", ""),
        updated=_date(raw.get("updated"), where, lines.get("updated", line), problems),
        alt_questions=_str_list(raw.get("alt_questions"), where, "alt_questions", problems, lines.get("alt_questions", line)),
        documents=_str_list(raw.get("documents"), where, "documents", problems, lines.get("documents", line)),
        fee=str(fee).strip() if fee not in (None, "") else None,
        url=text("url"),
        counter_override=text("counter") or None,
        hours_override=text("hours") or None,
    )


def parse_entry(raw: dict, where: str, ward: Ward, problems: list[Problem]) -> Entry | None:
    """Read and check one entry mapping (its own fields; translations are checked once attached).

    Appends every problem found, not just the first; None when there was any.
    """
    before = len(problems)
    entry = read_entry(raw, where, ward, problems)
    lines, line = raw.get("__lines__", {}), raw.get("__line__", 0)
    for f in check_fields(entry):
        problems.append(Problem(where, lines.get(f.field, line), f.field, f.reason))
    return None if len(problems) > before else entry


def _entry_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "entries").glob("*.yml"))


def _load_translations(data_dir: Path, entries: dict[str, Entry], problems: list[Problem], where_of: dict):
    """Read i18n/<lang>/*.yml and return {entry id: {lang: Translation}}; where_of gets each one's file and line."""
    found: dict[str, dict[str, Translation]] = {}
    i18n = data_dir / "i18n"
    if not i18n.is_dir():
        return found
    for lang_dir in sorted(p for p in i18n.iterdir() if p.is_dir()):
        lang = lang_dir.name
        for path in sorted(p for p in lang_dir.glob("*.yml") if not p.name.startswith("_")):
            where = str(path)
            if lang not in TRANSLATION_LANGS:
                problems.append(Problem(where, 1, "language", f"{lang!r} is not one of {', '.join(TRANSLATION_LANGS)}"))
                continue
            raw = _read_yaml(path, problems)
            if raw is None:
                continue
            if not isinstance(raw, dict):
                problems.append(Problem(where, 1, "file", "must be a mapping of entry id to translation"))
                continue
            for eid, tr in raw.items():
                if eid in ("__line__", "__lines__"):
                    continue
                line = raw["__lines__"].get(eid, 0)
                if eid not in entries:
                    problems.append(Problem(where, line, "id", f"translation of unknown entry {eid!r}"))
                    continue
                if not isinstance(tr, dict) or not all(isinstance(tr.get(k, ""), str) for k in ("question", "answer")):
                    problems.append(Problem(where, line, eid, "must be a mapping with a question and an answer"))
                    continue
                docs = _str_list(tr.get("documents"), where, f"{eid}.documents", problems, line)
                alts = _str_list(tr.get("alt_questions"), where, f"{eid}.alt_questions", problems, line)
                if lang in found.get(eid, {}):
                    problems.append(Problem(where, line, eid, f"translated twice into {lang}"))
                found.setdefault(eid, {})[lang] = Translation(tr.get("question", "").strip(), tr.get("answer", "").strip(),
                                                              docs, tuple(a.strip() for a in alts))
                where_of[(eid, lang)] = (where, line)
    return found


def load_entries(data_dir: Path | str = DATA_DIR, ward: Ward | None = None) -> list[Entry]:
    """Every entry (drafts included), validated; raises KBError listing all problems."""
    data_dir = Path(data_dir)
    ward = ward or load_ward(data_dir)
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    first_seen: dict[str, str] = {}
    for path in _entry_files(data_dir):
        raw = _read_yaml(path, problems)
        if raw is None:
            continue
        if not isinstance(raw, list):
            problems.append(Problem(str(path), 1, "file", "must be a YAML list of entries"))
            continue
        for item in raw:
            if not isinstance(item, dict):
                problems.append(Problem(str(path), 1, "entry", f"must be a mapping, got {item!r:.40}"))
                continue
            entry = parse_entry(item, str(path), ward, problems)
            if entry is None:
                continue
            where = f"{path}:{item.get('__line__', 0)}"
            if entry.id in entries:
                problems.append(Problem(str(path), item.get("__line__", 0), "id",
                                        f"duplicate id {entry.id!r} (first at {first_seen[entry.id]})"))
                continue
            entries[entry.id] = entry
            first_seen[entry.id] = where
    where_of: dict[tuple[str, str], tuple[str, int]] = {}
    translations = _load_translations(data_dir, entries, problems, where_of)
    out = [replace(e, translations=translations.get(e.id, {})) for e in entries.values()]
    for e in out:  # the entry's own fields were checked by parse_entry; now its translations
        for f in check_translations(e):
            where, line = where_of[(e.id, f.lang)]
            problems.append(Problem(where, line, f"{e.id}.{f.field}", f.reason))
    if problems:
        raise KBError(problems)
    return out


def ward_to_dict(ward: Ward) -> dict:
    import dataclasses

    return dataclasses.asdict(ward)


def ward_from_dict(d: dict) -> Ward:
    sections = {
        k: Section(**{**s, "translations": {lang: SectionText(**t) for lang, t in s["translations"].items()}})
        for k, s in d["sections"].items()
    }
    return Ward(**{**d, "sections": sections,
                   "translations": {lang: WardText(**t) for lang, t in d["translations"].items()}})


def published(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.published]


def content_hash(entries: list[Entry], ward: Ward) -> str:
    """A hash of exactly what residents would be told: changes whenever any served fact changes."""
    payload = {"ward": ward_to_dict(ward), "entries": [e.to_dict() for e in sorted(entries, key=lambda e: e.id)]}
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


# ---- writing -------------------------------------------------------------------------------

class _BlockDumper(yaml.SafeDumper):
    """Long and multi-line strings as block scalars, so staff diffs stay readable."""


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else (">" if len(value) > 60 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _str_representer)


def _entry_yaml(e: Entry) -> dict:
    d = {
        "id": e.id, "category": e.category, "section": e.section.key, "status": e.status,
        "updated": e.updated, "question": e.question, "alt_questions": list(e.alt_questions),
        "answer": e.answer, "easy_answer": e.easy_answer, "documents": list(e.documents),
    }
    if e.fee:
        d["fee"] = e.fee
    d["url"] = e.url
    if e.counter_override:
        d["counter"] = e.counter_override
    if e.hours_override:
        d["hours"] = e.hours_override
    return {k: v for k, v in d.items() if v not in ("", None)}


def _dump(obj) -> str:
    text = yaml.dump(obj, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=100)
    # Dates were written as strings; unquote them so files look hand-written.
    return re.sub(r"updated: '(\d{4}-\d{2}-\d{2})'", r"updated: \1", text)


def render_files(entries: list[Entry], file_of: dict[str, str]) -> dict[str, str]:
    """Relative path -> YAML text for entries and their translations, grouped into files by stem."""
    by_stem: dict[str, list[Entry]] = {}
    for e in entries:
        by_stem.setdefault(file_of[e.id], []).append(e)
    out: dict[str, str] = {}
    for stem, group in by_stem.items():
        out[f"entries/{stem}.yml"] = _dump([_entry_yaml(e) for e in group])
        for lang in TRANSLATION_LANGS:
            trs = {e.id: {"question": e.translations[lang].question, "answer": e.translations[lang].answer,
                          **({"documents": list(e.translations[lang].documents)} if e.translations[lang].documents else {}),
                          **({"alt_questions": list(e.translations[lang].alt_questions)}
                             if e.translations[lang].alt_questions else {})}
                   for e in group if lang in e.translations}
            if trs:
                out[f"i18n/{lang}/{stem}.yml"] = _dump(trs)
    return out


def entry_file_stems(data_dir: Path | str = DATA_DIR) -> dict[str, str]:
    """Entry id -> the stem of the entries/ file it lives in."""
    stems: dict[str, str] = {}
    for path in _entry_files(Path(data_dir)):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if isinstance(item, dict) and "id" in item:
                stems[str(item["id"])] = path.stem
    return stems


def check_written(data_dir: Path | str, files: dict[str, str]) -> list[Entry]:
    """Validate the knowledge base as it would be after writing `files`, without touching it."""
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data_dir, trial)
        for rel, text in files.items():
            (trial / rel).parent.mkdir(parents=True, exist_ok=True)
            (trial / rel).write_text(text, encoding="utf-8")
        return load_entries(trial)


def write_files_atomically(data_dir: Path | str, files: dict[str, str]) -> None:
    """Write every file to a temporary name first; only when all are written, rename them in.

    A failure while writing (disk full, permissions) leaves the knowledge base exactly as it was.
    """
    data_dir = Path(data_dir)
    staged: list[tuple[str, Path]] = []
    try:
        for rel, text in files.items():
            target = data_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            staged.append((tmp, target))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
