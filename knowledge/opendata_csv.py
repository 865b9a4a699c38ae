"""The Digital Agency's standard FAQ open-data CSV (自治体標準オープンデータセット「FAQ（よくある質問）」).

Columns, in this order:
  全国地方公共団体コード  6-digit local government code (with check digit)
  ID                      the FAQ's identifier within the municipality (our entry id)
  地方公共団体名          municipality name
  分類                    category
  質問 / 回答             question / answer
  回答日                  date of the answer (YYYY-MM-DD; YYYY/MM/DD is accepted on import)
  所管部署                responsible section (must name a section in ward.yml)
  URL                     page with details (optional)

Another municipality's file (`adopt_rows`, used by `build --faq`): a ward adopting the project, or a
benchmark built from a real city's FAQ, brings its own code, IDs and section names. The rules:
  * the code must be a valid code and the same on every row, as must the name (one municipality);
  * an ID that is not `<name>-<digits>` but a plain number N becomes `faq-N` (at least 3 digits);
  * a section not in ward.yml becomes a new section with that name, reached through the ward's
    main phone and hours until staff give it its own (an empty 所管部署 is the main number);
  * an empty 回答日 becomes the date of the build.
Everything else is validated as for this ward's own file, and every rule applied is reported.

Import reads UTF-8 (with or without BOM) or Shift_JIS/CP932, as portals publish both. Export writes
UTF-8 with a BOM and CRLF line ends, which spreadsheet software on ward PCs opens correctly.
Fields the standard has no column for (phrasings, easy Japanese, translations, documents) are kept
from the existing entry on import, and left for staff to fill on new ones (which arrive as drafts).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, replace
from pathlib import Path

from .entry import Entry, Section, Ward
from .checks import ID_RE, URL_RE, check_entry
from .kb import Problem

COLUMNS = ("全国地方公共団体コード", "ID", "地方公共団体名", "分類", "質問", "回答", "回答日", "所管部署", "URL")
ENCODINGS = ("utf-8-sig", "cp932")


def lg_code_valid(code: str) -> bool:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 style, modulus 11)."""
    if len(code) != 6 or not code.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10 == int(code[5])


@dataclass(frozen=True)
class Row:
    line: int
    id: str
    category: str
    question: str
    answer: str
    updated: str
    section_key: str
    url: str


def _decode(data: bytes, name: str) -> str:
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{name}: not UTF-8 or Shift_JIS text")


def _date(value: str) -> str | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_rows(path: Path | str, ward: Ward, adopt: dict | None = None) -> tuple[list[Row], list[Problem]]:
    """Parse and validate every row; problems say `file:line: column: reason`.

    With `adopt` (a dict, filled in here), another municipality's file is read by the rules in the
    module docstring: adopt["sections"] gets the new sections, adopt["renamed"] the renamed IDs."""
    name = str(path)
    problems: list[Problem] = []
    try:
        text = _decode(Path(path).read_bytes(), name)
    except (OSError, ValueError) as e:
        return [], [Problem(name, 0, "file", str(e))]
    section_by_name = {s.name: key for key, s in ward.sections.items()}
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    seen: dict[str, int] = {}
    start = 1
    try:
        header = next(reader, None)
    except csv.Error as e:
        return [], [Problem(name, 1, "header", f"unreadable CSV: {e}")]
    if header is None:
        return [], [Problem(name, 1, "header", "empty file")]
    header = [h.strip() for h in header]
    if tuple(header) != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        detail = f"missing {', '.join(missing)}" if missing else f"columns out of order: {','.join(header)}"
        return [], [Problem(name, 1, "header", f"not the standard FAQ columns ({detail})")]
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(name, start, "row", f"malformed CSV: {e}"))
            break
        line, start = start, reader.line_num + 1
        if not any(c.strip() for c in record):
            continue  # blank line
        if len(record) != len(COLUMNS):
            problems.append(Problem(name, line, "row", f"has {len(record)} columns, expected {len(COLUMNS)}"))
            continue
        f = dict(zip(COLUMNS, (c.strip() for c in record)))
        before = len(problems)

        def bad(column: str, reason: str) -> None:
            problems.append(Problem(name, line, column, reason))

        if adopt is not None:
            _adopt_row(f, adopt, ward, bad)
        if not lg_code_valid(f["全国地方公共団体コード"]):
            bad("全国地方公共団体コード", f"{f['全国地方公共団体コード']!r} is not a valid 6-digit code")
        elif adopt is None and f["全国地方公共団体コード"] != ward.lg_code:
            bad("全国地方公共団体コード", f"{f['全国地方公共団体コード']} is another municipality (this ward is {ward.lg_code}; "
                "`build --faq` adopts another municipality's file)")
        if adopt is None and f["地方公共団体名"] != ward.name:
            bad("地方公共団体名", f"{f['地方公共団体名']!r} is not {ward.name!r}")
        if not ID_RE.match(f["ID"]):
            bad("ID", f"{f['ID']!r} is not of the form <name>-<3 digits>" + (" or a plain number" if adopt is not None else ""))
        elif f["ID"] in seen:
            bad("ID", f"duplicate of line {seen[f['ID']]}")
        else:
            seen[f["ID"]] = line
        for column in ("分類", "質問", "回答"):
            if not f[column]:
                bad(column, "is empty")
        updated = _date(f["回答日"])
        if updated is None:
            bad("回答日", f"{f['回答日']!r} is not a date (YYYY-MM-DD)")
        section_key = section_by_name.get(f["所管部署"]) or (adopt or {}).get("section_keys", {}).get(f["所管部署"])
        if section_key is None:
            bad("所管部署", f"unknown section {f['所管部署']!r} (add it to ward.yml first)")
        if f["URL"] and not URL_RE.match(f["URL"]):
            bad("URL", f"not an http(s) URL: {f['URL']!r}")
        if len(problems) == before:
            rows.append(Row(line, f["ID"], f["分類"], f["質問"], f["回答"], updated, section_key, f["URL"]))
    return rows, problems


