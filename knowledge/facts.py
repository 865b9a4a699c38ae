"""The numbers a resident acts on, so every language of an answer can be checked to say the same.

Phone numbers, percentages, and every number of 100 or more (fees, amounts, years). Japanese 万/千
are expanded and thousands separators dropped, so 「1万5,000円」 and "15,000 yen" compare equal;
clock times (8:30) are ignored because languages write them differently (8時30分). Small numbers
(days, ages, floors) are left out: months and counters are written too differently to compare.
"""
from __future__ import annotations

import re
from collections import Counter

PHONE = re.compile(r"\d{2,4}-\d{3,4}-\d{4}")
CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")


def _expand_kanji_numbers(text: str) -> str:
    def man(m):
        rest = int(m.group(2).replace(",", "")) if m.group(2) else 0
        return str(int(float(m.group(1).replace(",", "")) * 10000) + rest)

    text = re.sub(r"(\d[\d,]*(?:\.\d+)?)万(\d[\d,]*)?", man, text)
    return re.sub(r"(\d+)千", lambda m: str(int(m.group(1)) * 1000), text)


def facts(text: str) -> Counter:
    text = _expand_kanji_numbers(text.replace("，", ","))
    found = Counter(PHONE.findall(text))
    text = CLOCK.sub(" ", PHONE.sub(" ", text))
    found.update(f"{m}%" for m in re.findall(r"(\d+(?:\.\d+)?)\s*[%％]", text))
    for m in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text):
        if int(m.replace(",", "")) >= 100:
            found[str(int(m.replace(",", "")))] += 1
    return found


def differences(reference: str, other: str) -> str | None:
    """None when both texts carry the same facts, else what is missing and what is extra."""
    a, b = set(facts(reference)), set(facts(other))
    if a == b:
        return None
    parts = []
    if a - b:
        parts.append("missing " + ", ".join(sorted(a - b)))
    if b - a:
        parts.append("extra " + ", ".join(sorted(b - a)))
    return "; ".join(parts)
