"""The personal-data masker (bot/pii.py) measured, printed as JSON.

    .venv/bin/python -m benchmarks.pii [-n 1000] [--split dev|test|both] [--skip-decisions]
                                       [--index var/index] [--styles] [--examples N] [--out FILE]
    .venv-rasa/bin/python -m benchmarks.pii --nlu [--model models/madoguchi.tar.gz] [--styles]

(a) masking on the blind fuzz set (benchmarks/pii_fuzz.py, written without seeing the masker), per
    split: span-level recall per kind, language and overall (a span is found when every character of
    it is masked), character-level precision (a false positive is a masked character outside every
    true span), per kind of what was masked and overall, and how many negative messages (ordinary
    numbers only) were touched at all. The masker was tuned on dev; test is only reported.
(b) "decisions unchanged": the held-out in-scope questions of benchmarks/heldout_styles/ (written
    questions; the phone line's transcripts are left out) get personal data added in the question's
    language — a phone number, an e-mail, an address, a date of birth, a My Number, a postal code and
    an account, each in a few written forms, before or after the question, and once several together.
    Each variant is masked and searched (knowledge.search against the served index, as
    benchmarks/retrieval.py does); it counts as unchanged when the decision (answer/clarify/fallback/
    redirect) and the top entry equal those of the original question. Also: the same with the raw,
    unmasked personal data (what masking saves or costs), and how much of the inserted data was
    masked. Searched are: the raw text, the masked text in each placeholder style (`--styles`, dev
    only: this chose them), and the masked text as bot.pii.for_search gives it to retrieval (the
    clauses that only carry the data left out; the stored text keeps its placeholders for staff).
(c) `--nlu` (Rasa venv): the same variants parsed by the trained model; the share whose routed intent
    equals the original question's, and the share still sent to the knowledge base.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.pii_fuzz import generate  # noqa: E402
from bot.pii import DEFAULT_STYLE, KINDS, PLACEHOLDER_STYLES, for_search, mask, masked_spans  # noqa: E402


# ---------------------------------------------------------------------------------------------
# (a) the fuzz set

def score_fuzz(samples, style: str = DEFAULT_STYLE, examples: int = 0) -> dict:
    found, total = Counter(), Counter()
    found_lang, total_lang = Counter(), Counter()
    kind_right = Counter()
    masked_chars, fp_chars = Counter(), Counter()
    neg_touched = neg = 0
    misses, false_pos = [], []
    t = time.perf_counter()
    for smp in samples:
        pred = masked_spans(smp.text, style)
        covered = [None] * len(smp.text)
        for s, e, k in pred:
            for i in range(s, e):
                covered[i] = k
        truth = [False] * len(smp.text)
        for s, e, k in smp.spans:
            for i in range(s, e):
                truth[i] = True
            total[k] += 1
            total_lang[smp.lang] += 1
            if all(covered[i] for i in range(s, e)):
                found[k] += 1
                found_lang[smp.lang] += 1
                kind_right[k] += Counter(covered[s:e]).most_common(1)[0][0] == k
            elif len(misses) < examples:
                misses.append({"kind": k, "span": smp.text[s:e], "masked": [smp.text[a:b] for a, b, _ in pred],
                               "text": smp.text})
        fps = []
        for s, e, k in pred:
            masked_chars[k] += e - s
            bad = sum(1 for i in range(s, e) if not truth[i])
            fp_chars[k] += bad
            if bad:
                fps.append(smp.text[s:e])
        if fps and len(false_pos) < examples:
            false_pos.append({"masked": fps, "truth": [smp.text[s:e] for s, e, _ in smp.spans], "text": smp.text})
        if not smp.spans:
            neg += 1
            neg_touched += bool(pred)
    elapsed = time.perf_counter() - t

    def prec(k=None):
        m = sum(masked_chars.values()) if k is None else masked_chars[k]
        f = sum(fp_chars.values()) if k is None else fp_chars[k]
        return round(1 - f / m, 4) if m else None

    out = {
        "messages": len(samples), "spans": sum(total.values()), "negatives": neg,
        "recall": round(sum(found.values()) / max(1, sum(total.values())), 4),
        "char_precision": prec(),
        "negatives_touched": neg_touched,
        "per_kind": {k: {"spans": total[k], "recall": round(found[k] / total[k], 4) if total[k] else None,
                         "kind_right": round(kind_right[k] / found[k], 4) if found[k] else None,
                         "masked_chars": masked_chars[k], "char_precision": prec(k)} for k in KINDS},
        "per_language_recall": {lang: round(found_lang[lang] / total_lang[lang], 4) for lang in sorted(total_lang)},
        "ms_per_message": round(elapsed / max(1, len(samples)) * 1000, 3),
    }
    if examples:
        out["misses"], out["false_positives"] = misses, false_pos
    return out


# ---------------------------------------------------------------------------------------------
# (b) retrieval decisions with personal data added

PHONES = ["090-1234-5678", "０９０－８７６５－４３２１", "03-3456-7890", "(03)1234-5678", "08012345678",
          "+81 90 1234 5678", "0 7 0 1 2 3 4 5 6 7 8"]
EMAILS = ["taro.yamada@example.com", "nguyen.van.a@gmail.com", "ｍａｒｉａ＠ｅｘａｍｐｌｅ．ｊｐ"]
ADDRESSES_JA = ["東京都若葉区本町2-3-4", "若葉区若葉二丁目三番四号", "若葉3丁目5番12号 若葉ハイツ203号室", "本町１－２－３"]
ADDRESSES_LATIN = ["2-3-4 Honcho, Wakaba-ku", "1-2-3 Wakaba, Wakaba-ku, Tokyo", "若葉区本町2-3-4"]
BIRTH_JA = ["昭和55年5月3日", "1980/5/3", "S55.5.3", "平成2年11月20日"]
BIRTH_EN = ["May 3, 1980", "03/05/1980", "1980-05-03"]
MY_NUMBERS = ["123456789018", "1234 5678 9018", "１２３４－５６７８－９０１８"]
POSTALS = ["160-0022", "１６０－００２２", "1600022"]
ACCOUNTS = ["1234567", "７６５４３２１"]

MONTHS = {"pt": "maio", "es": "mayo", "tl": "Mayo"}
# {q}: the question. Per language: (kind, template) with the data's slot named by its kind.
TEMPLATES = {
    "ja": [("phone", "{q} 電話は{phone}です。"), ("phone", "連絡先{phone}。{q}"), ("email", "{q}（メール：{email}）"),
           ("address", "住所は{address}です。{q}"), ("birth_date", "{q} 生年月日は{birth}です。"),
           ("my_number", "マイナンバーは{my_number}です。{q}"), ("postal_code", "{q} 〒{postal} {address}"),
           ("account", "{q} 振込先は口座番号{account}です。"),
           ("several", "{q} 山田です。電話{phone}、メール{email}、住所{address}、生年月日{birth}。"),
           ("inline", "{address}在住ですが{q}")],
    "en": [("phone", "{q} My phone is {phone}."), ("phone", "Call me at {phone}. {q}"), ("email", "{q} (email: {email})"),
           ("address", "I live at {address}. {q}"), ("birth_date", "{q} I was born on {birth}."),
           ("my_number", "My Number is {my_number}. {q}"), ("postal_code", "{q} My postal code is {postal}."),
           ("account", "{q} Account number {account}."),
           ("several", "{q} Phone {phone}, email {email}, address {address}, DOB {birth}."),
           ("inline", "I live at {address} and my question is {q}")],
    "zh": [("phone", "{q} 我的电话是{phone}。"), ("email", "{q}（邮箱：{email}）"), ("address", "我住在{address}。{q}"),
           ("birth_date", "{q} 我的出生日期是{birth}。"), ("my_number", "我的个人编号是{my_number}。{q}"),
           ("postal_code", "{q} 邮编{postal}。"), ("account", "{q} 银行账号{account}。"),
           ("several", "{q} 电话{phone}，邮箱{email}，地址{address}。"),
           ("inline", "我住在{address}想问{q}")],
    "ko": [("phone", "{q} 제 전화번호는 {phone}입니다."), ("email", "{q} (이메일: {email})"), ("address", "주소는 {address}입니다. {q}"),
           ("birth_date", "{q} 생년월일은 {birth}입니다."), ("my_number", "마이넘버는 {my_number}입니다. {q}"),
           ("postal_code", "{q} 우편번호 {postal}."), ("account", "{q} 계좌번호 {account}."),
           ("several", "{q} 전화 {phone}, 이메일 {email}, 주소 {address}."),
           ("inline", "{address}에 사는데 {q}")],
    "vi": [("phone", "{q} Số điện thoại của tôi là {phone}."), ("email", "{q} (email: {email})"),
           ("address", "Tôi sống ở {address}. {q}"), ("birth_date", "{q} Tôi sinh ngày {birth}."),
           ("my_number", "Số định danh của tôi là {my_number}. {q}"), ("postal_code", "{q} Mã bưu chính {postal}."),
           ("account", "{q} Số tài khoản {account}."),
           ("several", "{q} Điện thoại {phone}, email {email}, địa chỉ {address}."),
           ("inline", "Tôi sống ở {address} và muốn hỏi {q}")],
    "ne": [("phone", "{q} मेरो फोन नम्बर {phone} हो।"), ("email", "{q} (इमेल: {email})"), ("address", "मेरो ठेगाना {address} हो। {q}"),
           ("birth_date", "{q} मेरो जन्म मिति {birth} हो।"), ("my_number", "मेरो माई नम्बर {my_number} हो। {q}"),
           ("postal_code", "{q} पोस्ट कोड {postal}।"), ("account", "{q} बैंक खाता नम्बर {account}।"),
           ("several", "{q} फोन {phone}, इमेल {email}, ठेगाना {address}।"),
           ("inline", "म {address} मा बस्छु र {q}")],
    "pt": [("phone", "{q} Meu telefone é {phone}."), ("email", "{q} (e-mail: {email})"), ("address", "Moro em {address}. {q}"),
           ("birth_date", "{q} Nasci em {birth}."), ("my_number", "Meu My Number é {my_number}. {q}"),
           ("postal_code", "{q} CEP {postal}."), ("account", "{q} Número da conta {account}."),
           ("several", "{q} Telefone {phone}, e-mail {email}, endereço {address}."),
           ("inline", "Moro em {address} e queria saber {q}")],
    "es": [("phone", "{q} Mi teléfono es {phone}."), ("email", "{q} (correo: {email})"), ("address", "Vivo en {address}. {q}"),
           ("birth_date", "{q} Nací el {birth}."), ("my_number", "Mi My Number es {my_number}. {q}"),
           ("postal_code", "{q} Código postal {postal}."), ("account", "{q} Número de cuenta {account}."),
           ("several", "{q} Teléfono {phone}, correo {email}, dirección {address}."),
           ("inline", "Vivo en {address} y quería saber {q}")],
    "tl": [("phone", "{q} Ang numero ng telepono ko ay {phone}."), ("email", "{q} (email: {email})"),
           ("address", "Nakatira ako sa {address}. {q}"), ("birth_date", "{q} Ipinanganak ako noong {birth}."),
           ("my_number", "Ang My Number ko ay {my_number}. {q}"), ("postal_code", "{q} Zip code {postal}."),
           ("account", "{q} Account number {account}."),
           ("several", "{q} Telepono {phone}, email {email}, address {address}."),
           ("inline", "Nakatira ako sa {address} at gusto kong itanong {q}")],
}


def _pick(options: list[str], key: str) -> str:
    return options[hashlib.sha256(key.encode()).digest()[0] % len(options)]


def birth_for(lang: str, key: str) -> str:
    if lang in ("ja", "zh"):
        return _pick(BIRTH_JA if lang == "ja" else ["1980年5月3日", "1980/5/3"], key)
    if lang == "ko":
        return _pick(["1980년 5월 3일", "1980/5/3"], key)
    if lang == "vi":
        return _pick(["3 tháng 5 năm 1980", "03/05/1980"], key)
    if lang in MONTHS:
        return _pick([f"3 de {MONTHS[lang]} de 1980" if lang != "tl" else "Mayo 3, 1980", "03/05/1980"], key)
    return _pick(BIRTH_EN, key)


def with_pii(q) -> list[tuple[str, str, list[str]]]:
    """(kind, question with personal data, the data inserted) for each template of its language."""
    lang = q.lang if q.lang in TEMPLATES else "en"
    out = []
    for i, (kind, template) in enumerate(TEMPLATES[lang]):
        key = f"{q.text}\t{i}"
        values = {
            "phone": _pick(PHONES, key + "p"), "email": _pick(EMAILS, key + "e"),
            "address": _pick(ADDRESSES_JA if lang in ("ja", "zh") else ADDRESSES_LATIN, key + "a"),
            "birth": birth_for(lang, key + "b"), "my_number": _pick(MY_NUMBERS, key + "m"),
            "postal": _pick(POSTALS, key + "z"), "account": _pick(ACCOUNTS, key + "c"),
        }
        text = template.format(q=q.text, **values)
        used = [v for name, v in values.items() if "{" + name + "}" in template]
        out.append((kind, text, used))
    return out


def in_scope_questions(split: str) -> list:
    from knowledge.heldout import NONE, STYLES_DIR, read_questions

    qs = []
    for path in sorted(STYLES_DIR.glob("*/*.tsv")):
        qs += [q for q in read_questions(path) if q.split == split and not q.source and q.entry_id != NONE]
    return qs


_CACHE: dict[str, list] = {}


def decision_of(retriever, text: str) -> tuple[str, str]:
    key = f"{retriever.index.version}\t{text}"
    if key not in _CACHE:
        r = retriever.search(text, k=5)
        _CACHE[key] = [r.decision, (r.hits[0].entry.id if r.hits else "")]
    return tuple(_CACHE[key])


def variants_of(text: str, styles: list[str]) -> dict[str, str]:
    """What retrieval is given: the raw text, each placeholder style's masked text, and the default
    style's masked text read through bot.pii.for_search (what only carries the data left out)."""
    out = {"raw": text}
    for style in dict.fromkeys([*styles, DEFAULT_STYLE]):
        masked = mask(text, style).text
        if style in styles:
            out[style] = masked
        if any(PLACEHOLDER_STYLES[style].values()):
            out[f"{style}+for_search"] = for_search(masked, style)
    return out


