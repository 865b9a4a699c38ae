"""A clarify choice given by its number: 「2」「２番」「二つ目」「最初の」, "the second one", "2번"…

The widget's buttons send the entry itself; a resident who types or says the number instead (the
phone line reads the options as numbered, and people answer 「2番」) is answered from the options the
last clarify offered, kept in the conversation (`clarify_options`), so a restart of Rasa or of the
action server in between loses nothing.
"""
from __future__ import annotations

import unicodedata

import regex

# Ordinal words, per language, for the first three options (clarify offers at most three).
_ORDINALS = {
    1: r"最初|はじめ|初め|一番上|ひとつめ|いちばん|first|第一|첫\s*번째|첫째|thứ nhất|đầu tiên|पहिलो|primeir[oa]|primer[oa]?|una|unang",
    2: r"ふたつめ|にばん|second|第二|두\s*번째|둘째|thứ hai|दोस्रो|segund[oa]|ikalawa|pangalawa",
    3: r"みっつめ|さんばん|third|第三|세\s*번째|셋째|thứ ba|तेस्रो|terceir[oa]|tercer[oa]?|ikatlo|pangatlo",
}
_KANJI = {"一": 1, "二": 2, "三": 3}
_NUMBER = regex.compile(
    r"^(?:no\.?|number|#|số|番号|第)?\s*([1-9一二三])\s*(?:番目?|つ目|個目|番目の|つめ|번째?|번|个|個|号|\.|\))?"
    r"\s*(?:の?(?:もの|やつ|方|ほう|です|で|を|お願いします|おねがいします)|one|please|po)*[。.!！]?$",
    regex.IGNORECASE)
MAX_CHOICE_CHARS = 20  # longer is a question of its own, even if it holds a number


def choice_number(message: str, options: int) -> int | None:
    """The option (1-based) the message picks out of `options`, or None if it is not a choice."""
    text = unicodedata.normalize("NFKC", message or "").strip().lower()
    if not text or len(text) > MAX_CHOICE_CHARS or options < 1:
        return None
    m = _NUMBER.match(text)
    if m:
        n = _KANJI.get(m.group(1)) or int(m.group(1))
        return n if n <= options else None
    for n, words in _ORDINALS.items():
        if n <= options and regex.search(rf"^(?:the\s+|o\s+|a\s+|el\s+|la\s+|ang\s+)?(?:{words})", text):
            return n
    return None
