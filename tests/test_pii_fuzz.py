"""The blind personal-data fuzz set (benchmarks/pii_fuzz.py): deterministic, spans exact and of the kind
they claim, dev and test blind to each other, every language and kind present, negatives clean."""
from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load():
    if "pii_fuzz" in sys.modules:
        return sys.modules["pii_fuzz"]
    spec = importlib.util.spec_from_file_location("pii_fuzz", REPO / "benchmarks" / "pii_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_fuzz"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


fuzz = _load()
N = 1000


@pytest.fixture(scope="module")
def sets():
    return {split: fuzz.generate(split, N) for split in fuzz.SPLITS}


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def digits(s: str) -> str:
    return "".join(c for c in nfkc(s) if c.isascii() and c.isdigit())


def outside_spans(sample) -> str:
    """The text with every span blanked out (a line break keeps digits either side apart)."""
    text = list(sample.text)
    for a, b, _ in sample.spans:
        text[a:b] = ["\n"] * (b - a)
    return "".join(text)


SEP = r"[-－ー‐−\s\u3000]"
NUMBER_RUN = re.compile(rf"\d(?:{SEP}?\d)+")


def test_deterministic_and_prefix_stable():
    a = fuzz.generate("dev", 300, seed=7)
    assert a == fuzz.generate("dev", 300, seed=7)
    assert a[:120] == fuzz.generate("dev", 120, seed=7)
    assert a != fuzz.generate("dev", 300, seed=8)
    assert [s.text for s in fuzz.generate("test", 50)] != [s.text for s in fuzz.generate("dev", 50)]
    with pytest.raises(ValueError):
        fuzz.generate("train", 1)


def test_sizes_and_types(sets):
    for split, samples in sets.items():
        assert len(samples) == N >= 500
        for s in samples:
            assert isinstance(s, fuzz.Sample) and isinstance(s.spans, tuple) and s.text.strip()
            assert s.lang in fuzz.LANGS


def test_check_digits():
    assert fuzz.my_number_check_digit("12345678901") == 8  # 123456789018, the documented example
    assert fuzz.my_number_valid("123456789018") and not fuzz.my_number_valid("123456789019")
    assert fuzz.luhn_valid("4111111111111111") and not fuzz.luhn_valid("4111111111111112")


def test_spans_well_formed(sets):
    for samples in sets.values():
        for s in samples:
            end = 0
            for a, b, kind in s.spans:
                assert kind in fuzz.KINDS
                assert end <= a < b <= len(s.text), s
                end = b
                value = s.text[a:b]
                assert value == value.strip() and value[-1] not in ",.、。，", (s, value)
                # never cut out of a longer number
                before, after = nfkc(s.text[a - 1:a]) if a else "", nfkc(s.text[b:b + 1])
                if value[0].isdigit() or nfkc(value[0]).isdigit():
                    assert not before[-1:].isdigit(), (s, value)
                if nfkc(value[-1]).isdigit():
                    assert not after[:1].isdigit(), (s, value)


def _national_phone(value: str) -> str:
    d = digits(value)
    if nfkc(value).lstrip("(").startswith("+"):
        d = d[2:] if d.startswith("81") else d
        d = d if d.startswith("0") else "0" + d
    return d


def test_spans_are_what_they_claim(sets):
    email_chars = re.compile(r"[A-Za-z0-9._%+\-]")
    for samples in sets.values():
        for s in samples:
            for a, b, kind in s.spans:
                value, v = s.text[a:b], nfkc(s.text[a:b])
                if kind == "phone":
                    d = _national_phone(value)
                    assert d.startswith("0") and 10 <= len(d) <= 11, (s, value)
                    assert re.fullmatch(r"[+0-9()\-ー‐−.\s]+", v), (s, value)
                elif kind == "my_number":
                    assert re.fullmatch(rf"\d{{4}}{SEP}?\d{{4}}{SEP}?\d{{4}}", v), (s, value)
                    assert fuzz.my_number_valid(digits(value)), (s, value)
                elif kind == "email":
                    assert re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", v), (s, value)
                    before, after = nfkc(s.text[a - 1:a]), nfkc(s.text[b:b + 2])
                    assert not email_chars.fullmatch(before or " "), (s, value)
                    assert not email_chars.fullmatch(after[:1] or " ") or (
                        after[:1] == "." and not after[1:2].isalnum()), (s, value)
                elif kind == "postal_code":
                    assert re.fullmatch(rf"\d{{3}}{SEP}?\d{{4}}", v), (s, value)
                    assert 100 <= int(digits(value)[:3]) <= 208
                elif kind == "address":
                    assert re.search(r"[0-9一二三四五六七八九十]", v), (s, value)
                    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]|[A-Za-z]{3}", v), (s, value)
                elif kind == "birth_date":
                    assert re.search(r"[0-9〇一二三四五六七八九十]", v), (s, value)
                    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20[0-2]\d)(?!\d)", v)]
                    assert all(1935 <= y <= 2024 for y in years), (s, value)
                elif kind == "account":
                    d = digits(value)
                    assert re.fullmatch(rf"\d+(?:{SEP}\d+)*", v), (s, value)
                    if len(d) in (15, 16):
                        assert fuzz.luhn_valid(d), (s, value)
                    else:
                        assert len(d) in (3, 5, 7, 8, 10, 13), (s, value)