def score_decisions(retriever, split: str, styles: list[str], examples: int = 0) -> dict:
    qs = in_scope_questions(split)
    unchanged: dict = defaultdict(Counter)
    per_kind: dict = defaultdict(lambda: defaultdict(Counter))
    per_lang: dict = defaultdict(lambda: defaultdict(Counter))
    changed: list = []
    data_masked = data_total = 0
    t = time.perf_counter()
    for q in qs:
        base = decision_of(retriever, q.text)
        for kind, text, used in with_pii(q):
            variants = variants_of(text, styles)
            data_total += len(used)
            data_masked += sum(1 for v in used if v not in variants[DEFAULT_STYLE])
            seen: dict[str, tuple] = {}
            for name, v in variants.items():
                d = seen.get(v) or decision_of(retriever, v)
                seen[v] = d
                ok = d == base
                unchanged[name][ok] += 1
                per_kind[name][kind][ok] += 1
                per_lang[name][q.lang][ok] += 1
                if not ok and name == f"{DEFAULT_STYLE}+for_search" and len(changed) < examples:
                    changed.append({"question": q.text, "searched": v, "was": base, "now": d})
    rate = lambda c: round(c[True] / max(1, c[True] + c[False]), 4)  # noqa: E731
    out = {
        "split": split, "questions": len(qs), "variants": sum(unchanged["raw"].values()),
        "inserted_data_masked": round(data_masked / max(1, data_total), 4),
        "unchanged": {name: rate(c) for name, c in unchanged.items()},
        "unchanged_per_kind": {name: {k: rate(c) for k, c in sorted(d.items())} for name, d in per_kind.items()},
        "unchanged_per_language": {name: {k: rate(c) for k, c in sorted(d.items())} for name, d in per_lang.items()},
        "seconds": round(time.perf_counter() - t, 1),
    }
    if examples:
        out["changed_examples"] = changed
    return out


