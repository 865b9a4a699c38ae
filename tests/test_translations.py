"""Translations tell residents the same facts as the Japanese: same phone numbers, amounts, years, percentages."""
import re
from collections import Counter

import pytest

from knowledge.entry import TRANSLATION_LANGS
from knowledge.kb import load_entries, load_ward, published
from tests.conftest import SAMPLE_DATA

PHONE = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")


def _kanji_numbers(text: str) -> str:
    """1万5,000円 → 15000円, 3千円 → 3000円, so the Japanese compares with written-out digits."""
    def man(m):
        rest = int(m.group(2).replace(",", "")) if m.group(2) else 0
        return str(int(float(m.group(1).replace(",", "")) * 10000) + rest)

    text = re.sub(r"(\d[\d,]*(?:\.\d+)?)万(\d[\d,]*)?", man, text)
    return re.sub(r"(\d+)千", lambda m: str(int(m.group(1)) * 1000), text)


def facts(text: str) -> Counter:
    """The numbers a resident acts on: phone numbers, percentages, and every number of 100 or more."""
    text = _kanji_numbers(text.replace("，", ","))
    found = Counter(PHONE.findall(text))
    text = CLOCK.sub(" ", PHONE.sub(" ", text))
    found.update(f"{m}%" for m in re.findall(r"(\d+(?:\.\d+)?)\s*[%％]", text))
    for m in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text):
        n = int(m.replace(",", ""))
        if n >= 100:
            found[str(n)] += 1
    return found


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


def test_every_section_is_named_in_every_translated_language():
    ward = load_ward(SAMPLE_DATA)
    for lang in ward.translations:
        for s in ward.sections.values():
            assert lang in s.translations and s.translations[lang].name != s.name, (lang, s.key)
