"""Furigana (ruby readings) for Japanese answers, so children, older and foreign residents can read kanji.

`ruby_segments(text)` cuts the text into [surface, reading] pairs; reading is hiragana for pieces with
kanji and None otherwise. Joining the surfaces gives the text back exactly, so the web widget can
build <ruby> elements from it without ever parsing HTML. Readings come from fugashi + unidic-lite
(the `kana` field: the written reading, とうきょう rather than the pronounced トーキョー).

unidic reads word by word, so a few readings that change inside compounds or after numbers
(避難所 ひなんじょ, 世帯主 せたいぬし, 誕生日 たんじょうび, 30分 ぷん, 14日 じゅうよっか, お持ちの方 かた)
are corrected by the small rules below; they were chosen by reading the sample KB's answers.
"""
from __future__ import annotations

import re

from .tokens import tagger

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_ALL_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+")
_KANA_RUN = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]+")

# (previous word, word) → (reading of the previous word or None to keep it, reading of the word).
_PAIRS: dict[tuple[str, str], tuple[str | None, str]] = {
    ("世帯", "主"): (None, "ぬし"),
    ("月", "日"): ("がっ", "ぴ"),  # 生年月日, 年月日
    **{(w, "所"): (None, "じょ") for w in ("保健", "出張", "避難", "相談", "投票", "案内", "集積", "保育",
                                            "診療", "託児", "派出", "研究")},
}
# Words unidic reads in a rarer way than a resident would.
_WORDS = {("階", "きざはし"): "かい", ("日本", "にっぽん"): "にほん"}
# A number + counter read as one irregular word: the ruby spans both (「14日」 じゅうよっか).
_COUNTED = {("1", "人"): "ひとり", ("2", "人"): "ふたり", ("2", "日"): "ふつか", ("3", "日"): "みっか",
            ("4", "日"): "よっか", ("5", "日"): "いつか", ("6", "日"): "むいか", ("7", "日"): "なのか",
            ("8", "日"): "ようか", ("9", "日"): "ここのか", ("10", "日"): "とおか", ("14", "日"): "じゅうよっか",
            ("20", "日"): "はつか", ("24", "日"): "にじゅうよっか"}
# 方 is a person (かた: お持ちの方) in the ward's answers, a side (ほう) only in comparisons.
_COMPARISON = re.compile(r"^[がはも]?(便利|早い|速い|よい|良い|いい|安い|確実|簡単|多い|少ない|近い|楽|先に)")
_NUMERAL = re.compile(r"[一二三四五六七八九十百千万何数]")


def to_hiragana(kana: str) -> str:
    """Katakana ァ..ヶ → hiragana; ー and everything else unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


def _split_okurigana(surface: str, reading: str) -> list[list]:
    """出し/だし → [出, だ], [し, None]: kana in the surface stays outside the ruby when it can be aligned.

    The surface becomes a pattern (kanji runs → groups, kana runs literal) matched against the reading;
    when that fails (irregular readings such as 今日), the whole word carries the whole reading.
    """
    parts = re.findall(r"[^\u3041-\u309f\u30a0-\u30ff]+|[\u3041-\u309f\u30a0-\u30ff]+", surface)
    pattern = "".join("(" + re.escape(to_hiragana(p)) + ")" if _KANA_RUN.fullmatch(p) else "(.+?)" for p in parts)
    m = re.fullmatch(pattern, reading)
    if not m:
        return [[surface, reading]]
    return [[p, r if _KANJI.search(p) else None] for p, r in zip(parts, m.groups())]


def _number(surface: str) -> int | None:
    return int(surface) if surface.isdecimal() and len(surface) < 7 else None


def _counter_reading(n: int, surface: str, reading: str, before: str) -> tuple[str | None, str]:
    """(reading of number + counter as one word or None, reading of the counter alone)."""
    if n == 1 and surface == "日":  # 10月1日 ついたち (a date), 1日 いちにち (a day)
        return ("ついたち" if before == "月" else "いちにち"), reading
    whole = _COUNTED.get((str(n), surface))
    if whole:
        return whole, reading
    if surface == "日":
        return None, "にち"
    if surface == "分" and reading == "ふん":  # 30分 さんじゅっぷん, 15分 じゅうごふん
        return None, "ぷん" if n % 10 in (0, 1, 3, 4, 6, 8) else "ふん"
    if surface == "階" and n % 10 == 3 and n < 10:  # 3階 さんがい
        return None, "がい"
    return None, reading


def _words(text: str) -> list[list]:
    """[surface, hiragana reading or None] per MeCab word, whitespace between words kept as plain words."""
    words: list[list] = []
    pos = 0
    for word in tagger()(text):
        # MeCab skips whitespace (and reports some of it as white_space): take the gap from the text itself.
        start = text.find(word.surface, pos)
        if start < 0:  # should not happen; never lose text
            continue
        if start > pos:
            words.append([text[pos:start], None])
        pos = start + len(word.surface)
        kana = getattr(word.feature, "kana", None)
        has_reading = _KANJI.search(word.surface) and kana and kana != "*"
        words.append([word.surface, to_hiragana(kana) if has_reading else None])
    if pos < len(text):
        words.append([text[pos:], None])
    return words


def _fix_readings(words: list[list]) -> list[list]:
    """The compound, counter and 方 corrections (see the module docstring)."""
    out: list[list] = []
    for i, (surface, reading) in enumerate(words):
        if reading is not None:
            prev = out[-1][0] if out else ""
            n = _number(prev)
            if n is not None:
                whole, reading = _counter_reading(n, surface, reading, out[-2][0] if len(out) > 1 else "")
                if whole:
                    out[-1] = [prev + surface, whole]
                    continue
            elif (prev, surface) in _PAIRS:
                prev_reading, reading = _PAIRS[(prev, surface)]
                if prev_reading:
                    out[-1][1] = prev_reading
            elif (surface == "日" and reading in ("ひ", "にち") and _ALL_KANJI.fullmatch(prev)
                  and not _NUMERAL.search(prev)):  # 誕生日, 土曜日, 営業日 (but 何日, 十日)
                reading = "び"
            elif surface == "印" and reading == "しるし" and _ALL_KANJI.fullmatch(prev):  # 届出印
                reading = "いん"
            elif surface == "方" and reading == "ほう":
                following = "".join(w[0] for w in words[i + 1:i + 3])
                if not _COMPARISON.match(following):
                    reading = "かた"
            reading = _WORDS.get((surface, reading), reading)
        out.append([surface, reading])
    return out


def ruby_segments(text: str) -> list[list]:
    """[[surface, hiragana reading or None], ...] covering `text` exactly; adjacent plain pieces merged."""
    out: list[list] = []
    for surface, reading in _fix_readings(_words(text)):
        for piece, piece_reading in _split_okurigana(surface, reading) if reading else [[surface, None]]:
            if not piece:
                continue
            if piece_reading is None and out and out[-1][1] is None:
                out[-1][0] += piece
            else:
                out.append([piece, piece_reading])
    return out
