"""Import/export of the standard FAQ open-data CSV: every bad row named, nothing half-written."""
import hashlib
import shutil
import subprocess
import sys

import pytest

from knowledge.kb import content_hash, load_entries, load_ward
from knowledge.opendata_csv import COLUMNS, export_csv, lg_code_valid
from support import REPO, SAMPLE_DATA


def run_cli(*args, data=None):
    cmd = [sys.executable, "-m", "knowledge"] + (["--data", str(data)] if data else []) + [str(a) for a in args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def tree_digest(path):
    return {p.relative_to(path): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.rglob("*")) if p.is_file()}


def write_csv(path, rows, header=COLUMNS):
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


GOOD = ["131245", "tiny-010", "若葉区", "防災", "防災メールの登録方法", "区のサイトから登録できます。", "2026-11-01", "防災課", ""]


def test_lg_code_check_digit():
    assert lg_code_valid("131245") and lg_code_valid("131016")  # ours, and 千代田区
    assert not lg_code_valid("131246") and not lg_code_valid("13124") and not lg_code_valid("13124x")


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_written(tiny_kb, tmp_path):
    bad = tmp_path / "bad.csv"
    write_csv(bad, [
        GOOD,
        ["131245", "tiny-011", "若葉区", "防災", "", "答え", "2026-11-01", "防災課", ""],            # line 3: empty 質問
        ["131245", "tiny-012", "若葉区", "防災", "質問", "答え", "11月1日", "防災課", ""],            # line 4: date
        ["131245", "tiny-013", "若葉区", "防災", "質問", "答え", "2026-11-01", "広報課", ""],         # line 5: section
        ["131016", "tiny-014", "若葉区", "防災", "質問", "答え", "2026-11-01", "防災課", ""],         # line 6: other city
        ["131245", "tiny-010", "若葉区", "防災", "質問", "答え", "2026-11-01", "防災課", ""],         # line 7: duplicate id
        ["131245", "tiny-015", "若葉区", "防災", "質問"],                                            # line 8: short row
        ["131245", "tiny-016", "若葉区", "防災", "質問", "答え", "2026-11-01", "防災課", "ftp://x"],  # line 9: url
    ])
    before = tree_digest(tiny_kb)
    r = run_cli("import", bad, data=tiny_kb)
    assert r.returncode == 1
    err = r.stderr
    assert f"{bad}:3: 質問: is empty" in err
    assert f"{bad}:4: 回答日: '11月1日' is not a date" in err
    assert f"{bad}:5: 所管部署: unknown section '広報課'" in err
    assert f"{bad}:6: 全国地方公共団体コード: 131016 is another municipality" in err
    assert f"{bad}:7: ID: duplicate of line 2" in err
    assert f"{bad}:8: row: has 5 columns, expected 9" in err
    assert f"{bad}:9: URL: not an http(s) URL" in err
    assert "the knowledge base was not changed" in err
    assert tree_digest(tiny_kb) == before


def test_multiline_answers_keep_line_numbers_right(tiny_kb, tmp_path):
    f = tmp_path / "multi.csv"
    f.write_text(",".join(COLUMNS) + "\n" + ",".join(GOOD[:5]) + ',"一行目\n二行目\n三行目",2026-11-01,防災課,\n'
                 + "131245,tiny-011,若葉区,防災,,答え,2026-11-01,防災課,\n", encoding="utf-8")
    r = run_cli("import", f, data=tiny_kb)
    assert r.returncode == 1 and f"{f}:5: 質問: is empty" in r.stderr


def test_wrong_header_and_wrong_encoding_are_refused(tiny_kb, tmp_path):
    f = tmp_path / "h.csv"
    write_csv(f, [GOOD], header=COLUMNS[:-1] + ("リンク",))
    r = run_cli("import", f, data=tiny_kb)
    assert r.returncode == 1 and "header: not the standard FAQ columns (missing URL)" in r.stderr
    f.write_bytes(b"\xff\xfe\x00garbage\x81")
    r = run_cli("import", f, data=tiny_kb)
    assert r.returncode == 1 and "not UTF-8 or Shift_JIS" in r.stderr


def test_import_adds_drafts_and_updates_existing_keeping_extra_fields(tiny_kb, tmp_path):
    f = tmp_path / "ok.csv"
    changed = ["131245", "tiny-001", "若葉区", "住民票・戸籍・印鑑登録", "住民票の写しはどこで取れますか",
               "住民票の写しは区民課と出張所で1通300円で発行します。", "2026-11-02", "区民課",
               "https://www.city.wakaba.example/juminhyo/"]
    f.write_text(("\r\n".join(",".join(r) for r in [COLUMNS, GOOD, changed]) + "\r\n"), encoding="cp932")
    r = run_cli("import", f, data=tiny_kb)
    assert r.returncode == 0, r.stderr
    assert "new: 1 (tiny-010)" in r.stdout and "changed: 1 (tiny-001)" in r.stdout
    entries = {e.id: e for e in load_entries(tiny_kb)}
    assert entries["tiny-010"].status == "draft" and entries["tiny-010"].section.key == "bosai"
    kept = entries["tiny-001"]
    assert kept.answer == "住民票の写しは区民課と出張所で1通300円で発行します。" and kept.updated == "2026-11-02"
    assert kept.alt_questions and kept.translations["en"].answer.startswith("Copies")