def test_no_personal_data_outside_the_spans(sets):
    """What is not a span holds no valid My Number, card number, phone or postal code (negatives too)."""
    phone_run = re.compile(r"[+(]?\d(?:[-－ー‐−.()\s\u3000]{0,2}\d)+")
    found_ref12 = 0
    for samples in sets.values():
        for s in samples:
            rest = nfkc(outside_spans(s))
            for run in NUMBER_RUN.findall(rest):
                d = re.sub(r"\D", "", run)
                if len(d) == 12:
                    found_ref12 += 1
                    assert not fuzz.my_number_valid(d), (s, run)
                assert not (len(d) in (15, 16) and fuzz.luhn_valid(d)), (s, run)
                assert len(d) not in (10, 11) or not d.startswith("0"), (s, run)
            for run in phone_run.findall(rest):
                d = re.sub(r"\D", "", run)
                assert len(d) not in (10, 11) or not d.startswith("0"), (s, run)
            assert not re.search(r"(?<![\d-])\d{3}-\d{4}(?![\d-])", rest), s
            assert "@" not in rest, s
    assert found_ref12 > 20  # receipt numbers with a wrong check digit, written knowingly


ORDINARY = {  # what the negatives of each split talk about, in some language
    "fee": r"\d+ ?(円|yen|日元|엔|yên|येन|ienes|yenes|えん)",
    "count": r"\d+ ?(人|명|个孩子|con\b|जना|filhos|hijos|anak|にん)",
    "time": r"\d+時|\d+:\d\d|\d+点|\d+시|\d+じ",
    "fiscal year": r"年度|FY\d|Reiwa \d|레이와|रेइवा|ねんど",
    "age": r"\d+ ?(歳|さい|岁|세|tuổi|वर्ष|anos|años|taong)|mother is \d",
    "litres": r"\d+ ?(リットル|-liter|升|리터|lít|लिटर|litros|-litrong)",
    "counter or floor": r"\d+番窓口|counter \d|\d+号窗口|\d+번 창구|quầy số \d|guichê \d|ventanilla \d|\d+階|\d+楼|\d+층",
    "receipt number": r"\d{12}|\d{4}-\d{4}-\d{4}",
}


def test_negatives(sets):
    for split, samples in sets.items():
        negatives = [s for s in samples if not s.spans]
        assert 0.24 <= len(negatives) / len(samples) <= 0.27
        assert {s.lang for s in negatives} == set(fuzz.LANGS)
        with_numbers = [s for s in negatives if re.search(r"\d", nfkc(s.text))]
        assert len(with_numbers) >= 0.75 * len(negatives)
        text = "\n".join(s.text for s in negatives)
        for ordinary, pattern in ORDINARY.items():
            assert re.search(pattern, text), (split, ordinary)


