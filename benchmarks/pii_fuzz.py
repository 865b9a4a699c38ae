"""A blind fuzz set of residents' messages that over-share personal data, with exact character spans.

    .venv/bin/python benchmarks/pii_fuzz.py [--split dev|test] [-n 1000] [--seed 0] [--jsonl]

`generate(split, n, seed)` returns `Sample(text, lang, spans)`: a message as a resident would type it
to the ward's chatbot (ten languages: ja, ja-easy, en, zh, ko, vi, ne, pt, es, tl), and the
`(start, end, kind)` of every piece of personal data in it, `text[start:end]` being exactly the data.
Kinds: phone, my_number, email, postal_code, address, birth_date, account (bank account and card
numbers). It was written without looking at the masker it measures (bot/pii.py).

What a span covers (the conventions a scorer needs):
- phone: the number as typed, with its "+81", "(0)", parentheses, hyphens and spaces; not 電話は/TEL.
- my_number: the 12 digits and their group separators. Every one has a valid check digit; some are
  written with マイナンバー/個人番号/My Number nearby, some with no such word at all.
- email: the address only, never the full stop after it ("...@gmail.com.").
- postal_code: the digits and their hyphen; the 〒 mark is a label, like 郵便番号, and is left out.
- address: from the prefecture/city/ward (or the town, when that is where the resident starts) to
  the building and room number; romanised addresses ("2-3-4 Honcho, Wakaba-ku, Tokyo") likewise.
- birth_date: the date only (not 生まれ/born), always in a birth context (生年月日, 生まれ, born,
  DOB, 출생, sinh, जन्म, nasci, nací, ipinanganak...).
- account: a bank account number; a branch number (支店番号) or Japan Post Bank 記号/番号 written
  separately is a span of its own; card numbers are Luhn-valid (16 digits, or 15 for Amex).

About a quarter of every split (sample i with i % 4 == 3) is negative: no spans, but the ordinary
numbers residents write (fees, counts, dates and times of procedures, fiscal years, ages, litres,
counters and floors, monthly amounts, 12-digit receipt numbers whose My Number check digit is wrong,
short numbers), often next to words such as 電話番号 or 住所 with no data after them. Positive
messages carry such numbers too.

Blindness between splits: every template list below is split by position (even index → dev, odd →
test) and every format of the data has a split of its own (the formats of a kind form a grid of
families × renderings, split like a chequerboard, so both splits have every family and every
rendering but never the same pair). `templates(split)` and `formats(split)` list them; the two
splits share none. Tune on dev, report test.

Deterministic: sample i depends only on (split, seed, i), so generate(s, 100) is a prefix of
generate(s, 1000). Standard library only.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

LANGS = ("ja", "ja-easy", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl")
KINDS = ("phone", "my_number", "email", "postal_code", "address", "birth_date", "account")
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Sample:
    text: str
    lang: str  # ja, ja-easy, en, zh, ko, vi, ne, pt, es, tl
    spans: tuple  # ((start, end, kind), ...) character offsets into text of each piece of personal data


# ---------------------------------------------------------------------------------------------
# Check digits and character widths

def my_number_check_digit(first11: str) -> int:
    """The Japanese Individual Number check digit of the first 11 digits."""
    total = 0
    for n in range(1, 12):
        p = int(first11[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    return 0 if r <= 1 else 11 - r


def my_number_valid(digits: str) -> bool:
    return len(digits) == 12 and digits.isdigit() and my_number_check_digit(digits[:11]) == int(digits[11])


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _luhn_complete(payload: str) -> str:
    for c in "0123456789":
        if luhn_valid(payload + c):
            return payload + c
    raise AssertionError(payload)


_FW_ALL = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_FW_ALL[" "] = "\u3000"
_FW_DIGITS = {str(d): chr(0xFF10 + d) for d in range(10)}


def fw(s: str) -> str:
    """Full width, as a Japanese IME in full-width mode types it (spaces become U+3000)."""
    return "".join(_FW_ALL.get(c, c) for c in s)


def fwd(s: str) -> str:
    """Full-width digits only."""
    return "".join(_FW_DIGITS.get(c, c) for c in s)


def _digits(rng: random.Random, n: int, first: str = "0123456789") -> str:
    if n <= 0:
        return ""
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


_KANJI_DIGITS = "〇一二三四五六七八九"


def kanji_number(n: int) -> str:
    """1..99 in kanji numerals (十三, 二十, 五十五)."""
    tens, ones = divmod(n, 10)
    out = ("" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGITS[tens] + "十"))
    return out + (_KANJI_DIGITS[ones] if ones else "")


def kanji_digits(s: str) -> str:
    return "".join(_KANJI_DIGITS[int(c)] for c in s)


# ---------------------------------------------------------------------------------------------
# Formats: every format belongs to one split

@dataclass(frozen=True)
class Format:
    slot: str
    name: str
    split: str
    render: Callable  # (rng, lang) -> (before, value, after); only value is the span
    langs: tuple | None = None
    weight: float = 1.0
    family: str = ""


FORMATS: dict[str, list[Format]] = {}


def _grid(slot: str, families: list, styles: list, make: Callable, *, skip=None, weight=None, langs=None):
    """families × styles, split like a chequerboard: (family index + style index) even → dev."""
    out = FORMATS.setdefault(slot, [])
    for i, (fname, fval) in enumerate(families):
        for j, (sname, sval) in enumerate(styles):
            if skip and skip(fname, sname):
                continue
            out.append(Format(
                slot=slot, name=f"{slot}:{fname}:{sname}", split=SPLITS[(i + j) % 2],
                render=(lambda rng, lang, fv=fval, sv=sval: make(rng, lang, fv, sv)),
                langs=langs(fname, sname) if langs else None,
                weight=weight(fname, sname) if weight else 1.0, family=fname))


# --- phone -----------------------------------------------------------------------------------
# (area code, digits of the local exchange, digits of the subscriber number, landline?)
PHONE_TYPES = [
    ("tokyo03", ("03", 4, 4, True)),
    ("osaka06", ("06", 4, 4, True)),
    ("yokohama045", ("045", 3, 4, True)),
    ("tama042", ("042", 3, 4, True)),
    ("shonan0467", ("0467", 2, 4, True)),
    ("mobile090", ("090", 4, 4, False)),
    ("mobile080", ("080", 4, 4, False)),
    ("mobile070", ("070", 4, 4, False)),
    ("ip050", ("050", 4, 4, False)),
    ("free0120", ("0120", 3, 3, False)),
    ("free0800", ("0800", 3, 4, False)),
]


def _intl(a, b, c, sep):
    return f"+81{sep}{a[1:]}{sep}{b}{sep}{c}"


PHONE_STYLES = [
    ("hyphen", lambda a, b, c: f"{a}-{b}-{c}"),
    ("plain", lambda a, b, c: f"{a}{b}{c}"),
    ("fw_hyphen", lambda a, b, c: fw(f"{a}-{b}-{c}")),
    ("fw_plain", lambda a, b, c: fw(f"{a}{b}{c}")),
    ("fw_hyphen_half_digits", lambda a, b, c: f"{a}－{b}－{c}"),
    ("fw_choon", lambda a, b, c: fwd(f"{a}ー{b}ー{c}")),
    ("choon", lambda a, b, c: f"{a}ー{b}ー{c}"),
    ("u2010", lambda a, b, c: f"{a}\u2010{b}\u2010{c}"),
    ("minus", lambda a, b, c: f"{a}\u2212{b}\u2212{c}"),
    ("space", lambda a, b, c: f"{a} {b} {c}"),
    ("fw_space", lambda a, b, c: fw(f"{a} {b} {c}")),
    ("dot", lambda a, b, c: f"{a}.{b}.{c}"),
    ("paren_mid", lambda a, b, c: f"{a}({b}){c}"),
    ("fw_paren_mid", lambda a, b, c: fw(f"{a}({b}){c}")),
    ("paren_area", lambda a, b, c: f"({a}){b}-{c}"),
    ("paren_area_space", lambda a, b, c: f"({a}) {b} {c}"),
    ("hyphen_spaced", lambda a, b, c: f"{a} - {b} - {c}"),
    ("digits_spaced", lambda a, b, c: " ".join(a + b + c)),
    ("intl_hyphen", lambda a, b, c: _intl(a, b, c, "-")),
    ("intl_space", lambda a, b, c: _intl(a, b, c, " ")),
    ("intl_plain", lambda a, b, c: _intl(a, b, c, "")),
    ("intl_trunk", lambda a, b, c: f"+81 (0){a[1:]}-{b}-{c}"),
    ("fw_intl", lambda a, b, c: fw(_intl(a, b, c, "-"))),
]
_PHONE_WEIGHT = {"hyphen": 6, "plain": 4, "fw_hyphen": 3, "fw_plain": 2, "paren_mid": 2}


def _phone(rng, lang, t, style):
    area, n1, n2, land = t
    b = _digits(rng, n1, "23456789" if land else "123456789")
    c = _digits(rng, n2)
    return "", style(area, b, c), ""


_grid("phone", PHONE_TYPES, PHONE_STYLES, _phone,
      skip=lambda f, s: f.startswith("free") and "intl" in s,
      weight=lambda f, s: _PHONE_WEIGHT.get(s, 1))


# --- my_number -------------------------------------------------------------------------------
def _my_number_value(rng) -> str:
    first = _digits(rng, 11)
    return first + str(my_number_check_digit(first))


def _my_number(rng, lang, width, sep):
    d = _my_number_value(rng)
    s = sep.join((d[:4], d[4:8], d[8:]))
    return "", (fwd(s) if width == "full" else s), ""


_grid("mynumber", [("half", "half"), ("full", "full")],
      [("plain", ""), ("hyphen", "-"), ("space", " "), ("ideo_space", "\u3000"), ("fw_hyphen", "－"),
       ("choon", "ー")],
      _my_number, weight=lambda f, s: {"plain": 4, "hyphen": 3, "space": 3}.get(s, 1))


# --- email -----------------------------------------------------------------------------------
FIRST = ["taro", "hanako", "yuki", "kenji", "aiko", "minh", "anh", "ram", "sita", "maria", "joao", "carlos",
         "ana", "jose", "minji", "jisoo", "wei", "lin", "juan", "rosa", "bikash", "linh"]
LAST = ["yamada", "sato", "suzuki", "tanaka", "ito", "nguyen", "tran", "shrestha", "gurung", "silva",
        "santos", "garcia", "lopez", "reyes", "cruz", "kim", "park", "li", "wang", "pham"]
NICK = ["sakura", "tomo", "haru", "mimi", "kaito", "luz", "rafa", "jun", "momo", "nana"]
DOMAINS = ["gmail.com", "yahoo.co.jp", "icloud.com", "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp",
           "outlook.jp", "hotmail.com", "au.com", "naver.com", "qq.com", "example.ne.jp", "i.softbank.jp"]
EMAIL_SHAPES = [
    ("dotted", lambda r: (f"{r.choice(FIRST)}.{r.choice(LAST)}")),
    ("initial", lambda r: (f"{r.choice(FIRST)[0]}.{r.choice(LAST)}{r.randint(1, 99):02d}")),
    ("underscore_year", lambda r: (f"{r.choice(FIRST)}_{r.choice(LAST)}{r.randint(1950, 2010)}")),
    ("nick_digits", lambda r: (f"{r.choice(NICK)}{r.randint(100, 9999)}")),
    ("hyphen", lambda r: (f"{r.choice(FIRST)}-{r.choice(LAST)}")),
    ("plus_tag", lambda r: (f"{r.choice(FIRST)}{r.choice(LAST)}+{r.choice(['ward', 'kuyakusho', 'tetsuzuki'])}")),
]
EMAIL_STYLES = [
    ("ascii", lambda local, dom: f"{local}@{dom}"),
    ("fw_at", lambda local, dom: f"{local}＠{dom}"),
    ("fw_at_dot", lambda local, dom: f"{local}＠{dom.replace('.', '．')}"),
    ("capitalised", lambda local, dom: f"{local[:1].upper()}{local[1:]}@{dom}"),  # a phone keyboard's capital
]


def _email(rng, lang, shape, style):
    return "", style(shape(rng), rng.choice(DOMAINS)), ""


_grid("email", EMAIL_SHAPES, EMAIL_STYLES, _email, weight=lambda f, s: 3 if s == "ascii" else 1)


# --- postal_code -----------------------------------------------------------------------------
def _postal(rng, lang, mark, style):
    a, b = str(rng.randint(100, 208)), _digits(rng, 4)
    return mark, style(a, b), ""


_grid("postal", [("bare", ""), ("mark", "〒"), ("mark_space", "〒 ")],
      [("hyphen", lambda a, b: f"{a}-{b}"), ("plain", lambda a, b: a + b),
       ("fw_hyphen", lambda a, b: fw(f"{a}-{b}")), ("fw_plain", lambda a, b: fw(a + b)),
       ("fw_hyphen_half_digits", lambda a, b: f"{a}－{b}"), ("choon", lambda a, b: f"{a}ー{b}"),
       ("space", lambda a, b: f"{a} {b}")],
      _postal, weight=lambda f, s: {"hyphen": 4, "plain": 2}.get(s, 1))


# --- address ---------------------------------------------------------------------------------
WARDS = [("若葉区", "わかばく", "Wakaba-ku")] * 6 + [
    ("世田谷区", "せたがやく", "Setagaya-ku"), ("練馬区", "ねりまく", "Nerima-ku"), ("江東区", "こうとうく", "Koto-ku"),
    ("板橋区", "いたばしく", "Itabashi-ku"), ("杉並区", "すぎなみく", "Suginami-ku"), ("足立区", "あだちく", "Adachi-ku")]
TOWNS = [("本町", "ほんちょう", "Honcho"), ("緑町", "みどりちょう", "Midoricho"), ("桜台", "さくらだい", "Sakuradai"),
         ("中央", "ちゅうおう", "Chuo"), ("東町", "ひがしちょう", "Higashicho"), ("南台", "みなみだい", "Minamidai"),
         ("旭町", "あさひちょう", "Asahicho"), ("栄町", "さかえちょう", "Sakaecho"), ("富士見", "ふじみ", "Fujimi"),
         ("若葉", "わかば", "Wakaba"), ("北野", "きたの", "Kitano"), ("西原", "にしはら", "Nishihara")]
CITIES = [("神奈川県横浜市港北区", "かながわけん よこはまし こうほくく", "Kohoku-ku, Yokohama, Kanagawa"),
          ("埼玉県さいたま市浦和区", "さいたまけん さいたまし うらわく", "Urawa-ku, Saitama"),
          ("千葉県千葉市美浜区", "ちばけん ちばし みはまく", "Mihama-ku, Chiba"),
          ("大阪府大阪市北区", "おおさかふ おおさかし きたく", "Kita-ku, Osaka"),
          ("神奈川県川崎市中原区", "かながわけん かわさきし なかはらく", "Nakahara-ku, Kawasaki, Kanagawa")]
BUILDINGS = [("若葉ハイツ", "わかばハイツ", "Wakaba Heights"), ("コーポ桜", "コーポさくら", "Corpo Sakura"),
             ("メゾン本町", "メゾンほんちょう", "Maison Honcho"), ("サンハイム緑", "サンハイムみどり", "Sunheim Midori"),
             ("パークハウス若葉", "パークハウスわかば", "Park House Wakaba"), ("グリーンコート", "グリーンコート", "Green Court"),
             ("レジデンス旭", "レジデンスあさひ", "Residence Asahi")]
ADDRESS_STRUCTURES = [  # (head, tail)
    ("town", ("town", None)),
    ("ward", ("ward", None)),
    ("tokyo", ("tokyo", None)),
    ("ward_building_room", ("ward", "building_room")),
    ("town_room", ("town", "room")),
    ("other_city", ("city", None)),
    ("tokyo_building", ("tokyo", "building")),
]
_KANJI_STYLES = {"chome_ban_go", "fw_chome", "kanji", "chome_hyphen", "banchi"}
ADDRESS_STYLES = [(s, s) for s in ("chome_ban_go", "fw_chome", "kanji", "hyphen", "fw_hyphen", "chome_hyphen",
                                   "banchi", "choon", "romaji", "kana")]


def _address(rng, lang, structure, style):
    head, tail = structure
    chome, ban, go = rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 25)
    ward, town, city, bldg = rng.choice(WARDS), rng.choice(TOWNS), rng.choice(CITIES), rng.choice(BUILDINGS)
    room = f"{rng.randint(1, 9)}{rng.randint(1, 8):02d}"
    if style == "romaji":
        num = f"{chome}-{ban}-{go}"
        body = {"town": f"{num} {town[2]}", "ward": f"{num} {town[2]}, {ward[2]}",
                "tokyo": f"{num} {town[2]}, {ward[2]}, Tokyo", "city": f"{num} {town[2]}, {city[2]}"}[head]
        if tail == "building_room":
            return "", rng.choice([f"{bldg[2]} {room}, {body}", f"{bldg[2]} #{room}, {body}"]), ""
        if tail == "room":
            return "", f"{num}-{room} {town[2]}", ""
        if tail == "building":
            return "", f"{bldg[2]}, {body}", ""
        return "", body, ""
    if style == "kana":
        num = f"{chome}ちょうめ {ban}ばん {go}ごう"
        h = {"town": town[1], "ward": f"{ward[1]} {town[1]}", "tokyo": f"とうきょうと {ward[1]} {town[1]}",
             "city": f"{city[1]} {town[1]}"}[head]
        t = {None: "", "building_room": f" {bldg[1]} {room}ごうしつ", "room": f" {room}ごうしつ",
             "building": f" {bldg[1]}"}[tail]
        return "", f"{h} {num}{t}", ""
    h = {"town": town[0], "ward": ward[0] + town[0], "tokyo": "東京都" + ward[0] + town[0],
         "city": city[0] + town[0]}[head]
    if style == "banchi":
        ban = rng.randint(1, 350)
    num = {"chome_ban_go": lambda: f"{chome}丁目{ban}番{go}号", "fw_chome": lambda: fwd(f"{chome}丁目{ban}番{go}号"),
           "kanji": lambda: f"{kanji_number(chome)}丁目{kanji_number(ban)}番{kanji_number(go)}号",
           "hyphen": lambda: f"{chome}-{ban}-{go}", "fw_hyphen": lambda: fw(f"{chome}-{ban}-{go}"),
           "chome_hyphen": lambda: f"{chome}丁目{ban}-{go}", "banchi": lambda: f"{ban}番地{go}",
           "choon": lambda: f"{chome}ー{ban}ー{go}"}[style]()
    full = style in ("fw_chome", "fw_hyphen")
    if tail is None:
        t = ""
    elif style in _KANJI_STYLES:
        t = {"building_room": rng.choice([f" {bldg[0]}{room}号室", f"{bldg[0]}{room}号室", f" {bldg[0]} {room}号室",
                                          f"{bldg[0]}{room}"]),
             "room": rng.choice([f" {room}号室", f"\u3000{room}号室"]),
             "building": rng.choice([f" {bldg[0]}", f"{bldg[0]}"])}[tail]
    else:
        sep = {"hyphen": "-", "fw_hyphen": "－", "choon": "ー"}[style]
        t = {"building_room": rng.choice([f" {bldg[0]}{room}", f" {bldg[0]} {room}号室"]),
             "room": f"{sep}{room}", "building": f" {bldg[0]}"}[tail]
    if full:
        t = fw(t)
    return "", h + num + t, ""


_NOT_JA = tuple(lang for lang in LANGS if lang not in ("ja", "ja-easy"))
_grid("address", ADDRESS_STRUCTURES, ADDRESS_STYLES, _address,
      langs=lambda f, s: _NOT_JA if s == "romaji" else (("ja-easy",) if s == "kana" else None),
      weight=lambda f, s: {"chome_ban_go": 3, "hyphen": 3}.get(s, 1))


# --- birth_date ------------------------------------------------------------------------------
ERAS = [((2019, 5, 1), "令和", "R", "れいわ", 2018), ((1989, 1, 8), "平成", "H", "へいせい", 1988),
        ((1926, 12, 25), "昭和", "S", "しょうわ", 1925)]


def wareki(y: int, m: int, d: int):
    for start, kanji, letter, kana, base in ERAS:
        if (y, m, d) >= start:
            return kanji, letter, kana, y - base
    raise ValueError(y)


def _birth_value(rng):
    y = rng.choice([rng.randint(1935, 2006), rng.randint(1935, 2006), rng.randint(1935, 2006), rng.randint(2007, 2024)])
    return y, rng.randint(1, 12), rng.randint(1, 28)


def _ey(ey: int) -> str:
    return "元" if ey == 1 else str(ey)


BIRTH_GENERIC = [
    ("wareki_kanji", [
        ("plain", lambda y, m, d, w: f"{w[0]}{_ey(w[3])}年{m}月{d}日"),
        ("padded", lambda y, m, d, w: f"{w[0]}{w[3]:02d}年{m:02d}月{d:02d}日"),
        ("fw", lambda y, m, d, w: fwd(f"{w[0]}{w[3]}年{m}月{d}日")),
        ("spaced", lambda y, m, d, w: f"{w[0]} {w[3]}年 {m}月 {d}日"),
    ]),
    ("wareki_letter", [
        ("dot", lambda y, m, d, w: f"{w[1]}{w[3]}.{m}.{d}"),
        ("slash_padded", lambda y, m, d, w: f"{w[1]}{w[3]:02d}/{m:02d}/{d:02d}"),
        ("fw_dot", lambda y, m, d, w: fw(f"{w[1]}{w[3]}.{m}.{d}")),
        ("lower_dot", lambda y, m, d, w: f"{w[1].lower()}{w[3]}.{m}.{d}"),
        ("nen", lambda y, m, d, w: f"{w[1]}{w[3]}年{m}月{d}日"),
        ("dot_after_letter", lambda y, m, d, w: f"{w[1]}.{w[3]}.{m}.{d}"),
        ("hyphen", lambda y, m, d, w: f"{w[1]}{w[3]}-{m}-{d}"),
    ]),
    ("gregorian_kanji", [
        ("plain", lambda y, m, d, w: f"{y}年{m}月{d}日"),
        ("padded", lambda y, m, d, w: f"{y}年{m:02d}月{d:02d}日"),
        ("fw", lambda y, m, d, w: fwd(f"{y}年{m}月{d}日")),
        ("spaced", lambda y, m, d, w: f"{y}年 {m}月 {d}日"),
    ]),
    ("gregorian_numeric", [
        ("slash_padded", lambda y, m, d, w: f"{y}/{m:02d}/{d:02d}"),
        ("slash", lambda y, m, d, w: f"{y}/{m}/{d}"),
        ("iso", lambda y, m, d, w: f"{y}-{m:02d}-{d:02d}"),
        ("dot", lambda y, m, d, w: f"{y}.{m}.{d}"),
        ("fw_slash", lambda y, m, d, w: fw(f"{y}/{m}/{d}")),
        ("hyphen", lambda y, m, d, w: f"{y}-{m}-{d}"),
        ("dot_padded", lambda y, m, d, w: f"{y}.{m:02d}.{d:02d}"),
        ("fw_iso", lambda y, m, d, w: fw(f"{y}-{m:02d}-{d:02d}")),
    ]),
    ("compact", [
        ("half", lambda y, m, d, w: f"{y}{m:02d}{d:02d}"),
        ("fw", lambda y, m, d, w: fw(f"{y}{m:02d}{d:02d}")),
    ]),
    ("kanji_numerals", [
        ("wareki", lambda y, m, d, w: f"{w[0]}{'元' if w[3] == 1 else kanji_number(w[3])}年{kanji_number(m)}月{kanji_number(d)}日"),
        ("digit_by_digit", lambda y, m, d, w: f"{kanji_digits(str(y))}年{kanji_number(m)}月{kanji_number(d)}日"),
    ]),
    ("kana", [
        ("gregorian", lambda y, m, d, w: f"{y}ねん {m}がつ {d}にち"),
        ("wareki", lambda y, m, d, w: f"{w[2]}{w[3]}ねん {m}がつ {d}にち"),
    ]),
]
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "tl": ["Enero", "Pebrero", "Marso", "Abril", "Mayo", "Hunyo", "Hulyo", "Agosto", "Setyembre", "Oktubre",
           "Nobyembre", "Disyembre"],
    "ne": ["जनवरी", "फेब्रुअरी", "मार्च", "अप्रिल", "मे", "जुन", "जुलाई", "अगस्ट", "सेप्टेम्बर", "अक्टोबर", "नोभेम्बर",
           "डिसेम्बर"],
}
# The dates as residents write them in their own language: (family, split, {lang: render}).
BIRTH_NATIVE = [
    ("day_month_words", "dev", {
        "en": lambda y, m, d: f"{d} {MONTHS['en'][m - 1]} {y}",
        "ne": lambda y, m, d: f"{d} {MONTHS['ne'][m - 1]} {y}",
        "pt": lambda y, m, d: f"{d} de {MONTHS['pt'][m - 1]} de {y}",
        "es": lambda y, m, d: f"{d} de {MONTHS['es'][m - 1]} de {y}",
        "vi": lambda y, m, d: f"{d} tháng {m} năm {y}",
        "tl": lambda y, m, d: f"{d} {MONTHS['tl'][m - 1]} {y}"}),
    ("slash_dmy", "dev", {lang: (lambda y, m, d: f"{d:02d}/{m:02d}/{y}") for lang in ("en", "ne", "pt", "es", "vi")}),
    ("korean_dots", "dev", {"ko": lambda y, m, d: f"{y}. {m}. {d}"}),
    ("month_words_day", "test", {
        "en": lambda y, m, d: f"{MONTHS['en'][m - 1]} {d}, {y}",
        "tl": lambda y, m, d: f"{MONTHS['tl'][m - 1]} {d}, {y}"}),
    ("slash_mdy", "test", {lang: (lambda y, m, d: f"{m:02d}/{d:02d}/{y}") for lang in ("en", "tl")}),
    ("dash_dmy", "test", {lang: (lambda y, m, d: f"{d:02d}-{m:02d}-{y}") for lang in ("vi", "pt", "es", "ne")}),
    ("year_first_words", "test", {
        "ko": lambda y, m, d: f"{y}년 {m}월 {d}일",
        "zh": lambda y, m, d: f"{y}年{m}月{d}号",
        "ne": lambda y, m, d: f"{y} {MONTHS['ne'][m - 1]} {d}"}),
]


def _birth_generic(rng, lang, family, style):
    y, m, d = _birth_value(rng)
    return "", style(y, m, d, wareki(y, m, d)), ""


for _i, (_fam, _styles) in enumerate(BIRTH_GENERIC):
    for _j, (_sname, _fn) in enumerate(_styles):
        FORMATS.setdefault("dob", []).append(Format(
            slot="dob", name=f"dob:{_fam}:{_sname}", split=SPLITS[(_i + _j) % 2],
            render=(lambda rng, lang, fn=_fn: _birth_generic(rng, lang, None, fn)),
            langs=("ja-easy",) if _fam == "kana" else None, family=_fam,
            weight=2.0 if _fam in ("wareki_kanji", "gregorian_kanji", "gregorian_numeric") else 1.0))
for _fam, _split, _by_lang in BIRTH_NATIVE:
    for _lang, _fn in _by_lang.items():
        FORMATS["dob"].append(Format(
            slot="dob", name=f"dob:native:{_fam}:{_lang}", split=_split,
            render=(lambda rng, lang, fn=_fn: ("", fn(*_birth_value(rng)), "")),
            langs=(_lang,), family="native"))


# --- account ---------------------------------------------------------------------------------
def _bank(rng, lang, family, width):
    v = {"seven": lambda: _digits(rng, 7, "123456789"),
         "seven_zero": lambda: "0" + _digits(rng, 6),
         "branch_combined": lambda: f"{_digits(rng, 3)}-{_digits(rng, 7)}",
         "yucho_combined": lambda: f"1{_digits(rng, 3)}0-{_digits(rng, 7)}1"}[family]()
    return "", (fwd(v) if width == "full" else v), ""


_WIDTHS = [("half", "half"), ("full", "full")]
_grid("bank", [(f, f) for f in ("seven", "seven_zero", "branch_combined", "yucho_combined")], _WIDTHS, _bank,
      weight=lambda f, s: 3 if s == "half" else 1)
_grid("branch", [("any", "123456789"), ("zero_lead", "0")], _WIDTHS,
      lambda rng, lang, first, w: ("", (lambda v: fwd(v) if w == "full" else v)(rng.choice(first) + _digits(rng, 2)), ""),
      weight=lambda f, s: 3 if s == "half" else 1)
_grid("ykigo", [("low", "0"), ("high", "123456789")], _WIDTHS,
      lambda rng, lang, second, w: ("", (lambda v: fwd(v) if w == "full" else v)(f"1{rng.choice(second)}{_digits(rng, 2)}0"), ""),
      weight=lambda f, s: 3 if s == "half" else 1)
_grid("ybango", [("low", "1234"), ("high", "56789")], _WIDTHS,
      lambda rng, lang, first, w: ("", (lambda v: fwd(v) if w == "full" else v)(rng.choice(first) + _digits(rng, 6) + "1"), ""),
      weight=lambda f, s: 3 if s == "half" else 1)

CARD_BRANDS = [
    ("visa", lambda r: _luhn_complete("4" + _digits(r, 14))),
    ("mastercard", lambda r: _luhn_complete("5" + r.choice("12345") + _digits(r, 13))),
    ("jcb", lambda r: _luhn_complete("35" + str(r.randint(28, 89)) + _digits(r, 11))),
    ("amex", lambda r: _luhn_complete("3" + r.choice("47") + _digits(r, 12))),
]
CARD_STYLES = [("hyphen", ("-", False)), ("space", (" ", False)), ("plain", ("", False)),
               ("fw_hyphen", ("－", True)), ("fw_plain", ("", True)), ("fw_space", ("\u3000", True)),
               ("fw_hyphen_half_digits", ("－", False))]


def _card(rng, lang, brand, style):
    sep, full = style
    d = brand(rng)
    groups = (d[:4], d[4:10], d[10:]) if len(d) == 15 else (d[:4], d[4:8], d[8:12], d[12:])
    s = sep.join(groups)
    return "", (fwd(s) if full else s), ""


_grid("card", CARD_BRANDS, CARD_STYLES, _card,
      weight=lambda f, s: {"hyphen": 3, "space": 3, "plain": 2}.get(s, 1) * (0.5 if f == "amex" else 1))

SLOT_KIND = {"phone": "phone", "mynumber": "my_number", "email": "email", "postal": "postal_code",
             "address": "address", "dob": "birth_date", "bank": "account", "branch": "account",
             "card": "account", "ykigo": "account", "ybango": "account"}


# --- ordinary numbers (no span) ----------------------------------------------------------------
def _ref12(rng) -> str:
    first = _digits(rng, 11, "123456789")
    good = my_number_check_digit(first)
    return first + rng.choice([c for c in "0123456789" if int(c) != good])


REF12_FORMATS = {  # a receipt / reference number with a wrong My Number check digit
    "dev": {"ref12:plain": lambda d: d, "ref12:fw_grouped": lambda d: fw(f"{d[:4]}-{d[4:8]}-{d[8:]}")},
    "test": {"ref12:grouped": lambda d: f"{d[:4]}-{d[4:8]}-{d[8:]}", "ref12:fw_plain": lambda d: fw(d)},
}


def _yen(rng, lang):
    v = rng.choice([150, 200, 300, 350, 400, 450, 500, 600, 750, 800, 1000, 1200, 1500, 2000, 3000, 5000])
    s = f"{v:,}" if v >= 1000 and rng.random() < 0.5 else str(v)
    return fw(s) if lang == "ja" and rng.random() < 0.15 else s


NEG_SLOTS: dict[str, Callable] = {
    "yen": _yen,
    "amount": lambda rng, lang: f"{rng.choice([6500, 8000, 12000, 15000, 23500, 31000, 45000, 58000, 120000, 250000]):,}",
    "n": lambda rng, lang: str(rng.randint(1, 5)),
    "day": lambda rng, lang: str(rng.randint(1, 28)),
    "month": lambda rng, lang: str(rng.randint(1, 12)),
    "hour": lambda rng, lang: str(rng.randint(8, 17)),
    "minute": lambda rng, lang: rng.choice(["00", "15", "30", "45"]),
    "reiwa": lambda rng, lang: str(rng.randint(5, 9)),
    "year": lambda rng, lang: str(rng.randint(2024, 2027)),
    "age": lambda rng, lang: str(rng.randint(60, 99)),
    "liters": lambda rng, lang: str(rng.choice([10, 15, 20, 30, 45, 70, 90])),
    "counter": lambda rng, lang: str(rng.randint(1, 20)),
    "floor": lambda rng, lang: str(rng.randint(1, 9)),
    "short": lambda rng, lang: str(rng.randint(1, 999)),
    "range": lambda rng, lang: rng.choice(["2-3", "1～2", "2〜3", "1-2", "3~4"] if lang in ("ja", "zh") else
                                          ["2-3", "1-2", "3-4", "2 - 3"]),
}


# ---------------------------------------------------------------------------------------------
# Templates. In every list, even positions are dev and odd positions test.
# Slots: {phone} {mynumber} {email} {postal} {address} {dob} {bank} {branch} {card} {ykigo} {ybango}
# are personal data (a second one of a kind is {address_2}); {yen} {n} {day} ... {ref12} are not.

T: dict[str, dict[str, list[str]]] = {}

T["ja"] = {
    "intro": [
        "転出届を出したいです。", "転入の手続きについて教えてください。", "来月{day}日に引っ越す予定です。",
        "住民票の写しを郵送で請求したいのですが。", "児童手当の申請をしたいです。",
        "マイナンバーカードの暗証番号を忘れてしまいました。", "国民健康保険に加入したいです。",
        "粗大ごみの収集を申し込みたいです。", "住民税の納付書が届いていません。", "印鑑登録をしたいのですが。",
        "保育園の入園申込みについて質問です。", "{month}月{day}日に転居しました。", "母の介護保険の手続きをしたいです。",
        "口座振替の申込みをしたいです。", "戸籍謄本を取り寄せたいです。", "先日お電話した件です。",
        "課税証明書を{n}通お願いしたいです。", "引っ越しに伴う住所変更をお願いします。",
        "年金の免除申請で相談があります。", "子どもの医療証が届きません。",
    ],
    "close": [
        "よろしくお願いします。", "折り返しご連絡ください。", "どうすればいいですか？", "至急お願いします。",
        "お手数ですがよろしくお願いいたします。", "確認をお願いします。", "手続きに必要なものを教えてください。",
        "何卒よろしくお願い申し上げます。",
    ],
    "phone": [
        "電話番号は{phone}です。", "連絡先：{phone}", "携帯は{phone}なので、こちらに折り返しお願いします。",
        "日中は{phone}につながります。", "{phone}に電話をください。", "自宅の電話（{phone}）は平日なら出られます。",
        "母の携帯 {phone} にも連絡してもらえますか。", "TEL:{phone}", "電話は{phone}、夕方以降だと助かります。",
        "職場の番号{phone}にはかけないでください。",
    ],
    "my_number": [
        "マイナンバーは{mynumber}です。", "個人番号：{mynumber}", "私の個人番号{mynumber}で照会できますか。",
        "マイナンバー（{mynumber}）を書く欄があるのですが、これで合っていますか。", "通知カードの番号は{mynumber}です。",
        "{mynumber}で申請しました。", "番号は {mynumber} です。", "子どものマイナンバー、{mynumber}も必要ですか。",
        "申請書に{mynumber}と書いて出しました。", "夫の個人番号は{mynumber}になります。",
    ],
    "email": [
        "メールアドレスは{email}です。", "返信は{email}までお願いします。", "メール：{email}",
        "{email}に書類を送ってもらえますか。", "連絡はメール（{email}）のほうが助かります。", "アドレス {email} 宛にお願いします",
    ],
    "postal_code": [
        "郵便番号は{postal}です。", "新しい住所の郵便番号は{postal}です。", "郵便番号：{postal}",
        "郵便番号が{postal}に変わりました。", "郵便番号 {postal} で合っていますか。", "前の家の郵便番号は{postal}でした。",
    ],
    "address": [
        "住所は{address}です。", "{address}に住んでいます。", "今の住所：{address}", "{address}から{address_2}に引っ越しました。",
        "新しい住所は{address}になります。", "{address}の者ですが、ごみが収集されていません。", "実家は{address}です。",
        "書類は{address}に送ってください。", "現住所は{address}、住民票もここです。", "{address}に来月から住みます。",
    ],
    "birth_date": [
        "生年月日は{dob}です。", "{dob}生まれです。", "生年月日：{dob}", "子どもは{dob}に生まれました。",
        "誕生日は{dob}です。", "母（{dob}生）の手続きです。", "夫の生年月日は{dob}です。", "私は{dob}生まれの者です。",
    ],
    "account": [
        "口座番号は{bank}です。", "振込先の口座番号：{bank}", "クレジットカード番号は{card}です。", "カード番号 {card} で支払えますか。",
        "支店番号{branch}、口座番号{bank}です。", "わかば銀行 支店{branch} 普通{bank}", "ゆうちょの記号{ykigo}、番号{ybango}です。",
        "ゆうちょ銀行 記号 {ykigo} 番号 {ybango} に振り込んでください。", "還付金は普通預金{bank}にお願いします。",
        "{card}のカードで住民税を納付できますか。",
    ],
    "multi": [
        "住所は{address}、電話は{phone}です。", "住所：{address}\n電話：{phone}",
        "生年月日{dob}、マイナンバー{mynumber}です。", "生年月日：{dob}\n個人番号：{mynumber}",
        "メール{email}か電話{phone}にご連絡ください。", "連絡先は{phone}、メールなら{email}です。",
        "〒と住所は{postal} {address}です。", "{postal} {address}",
        "口座は{bank}、電話は{phone}です。", "生年月日：{dob}\n連絡先：{phone}",
    ],
    "neg": [
        "住民票は1通{yen}円ですか？", "印鑑証明は{yen}円で合っていますか。", "子どもは{n}人います。児童手当はいくらになりますか。",
        "来月{day}日に引っ越します。転出届はいつから出せますか。", "{month}月1日から保育園に通う予定です。",
        "{year}年3月31日までに申請すればいいですか。", "窓口は{hour}時{minute}分から開いていますか。",
        "令和{reiwa}年度の住民税の通知はいつ届きますか。", "母は{age}歳ですが、高齢者向けの助成はありますか。",
        "{liters}リットルのごみ袋はどこで買えますか。", "{counter}番窓口に行けばいいですか。", "区役所の{floor}階は何課ですか。",
        "保育料は月額{amount}円ですか。", "受付番号{ref12}の申請はどうなっていますか。", "払込票の番号は{ref12}です。コンビニで払えますか。",
        "整理券{short}番を持っています。", "手続きには{range}週間かかりますか。", "電話番号を変えたのですが、届け出は必要ですか。",
        "住所変更は引っ越してから何日以内にすればいいですか。", "マイナンバーカードの更新は何歳からですか。",
        "郵便番号が分からないのですが、書類に書く必要がありますか。", "口座振替の申込書はどこでもらえますか。",
        "平日{hour}時以降でも電話で相談できますか。", "本町駅から区役所まで徒歩{n}分くらいですか。",
        "R{reiwa}.4.1から保育園に入れますか。", "{year}/4/1付けで転入しました。", "{n}歳児クラスの空きはありますか。",
        "粗大ごみ{n}点で{yen}円ですか。", "第{n}・第{n_2}土曜日も開いていますか。", "国保の保険料、年間{amount}円は高すぎませんか。",
        "{year}年{month}月{day}日に婚姻届を出しました。", "令和{reiwa}年{month}月{day}日から新しい保育園です。",
        "平日の受付は8時30分〜17時15分ですか。", "若葉区役所の{floor}階に行けばいいですか。",
    ],
}
T["ja-easy"] = {
    "intro": [
        "ひっこし の てつづき を したいです。", "てんしゅつとどけ を だしたいです。", "じゅうみんひょう が ほしいです。",
        "こども の てあて の てつづき を したいです。", "マイナンバーカード を なくしました。", "ごみ の だしかた が わかりません。",
        "びょういん の ほけん に はいりたいです。", "ぜいきん の かみ が きました。", "らいげつ {day}にち に ひっこします。",
        "にほんご が すこし わかります。たすけて ください。",
    ],
    "close": [
        "おねがいします。", "でんわ を ください。", "どうしたら いいですか。", "よろしく おねがいします。", "おしえて ください。",
        "ありがとう ございます。",
    ],
    "phone": [
        "でんわ は {phone} です。", "わたし の でんわばんごう: {phone}", "{phone} に でんわ して ください。", "けいたい {phone}",
        "でんわ ばんごう は {phone} です。ひる も でられます。", "おっと の でんわ {phone}",
    ],
    "my_number": [
        "マイナンバー は {mynumber} です。", "わたし の ばんごう は {mynumber} です。", "こじんばんごう {mynumber}",
        "{mynumber} これ は わたし の マイナンバー です。", "カード の ばんごう {mynumber} を かきました。", "{mynumber} で いいですか。",
    ],
    "email": [
        "メール は {email} です。", "{email} に メール を ください。", "メールアドレス: {email}", "わたし の メール {email}",
    ],
    "postal_code": [
        "ゆうびんばんごう は {postal} です。", "ゆうびんばんごう {postal}", "あたらしい ゆうびんばんごう は {postal} です。",
        "まえ の ゆうびんばんごう {postal}",
    ],
    "address": [
        "じゅうしょ は {address} です。", "{address} に すんで います。", "いま の じゅうしょ: {address}", "{address} に ひっこしました。",
        "あたらしい いえ は {address} です。", "てがみ は {address} に おくって ください。",
    ],
    "birth_date": [
        "たんじょうび は {dob} です。", "うまれた ひ は {dob} です。", "{dob} に うまれました。", "せいねんがっぴ: {dob}",
        "こども は {dob} うまれ です。", "わたし は {dob} に うまれました。",
    ],
    "account": [
        "ぎんこう の こうざばんごう は {bank} です。", "こうざ {bank}", "カード の ばんごう は {card} です。",
        "クレジットカード {card} で はらいたいです。", "してん {branch} こうざ {bank}", "してんばんごう は {branch}、こうざばんごう は {bank} です。",
        "ゆうちょ の きごう {ykigo} ばんごう {ybango}", "ゆうちょ きごう は {ykigo}、ばんごう は {ybango} です。",
    ],
    "multi": [
        "じゅうしょ は {address}、でんわ は {phone} です。", "いえ {address} でんわ {phone}",
        "{dob} うまれ、マイナンバー は {mynumber} です。", "たんじょうび {dob} こじんばんごう {mynumber}",
        "メール {email} でんわ {phone}", "でんわ は {phone}、メール は {email} です。",
        "ゆうびんばんごう {postal} じゅうしょ {address}", "ゆうびんばんごう は {postal}、じゅうしょ は {address} です。",
    ],
    "neg": [
        "じゅうみんひょう は {yen}えん ですか。", "こども が {n}にん います。", "らいげつ {day}にち に ひっこします。",
        "{hour}じ に いっても いいですか。", "{counter}ばん の まどぐち は どこですか。", "{floor}かい に いきます。",
        "はは は {age}さい です。てつだい が ほしいです。", "{liters}リットル の ふくろ は どこで かいますか。",
        "れいわ{reiwa}ねんど の ぜいきん は いくらですか。", "{month}がつ {day}にち までに だしますか。",
        "うけつけばんごう {ref12} の しんせい は どうなりましたか。", "でんわばんごう を かえました。どうしたら いいですか。",
        "じゅうしょ が かわります。なに を もっていきますか。", "ほいくえん は つき {amount}えん ですか。",
        "ほいくえん は {month}がつ 1にち から ですか。", "{n}さい の こども の ちゅうしゃ は ありますか。",
    ],
}
T["en"] = {
    "intro": [
        "Hi, I want to register my move-in.", "I'd like to get a copy of my residence certificate.",
        "How do I apply for the child allowance?", "I lost my My Number card.", "I'm moving out of the ward next month.",
        "I need to join the National Health Insurance.", "Can I pay my resident tax by card?",
        "I want to book a pickup for oversized garbage.", "Hello, I called yesterday about my residence card address.",
        "I need a tax certificate for my visa renewal.", "My daughter starts nursery school in April.",
        "Please help me with the pension exemption form.",
    ],
    "close": [
        "Thank you.", "Thanks in advance!", "Please call me back.", "What should I do?", "Is that enough?",
        "Please let me know what documents I need.",
    ],
    "phone": [
        "My phone number is {phone}.", "You can reach me at {phone}.", "Call me on {phone} after 6pm please.", "Tel: {phone}",
        "my mobile is {phone}, please text if possible", "Please call {phone} (my husband's phone).",
    ],
    "my_number": [
        "My My Number is {mynumber}.", "my number (individual number) is {mynumber}", "Individual Number: {mynumber}",
        "Is {mynumber} enough to look up my record?", "The number on my notification card is {mynumber}.", "here it is: {mynumber}",
    ],
    "email": [
        "My email is {email}.", "Please reply to {email}", "email address: {email}", "Could you send the form to {email}?",
    ],
    "postal_code": [
        "My postal code is {postal}.", "zip code {postal}", "Postcode: {postal}", "the new postal code is {postal}, is that in this ward?",
    ],
    "address": [
        "I live at {address}.", "My address is {address}.", "I moved from {address} to {address_2}.", "Please mail it to {address}.",
        "Address: {address}", "I'm at {address} and the garbage wasn't collected.",
    ],
    "birth_date": [
        "I was born on {dob}.", "My date of birth is {dob}.", "DOB {dob}", "My son was born {dob}.", "Date of birth: {dob}",
        "born {dob}, if that helps",
    ],
    "account": [
        "My bank account number is {bank}.", "account no. {bank}", "My card number is {card}.", "Can I use my credit card {card}?",
        "Branch number {branch}, account number {bank}.", "branch {branch} / account {bank}", "Japan Post Bank: symbol {ykigo}, number {ybango}",
        "Yucho account kigo {ykigo} bango {ybango}",
    ],
    "multi": [
        "Address: {address}, phone: {phone}.", "I live at {address}, my number is {phone}.",
        "I was born on {dob} and my My Number is {mynumber}.", "DOB {dob}, My Number {mynumber}",
        "Contact: {email} or {phone}", "Phone {phone}, email {email}.",
        "Address: {address} (postal code {postal})", "My address is {address}, postcode {postal}.",
    ],
    "neg": [
        "Is the residence certificate {yen} yen?", "I have {n} kids, how much is the allowance?", "Is the office open from {hour}:{minute}?",
        "Do I need to apply by March 31, {year}?", "Is the FY{year} tax notice out yet?", "My mother is {age}, can she get the elderly discount?",
        "Where can I buy {liters}-liter garbage bags?", "Should I go to counter {counter}?", "Which section is on floor {floor}?",
        "Is the nursery fee {amount} yen a month?", "My receipt number is {ref12}, has my application been processed?",
        "It takes {range} weeks, right?", "I changed my phone number, do I need to tell the ward?",
        "How many days do I have to report a new address?", "Starting {month}/1 my kid goes to daycare, what do I submit?",
        "Can I come on {month}/{day}?", "Is the {n}-year-old class full?", "We married on {month}/{day}/{year}, what else do I file?",
    ],
}
T["zh"] = {
    "intro": [
        "你好，我想办理转出手续。", "我想开住民票。", "请问儿童补贴怎么申请？", "我的个人编号卡丢了。", "我想加入国民健康保险。",
        "我下个月要搬家。", "住民税可以用信用卡交吗？", "我想预约大型垃圾回收。", "我想办理印章登记。", "请问保育园的申请什么时候截止？",
    ],
    "close": ["谢谢。", "麻烦您了。", "请给我回电话。", "该怎么办？", "需要带什么材料？", "拜托了。"],
    "phone": [
        "我的电话是{phone}。", "联系电话：{phone}", "请打{phone}联系我。", "手机{phone}，白天都能接。", "电话号码{phone}",
        "有事请拨打{phone}",
    ],
    "my_number": [
        "我的个人编号（My Number）是{mynumber}。", "个人编号：{mynumber}", "マイナンバー是{mynumber}，对吗？",
        "通知卡上的号码是{mynumber}。", "用{mynumber}可以查到吗？", "号码{mynumber}",
    ],
    "email": ["我的邮箱是{email}。", "请发到{email}。", "邮箱：{email}", "电子邮件{email}"],
    "postal_code": ["邮编是{postal}。", "邮政编码：{postal}", "新地址的邮编{postal}", "邮编{postal}对吗？"],
    "address": [
        "我住在{address}。", "地址是{address}。", "我从{address}搬到了{address_2}。", "现住址：{address}", "请把文件寄到{address}。",
        "{address}这里的垃圾没有人收。",
    ],
    "birth_date": ["我的出生日期是{dob}。", "我{dob}出生。", "出生日期：{dob}", "孩子是{dob}出生的。", "我是{dob}出生的。", "生日（出生年月日）{dob}"],
    "account": [
        "我的银行账号是{bank}。", "账号：{bank}", "信用卡号是{card}。", "可以用卡号{card}付款吗？", "支店号{branch}，账号{bank}。",
        "分行编号{branch} 账户号码{bank}", "邮储银行记号{ykigo}，番号{ybango}。", "ゆうちょ 记号{ykigo} 番号{ybango}",
    ],
    "multi": [
        "地址：{address}，电话：{phone}", "我住在{address}，手机{phone}。",
        "出生日期{dob}，个人编号{mynumber}", "我{dob}出生，マイナンバー是{mynumber}。",
        "邮箱{email}或者电话{phone}", "电话{phone}，邮箱{email}。",
        "邮编{postal}，地址{address}", "新地址：{address}（邮编{postal}）",
    ],
    "neg": [
        "住民票一份是{yen}日元吗？", "我有{n}个孩子。", "我{month}月{day}号搬家，什么时候能办转出？", "窗口{hour}点{minute}分开门吗？",
        "令和{reiwa}年度的住民税什么时候通知？", "我妈妈{age}岁了，有什么补助吗？", "{liters}升的垃圾袋在哪里买？", "去{counter}号窗口可以吗？",
        "区役所{floor}楼是哪个科？", "保育费每月{amount}日元吗？", "受理号码{ref12}的申请怎么样了？", "需要{range}周吗？",
        "我换了手机号，需要申报吗？", "{year}年3月31日之前申请就可以吗？",
    ],
}
T["ko"] = {
    "intro": [
        "안녕하세요, 전출 신고를 하고 싶어요.", "주민표를 발급받고 싶습니다.", "아동수당 신청은 어떻게 하나요?", "마이넘버 카드를 잃어버렸어요.",
        "국민건강보험에 가입하고 싶어요.", "다음 달에 이사해요.", "주민세를 카드로 낼 수 있나요?", "대형 쓰레기 수거를 신청하고 싶어요.",
        "인감 등록을 하고 싶습니다.", "보육원 신청 마감이 언제인가요?",
    ],
    "close": ["감사합니다.", "잘 부탁드립니다.", "전화 부탁드려요.", "어떻게 해야 하나요?", "필요한 서류가 뭔가요?", "답변 기다리겠습니다."],
    "phone": [
        "제 전화번호는 {phone}입니다.", "연락처: {phone}", "{phone}로 전화 주세요.", "휴대폰 {phone}, 낮에도 받을 수 있어요.", "전화 {phone}",
        "남편 번호 {phone}로도 연락 가능해요.",
    ],
    "my_number": [
        "제 마이넘버는 {mynumber}입니다.", "개인번호: {mynumber}", "마이넘버 {mynumber} 맞나요?", "통지카드 번호는 {mynumber}예요.",
        "{mynumber}로 조회할 수 있나요?", "번호는 {mynumber}입니다.",
    ],
    "email": ["이메일은 {email}입니다.", "{email}로 보내 주세요.", "메일: {email}", "이메일 주소 {email}"],
    "postal_code": ["우편번호는 {postal}입니다.", "우편번호: {postal}", "새 주소 우편번호 {postal}", "우편번호가 {postal} 맞나요?"],
    "address": [
        "{address}에 살고 있어요.", "주소는 {address}입니다.", "{address}에서 {address_2}로 이사했어요.", "현주소: {address}",
        "서류는 {address}로 보내 주세요.", "{address} 쓰레기가 수거되지 않았어요.",
    ],
    "birth_date": ["생년월일은 {dob}입니다.", "저는 {dob}에 태어났어요.", "생년월일: {dob}", "아이는 {dob}생이에요.", "{dob} 출생",
                   "아내는 {dob}에 태어났습니다."],
    "account": [
        "계좌번호는 {bank}입니다.", "계좌 {bank}", "카드 번호는 {card}입니다.", "신용카드 {card}로 결제할 수 있나요?",
        "지점번호 {branch}, 계좌번호 {bank}입니다.", "지점 {branch} 계좌 {bank}", "유초은행 기호 {ykigo} 번호 {ybango}",
        "우체국(유초) 기호는 {ykigo}, 번호는 {ybango}입니다.",
    ],
    "multi": [
        "주소: {address}, 전화: {phone}", "{address}에 살고 있고 전화번호는 {phone}예요.",
        "생년월일 {dob}, 마이넘버 {mynumber}", "{dob}생이고 개인번호는 {mynumber}입니다.",
        "이메일 {email} 또는 전화 {phone}", "전화 {phone}, 메일 {email}",
        "주소 {address} (우편번호 {postal})", "우편번호는 {postal}, 주소는 {address}입니다.",
    ],
    "neg": [
        "주민표는 한 통에 {yen}엔인가요?", "아이가 {n}명 있어요.", "다음 달 {day}일에 이사해요. 전출 신고는 언제 하나요?", "창구는 {hour}시 {minute}분에 여나요?",
        "레이와 {reiwa}년도 주민세 통지는 언제 오나요?", "어머니가 {age}세인데 지원이 있나요?", "{liters}리터 쓰레기봉투는 어디서 사요?",
        "{counter}번 창구로 가면 되나요?", "구청 {floor}층은 무슨 과예요?", "보육료가 월 {amount}엔인가요?", "접수번호 {ref12} 신청은 어떻게 됐나요?",
        "{range}주 걸리나요?", "전화번호가 바뀌었는데 신고해야 하나요?", "{year}년 3월 31일까지 신청하면 되나요?",
    ],
}
T["vi"] = {
    "intro": [
        "Xin chào, tôi muốn làm thủ tục chuyển đi.", "Tôi muốn xin giấy juminhyo.", "Làm thế nào để xin trợ cấp nhi đồng?",
        "Tôi bị mất thẻ My Number.", "Tôi muốn tham gia bảo hiểm y tế quốc dân.", "Tháng sau tôi sẽ chuyển nhà.",
        "Có thể trả thuế cư trú bằng thẻ không?", "Tôi muốn đăng ký thu gom rác cỡ lớn.", "Tôi muốn đăng ký con dấu.",
        "Hạn nộp đơn vào nhà trẻ là khi nào?",
    ],
    "close": ["Cảm ơn.", "Xin cảm ơn nhiều.", "Vui lòng gọi lại cho tôi.", "Tôi nên làm gì?", "Cần mang giấy tờ gì?", "Mong được hướng dẫn."],
    "phone": [
        "Số điện thoại của tôi là {phone}.", "Liên lạc: {phone}", "Hãy gọi cho tôi theo số {phone}.", "SĐT {phone}, ban ngày tôi nghe được.",
        "điện thoại {phone}", "Có thể gọi số {phone} của chồng tôi.",
    ],
    "my_number": [
        "Mã số cá nhân (My Number) của tôi là {mynumber}.", "My Number: {mynumber}", "Số {mynumber} có đúng là mã cá nhân của tôi không?",
        "Số trên thẻ thông báo là {mynumber}.", "Dùng số {mynumber} có tra được không?", "số của tôi {mynumber}",
    ],
    "email": ["Email của tôi là {email}.", "Vui lòng gửi vào {email}.", "thư điện tử: {email}", "địa chỉ mail {email}"],
    "postal_code": ["Mã bưu điện là {postal}.", "mã bưu chính: {postal}", "mã bưu điện mới {postal}", "Mã bưu điện {postal} có đúng không?"],
    "address": [
        "Tôi sống ở {address}.", "Địa chỉ của tôi là {address}.", "Tôi đã chuyển từ {address} đến {address_2}.", "Địa chỉ hiện tại: {address}",
        "Hãy gửi giấy tờ đến {address}.", "Ở {address} rác không được thu gom.",
    ],
    "birth_date": ["Tôi sinh ngày {dob}.", "Ngày sinh của tôi là {dob}.", "ngày sinh: {dob}", "Con tôi sinh ngày {dob}.",
                   "Vợ tôi sinh ngày {dob}.", "ngày tháng năm sinh {dob}"],
    "account": [
        "Số tài khoản ngân hàng của tôi là {bank}.", "STK {bank}", "Số thẻ tín dụng: {card}", "Tôi có thể trả bằng thẻ {card} không?",
        "Mã chi nhánh {branch}, số tài khoản {bank}.", "chi nhánh {branch} tài khoản {bank}", "Ngân hàng Yucho: ký hiệu {ykigo}, số {ybango}",
        "tài khoản yucho kigo {ykigo} bango {ybango}",
    ],
    "multi": [
        "Địa chỉ: {address}, điện thoại: {phone}", "Tôi ở {address}, số điện thoại {phone}.",
        "Ngày sinh {dob}, My Number {mynumber}", "Tôi sinh ngày {dob}, mã số cá nhân là {mynumber}.",
        "Email {email} hoặc số {phone}", "SĐT {phone}, email {email}.",
        "Địa chỉ {address} (mã bưu điện {postal})", "Mã bưu điện {postal}, địa chỉ {address}.",
    ],
    "neg": [
        "Juminhyo một bản là {yen} yên phải không?", "Tôi có {n} con.", "Ngày {day} tháng sau tôi chuyển nhà, khi nào nộp đơn được?",
        "Quầy mở lúc {hour}:{minute} phải không?", "Thông báo thuế năm Reiwa {reiwa} khi nào đến?", "Mẹ tôi {age} tuổi, có trợ cấp không?",
        "Mua túi rác {liters} lít ở đâu?", "Tôi đến quầy số {counter} được không?", "Tầng {floor} của văn phòng quận là phòng nào?",
        "Học phí nhà trẻ là {amount} yên mỗi tháng à?", "Số tiếp nhận {ref12}, hồ sơ của tôi thế nào rồi?", "Mất {range} tuần phải không?",
        "Tôi đổi số điện thoại rồi, có cần báo không?", "Nộp trước ngày 31/3/{year} là được phải không?",
    ],
}
T["ne"] = {
    "intro": [
        "नमस्ते, मलाई बसाइँ सराइको (転出) फारम बुझाउनु छ।", "मलाई जुमिन्ह्यो (residence certificate) चाहियो।", "बाल भत्ता कसरी आवेदन गर्ने?",
        "मेरो माइनम्बर कार्ड हरायो।", "राष्ट्रिय स्वास्थ्य बीमामा भर्ना हुन चाहन्छु।", "अर्को महिना घर सर्दैछु।", "आवास कर कार्डबाट तिर्न मिल्छ?",
        "ठूलो फोहोर उठाउन बुक गर्न चाहन्छु।", "छाप दर्ता गर्न चाहन्छु।", "नर्सरी स्कुलको आवेदन कहिलेसम्म हो?",
    ],
    "close": ["धन्यवाद।", "कृपया फोन गर्नुहोस्।", "के गर्नुपर्छ?", "कुन कागजात चाहिन्छ?", "सहयोगको लागि धन्यवाद।", "कृपया जानकारी दिनुहोस्।"],
    "phone": [
        "मेरो फोन नम्बर {phone} हो।", "सम्पर्क: {phone}", "कृपया {phone} मा फोन गर्नुहोस्।", "मोबाइल {phone}, दिउँसो पनि उठाउँछु।", "फोन {phone}",
        "मेरो श्रीमानको नम्बर {phone} मा पनि सम्पर्क गर्न सकिन्छ।",
    ],
    "my_number": [
        "मेरो माइनम्बर {mynumber} हो।", "व्यक्तिगत नम्बर (My Number): {mynumber}", "{mynumber} मेरो माइनम्बर हो, ठीक छ?",
        "सूचना कार्डमा भएको नम्बर {mynumber} हो।", "{mynumber} बाट खोज्न मिल्छ?", "नम्बर {mynumber}",
    ],
    "email": ["मेरो इमेल {email} हो।", "कृपया {email} मा पठाउनुहोस्।", "इमेल: {email}", "इमेल ठेगाना {email}"],
    "postal_code": ["हुलाक नम्बर (郵便番号) {postal} हो।", "पोस्टल कोड: {postal}", "नयाँ ठेगानाको पोस्टल कोड {postal}", "पोस्टल कोड {postal} ठीक हो?"],
    "address": [
        "म {address} मा बस्छु।", "मेरो ठेगाना {address} हो।", "म {address} बाट {address_2} मा सरेँ।", "हालको ठेगाना: {address}",
        "कागजात {address} मा पठाउनुहोस्।", "{address} मा फोहोर उठाइएन।",
    ],
    "birth_date": ["मेरो जन्म मिति {dob} हो।", "म {dob} मा जन्मेको हुँ।", "जन्म मिति: {dob}", "छोराको जन्म {dob} मा भएको हो।",
                   "जन्म मिति (DOB) {dob}", "मेरी श्रीमतीको जन्म {dob} मा भएको हो।"],
    "account": [
        "मेरो बैंक खाता नम्बर {bank} हो।", "खाता नं. {bank}", "मेरो कार्ड नम्बर {card} हो।", "क्रेडिट कार्ड {card} बाट तिर्न मिल्छ?",
        "शाखा नम्बर {branch}, खाता नम्बर {bank}", "शाखा {branch} खाता {bank}", "युचो बैंक: किगो {ykigo}, बाङ्गो {ybango}",
        "युचो खाता kigo {ykigo} bango {ybango}",
    ],
    "multi": [
        "ठेगाना: {address}, फोन: {phone}", "म {address} मा बस्छु, मेरो फोन {phone} हो।",
        "जन्म मिति {dob}, माइनम्बर {mynumber}", "मेरो जन्म मिति {dob} र माइनम्बर {mynumber} हो।",
        "इमेल {email} वा फोन {phone}", "फोन {phone}, इमेल {email}",
        "ठेगाना {address} (पोस्टल कोड {postal})", "पोस्टल कोड {postal}, ठेगाना {address}",
    ],
    "neg": [
        "जुमिन्ह्यो एक प्रति {yen} येन हो?", "मेरा {n} जना बच्चा छन्।", "अर्को महिनाको {day} गते घर सर्छु।", "कार्यालय {hour}:{minute} मा खुल्छ?",
        "रेइवा {reiwa} वर्षको कर सूचना कहिले आउँछ?", "मेरी आमा {age} वर्षकी हुनुहुन्छ, सहयोग पाइन्छ?", "{liters} लिटरको फोहोर झोला कहाँ किन्ने?",
        "{counter} नम्बर काउन्टरमा जाने हो?", "वडा कार्यालयको {floor} तल्लामा के छ?", "नर्सरी शुल्क महिनाको {amount} येन हो?",
        "रसिद नम्बर {ref12} को आवेदन के भयो?", "{range} हप्ता लाग्छ?", "फोन नम्बर फेरेँ, जानकारी दिनुपर्छ?", "{year} मार्च 31 सम्म आवेदन दिए हुन्छ?",
    ],
}
T["pt"] = {
    "intro": [
        "Olá, quero fazer a transferência de saída (tenshutsu).", "Preciso de uma cópia do juminhyo.", "Como peço o auxílio para crianças?",
        "Perdi meu cartão My Number.", "Quero entrar no seguro nacional de saúde.", "Vou me mudar no mês que vem.",
        "Posso pagar o imposto residencial com cartão?", "Quero agendar a coleta de lixo grande.", "Quero registrar meu carimbo (inkan).",
        "Qual o prazo da inscrição na creche?",
    ],
    "close": ["Obrigado.", "Obrigada!", "Por favor, me liguem.", "O que devo fazer?", "Quais documentos preciso levar?", "Aguardo retorno."],
    "phone": [
        "Meu telefone é {phone}.", "Contato: {phone}", "Podem me ligar no {phone}.", "celular {phone}, atendo de dia", "fone {phone}",
        "Também podem ligar para o meu marido no {phone}.",
    ],
    "my_number": [
        "Meu My Number é {mynumber}.", "Número individual: {mynumber}", "O número {mynumber} é o meu My Number, está certo?",
        "O número do cartão de notificação é {mynumber}.", "Dá para consultar com {mynumber}?", "meu número é {mynumber}",
    ],
    "email": ["Meu e-mail é {email}.", "Mandem para {email}, por favor.", "e-mail: {email}", "endereço de e-mail {email}"],
    "postal_code": ["Meu CEP é {postal}.", "código postal (yubin bango): {postal}", "o código postal novo é {postal}", "O código postal {postal} está certo?"],
    "address": [
        "Moro em {address}.", "Meu endereço é {address}.", "Me mudei de {address} para {address_2}.", "Endereço atual: {address}",
        "Enviem os papéis para {address}.", "Em {address} o lixo não foi recolhido.",
    ],
    "birth_date": ["Nasci em {dob}.", "Minha data de nascimento é {dob}.", "data de nascimento: {dob}", "Meu filho nasceu em {dob}.",
                   "nascida em {dob}", "Minha esposa nasceu em {dob}."],
    "account": [
        "O número da minha conta é {bank}.", "conta {bank}", "O número do meu cartão é {card}.", "Posso pagar com o cartão {card}?",
        "Agência (shiten) {branch}, conta {bank}.", "número da agência {branch} e conta {bank}", "Yucho: kigo {ykigo}, bango {ybango}",
        "conta Yucho símbolo {ykigo} número {ybango}",
    ],
    "multi": [
        "Endereço: {address}, telefone: {phone}", "Moro em {address}, meu celular é {phone}.",
        "Nasci em {dob}, My Number {mynumber}", "Data de nascimento {dob} e My Number {mynumber}.",
        "E-mail {email} ou telefone {phone}", "Telefone {phone}, e-mail {email}.",
        "Endereço {address} (CEP {postal})", "CEP {postal}, endereço {address}.",
    ],
    "neg": [
        "O juminhyo custa {yen} ienes?", "Tenho {n} filhos.", "Vou me mudar dia {day} do mês que vem, quando posso fazer o tenshutsu?",
        "O guichê abre às {hour}:{minute}?", "Quando chega o aviso do imposto do ano fiscal Reiwa {reiwa}?", "Minha mãe tem {age} anos, tem algum auxílio?",
        "Onde compro sacos de lixo de {liters} litros?", "Devo ir ao guichê {counter}?", "O que fica no {floor}º andar da prefeitura?",
        "A creche custa {amount} ienes por mês?", "Número de protocolo {ref12}, como está meu pedido?", "Leva {range} semanas?",
        "Mudei de número de telefone, preciso avisar?", "Tenho que entregar até 31/3/{year}?",
    ],
}
T["es"] = {
    "intro": [
        "Hola, quiero hacer el trámite de salida (tenshutsu).", "Necesito una copia del juminhyo.", "¿Cómo solicito la ayuda por hijos?",
        "Perdí mi tarjeta My Number.", "Quiero afiliarme al seguro nacional de salud.", "Me mudo el mes que viene.",
        "¿Puedo pagar el impuesto de residente con tarjeta?", "Quiero pedir la recogida de basura grande.", "Quiero registrar mi sello (inkan).",
        "¿Cuál es el plazo para la guardería?",
    ],
    "close": ["Gracias.", "Muchas gracias.", "Por favor, llámenme.", "¿Qué tengo que hacer?", "¿Qué documentos necesito?", "Quedo atento."],
    "phone": [
        "Mi teléfono es {phone}.", "Teléfono de contacto: {phone}", "Pueden llamarme al {phone}.", "móvil {phone}, contesto de día", "tel. {phone}",
        "También pueden llamar a mi esposo al {phone}.",
    ],
    "my_number": [
        "Mi My Number es {mynumber}.", "Número de identificación (My Number): {mynumber}", "¿El {mynumber} es mi My Number?",
        "El número de la tarjeta de notificación es {mynumber}.", "¿Se puede consultar con {mynumber}?", "mi número es el {mynumber}",
    ],
    "email": ["Mi correo es {email}.", "Envíenlo a {email}, por favor.", "correo: {email}", "dirección de correo {email}"],
    "postal_code": ["Mi código postal es {postal}.", "código postal: {postal}", "el código postal nuevo es {postal}", "¿El código postal {postal} es correcto?"],
    "address": [
        "Vivo en {address}.", "Mi dirección es {address}.", "Me mudé de {address} a {address_2}.", "Dirección actual: {address}",
        "Envíen los papeles a {address}.", "En {address} no recogieron la basura.",
    ],
    "birth_date": ["Nací el {dob}.", "Mi fecha de nacimiento es {dob}.", "fecha de nacimiento: {dob}", "Mi hija nació el {dob}.",
                   "nacido el {dob}", "Mi esposa nació el {dob}."],
    "account": [
        "Mi número de cuenta es {bank}.", "cuenta bancaria {bank}", "El número de mi tarjeta es {card}.", "¿Puedo pagar con la tarjeta {card}?",
        "Sucursal {branch}, cuenta {bank}.", "número de sucursal {branch} y cuenta {bank}", "Yucho, kigo {ykigo} y bango {ybango}",
        "cuenta Yucho con símbolo {ykigo} y número {ybango}",
    ],
    "multi": [
        "Dirección: {address}, teléfono: {phone}", "Vivo en {address}, mi móvil es {phone}.",
        "Nací el {dob}, My Number {mynumber}", "Fecha de nacimiento {dob} y My Number {mynumber}.",
        "Correo {email} o teléfono {phone}", "Teléfono {phone}, correo {email}.",
        "Dirección {address} (código postal {postal})", "Código postal {postal}, dirección {address}.",
    ],
    "neg": [
        "¿El juminhyo cuesta {yen} yenes?", "Tengo {n} hijos.", "Me mudo el día {day} del mes que viene, ¿cuándo hago el tenshutsu?",
        "¿La ventanilla abre a las {hour}:{minute}?", "¿Cuándo llega el aviso del impuesto del año fiscal Reiwa {reiwa}?",
        "Mi madre tiene {age} años, ¿hay alguna ayuda?", "¿Dónde compro bolsas de basura de {liters} litros?", "¿Voy a la ventanilla {counter}?",
        "¿Qué hay en el piso {floor} del ayuntamiento?", "¿La guardería cuesta {amount} yenes al mes?", "Número de trámite {ref12}, ¿cómo va mi solicitud?",
        "¿Tarda {range} semanas?", "Cambié de número de teléfono, ¿tengo que avisar?", "¿Tengo que entregarlo antes del 31/3/{year}?",
    ],
}
T["tl"] = {
    "intro": [
        "Hello po, gusto ko pong mag-file ng tenshutsu (paglipat palabas).", "Kailangan ko po ng kopya ng juminhyo.",
        "Paano po mag-apply ng child allowance?", "Nawala ko po ang My Number card ko.", "Gusto ko pong sumali sa National Health Insurance.",
        "Lilipat po ako sa susunod na buwan.", "Puwede po bang magbayad ng resident tax gamit ang card?", "Gusto ko pong magpa-pickup ng malaking basura.",
        "Gusto ko pong magparehistro ng inkan.", "Kailan po ang deadline ng application sa nursery?",
    ],
    "close": ["Salamat po.", "Maraming salamat po.", "Pakitawagan po ako.", "Ano po ang dapat kong gawin?", "Anong mga dokumento po ang kailangan?",
              "Aasahan ko po ang sagot ninyo."],
    "phone": [
        "Ang numero ko po ay {phone}.", "Contact number: {phone}", "Pakitawagan po ako sa {phone}.", "cellphone {phone}, sumasagot ako sa araw",
        "telepono {phone}", "Puwede rin pong tawagan ang asawa ko sa {phone}.",
    ],
    "my_number": [
        "Ang My Number ko po ay {mynumber}.", "Individual number ko: {mynumber}", "Ito po ba ang My Number ko, {mynumber}?",
        "Ang numero sa notification card ay {mynumber}.", "Puwede po bang i-check gamit ang {mynumber}?", "numero ko po {mynumber}",
    ],
    "email": ["Ang email ko po ay {email}.", "Paki-send po sa {email}.", "email ko: {email}", "email address ko po {email}"],
    "postal_code": ["Ang postal code ko po ay {postal}.", "postal code ko: {postal}", "ang bagong postal code ay {postal}", "Tama po ba ang postal code na {postal}?"],
    "address": [
        "Nakatira po ako sa {address}.", "Ang address ko po ay {address}.", "Lumipat po ako mula {address} papunta sa {address_2}.",
        "Kasalukuyang address: {address}", "Pakipadala po ang papeles sa {address}.", "Sa {address} po, hindi nakuha ang basura.",
    ],
    "birth_date": ["Ipinanganak po ako noong {dob}.", "Ang birthday ko po ay {dob}.", "petsa ng kapanganakan: {dob}",
                   "Ipinanganak ang anak ko noong {dob}.", "kapanganakan {dob}", "Ipinanganak ang asawa ko noong {dob}."],
    "account": [
        "Ang bank account number ko po ay {bank}.", "acct {bank}", "Ang card number ko po ay {card}.", "Puwede po bang magbayad gamit ang card na {card}?",
        "Branch {branch}, account {bank} po.", "branch number {branch} at account number {bank}", "Yucho po: kigo {ykigo}, bango {ybango}",
        "Yucho kigo {ykigo}, numero {ybango}",
    ],
    "multi": [
        "Address: {address}, telepono: {phone}", "Nakatira ako sa {address}, ang cellphone ko ay {phone}.",
        "Ipinanganak noong {dob}, My Number {mynumber}", "Birthday ko {dob}, at ang My Number ko ay {mynumber}.",
        "Email {email} o telepono {phone}", "Telepono {phone}, email {email} po.",
        "Address ko po: {address} (postal code {postal})", "Postal code {postal}, address {address} po.",
    ],
    "neg": [
        "{yen} yen po ba ang juminhyo?", "May {n} anak po ako.", "Lilipat po ako sa ika-{day} ng susunod na buwan.",
        "Bukas po ba ang counter nang {hour}:{minute}?", "Kailan po darating ang tax notice ng Reiwa {reiwa}?",
        "{age} taong gulang na po ang nanay ko, may tulong po ba?", "Saan po nabibili ang {liters}-litrong garbage bag?",
        "Sa counter {counter} po ba ako pupunta?", "Ano po ang nasa {floor}F ng ward office?", "{amount} yen po ba kada buwan ang nursery?",
        "Reference number {ref12}, ano na po ang status?", "{range} linggo po ba?", "Nagpalit po ako ng phone number, kailangan ko po bang mag-report?",
        "Hanggang March 31, {year} po ba ang deadline?",
    ],
}

POOLS = ("intro", "close", "neg", "multi") + KINDS
_SLOT = re.compile(r"\{([a-z0-9]+)(?:_\d)?\}")
KIND_WEIGHTS = {"phone": 22, "address": 18, "birth_date": 14, "my_number": 14, "email": 12, "postal_code": 10,
                "account": 10}
_SENTENCE_END = {"ja": "。", "ja-easy": "。", "zh": "。", "ne": "।"}
_TERMINAL = set("。．！？!?.।\n")


def _pool(lang: str, key: str, split: str) -> list[str]:
    k = SPLITS.index(split)
    return [t for i, t in enumerate(T[lang][key]) if i % 2 == k]


def _formats(slot: str, split: str, lang: str, where: Callable | None = None) -> list[Format]:
    return [f for f in FORMATS[slot] if f.split == split and (f.langs is None or lang in f.langs)
            and (where is None or where(f))]


def templates(split: str) -> set[str]:
    """Every sentence template of the split (all languages, all pools)."""
    return {t for lang in LANGS for key in POOLS for t in _pool(lang, key, split)}


def formats(split: str) -> set[str]:
    """The names of every data format of the split."""
    return {f.name for fs in FORMATS.values() for f in fs if f.split == split} | set(REF12_FORMATS[split])


def _check_pools() -> None:
    for lang in LANGS:
        assert set(T[lang]) == set(POOLS), lang
        for key in POOLS:
            for t in T[lang][key]:
                slots = {m.group(1) for m in _SLOT.finditer(t)}
                assert slots <= set(SLOT_KIND) | set(NEG_SLOTS) | {"ref12"}, (lang, t)
                pii = slots & set(SLOT_KIND)
                assert bool(pii) == (key in KINDS or key == "multi"), (lang, key, t)
                if key in KINDS:
                    assert {SLOT_KIND[s] for s in pii} == {key}, (lang, key, t)
            for split in SPLITS:
                assert _pool(lang, key, split), (lang, key, split)
    for split in SPLITS:
        for slot in SLOT_KIND:
            for lang in LANGS:
                assert _formats(slot, split, lang), (slot, split, lang)


_check_pools()


# ---------------------------------------------------------------------------------------------
# Assembly

class _Builder:
    def __init__(self, lang: str, split: str, rng: random.Random):
        self.lang, self.split, self.rng = lang, split, rng
        self.chunks: list[str] = []
        self.length = 0
        self.spans: list[tuple[int, int, str]] = []

    def add(self, s: str, kind: str | None = None) -> None:
        if kind:
            self.spans.append((self.length, self.length + len(s), kind))
        self.chunks.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.chunks)

    def template(self, t: str) -> None:
        slots = {m.group(1) for m in _SLOT.finditer(t)}
        pos = 0
        for m in _SLOT.finditer(t):
            self.add(t[pos:m.start()])
            self.slot(m.group(1), slots)
            pos = m.end()
        self.add(t[pos:])

    def slot(self, slot: str, slots: set[str]) -> None:
        rng, lang = self.rng, self.lang
        if slot == "ref12":
            name = rng.choice(sorted(REF12_FORMATS[self.split]))
            self.add(REF12_FORMATS[self.split][name](_ref12(rng)))
            return
        if slot in NEG_SLOTS:
            self.add(NEG_SLOTS[slot](rng, lang))
            return
        where = None
        if slot == "bank" and "branch" in slots:  # a branch number written apart: a plain account number
            where = lambda f: f.family in ("seven", "seven_zero")
        elif slot == "address" and lang not in ("ja", "ja-easy"):
            roman = rng.random() < 0.35
            where = lambda f: ("romaji" in f.name) == roman
        elif slot == "address" and lang == "ja-easy":
            kana = rng.random() < 0.3
            where = lambda f: ("kana" in f.name) == kana
        elif slot == "dob" and lang not in ("ja", "ja-easy"):
            native = rng.random() < 0.5 and _formats("dob", self.split, lang, lambda f: f.family == "native")
            where = lambda f: (f.family == "native") == bool(native)
        elif slot == "dob" and lang == "ja-easy":
            kana = rng.random() < 0.3
            where = lambda f: (f.family == "kana") == kana
        choices = _formats(slot, self.split, lang, where)
        fmt = rng.choices(choices, weights=[f.weight for f in choices])[0]
        before, value, after = fmt.render(rng, lang)
        self.add(before)
        self.add(value, SLOT_KIND[slot])
        self.add(after)

    def join(self, parts: list[str]) -> None:
        if self.lang in ("ja", "zh"):
            joiner = self.rng.choices(["", "\n", " "], [7, 2, 1])[0]
        else:
            joiner = self.rng.choices([" ", "\n"], [8, 2])[0]
        for i, part in enumerate(parts):
            if i:
                if joiner != "\n" and self.chunks and self.text()[-1:] not in _TERMINAL:
                    self.add(_SENTENCE_END.get(self.lang, "."))
                self.add(joiner)
            self.template(part)


def _choose_kind(rng: random.Random) -> str:
    return rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]


def _sample(split: str, seed: int, i: int) -> Sample:
    rng = random.Random(f"pii_fuzz/{split}/{seed}/{i}")
    lang = rng.choice(LANGS)
    b = _Builder(lang, split, rng)

    def pick(key: str) -> str:
        pool = _pool(lang, key, split)
        # card numbers fill one span where a branch and account fill two: give them more turns
        return rng.choices(pool, weights=[2.5 if "{card}" in t else 1 for t in pool])[0]

    if i % 4 == 3:  # negative: ordinary numbers only
        parts = [pick("neg")]
        if rng.random() < 0.35:
            second = pick("neg")
            if second != parts[0]:
                parts.append(second)
        if rng.random() < 0.4:
            parts.insert(0, pick("intro"))
        if rng.random() < 0.5:
            parts.append(pick("close"))
    else:
        parts = []
        for _ in range(rng.choices([1, 2, 3], [60, 28, 12])[0]):
            key = "multi" if rng.random() < 0.18 else _choose_kind(rng)
            t = pick(key)
            if t not in parts:
                parts.append(t)
        if rng.random() < 0.25:
            parts.insert(rng.randint(0, len(parts)), pick("neg"))
        if rng.random() < 0.75:
            parts.insert(0 if rng.random() < 0.8 else len(parts), pick("intro"))
        if rng.random() < 0.6:
            parts.append(pick("close"))
    b.join(parts)
    text = b.text()
    return Sample(text=text, lang=lang, spans=tuple(b.spans))


def generate(split: str, n: int, seed: int = 0) -> list[Sample]:
    """n messages of the split ("dev" or "test"); the same (split, n, seed) always gives the same list."""
    if split not in SPLITS:
        raise ValueError(f"split must be 'dev' or 'test', not {split!r}")
    return [_sample(split, seed, i) for i in range(n)]


def describe(samples: list[Sample]) -> dict:
    """Counts per kind, per language, and of negatives."""
    kinds = Counter(k for s in samples for _, _, k in s.spans)
    return {
        "samples": len(samples),
        "negatives": sum(1 for s in samples if not s.spans),
        "spans": sum(kinds.values()),
        "per_kind": {k: kinds[k] for k in KINDS},
        "per_language": {lang: sum(1 for s in samples if s.lang == lang) for lang in LANGS},
        "negatives_per_language": {lang: sum(1 for s in samples if s.lang == lang and not s.spans) for lang in LANGS},
        "messages_with_several_pieces": sum(1 for s in samples if len(s.spans) > 1),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=SPLITS, default="dev")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jsonl", action="store_true", help="print the samples (one JSON object a line) instead of counts")
    args = ap.parse_args(argv)
    samples = generate(args.split, args.n, args.seed)
    if args.jsonl:
        for s in samples:
            print(json.dumps({"text": s.text, "lang": s.lang,
                              "spans": [[a, b, k, s.text[a:b]] for a, b, k in s.spans]}, ensure_ascii=False))
    else:
        print(json.dumps(describe(samples) | {"split": args.split, "seed": args.seed,
                                              "templates": len(templates(args.split)),
                                              "formats": len(formats(args.split))}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