def _adopt_row(f: dict, adopt: dict, ward: Ward, bad) -> None:
    """Rewrite one row of another municipality's file in place, by the module docstring's rules."""
    code, name = f["全国地方公共団体コード"], f["地方公共団体名"]
    first = adopt.setdefault("municipality", (code, name))
    if (code, name) != first:
        bad("全国地方公共団体コード", f"{code} {name} differs from the file's first row ({first[0]} {first[1]}): one municipality per file")
    if f["ID"].isdigit():
        new = f"faq-{int(f['ID']):03d}"
        adopt.setdefault("renamed", {})[f["ID"]] = new
        f["ID"] = new
    if not f["回答日"]:
        f["回答日"] = dt.date.today().isoformat()
        adopt["undated"] = adopt.get("undated", 0) + 1
    dept = f["所管部署"] or ward.name
    f["所管部署"] = dept
    if dept not in {s.name for s in ward.sections.values()} and dept not in adopt.setdefault("section_keys", {}):
        key = f"adopted-{len(adopt['section_keys']) + 1:02d}"
        adopt["section_keys"][dept] = key
        adopt.setdefault("sections", {})[key] = Section(key, dept, ward.main_phone, "", ward.main_hours)


def adopt_rows(path: Path | str, ward: Ward) -> tuple[list[Row], Ward, list[Problem], dict]:
    """Another municipality's file: (rows, the ward with its new sections, problems, what was mapped)."""
    adopt: dict = {}
    rows, problems = read_rows(path, ward, adopt)
    ward = replace(ward, sections={**ward.sections, **adopt.get("sections", {})})
    report = {"municipality": " ".join(adopt.get("municipality", ())), "ids_renamed": len(adopt.get("renamed", {})),
              "sections_added": sorted(adopt.get("section_keys", {})), "undated": adopt.get("undated", 0)}
    return rows, ward, problems, report


def merge(rows: list[Row], existing: list[Entry], ward: Ward, new_status: str = "draft") -> tuple[list[Entry], dict]:
    """Apply rows to the existing entries. Returns (all entries, {'new': [...], 'changed': [...], 'unchanged': [...], 'absent': [...]})."""
    by_id = {e.id: e for e in existing}
    diff: dict[str, list[str]] = {"new": [], "changed": [], "unchanged": [], "absent": []}
    out = dict(by_id)
    for r in rows:
        fields = dict(category=r.category, question=r.question, answer=r.answer, updated=r.updated,
                      section=ward.sections[r.section_key], url=r.url)
        old = by_id.get(r.id)
        if old is None:
            out[r.id] = Entry(id=r.id, status=new_status, **fields)
            diff["new"].append(r.id)
        else:
            new = replace(old, **fields)
            out[r.id] = new
            diff["changed" if new != old else "unchanged"].append(r.id)
    in_file = {r.id for r in rows}
    diff["absent"] = sorted(i for i in by_id if i not in in_file)
    return list(out.values()), diff


# The entry fields a row of the standard CSV carries, by column.
COLUMN_OF = {"id": "ID", "category": "分類", "question": "質問", "answer": "回答", "updated": "回答日",
             "section": "所管部署", "url": "URL"}


def check_merged(rows: list[Row], merged: list[Entry], diff: dict, name: str) -> list[Problem]:
    """The entries the rows add or change, judged by knowledge.checks as drafts (what every entry path refuses).

    A row can change the Japanese answer of an entry translated elsewhere; if the fee or a date then
    differs from a translation or the easy-Japanese answer, the row is refused: the CSV carries only
    Japanese, so such a change is made in the admin app, where the versions are edited together.
    """
    by_id = {e.id: e for e in merged}
    touched = set(diff["new"]) | set(diff["changed"])
    problems = []
    for r in rows:
        if r.id not in touched:
            continue
        for f in check_entry(by_id[r.id], strict=False):
            if f.lang or f.field == "easy_answer":
                version = f"the {f.lang} translation" if f.lang else "the easy-Japanese answer"
                problems.append(Problem(name, r.line, "回答", f"{f.field}: {f.reason} ({version} of {r.id}); "
                                        "change this answer together with its translations in the admin app"))
            else:
                problems.append(Problem(name, r.line, COLUMN_OF.get(f.field, f.field), f.reason))
    return problems


def export_csv(entries: list[Entry], ward: Ward) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for e in sorted(entries, key=lambda e: e.id):
        w.writerow([ward.lg_code, e.id, ward.name, e.category, e.question, e.answer, e.updated, e.section.name, e.url])
    return buf.getvalue().encode("utf-8-sig")