def score_nlu(model: Path, split: str, styles: list[str]) -> dict:
    """Rasa's NLU (the trained model, in the Rasa venv) on the same variants: the share whose routed
    intent equals the original question's, and the share still sent to the knowledge base."""
    import asyncio

    from rasa.core.agent import Agent

    from benchmarks.routing import TO_KB

    agent = Agent.load(str(model))

    async def run() -> dict:
        cache: dict[str, str] = {}

        async def intent(text: str) -> str:
            if text not in cache:
                cache[text] = (await agent.parse_message(text))["intent"]["name"] if text.strip() else "nlu_fallback"
            return cache[text]

        same: dict = defaultdict(Counter)
        to_kb: dict = defaultdict(Counter)
        went: dict = defaultdict(Counter)  # where the questions the knowledge base had went instead
        qs = in_scope_questions(split)
        for q in qs:
            base = await intent(q.text)
            for _, text, _ in with_pii(q):
                for name, v in variants_of(text, styles).items():
                    i = await intent(v)
                    same[name][i == base] += 1
                    to_kb[name][(i in TO_KB) or (base not in TO_KB)] += 1
                    if base in TO_KB and i not in TO_KB:
                        went[name][i] += 1
        rate = lambda c: round(c[True] / max(1, c[True] + c[False]), 4)  # noqa: E731
        return {"split": split, "questions": len(qs),
                "original_to_kb": round(sum([(await intent(q.text)) in TO_KB for q in qs]) / max(1, len(qs)), 4),
                "intent_unchanged": {k: rate(c) for k, c in same.items()},
                "still_to_kb_when_it_was": {k: rate(c) for k, c in to_kb.items()},
                "sent_instead_to": {k: dict(c.most_common(4)) for k, c in went.items()}}

    return asyncio.run(run())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="fuzz messages per split (at least 500)")
    ap.add_argument("--split", default="both", choices=("dev", "test", "both"))
    ap.add_argument("--index", type=Path, default=REPO / "var" / "index", help="the index root searched")
    ap.add_argument("--skip-decisions", action="store_true", help="only the fuzz set (no index needed)")
    ap.add_argument("--styles", action="store_true", help="compare the placeholder styles (dev only)")
    ap.add_argument("--examples", type=int, default=0, help="also print this many misses and false positives")
    ap.add_argument("--nlu", action="store_true",
                    help="Rasa's NLU on the same variants instead of retrieval (run with .venv-rasa/bin/python)")
    ap.add_argument("--model", type=Path, default=REPO / "models" / "madoguchi.tar.gz", help="the model --nlu loads")
    ap.add_argument("--cache", type=Path, help="keep retrieval decisions in this JSON file between runs")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    report: dict = {"placeholders": DEFAULT_STYLE, "fuzz": {}}
    for split in splits:
        report["fuzz"][split] = score_fuzz(generate(split, args.n), examples=args.examples)
    if args.styles:
        report["fuzz_dev_by_style"] = {s: score_fuzz(generate("dev", args.n), s)["recall"] for s in PLACEHOLDER_STYLES}
    if args.nlu:
        os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        report["nlu"] = {split: score_nlu(args.model, split, list(PLACEHOLDER_STYLES) if args.styles and split == "dev"
                                          else [DEFAULT_STYLE]) for split in splits}
    elif not args.skip_decisions:
        from knowledge.search import Retriever

        retriever = Retriever(args.index)
        if args.cache and args.cache.exists():
            _CACHE.update(json.loads(args.cache.read_text(encoding="utf-8")))
        report["index"] = retriever.index.version
        report["decisions"] = {}
        for split in splits:
            styles = list(PLACEHOLDER_STYLES) if args.styles and split == "dev" else [DEFAULT_STYLE]
            report["decisions"][split] = score_decisions(retriever, split, styles, examples=args.examples)
            if args.cache:
                args.cache.write_text(json.dumps(_CACHE, ensure_ascii=False), encoding="utf-8")
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