def test_an_answer_that_contradicts_the_kept_easy_answer_is_refused(tiny_kb, tmp_path):
    """The CSV has no column for easy Japanese or translations: a new fee in the answer alone would
    leave them telling residents the old one, so the import stops and says where."""
    f = tmp_path / "fee.csv"
    changed = ["131245", "tiny-001", "若葉区", "住民票・戸籍・印鑑登録", "住民票の写しはどこで取れますか",
               "住民票の写しは区民課で1通350円で発行します。", "2026-11-02", "区民課", "https://www.city.wakaba.example/juminhyo/"]
    write_csv(f, [changed])
    before = tree_digest(tiny_kb)
    r = run_cli("import", f, data=tiny_kb)
    assert r.returncode == 1 and "easy_answer: numbers differ from the answer" in r.stderr
    assert tree_digest(tiny_kb) == before


def test_round_trip_export_import_export(tmp_path):
    """Export the sample KB, import that file into a copy, export again: nothing changes."""
    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    first = tmp_path / "first.csv"
    assert run_cli("export", "--out", first, data=data).returncode == 0
    ward = load_ward(data)
    before = content_hash(load_entries(data, ward), ward)
    r = run_cli("import", first, data=data)
    assert r.returncode == 0, r.stderr
    assert "changed: 0" in r.stdout and "new: 0" in r.stdout
    assert content_hash(load_entries(data, ward), ward) == before
    second = tmp_path / "second.csv"
    assert run_cli("export", "--out", second, data=data).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes().startswith("\ufeff全国地方公共団体コード,ID".encode())


def test_round_trip_into_an_empty_knowledge_base(tiny_kb, tmp_path):
    ward = load_ward(tiny_kb)
    entries = load_entries(tiny_kb, ward)
    csv1 = export_csv(entries, ward)
    empty = tmp_path / "empty"
    (empty / "entries").mkdir(parents=True)
    shutil.copy(tiny_kb / "ward.yml", empty / "ward.yml")
    (tmp_path / "all.csv").write_bytes(csv1)
    assert run_cli("import", tmp_path / "all.csv", data=empty).returncode == 0
    imported = load_entries(empty, ward)
    assert {e.status for e in imported} == {"draft"}  # staff review before residents see them
    assert export_csv(imported, ward) == csv1


def test_publishing_an_import_without_easy_japanese_is_refused_whole(tiny_kb, tmp_path):
    f = tmp_path / "new.csv"
    write_csv(f, [GOOD])
    before = tree_digest(tiny_kb)
    r = run_cli("import", f, "--publish", data=tiny_kb)
    assert r.returncode == 1 and "easy_answer: is required" in r.stderr
    assert tree_digest(tiny_kb) == before


def test_another_municipalitys_file_is_adopted_by_stated_rules(tmp_path):
    """A real city's FAQ: its own code and name, plain-number IDs, its own sections, a missing date."""
    from knowledge.opendata_csv import adopt_rows, merge, read_rows

    ward = load_ward(SAMPLE_DATA)
    path = tmp_path / "city.csv"
    write_csv(path, [
        ["282022", "17", "尼崎市", "税", "市民税の証明書はどこで取れますか", "市民課で取れます。", "2019/04/01", "市民課", ""],
        ["282022", "251", "尼崎市", "ごみ", "粗大ごみの出し方", "申し込みが必要です。", "", "", ""],
    ])
    rows, problems = read_rows(path, ward)  # as this ward's own file: refused, with the way out named
    assert problems and "build --faq" in str(problems[0])
    rows, adopted, problems, report = adopt_rows(path, ward)
    assert not problems, problems
    assert [r.id for r in rows] == ["faq-017", "faq-251"]
    assert report == {"municipality": "282022 尼崎市", "ids_renamed": 2, "sections_added": sorted(["市民課", ward.name]),
                      "undated": 1}
    entries, _ = merge(rows, [], adopted, new_status="published")
    section = entries[0].section
    assert section.name == "市民課" and section.phone == ward.main_phone  # reached via the main number
    assert entries[1].section.name == ward.name and entries[1].updated  # empty 所管部署 / 回答日


def test_an_adopted_file_still_holds_one_municipality(tmp_path):
    from knowledge.opendata_csv import adopt_rows

    path = tmp_path / "two.csv"
    write_csv(path, [
        ["282022", "1", "尼崎市", "税", "質問", "回答", "2019-04-01", "市民課", ""],
        ["131016", "2", "千代田区", "税", "質問2", "回答2", "2019-04-01", "区民課", ""],
    ])
    _, _, problems, _ = adopt_rows(path, load_ward(SAMPLE_DATA))
    assert any("one municipality per file" in str(p) for p in problems)
