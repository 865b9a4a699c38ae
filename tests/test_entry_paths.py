"""One table of bad entries, run through every way an entry comes in: the YAML loader, the admin
form and the standard-CSV import (where the CSV can carry the fault). Each path must refuse each
entry, naming the field at fault; a good entry must pass them all (so the table cannot pass by
refusing everything)."""
from __future__ import annotations

import copy

import pytest
import yaml

from admin import entry_form
from knowledge.kb import KBError, load_entries, load_ward
from knowledge.opendata_csv import check_merged, merge, read_rows
from tests.test_opendata_csv import write_csv

GOOD = {
    "id": "paths-001", "category": "住民票・戸籍・印鑑登録", "section": "kumin", "status": "published",
    "updated": "2026-10-01", "question": "住民票の写しはどこで取れますか",
    "alt_questions": ["住民票がほしい", "住民票の窓口", "住民票を取りたい"],
    "answer": "住民票の写しは区民課で1通300円で発行します。",
    "easy_answer": "じゅうみんひょうは くみんかで もらえます。300えんです。",
    "documents": ["本人確認書類"], "url": "https://www.city.wakaba.example/juminhyo/",
}
GOOD_EN = {"question": "Where can I get a residence certificate?",
           "answer": "Copies are issued at the Resident Registration Section for 300 yen each.",
           "documents": ["Photo ID"]}


def _case(name, field, *, entry=None, en=None, drop=(), csv=None):
    e = {k: v for k, v in {**GOOD, **(entry or {})}.items() if k not in drop}
    return pytest.param(e, {**GOOD_EN, **(en or {})}, field, csv, id=name)


# (entry, English translation, the field every path must name, the CSV column or None when the CSV
# cannot carry this fault)
BAD = [
    _case("malformed id", "id", entry={"id": "Paths 1"}, csv="ID"),
    _case("no question", "question", entry={"question": ""}, csv="質問"),
    _case("no answer", "answer", entry={"answer": ""}, csv="回答"),
    _case("no category", "category", entry={"category": ""}, csv="分類"),
    _case("url not http", "url", entry={"url": "ftp://example.org/x"}, csv="URL"),
    _case("bad date", "updated", entry={"updated": "2026-13-40"}, csv="回答日"),
    _case("unknown section", "section", entry={"section": "nowhere"}, csv="所管部署"),
    _case("published without easy answer", "easy_answer", entry={"easy_answer": ""}),
    _case("published with two phrasings", "alt_questions", entry={"alt_questions": ["住民票", "住民票の窓口"]}),
    _case("easy answer with another fee", "easy_answer", entry={"easy_answer": "じゅうみんひょうは 350えんです。"}),
    _case("translation with another fee", "en.answer", en={"answer": "Copies cost 350 yen each."}, csv="回答"),
    _case("translation without answer", "en.answer", en={"answer": ""}),
    _case("translation with more documents", "en.documents", en={"documents": ["Photo ID", "Seal"]}),
]


def _write_yaml(data_dir, entry, en):
    (data_dir / "entries" / "paths.yml").write_text(yaml.safe_dump([entry], allow_unicode=True), encoding="utf-8")
    (data_dir / "i18n" / "en" / "paths.yml").write_text(yaml.safe_dump({entry["id"]: en}, allow_unicode=True),
                                                       encoding="utf-8")


def _loader_fields(data_dir, entry, en) -> list[str]:
    _write_yaml(data_dir, entry, en)
    try:
        load_entries(data_dir)
    except KBError as e:
        # i18n problems name the entry ("paths-001.answer"); the table names the language instead.
        return [p.field.replace(f"{entry['id']}.", "en.") if "/i18n/en/" in p.file else p.field for p in e.problems]
    return []


def _form_fields(ward, entry, en) -> list[str]:
    values = entry_form.form_values({**entry, "translations": {"en": en}})
    for field in ("id", "section", "updated", "url"):  # form_values shows what a stored entry holds; here: as typed
        values[field] = str(entry.get(field, ""))
    raw, translations = entry_form.form_to_raw(values)
    _, problems = entry_form.validate(raw, translations, ward, strict=entry["status"] == "published")
    return [p.field.replace("en_", "en.", 1) for p in problems]


def _csv_columns(data_dir, tmp_path, entry, en) -> list[str]:
    """The entry as it stands (with its translation), then a CSV row carrying the fault."""
    _write_yaml(data_dir, GOOD, GOOD_EN)
    ward = load_ward(data_dir)
    existing = load_entries(data_dir, ward)
    section = ward.sections.get(entry["section"])
    row = [ward.lg_code, entry["id"], ward.name, entry["category"], entry["question"],
           en["answer"] if en["answer"] != GOOD_EN["answer"] else entry["answer"],
           entry["updated"], section.name if section else entry["section"], entry["url"]]
    if en["answer"] != GOOD_EN["answer"]:
        row[5] = GOOD["answer"].replace("300", "350")  # the Japanese fee changes; the translation keeps 300
    f = tmp_path / "paths.csv"
    write_csv(f, [row])
    rows, problems = read_rows(f, ward)
    if not problems:
        merged, diff = merge(rows, existing, ward)
        problems = check_merged(rows, merged, diff, str(f))
    return [p.field for p in problems]


@pytest.fixture
def data_dir(tiny_kb):
    return tiny_kb


def test_the_good_entry_passes_every_path(data_dir, tmp_path):
    entry, en = copy.deepcopy(GOOD), copy.deepcopy(GOOD_EN)
    assert _loader_fields(data_dir, entry, en) == []
    assert _form_fields(load_ward(data_dir), entry, en) == []
    assert _csv_columns(data_dir, tmp_path, entry, en) == []


@pytest.mark.parametrize("entry,en,field,csv_column", BAD)
def test_every_path_refuses_the_bad_entry(data_dir, tmp_path, entry, en, field, csv_column):
    assert field in _loader_fields(data_dir, entry, en)
    assert field in _form_fields(load_ward(data_dir), entry, en)
    if csv_column is not None:
        assert csv_column in _csv_columns(data_dir, tmp_path, entry, en)
