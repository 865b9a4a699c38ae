"""Turning reply text into what should be *said*: phone numbers digit by digit, dates, times, amounts.

Open JTalk reads "03-0555-1201" as a subtraction and "1,000円" or "2026-10-01" unpredictably, and an
elderly caller needs a phone number in groups they can write down. So text is normalised before
synthesis, and split into sentences so the synthesiser can leave a pause after each one.
"""
from __future__ import annotations

import re

JA_DIGITS = dict(zip("0123456789", ["ぜろ", "いち", "にー", "さん", "よん", "ごー", "ろく", "なな", "はち", "きゅう"]))
EN_DIGITS = dict(zip("0123456789", ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]))

_FULLWIDTH = str.maketrans("０１２３４５６７８９：－／", "0123456789:-/")  # not ー: センター
PHONE = re.compile(r"(?<![\d-])(0\d{1,4})[-‐－ー]?(\d{1,4})[-‐－ー](\d{3,4})(?![\d-])")
SHORT_NUMBER = re.compile(r"(?<![\d#])(#?)(110|119|189|7119|171)(?=番|\b|[^\d])")
DATE = re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
MONTH_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")
CLOCK = re.compile(r"(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?!\d)")
GROUPED = re.compile(r"(?<!\d)(\d{1,3}(?:,\d{3})+)(?!\d)")
YEN_PREFIX = re.compile(r"[¥￥]\s?(\d+)")
URL = re.compile(r"https?://\S+")
RANGE = re.compile(r"\s*[〜~～]\s*")


def digits(s: str, lang: str = "ja") -> str:
    # "・" makes Open JTalk leave a short gap between digits ("、" between groups is longer): run
    # together, "いちにーぜろいち" came back from Whisper as 101; separated, as 1201.
    table = JA_DIGITS if lang.startswith("ja") else EN_DIGITS
    return ("・" if lang.startswith("ja") else " ").join(table[c] for c in s if c in table)


def phone_words(groups: tuple[str, ...], lang: str = "ja") -> str:
    """03-0555-1201 → ぜろ・さん、ぜろ・ごー・ごー・ごー、いち・にー・ぜろ・いち (digit by digit, pause between groups)."""
    sep = "、" if lang.startswith("ja") else ", "
    return sep.join(digits(g, lang) for g in groups)


def normalise_ja(text: str) -> str:
    t = text.translate(_FULLWIDTH)
    t = URL.sub("区のホームページ", t)
    t = PHONE.sub(lambda m: "、" + phone_words(m.groups()) + "、", t)
    t = SHORT_NUMBER.sub(lambda m: ("シャープ" if m.group(1) else "") + digits(m.group(2)), t)
    t = DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", t)
    t = CLOCK.sub(lambda m: f"{int(m[1])}時" + (f"{int(m[2])}分" if int(m[2]) else ""), t)
    t = MONTH_DAY.sub(lambda m: f"{int(m[1])}月{int(m[2])}日", t)
    t = GROUPED.sub(lambda m: m[1].replace(",", ""), t)
    t = YEN_PREFIX.sub(r"\1円", t)
    # 点 between numbers is a decimal point to Open JTalk: 「1点400円」 was read イッテンヨンゼロゼロエン
    t = re.sub(r"(\d)点\s*(?=\d)", r"\1点、", t)
    t = RANGE.sub("から", t)
    t = re.sub(r"[（(]", "、", t)
    t = re.sub(r"[）)]", "、", t)
    t = re.sub(r"^[・•]\s*", "", t, flags=re.M)
    # "電話: 03-…" → "電話は、…" (but "詳しくは:" → "詳しくは、")
    t = re.sub(r"(.?)\s*[:：]\s*", lambda m: m[1] + ("、" if m[1] == "は" else "は、"), t)
    t = re.sub(r"[「」『』【】]", "", t)
    t = re.sub(r"\s*、\s*", "、", t)
    t = re.sub(r"、(\s*、)+", "、", t)
    t = re.sub(r"、\s*。", "。", t)
    return t.strip().strip("、")


def normalise_en(text: str) -> str:
    t = text.translate(_FULLWIDTH)
    t = URL.sub("the city website", t)
    t = PHONE.sub(lambda m: ", " + phone_words(m.groups(), "en") + ", ", t)
    t = SHORT_NUMBER.sub(lambda m: ("hash " if m.group(1) else "") + digits(m.group(2), "en"), t)
    t = GROUPED.sub(lambda m: m[1].replace(",", ""), t)
    t = YEN_PREFIX.sub(r"\1 yen", t)
    t = re.sub(r"(\d+)\s*円", r"\1 yen", t)
    t = RANGE.sub(" to ", t)
    return t


def normalise(text: str, lang: str = "ja") -> str:
    return normalise_ja(text) if lang.startswith("ja") else normalise_en(text)


_SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n+|(?<=\.)\s+")


def sentences(text: str, lang: str = "ja") -> list[str]:
    """Normalised sentences, each spoken with a pause after it; empty pieces dropped."""
    out = []
    for s in _SENTENCE_END.split(text):
        s = normalise(s.strip(), lang).strip(" 、,")
        if re.search(r"\w", s):
            out.append(s)
    return out
