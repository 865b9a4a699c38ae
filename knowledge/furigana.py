"""Furigana (ruby readings) for Japanese answers, so children, older and foreign residents can read kanji.

`ruby_segments(text)` cuts the text into [surface, reading] pairs; reading is hiragana for pieces with
kanji and None otherwise. Joining the surfaces gives the text back exactly, so the web widget can
build <ruby> elements from it without ever parsing HTML. Readings come from fugashi + unidic-lite
(the `kana` field: the written reading, とうきょう rather than the pronounced トーキョー).
"""
from __future__ import annotations

import re
import threading

import fugashi

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_local = threading.local()


def _tagger() -> fugashi.Tagger:
    # MeCab taggers are not thread-safe (the action server answers concurrently): one per thread.
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = _local.tagger = fugashi.Tagger()
    return tagger


def to_hiragana(kana: str) -> str:
    """Katakana ァ..ヶ → hiragana; ー and everything else unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _split_okurigana(surface: str, reading: str) -> list[list]:
    """出し/だし → [出, だ], [し, None]: kana in the surface stays outside the ruby when it can be aligned.

    The surface becomes a pattern (kanji runs → groups, kana literal) matched against the reading;
    when that fails (irregular readings such as 今日), the whole word carries the whole reading.
    """
    parts = re.findall(r"[^\u3041-\u309f\u30a0-\u30ff]+|[\u3041-\u309f\u30a0-\u30ff]+", surface)
    pattern = "".join("(.+?)" if not _KANA.fullmatch(p) else "(" + re.escape(to_hiragana(p)) + ")" for p in parts)
    m = re.fullmatch(pattern, reading)
    if not m:
        return [[surface, reading]]
    return [[p, r if _KANJI.search(p) else None] for p, r in zip(parts, m.groups())]


def ruby_segments(text: str) -> list[list]:
    """[[surface, hiragana reading or None], ...] covering `text` exactly; adjacent plain pieces merged."""
    out: list[list] = []

    def add(surface: str, reading: str | None) -> None:
        if not surface:
            return
        if reading is None and out and out[-1][1] is None:
            out[-1][0] += surface
        else:
            out.append([surface, reading])

    pos = 0
    for word in _tagger()(text):
        # MeCab skips whitespace (and reports some of it as white_space): take the gap from the text itself.
        start = text.find(word.surface, pos)
        if start < 0:  # should not happen; never lose text
            continue
        add(text[pos:start], None)
        pos = start + len(word.surface)
        kana = getattr(word.feature, "kana", None)
        if not _KANJI.search(word.surface) or not kana or kana == "*":
            add(word.surface, None)
            continue
        for surface, reading in _split_okurigana(word.surface, to_hiragana(kana)):
            add(surface, reading)
    add(text[pos:], None)
    return out
