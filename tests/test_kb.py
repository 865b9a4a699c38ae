"""The canonical knowledge base: loading, validation messages, and the sample KB's promises."""
from collections import Counter

import pytest

from knowledge.kb import KBError, load_entries, load_ward, published
from support import SAMPLE_DATA


def test_tiny_kb_loads_with_translations_and_resolved_section(tiny_kb):
    entries = {e.id: e for e in load_entries(tiny_kb)}
    assert set(entries) == {"tiny-001", "tiny-002", "tiny-003"}
    e = entries["tiny-001"]
    assert e.section.phone == "03-0555-1201" and e.counter.startswith("区役所本庁舎1階")
    assert e.translations["en"].documents == ("Photo ID",)
    assert e.translations["en"].alt_questions == ("juminhyo copy", "I need proof of address")
    assert [x.id for x in published(entries.values())] == ["tiny-001", "tiny-002"]


def test_every_problem_is_reported_with_file_line_and_field(tiny_kb):
    path = tiny_kb / "entries" / "tiny.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("section: sodaigomi", "section: nowhere").replace("updated: 2026-11-01", "updated: someday")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_entries(tiny_kb)
    msgs = [str(p) for p in err.value.problems]
    assert any(m.startswith(f"{path}:14: section: unknown section 'nowhere'") for m in msgs), msgs
    assert any(m.startswith(f"{path}:27: updated: not a YYYY-MM-DD date") for m in msgs), msgs


def test_duplicate_ids_and_translation_of_unknown_entry_are_refused(tiny_kb):
    path = tiny_kb / "entries" / "tiny.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: tiny-002", "id: tiny-001"), encoding="utf-8")
    (tiny_kb / "i18n" / "en" / "more.yml").write_text("tiny-999:\n  question: q\n  answer: a\n", encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_entries(tiny_kb)
    text = str(err.value)
    assert "duplicate id 'tiny-001'" in text and "translation of unknown entry 'tiny-999'" in text


def test_broken_yaml_points_at_its_line(tiny_kb):
    path = tiny_kb / "entries" / "tiny.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_entries(tiny_kb)
    assert err.value.problems[0].file == str(path) and err.value.problems[0].field == "yaml"


# ---- the sample knowledge base (issue: ≥200 published, easy Japanese + English for all) ----

def test_sample_kb_is_complete():
    ward = load_ward(SAMPLE_DATA)
    entries = published(load_entries(SAMPLE_DATA, ward))
    assert len(entries) >= 200
    for e in entries:
        assert e.easy_answer and len(e.alt_questions) >= 3, e.id
        assert "en" in e.translations, e.id
    categories = Counter(e.category for e in entries)
    for needed in ("住民票・戸籍・印鑑登録", "転入・転出・転居", "マイナンバーカード", "国民健康保険", "国民年金",
                   "住民税と証明書", "子育て", "高齢者", "障害福祉", "ごみ・リサイクル", "防災", "外国人住民の手続き",
                   "犬の登録", "施設予約", "税の納付"):
        assert categories[needed] >= 3, (needed, categories)


def test_section_phone_numbers_are_never_contradicted_in_answers():
    """A phone number written in an answer must be the number of some section (or 119/110/the switchboard)."""
    import re

    ward = load_ward(SAMPLE_DATA)
    known = {s.phone for s in ward.sections.values()} | {ward.main_phone}
    for e in load_entries(SAMPLE_DATA, ward):
        texts = [e.answer, e.easy_answer] + [t.answer for t in e.translations.values()]
        for number in re.findall(r"0\d{1,3}-\d{3,4}-\d{4}", " ".join(texts)):
            if number.startswith("03-0555"):
                assert number in known, (e.id, number)


def test_translated_phrasings_survive_writing_and_the_index_snapshot(tiny_kb):
    from knowledge.entry import Entry
    from knowledge.index import entry_texts, lexical_document
    from knowledge.kb import render_files

    entries = load_entries(tiny_kb)
    e = next(x for x in entries if x.id == "tiny-001")
    assert "alt_questions" in render_files(entries, {x.id: "tiny" for x in entries})["i18n/en/tiny.yml"]
    again = Entry.from_dict(e.to_dict(), load_ward(tiny_kb).sections)
    assert again.translations["en"].alt_questions == e.translations["en"].alt_questions
    assert ("I need proof of address", "tq", "en", "query") in [t[:4] for t in entry_texts(e)]
    assert "juminhyo" in lexical_document(e)
