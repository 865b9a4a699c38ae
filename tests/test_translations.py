"""Translations tell residents the same facts as the Japanese: same phone numbers, amounts, years, percentages."""
from collections import Counter

import pytest

from knowledge.entry import TRANSLATION_LANGS
from knowledge.facts import facts
from knowledge.kb import load_entries, load_ward, published
from support import SAMPLE_DATA

def test_fact_extraction_normalises_japanese_and_western_writing():
    assert facts("手数料は1通300円、上限は1万5,000円、受付 8:30〜17:15、電話 03-0555-1201、2.8%") == \
        facts("The fee is 300 yen; at most 15,000 yen; open 8:30-17:15; phone 03-0555-1201; 2.8%")
    assert facts("3千円") == Counter({"3000": 1})


ENTRIES = published(load_entries(SAMPLE_DATA, load_ward(SAMPLE_DATA)))


@pytest.mark.parametrize("lang", TRANSLATION_LANGS)
def test_translated_answers_keep_every_number(lang):
    checked, wrong = 0, []
    for e in ENTRIES:
        tr = e.translations.get(lang)
        if tr is None:
            continue
        checked += 1
        ja, other = facts(e.answer), facts(tr.answer)
        if set(ja) != set(other):
            wrong.append(f"{e.id}: ja {sorted(ja)} vs {lang} {sorted(other)}")
    if not checked:
        pytest.skip(f"no {lang} translations yet")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", TRANSLATION_LANGS)
def test_translated_documents_match_in_count(lang):
    for e in ENTRIES:
        tr = e.translations.get(lang)
        if tr is not None and tr.documents:
            assert len(tr.documents) == len(e.documents), e.id


def test_validation_refuses_a_translation_whose_numbers_differ(tiny_kb):
    from knowledge.kb import KBError

    path = tiny_kb / "i18n" / "en" / "tiny.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("300 yen", "350 yen"), encoding="utf-8")
    with pytest.raises(KBError, match=r"tiny-001.answer: numbers differ from the Japanese answer: missing 300; extra 350"):
        load_entries(tiny_kb)


def test_every_section_is_named_in_every_translated_language():
    ward = load_ward(SAMPLE_DATA)
    for lang in ward.translations:
        for s in ward.sections.values():
            assert lang in s.translations and s.translations[lang].name != s.name, (lang, s.key)
