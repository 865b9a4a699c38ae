"""Japanese written in romaji (juminhyo wo toritai): read as kana so that it can be matched.

The embedder and the word tokens know Japanese only in Japanese script, so a romaji question is also
searched as kana (jaconv's romaji table) and the better-scoring reading wins. A question is taken as
romaji only if nearly every word converts completely and none ends in a consonant (っ): English,
Spanish or Tagalog sentences ("para", "ng", "want") fail that test, and a Portuguese one that passes
still keeps its own reading when that scores higher.
"""
from __future__ import annotations

import re

import jaconv

_LONG_VOWELS = str.maketrans({"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou",
                              "â": "aa", "î": "ii", "û": "uu", "ê": "ee", "ô": "ou"})
_WORD = re.compile(r"[a-z'\-]+")
_LATIN = re.compile(r"[a-z]")
MIN_ROMAJI_SHARE = 0.85  # measured on the dev split: flags 32/32 romaji questions, ~3% of Latin ones


def _kana(word: str) -> str:
    return jaconv.alphabet2kana(word.replace("-", "ー"))  # "ka-do": a hyphen is a long vowel


def to_kana(text: str) -> str | None:
    """The kana reading of a romaji question, or None if the text does not read as romaji."""
    t = text.lower().translate(_LONG_VOWELS)
    if not t.isascii():
        return None
    words = _WORD.findall(t)
    if not words:
        return None
    romaji = sum(1 for w in words if not _LATIN.search(k := _kana(w)) and not k.endswith("っ"))
    if romaji / len(words) < MIN_ROMAJI_SHARE:
        return None
    return _kana(t)