def test_every_language_and_kind_occurs(sets):
    for split, samples in sets.items():
        pairs = Counter((s.lang, k) for s in samples for _, _, k in s.spans)
        missing = [(lang, k) for lang in fuzz.LANGS for k in fuzz.KINDS if not pairs[(lang, k)]]
        assert not missing, (split, missing)
        assert sum(1 for s in samples if len(s.spans) > 1) > 0.2 * len(samples)


def test_the_formats_asked_for_occur_in_both_splits(sets):
    for split, samples in sets.items():
        values = Counter()
        for s in samples:
            for a, b, kind in s.spans:
                values[kind, s.text[a:b]] += 1
        phones = [v for k, v in values if k == "phone"]
        checks = {
            "+81": any(p.startswith(("+", "＋")) for p in phones),
            "parentheses": any("(" in p or "（" in p for p in phones),
            "full-width digits": any("０" <= c <= "９" for p in phones for c in p),
            "full-width or katakana hyphen": any("－" in p or "ー" in p for p in phones),
            "no separator": any(p.isdigit() for p in phones),
            "spaced": any(" " in p for p in phones),
            "mobile": any(_national_phone(p)[:3] in ("070", "080", "090") for p in phones),
            "toll-free": any(_national_phone(p).startswith(("0120", "0800")) for p in phones),
            "050": any(_national_phone(p).startswith("050") for p in phones),
            "4-digit area code": any(_national_phone(p).startswith("0467") for p in phones),
            "my number plain": any(k == "my_number" and v.isdigit() for k, v in values),
            "my number grouped": any(k == "my_number" and not nfkc(v).isdigit() for k, v in values),
            "full-width @": any(k == "email" and "＠" in v for k, v in values),
            "ascii email": any(k == "email" and "@" in v for k, v in values),
            "romanised address": any(k == "address" and re.search(r"[A-Z][a-z]+", v) for k, v in values),
            "kanji numeral address": any(k == "address" and "丁目" in v and not re.search(r"\d", nfkc(v))
                                         for k, v in values),
            "room number": any(k == "address" and ("号室" in v or "ごうしつ" in v or "#" in v) for k, v in values),
            "era birth date": any(k == "birth_date" and re.search(r"昭和|平成|令和|^[SHRshr]\.?\d", nfkc(v))
                                  for k, v in values),
            "gregorian birth date": any(k == "birth_date" and re.search(r"19\d\d|20\d\d", nfkc(v)) for k, v in values),
            "card": any(k == "account" and len(digits(v)) == 16 for k, v in values),
            "bank account": any(k == "account" and len(digits(v)) == 7 for k, v in values),
        }
        assert all(checks.values()), (split, [name for name, ok in checks.items() if not ok])
        marked = [s for s in samples for a, b, k in s.spans if k == "postal_code" and s.text[max(0, a - 2):a].strip().endswith("〒")]
        assert marked, split
        branch = [s for s in samples if sum(1 for _, _, k in s.spans if k == "account") >= 2]
        assert branch, split


MY_NUMBER_WORDS = ("マイナンバー", "個人番号", "こじんばんごう", "my number", "mynumber", "individual number",
                   "个人编号", "마이넘버", "개인번호", "माइनम्बर", "número individual", "mã số cá nhân",
                   "número de identificación")


def test_my_number_with_and_without_its_name(sets):
    for split, samples in sets.items():
        with_mn = [s for s in samples if any(k == "my_number" for _, _, k in s.spans)]
        named = [s for s in with_mn if any(w in s.text.lower() for w in MY_NUMBER_WORDS)]
        assert named and len(named) < len(with_mn), split


def test_dev_and_test_share_no_template_and_no_format():
    dev, test = fuzz.templates("dev"), fuzz.templates("test")
    assert len(dev) > 300 and len(test) > 300
    assert not dev & test
    fdev, ftest = fuzz.formats("dev"), fuzz.formats("test")
    assert len(fdev) > 100 and len(ftest) > 100
    assert not fdev & ftest


def test_dev_and_test_messages_differ(sets):
    assert not {s.text for s in sets["dev"]} & {s.text for s in sets["test"]}
