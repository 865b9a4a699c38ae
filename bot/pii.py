"""Personal data masked out of residents' messages before anything stores or logs them (issue 14).

    from bot.pii import mask
    m = mask("電話は０９０－１２３４－５６７８です")
    m.text   # '電話は＊☎＊です'
    m.kinds  # frozenset({'phone'})
    for_search(m.text)  # what retrieval reads: the clauses that only carried the data left out

What is replaced, each kind by its placeholder (PLACEHOLDERS):
  phone        Japanese numbers in every written form (03-1234-5678, 0312345678, (03)1234-5678,
               +81 90 1234 5678, 0120-…, full-width, spaced digits, kanji digits), other countries'
               numbers written with +, and 8-9 digit local numbers when the message speaks of a phone
  my_number    12-digit individual numbers whose check digit is right (stdnum.jp.in_), or any 12
               digits when the message speaks of マイナンバー/個人番号/My Number… near them
  email        addresses
  postal_code  〒123-4567, 123-4567, and 1234567 when a postal word is near
  address      〜丁目〜番〜号 (digits or kanji numerals), 〜番地, 101号室, 若葉2-3-4 and its town and
               city before it, 2-3-4 standing alone, romaji "2-3-4 Wakaba"
  birth_date   a date (ja/zh/ko/era forms such as 昭和55年5月3日, S55.5.3, 1980/5/3, and written months
               in en/pt/es/tl/vi) next to a word for birth in the ward's ten languages
  account      Luhn-valid 13-19 digit card numbers, and 5-8 digit numbers (3-digit branch numbers)
               next to a bank-account or card word

Ordinary numbers of a procedure question (300円, 2人, 4月1日から, 8時30分, 2024年度, a 12-digit number
whose check digit is wrong and which nobody calls a My Number) are left as typed.

Matching reads an NFKC-normalised copy of the text (full-width digits and letters, other scripts'
digits, dashes), built cluster by cluster with a map back to the original, so only the personal data
is replaced and everything else stays as the resident typed it. `mask` is idempotent (it repeats
its one pass until nothing changes, and placeholders are never matched nor read as context) and
never raises: if a pass fails, every digit run and e-mail-like word is masked instead.

Imports only the standard library, phonenumbers and python-stdnum, so both venvs (Rasa's 3.10 and
the action server's 3.11) can use it, and it loads in a few tens of milliseconds.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from stdnum import luhn
from stdnum.jp import in_ as individual_number

log = logging.getLogger(__name__)

KINDS = ("phone", "my_number", "email", "postal_code", "address", "birth_date", "account")
# The kind of the fail-safe: a pass that failed masks every digit run with it.
NUMBER = "number"

# Placeholders: a mark per kind between two asterisks — ＊☎＊ phone, ＊🆔＊ My Number, ＊✉＊ e-mail,
# ＊〒＊ postal code, ＊⌂＊ address, ＊🎂＊ date of birth, ＊💳＊ bank account or card, ＊＃＊ any number
# (the fail-safe). Chosen by measurement on the dev half (benchmarks/pii.py --styles, and --nlu in the
# Rasa venv): Rasa's NLU reads the masked text as it is stored, and word tags ([PHONE], [電話番号])
# sent procedure questions to ask_human (still to the knowledge base 0.933 and 0.948 of the variants
# the original sent there, against 0.991 for marks, stars or nothing at all); retrieval reads
# for_search's text, the same for every style (decisions unchanged 0.981 on dev). Marks keep what
# staff need to see — that something was removed, and what — without words the NLU or BM25 read.
# All are free of digits, '@' and context words, so a masked text is never matched again.
PLACEHOLDER_STYLES: dict[str, dict[str, str]] = {
    "tags": {"phone": "[PHONE]", "my_number": "[MYNUMBER]", "email": "[EMAIL]", "postal_code": "[POSTCODE]",
             "address": "[ADDRESS]", "birth_date": "[BIRTHDATE]", "account": "[ACCOUNT]", NUMBER: "[NUMBER]"},
    "ja": {"phone": "[電話番号]", "my_number": "[個人番号]", "email": "[メールアドレス]", "postal_code": "[郵便番号]",
           "address": "[住所]", "birth_date": "[生年月日]", "account": "[口座番号]", NUMBER: "[番号]"},
    "marks": {"phone": "＊☎＊", "my_number": "＊🆔＊", "email": "＊✉＊", "postal_code": "＊〒＊", "address": "＊⌂＊",
              "birth_date": "＊🎂＊", "account": "＊💳＊", NUMBER: "＊＃＊"},
    "stars": {k: "＊＊＊" for k in (*KINDS, NUMBER)},
    "blank": {k: "" for k in (*KINDS, NUMBER)},
}
DEFAULT_STYLE = "marks"
PLACEHOLDERS = PLACEHOLDER_STYLES[DEFAULT_STYLE]
MAX_PASSES = 4
_PIECE = 20_000  # longer texts are masked piece by piece, cut at a space or line break


@dataclass(frozen=True)
class Masked:
    """The masked text and the kinds of personal data it now holds placeholders for (so that
    mask(mask(x).text) == mask(x): a second masking reports what the first removed)."""
    text: str
    kinds: frozenset = frozenset()

    @property
    def masked(self) -> bool:
        return bool(self.kinds)


def mask(text: str, style: str = DEFAULT_STYLE) -> Masked:
    """The text with every piece of personal data replaced by its kind's placeholder. Never raises."""
    try:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        placeholders = PLACEHOLDER_STYLES.get(style, PLACEHOLDERS)
        out, found = text, set()
        for _ in range(MAX_PASSES):
            spans = _spans(out, placeholders)
            if not spans:
                break
            found.update(k for _, _, k in spans)
            out = _replace(out, spans, placeholders)
        return Masked(out, frozenset(found) | placeholder_kinds(out, style))
    except Exception:  # a bug must not let personal data through, nor stop the message
        log.exception("personal-data masking failed; masking every number instead")
        try:
            return _fail_safe(text if isinstance(text, str) else "", style)
        except Exception:
            return Masked("", frozenset())


def masked_spans(text: str, style: str = DEFAULT_STYLE) -> list[tuple[int, int, str]]:
    """The (start, end, kind) of what `mask` replaces, in the original text's offsets (for measuring,
    or for showing a resident what was removed). Slower than `mask`: it follows every pass."""
    placeholders = PLACEHOLDER_STYLES.get(style, PLACEHOLDERS)
    out = text
    origin = [(i, i + 1) for i in range(len(text))]  # per character of `out`: its original span
    done: list[tuple[int, int, str]] = []
    for _ in range(MAX_PASSES):
        spans = _spans(out, placeholders)
        if not spans:
            break
        new_origin: list[tuple[int, int]] = []
        pos = 0
        for s, e, kind in spans:
            new_origin += origin[pos:s]
            lo, hi = origin[s][0], origin[e - 1][1]
            done.append((lo, hi, kind))
            new_origin += [(lo, hi)] * len(placeholders[kind])
            pos = e
        new_origin += origin[pos:]
        out, origin = _replace(out, spans, placeholders), new_origin
    merged: list[list] = []
    for lo, hi, kind in sorted(done):
        if merged and lo < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi, kind])
    return [tuple(m) for m in merged]


def placeholder_kinds(text: str, style: str = DEFAULT_STYLE) -> frozenset:
    """The kinds whose placeholders appear in a (masked) text (a placeholder several kinds share names none)."""
    placeholders = PLACEHOLDER_STYLES.get(style, PLACEHOLDERS)
    shared = {p for p in placeholders.values() if list(placeholders.values()).count(p) > 1}
    return frozenset(k for k, p in placeholders.items() if p and p not in shared and p in text)


# A sentence or clause, with the punctuation that ends it
_CLAUSE_END = re.compile(r"(?:[。．！？!?\n、，,;；]|\.(?=\s|$))+\s*|(?<=[a-z]) (?=[A-Z])|"
                         r"(?:(?<=ですが)|(?<=ますが)|(?<=だが)|(?<=けど)|(?<=けれど)|(?<=ので)|(?<=から))(?=\S)|\s(?=(?:and|but|y|e|pero|mas|và|nhưng|र|그리고)\s)|(?<=[\u3040-\u30ff\u4e00-\u9fff）」])[ 　]+|[ 　]+(?=[\u3040-\u30ff\u4e00-\u9fff（「])")
_PARENS = re.compile(r"[(（][^()（）]*[)）]")
# A clause that only carries the data: once its placeholders are out, at most this many characters of
# Japanese, Chinese or Korean, or words of other scripts (電話は[PHONE]です / Ang numero ng telepono ko ay [PHONE])
_SHORT_CJK, _SHORT_WORDS = 10, 6
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af][\w\u0900-\u097f'-]*")


def _only_carries(rest: str) -> bool:
    cjk = len(_CJK_CHAR.findall(rest))
    words = len(_WORD.findall(rest))
    return cjk / _SHORT_CJK + words / _SHORT_WORDS <= 1


def for_search(text: str, style: str = DEFAULT_STYLE) -> str:
    """A masked text as retrieval should read it: what only carries the resident's details
    (「電話は[PHONE]です。」, "(email: [EMAIL])", "DOB [BIRTHDATE],") is left out, and other placeholders
    are removed from the question around them; the stored text keeps them for staff. A text that
    would be left empty keeps its words without the placeholders. Never raises."""
    try:
        placeholders = [p for p in set(PLACEHOLDER_STYLES.get(style, PLACEHOLDERS).values()) if p]
        if not any(p in text for p in placeholders):
            return text

        def bare(t: str) -> str:
            for p in placeholders:
                t = t.replace(p, " ")
            return t

        def carries(t: str) -> bool:
            return any(p in t for p in placeholders)

        out = _PARENS.sub(lambda m: " " if carries(m.group()) else m.group(), text)
        kept = []
        pos, clauses = 0, []
        for m in _CLAUSE_END.finditer(out):
            clauses.append(out[pos:m.end()])
            pos = m.end()
        clauses.append(out[pos:])
        for clause in clauses:
            if not clause:
                continue
            if carries(clause):
                rest = bare(clause)
                if _only_carries(rest):
                    continue
                clause = rest
            kept.append(clause)
        result = re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip(" 、，,;；")
        return result if re.search(r"\w", result) else re.sub(r"[ \t]{2,}", " ", bare(text)).strip()
    except Exception:
        log.exception("for_search failed")
        return text


# ---------------------------------------------------------------------------------------------
# Normalisation with a map back to the original

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a\uff9e\uff9f"
# An ASCII run (NFKC leaves it as it is) not followed by a combining mark, or one character with the
# combining marks after it: normalised together, so a decomposed Vietnamese "ngày" still reads as one.
# Kana, kanji, hangul and common punctuation that NFKC leaves unchanged (the bulk of a Japanese message)
_STABLE = "\u3001-\u3002\u300c-\u300f\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff\uac00-\ud7a3"
_CLUSTER = re.compile(rf"(?P<ascii>[\t\n\r\x20-\x7e]+(?![{_COMBINING}]))|(?P<plain>[{_STABLE}]+(?![{_COMBINING}]))"
                      rf"|.[{_COMBINING}]*", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DASHES = set("‐‑‒–—―−⁃﹣－")
_KANJI_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_KANJI_RUN = re.compile(r"[〇○零一二三四五六七八九](?:[\-ー\s]?[〇○零一二三四五六七八九]){8,}")
_LONG_DASH = re.compile(r"(?<=\d)[ー一ｰ~〜～](?=\d)")


@lru_cache(maxsize=4096)
def _norm_cluster(cluster: str) -> str:
    n = unicodedata.normalize("NFKC", cluster)
    if n.isascii() and not _CONTROL.search(n):
        return n
    out = []
    for ch in n:
        if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r":
            continue  # zero-width spaces, soft hyphens, NULs typed between digits
        if ch in _DASHES:
            ch = "-"
        elif ch.isdecimal() and not ch.isascii():
            ch = str(unicodedata.decimal(ch, 0))
        elif ch == "\u3000":
            ch = " "
        out.append(ch)
    return "".join(out)


class _Norm:
    """The normalised text, and for each of its characters the original span it came from."""

    __slots__ = ("text", "starts", "ends", "length")

    def __init__(self, original: str):
        self.length = len(original)
        if original.isascii() and not _CONTROL.search(original):
            self.text, self.starts, self.ends = original, None, None
            return
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for m in _CLUSTER.finditer(original):
            s, e = m.span()
            if m.lastgroup == "plain":  # a run NFKC leaves as it is, with nothing to fold: as typed
                parts.append(m.group())
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
                continue
            piece = m.group()
            if m.lastgroup == "ascii":
                parts.append(piece)
                starts.extend(range(s, e))
                ends.extend(range(s + 1, e + 1))
                continue
            n = _norm_cluster(piece)
            parts.append(n)
            starts.extend([s] * len(n))
            ends.extend([e] * len(n))
        text = "".join(parts)
        # Kanji digits typed for a phone number (〇九〇‐一二三四…), long marks between digits (090ー1234)
        if _KANJI_RUN.search(text):
            text = _KANJI_RUN.sub(lambda m: "".join(_KANJI_DIGIT.get(c, c) for c in m.group()), text)
        text = _LONG_DASH.sub("-", text)
        self.text, self.starts, self.ends = text, starts, ends

    def original(self, s: int, e: int) -> tuple[int, int]:
        if self.starts is None:
            return s, e
        return self.starts[s], self.ends[e - 1]


# ---------------------------------------------------------------------------------------------
# Context words, by kind, in the ward's languages (ja, en, zh, ko, vi, ne, pt, es, tl)

def _words(*alternatives: str) -> re.Pattern:
    return re.compile("|".join(alternatives), re.I)


_PHONE_WORDS = _words(
    r"電話", r"でんわ", r"携帯", r"けいたい", r"ケータイ", r"連絡先", r"れんらくさき", r"スマホ", r"\btel\b", r"\bfax\b",
    r"ファックス", r"phone", r"mobile", r"\bcell", r"\bcall\b", r"contact", r"电话", r"電話", r"手机", r"手機", r"联系",
    r"전화", r"휴대폰", r"핸드폰", r"연락처", r"điện thoại", r"đt\b", r"sđt", r"\bsdt\b", r"di động", r"liên lạc",
    r"फोन", r"फ़ोन", r"मोबाइल", r"सम्पर्क", r"telefone", r"celular", r"contato", r"contacto", r"tel[eé]fono",
    r"m[oó]vil", r"telepono",
)
_MY_NUMBER_WORDS = _words(
    r"マイ\s?ナンバー", r"まいなんばー", r"個人番号", r"こじんばんごう", r"my\s?-?number", r"individual\s+number",
    r"personal\s+number", r"个人编号", r"個人編號", r"个人号码", r"个人番号", r"마이\s?넘버", r"개인\s?번호",
    r"số\s+định\s+danh", r"mã\s+số\s+cá\s+nhân", r"số\s+cá\s+nhân", r"n[uú]mero\s+(?:de\s+)?(?:identifica[cç][aã]o\s+)?"
    r"(?:individual|pessoal|personal)", r"माई\s?नम्बर", r"व्यक्तिगत\s+नम्बर", r"परिचय\s+नम्बर",
)
_ACCOUNT_WORDS = _words(
    r"口座", r"こうざ", r"普通預金", r"普通", r"当座", r"支店", r"店番", r"記号", r"振込先", r"銀行", r"ゆうちょ",
    r"カード番号", r"クレジット", r"キャッシュカード", r"デビット", r"こうざ", r"ぎんこう", r"してん", r"ゆうちょ", r"yucho",
    r"\bkigo\b", r"\bbango\b", r"ký\s+hiệu", r"किगो", r"बाङ्गो", r"shiten", r"ag[eê]ncia", r"chi\s+nhánh", r"account", r"\ba/c\b", r"\bacct", r"\bbank",
    r"\bbranch", r"credit", r"debit", r"card\s+(?:number|no)", r"账号", r"帐号", r"账户", r"賬號", r"银行", r"卡号",
    r"信用卡", r"계좌", r"은행", r"카드\s?번호", r"신용카드", r"tài\s+khoản", r"ngân\s+hàng", r"số\s+thẻ", r"thẻ\s+tín\s+dụng",
    r"खाता", r"बैंक", r"कार्ड", r"conta", r"banc[oá]", r"cart[aã]o", r"cuenta", r"tarjeta", r"numero\s+ng\s+card",
)
_POSTAL_WORDS = _words(
    r"〒", r"郵便番号", r"ゆうびんばんごう", r"postal(?:\s+code)?", r"post\s?code", r"\bzip(?:\s?code)?", r"邮编", r"邮政编码", r"郵遞區號", r"郵編",
    r"우편\s?번호", r"mã\s+bưu", r"पोस्टल", r"पोष्टल", r"bưu\s+chính", r"\bcep\b", r"c[oó]digo\s+postal", r"हुलाक", r"पोस्ट\s?कोड",
    r"पोष्ट\s?कोड",
)
# A word for birth before the date (生年月日は…, born on …) or right after it (…生まれ, …생).
_BIRTH_BEFORE = _words(
    r"生年月日", r"誕生日", r"たんじょうび", r"せいねんがっぴ", r"生まれ", r"うまれ", r"出生", r"生日", r"생년월일", r"생일",
    r"출생", r"태어난", r"태어났", r"ngày\s+sinh", r"sinh\s+ngày", r"sinh\s+nhật", r"sinh\s+năm", r"\bsinh\b", r"born",
    r"birth", r"\bd\.?o\.?b\b", r"nascimento", r"nasci", r"anivers[aá]rio", r"nacimiento", r"nac[ií]", r"cumplea[nñ]os",
    r"kapanganakan", r"ipinanganak", r"isinilang", r"kaarawan", r"जन्म",
)
_BIRTH_AFTER_WORD = re.compile(r"生|うまれ|born|sinh|생|출생|태어|जन्म", re.I)
_BIRTH_AFTER = re.compile(r"\s*(?:に|年|의|에)?\s*(?:生まれ|うまれ|生(?![活命産鮮協徒])|出生|생|태어|출생|sinh|born|जन्म)", re.I)

# ---------------------------------------------------------------------------------------------
# Patterns

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\s?@\s?"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'　、。「」]+", re.I)
_DIGITS = re.compile(r"\d+")
_GAP = re.compile(r"(?!.*\.\s)[ \-.()]{1,3}")

_KNUM = "[〇一二三四五六七八九十百千]+"
_NUM = rf"(?:\d{{1,4}}|{_KNUM})"
# 二丁目三番四号, 2丁目3-4, 2丁目3番地の4, 3番地, 3番4号, 101号室, and in kana 7ちょうめ 28ばん 2ごう
_ADDRESS_JA = re.compile(
    rf"{_NUM}\s?丁目\s?{_NUM}(?:\s?(?:番地?|-|の)\s?{_NUM}\s?号?|\s?番地?)?"
    rf"|{_NUM}\s?番地(?:\s?(?:の|-)?\s?{_NUM}\s?号?)?"
    rf"|{_NUM}\s?番\s?{_NUM}\s?号"
    rf"|{_NUM}\s?号室"
    rf"|\d{{1,2}}\s?ちょうめ\s?\d{{1,4}}(?:\s?(?:ばんち|ばん|-|の)(?:\s?\d{{1,4}}\s?(?:ごう)?)?)?"
    rf"|\d{{1,4}}\s?ばんち(?:\s?\d{{1,4}}\s?(?:ごう)?)?"
    rf"|\d{{1,4}}\s?ごうしつ"
)
_ADDRESS_TAIL = re.compile(rf"(?:\s?[-の]\s?{_NUM}(?![\d\-]))?(?:\s?号(?!室))?")
# What follows the number: a building name (with katakana), a room number
_KATA = "\u30a1-\u30faー"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ"
_BUILDING = re.compile(
    rf"[ ]?(?:[{_HAN}ぁ-ゖ]{{0,4}}[{_KATA}]+[{_HAN}{_KATA}]{{0,8}}(?:[ぁ-ゖ]{{1,6}}(?=[ ]?\d))?"
    rf"|[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+){{0,2}}(?=[ ]?\d))"
    rf"(?:[ ]?\d{{2,4}}\s?(?:号室|ごうしつ|号)?(?![\d\-]))?"
    rf"|[ ]?-?\s?\d{{2,4}}\s?(?:号室|ごうしつ)"
    rf"|[ ]?-[ ]?\d{{3,4}}(?![\d\-])")
_NOT_BUILDING = re.compile(r"[搬到了在是的和或住寄从至]|に|へ|から")
# Place characters before a number form: 東京都若葉区本町
_PLACE_CHARS = _HAN + _KATA + "ケ"
_PLACE_RUN = re.compile(rf"[{_PLACE_CHARS}]+$")
_PREFECTURE = re.compile(
    "北海道|(?:東京|大阪|京都)[都府]|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|"
    "岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県")
# Words that end a place run going left: what the resident says about the address, not the address
_NOT_PLACE = re.compile(
    r"^.*(?:住所|住居|在住|自宅|実家|転居先|転入先|転出先|引越先|引っ越し先|居所|所在地|宛先|送付先|送り先|住まい|新居|"
    r"地址|住在|搬到了|搬到|搬家到|寄到|送到|寄往|我从|从|我在|在|是|到了|到|了|于|於|至|号|番地|番号|番|第|約|各|毎)")
# A city written in kana after its prefecture: 埼玉県さいたま市
_KANA_CITY = re.compile(rf"[{_HAN}]{{1,3}}[都道府県][ぁ-ゖ]{{2,6}}$")
# 若葉2-3-4 / 本町1-2 / 旭町268-5 / 若葉2の3の4 (-206: a room): digits after place characters
_PLACE_NUMBERS = re.compile(
    rf"(?<=[{_PLACE_CHARS}])\s?(?:\d{{1,2}}(?:\s?[-の]\s?\d{{1,4}}){{1,2}}(?:-\d{{3,4}})?|\d{{3,4}}\s?[-の]\s?\d{{1,3}})(?![\d\-])")
# 2-3-4 standing alone (chome-ban-go, -206 a room), and romaji addresses around it
_BARE_ADDRESS = re.compile(r"(?<![\d\-./+])\d{1,2}-\d{1,4}-\d{1,3}(?:-\d{3,4})?(?![\d\-/:])")
_ROMAJI_TOWN = re.compile(
    r"(?:[ ]?,?[ ]?(?:[A-Z][a-z]+(?:-(?:ku|shi|cho|chou|machi|mura|gun|ken|to))?|[A-Z][a-z]+[ ]+(?:Ward|City)))+")
_ROMAJI_BUILDING = re.compile(r"(?:[A-Z][A-Za-z]+\s){0,2}[A-Z][A-Za-z]+,\s?$")
_BUILDING_WORDS = re.compile(r"maison|residence|heights?|house|court|corpo|haitsu|haimu|sunheim|mansion|apartments?|"
                             r"tower|hills|palace|villa|kopo|mezon|park|green|plaza|city\s?house", re.I)
_ROMAJI_CHOME = re.compile(r"\d{1,2}-?\s?ch[oō]u?me\s?,?\s?\d{1,4}(?:\s?-\s?\d{1,3})?", re.I)
_ROOM = re.compile(r"(?:room|apt\.?|apartment|unit|flat|ph[oò]ng|quarto|cuarto|habitaci[oó]n)\s?#?\s?\d{3,4}\b"
                   r"|(?<![\d\-])\d{1,4}\s?호(?![\d선])|#\s?\d{2,4}\b", re.I)
# Spaced kana words before a kana address: わかばく ちゅうおう 7ちょうめ
_KANA_WORD = re.compile(r"([ぁ-ゖァ-ヺー\u4e00-\u9fff]{2,10})[\s　]$")
_KANA_PLACE_END = re.compile(r"(?:く|し|けん|ふ|と|ぐん|ちょう|まち|むら|区|市|県|都|府|町|村)$")
_KANA_NOT_PLACE = {"わたし", "あなた", "です", "ます", "じゅうしょ", "いえ", "あたらしい", "いま", "まえ", "ところ", "うち", "から",
                   "まで", "ください", "すんで", "すみます", "ひっこし", "ひっこします", "おねがいします", "ほしい", "じゅうしょは"}

_Y = r"(?:1[89]\d\d|20\d\d)"
_KD = r"(?:[一二三四五六七八九]?十[一二三四五六七八九]?|[〇一二三四五六七八九])"  # 1-99 in kanji numerals
_KY = r"(?:[一二][〇一二三四五六七八九]{3})"  # 一九八〇
_ERA = r"(?:明治|大正|昭和|平成|令和|めいじ|たいしょう|しょうわ|へいせい|れいわ|(?<![A-Za-z])[MTSHR]\.?)"
_EY = rf"(?:{_Y}|{_ERA}\s?(?:\d{{1,2}}|元))"
_EYK = rf"(?:{_Y}|{_KY}|{_ERA}\s?(?:\d{{1,2}}|{_KD}|元|がん))"
_MD = rf"(?:\d{{1,2}}|{_KD})"
_M_EN = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_M_PT_ES = (r"(?:janeiro|fevereiro|mar[cç]o|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro"
            r"|enero|febrero|marzo|mayo|junio|julio|septiembre|setiembre|octubre|noviembre|diciembre)")
_M_TL = r"(?:enero|pebrero|marso|abril|mayo|hunyo|hulyo|agosto|setyembre|oktubre|nobyembre|disyembre)"
# English months as Nepali writes them, and the Bikram Sambat months
_M_NE = (r"(?:जनवरी|फेब्रुअरी|फेब्रुवरी|मार्च|अप्रिल|अप्रैल|मे|जुन|जून|जुलाई|अगस्ट|अगस्त|सेप्टेम्बर|सेप्टेम्बर|सेप्टेम्वर|सेप्टेंबर|"
         r"अक्टोबर|अक्टुबर|नोभेम्बर|नोवेम्बर|डिसेम्बर|दिसम्बर|बैशाख|वैशाख|जेठ|असार|साउन|श्रावण|भदौ|असोज|कात्तिक|कार्तिक|मंसिर|"
         r"पुस|पौष|माघ|फागुन|चैत)")
_MONTHS = rf"(?:{_M_EN}|{_M_PT_ES}|{_M_TL}|{_M_NE})"
_DATE = re.compile(
    "|".join([
        rf"{_EYK}\s?(?:年|년|ねん)\s?{_MD}\s?(?:月|월|がつ)\s?{_MD}\s?(?:日|일|号|號|にち)?",  # 1980年5月3日, 昭和五十五年五月三日
        rf"{_EY}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}(?![\d/])",          # 1980/5/3, S55.5.3, H2-3-4
        rf"(?<![\d/.\-])\d{{1,2}}\s?(?:[/.]\s?\d{{1,2}}\s?[/.]\s?(?:{_Y}|\d{{2}})|-\s?\d{{1,2}}\s?-\s?{_Y})(?![\d/\-])",  # 5/3/1980, 03.05.80
        rf"{_M_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_Y}",                     # May 3, 1980
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+(?:of\s+)?{_Y}",  # 3 May 1980, 3rd of May 1980
        rf"\d{{1,2}}\s+de\s+{_MONTHS}\s+(?:de\s+|del\s+)?{_Y}",                # 3 de maio de 1980
        rf"(?:ika-?\s?)?\d{{1,2}}\s+ng\s+{_MONTHS},?\s+{_Y}",                 # ika-3 ng Mayo, 1980
        rf"(?:{_M_PT_ES}|{_M_NE})\s+\d{{1,2}},?\s+{_Y}",                        # Mayo 3, 1980
        rf"(?:ngày\s+)?\d{{1,2}}\s+tháng\s+\d{{1,2}}(?:\s+năm\s+{_Y})?",       # ngày 3 tháng 5 năm 1980
        rf"{_Y}\s?(?:साल|सालको)?\s?[/.\-]?\s?\d{{1,2}}\s?(?:महिना)?\s?[/.\-]?\s?\d{{1,2}}\s?गते",  # २०३७ साल १ महिना २० गते
        rf"(?<!\d)(?:{_Y})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)",      # 19800503
        rf"(?<![\d/])\d{{1,2}}\s?(?:月|월|がつ)\s?\d{{1,2}}\s?(?:日|일|号|號|にち)",  # 5月3日 (with a birth word only)
        rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b",                          # May 3
        rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+|ng\s+)?{_MONTHS}\b",     # 3 May, 3 de maio
    ]), re.I)
# Between a birth word and a date: another event, whose date it is (born in 1980, moving on 2024/4/1)
_EVENT = re.compile(
    r"引っ?越|転入|転出|転居|届|申請|手続|予約|入園|入学|から|まで|以内|予定|move|moving|moved|appointment|deadline|until|since|"
    r"from|before|after|mud[aeoéá]|lipat|chuyển|hạn|이사|신청|까지|부터|搬|申请|以前|सर|desde|hasta|até|a\s+partir", re.I)
_SENTENCE_END = re.compile(r"[。！？!?\n।॥]|\.\s")
_WINDOW_BEFORE = 24  # characters between a context word and the number it is about
_WINDOW_AFTER = 12

# When masked spans overlap, the union takes the kind of the most specific detector
_PRIORITY = {"email": 0, "my_number": 1, "account": 2, "phone": 3, "postal_code": 4, "birth_date": 5, "address": 6,
             NUMBER: 7}


# ---------------------------------------------------------------------------------------------
# One pass

def _spans(text: str, placeholders: dict[str, str]) -> list[tuple[int, int, str]]:
    """What one pass masks: (start, end, kind) in `text`'s offsets, sorted, not overlapping."""
    if len(text) <= _PIECE:
        return _spans_once(text, placeholders)
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + _PIECE)
        if end < len(text):  # cut after a line break or space, so nothing is split in two
            cut = max(text.rfind("\n", start + _PIECE // 2, end), text.rfind(" ", start + _PIECE // 2, end))
            end = cut + 1 if cut >= 0 else end
        out += [(s + start, e + start, k) for s, e, k in _spans_once(text[start:end], placeholders)]
        start = end
    return out


def _spans_once(text: str, placeholders: dict[str, str]) -> list[tuple[int, int, str]]:
    if not text:
        return []
    norm = _Norm(text)
    out, pos = [], 0
    for s, e, kind in _find(norm.text, placeholders):
        os_, oe = norm.original(s, e)
        os_ = max(os_, pos)  # two normalised spans from one original cluster
        if oe > os_:
            out.append((os_, oe, kind))
            pos = oe
    return out


def _replace(text: str, spans: list[tuple[int, int, str]], placeholders: dict[str, str]) -> str:
    pieces, pos = [], 0
    for s, e, kind in spans:
        pieces.append(text[pos:s])
        pieces.append(placeholders.get(kind, PLACEHOLDERS[kind]))
        pos = e
    pieces.append(text[pos:])
    return "".join(pieces)


class _Context:
    """Where each kind's context words are in the normalised text (outside placeholders)."""

    def __init__(self, text: str, protected: list[tuple[int, int]]):
        self.text = text
        self.protected = protected
        self._hits: dict[str, list[tuple[int, int]]] = {}
        self._ends: dict[str, list[int]] = {}

    def hits(self, kind: str) -> list[tuple[int, int]]:
        if kind not in self._hits:
            pattern = {"phone": _PHONE_WORDS, "my_number": _MY_NUMBER_WORDS, "account": _ACCOUNT_WORDS,
                       "postal_code": _POSTAL_WORDS, "birth_date": _BIRTH_BEFORE}[kind]
            self._hits[kind] = [m.span() for m in pattern.finditer(self.text)
                                if not _inside(m.start(), m.end(), self.protected)]
            self._ends[kind] = [e for _, e in self._hits[kind]]
        return self._hits[kind]

    def near(self, kind: str, s: int, e: int, before: int = _WINDOW_BEFORE, after: int = _WINDOW_AFTER) -> bool:
        hits = self.hits(kind)
        ends = self._ends[kind]
        # words ending in [s - before, s], starting in [e, e + after], or around the number
        i = bisect_left(ends, s - before)
        while i < len(hits) and hits[i][0] <= e + after:
            ks, ke = hits[i]
            if s - before <= ke <= s and not _SENTENCE_END.search(self.text, ke, s):
                return True
            if e <= ks <= e + after and not _SENTENCE_END.search(self.text, e, ks):
                return True
            if ks <= s and ke >= e:
                return True
            i += 1
        return False


class _Spans:
    """Spans asked whether they overlap a range, in log time (a message may hold thousands)."""

    __slots__ = ("starts", "maxends")

    def __init__(self, spans):
        spans = sorted((s, e) for s, e, *_ in spans)
        self.starts = [s for s, _ in spans]
        self.maxends, m = [], -1
        for _, e in spans:
            m = max(m, e)
            self.maxends.append(m)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_left(self.starts, e)
        return i > 0 and self.maxends[i - 1] > s


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _inside(s: int, e: int, spans: "_Spans") -> bool:
    return spans.overlaps(s, e)


def _find(text: str, placeholders: dict[str, str]) -> list[tuple[int, int, str]]:
    protected = _Spans(_placeholder_spans(text, placeholders))
    ctx = _Context(text, protected)
    found: list[tuple[int, int, str]] = []
    emails = [m.span() for m in _EMAIL.finditer(text)] if "@" in text else []
    found += [(s, e, "email") for s, e in emails]
    urls = [m.span() for m in _URL.finditer(text)]
    blocked = _Spans(_placeholder_spans(text, placeholders) + emails + urls)
    digits = any(c.isdigit() for c in text)
    if digits or any(c in text for c in "〇一二三四五六七八九十"):
        numbers = _numbers(text, ctx, blocked) if digits else []
        # a phone number or card number found by its form, or a date of birth, beats an address form
        # over it; an address beats a number that only its context words made personal
        strong = [n[:3] for n in numbers if n[3] >= 3] + _dates(text, ctx, blocked)
        addresses = [a for a in _addresses(text, ctx, blocked) if not _inside(a[0], a[1], _Spans(strong))]
        taken = _Spans(addresses)
        found += strong + addresses + [n[:3] for n in numbers if n[3] < 3 and not _inside(n[0], n[1], taken)]
    found = [_strip(text, s, e, k) for s, e, k in found if not _inside(s, e, protected)]
    return _merge([f for f in found if f[1] > f[0]])


def _strip(text: str, s: int, e: int, kind: str) -> tuple[int, int, str]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e, kind


def _placeholder_spans(text: str, placeholders: dict[str, str]) -> list[tuple[int, int]]:
    spans = []
    forms = set(placeholders.values()) | set(PLACEHOLDERS.values())
    for p in forms | {_norm_cluster(p) for p in forms}:  # the text searched is normalised (＊ → *)
        if p:
            i = text.find(p)
            while i >= 0:
                spans.append((i, i + len(p)))
                i = text.find(p, i + len(p))
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    spans.sort()
    out: list[list] = []
    for s, e, k in spans:
        if out and s < out[-1][1]:
            last = out[-1]
            # the union keeps the kind of the more specific detector, or of the longer span
            if _PRIORITY[k] < _PRIORITY[last[2]] and (e - s) >= (last[1] - last[0]) // 2:
                last[2] = k
            last[1] = max(last[1], e)
        else:
            out.append([s, e, k])
    return [tuple(x) for x in out]


# ---------------------------------------------------------------------------------------------
# Digit runs: phones, My Numbers, cards and accounts, postal codes

def _numbers(text: str, ctx: _Context, blocked: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    chunks = [m.span() for m in _DIGITS.finditer(text) if not _inside(*m.span(), blocked)]
    out: list[tuple[int, int, str]] = []
    group: list[tuple[int, int]] = []
    gaps: list[str] = []
    for span in chunks:
        if group:
            gap = text[group[-1][1]:span[0]]
            if _GAP.fullmatch(gap):
                group.append(span)
                gaps.append(gap)
                continue
            out += _classify_group(text, group, gaps, ctx)
        group, gaps = [span], []
    if group:
        out += _classify_group(text, group, gaps, ctx)
    return out


def _gap_type(gap: str) -> str:
    if "-" in gap:
        return "-"
    if "(" in gap or ")" in gap:
        return "("
    if "." in gap:
        return "."
    return " "


def _classify_group(text: str, group: list[tuple[int, int]], gaps: list[str], ctx: _Context):
    """Candidate spans over consecutive chunks (at most 19 digits), best first, kept if they do not overlap."""
    digits = [text[s:e] for s, e in group]
    cands = []
    for i in range(len(group)):
        total = 0
        for j in range(i, len(group)):
            total += len(digits[j])
            if total > 19:
                break
            kind, score = _classify(text, group, digits, gaps, i, j, ctx)
            if kind:
                s, e = group[i][0], group[j][1]
                if kind == "phone":
                    s = _phone_start(text, s)
                    if text[s:group[i][0]].endswith("(") and text[e:e + 1] == ")":
                        e += 1
                cands.append((score, e - s, s, e, kind))
    cands.sort(key=lambda c: (-c[0], -c[1], c[2]))
    chosen: list[tuple[int, int, str, int]] = []
    for score, _, s, e, kind in cands:
        if not any(cs < e and s < ce for cs, ce, _, _ in chosen):
            chosen.append((s, e, kind, score))
    return chosen


def _phone_start(text: str, s: int) -> int:
    """Include a '+' and an opening parenthesis before the number."""
    k = s
    while k > 0 and text[k - 1] in "(+ " and s - k < 3:
        k -= 1
    while k < s and text[k] == " ":
        k += 1
    return k


def _classify(text, group, digits, gaps, i, j, ctx: _Context) -> tuple[str | None, int]:
    d = "".join(digits[i:j + 1])
    n = len(d)
    sizes = [len(x) for x in digits[i:j + 1]]
    seps = {_gap_type(g) for g in gaps[i:j]}
    consistent = len(seps - {"("}) <= 1
    s, e = group[i][0], group[j][1]
    before = text[max(0, s - 2):s]
    plus = "+" in before
    # not part of a longer number: a single chunk glued to letters is fine, a chunk in the middle of
    # a run of separated digits is judged as part of the run's candidates
    if plus:
        if 8 <= n <= 15 and _possible_international(d):
            return "phone", 3
        return None, 0
    if sizes == [3, 7] and seps <= {"-", " "} and ctx.near("account", s, e, before=28, after=4):
        return "account", 3  # branch and account number written together: 255-0772591
    if d[0] == "0" and n in (10, 11) and not d.startswith("00"):
        if j > i and sizes[0] > 5 and all(x == 1 for x in sizes[1:]):
            return None, 0
        return "phone", 3
    if n == 12:
        if consistent and (sizes == [12] or sizes == [4, 4, 4] or all(x == 1 for x in sizes) or j == i):
            if individual_number.is_valid(d):
                return "my_number", 3
        if ctx.near("my_number", s, e):
            return "my_number", 2
        if d.startswith("81") and j > i and sizes[0] == 2 and ctx.near("phone", s, e):
            return "phone", 2
    if 13 <= n <= 19:
        if consistent and luhn.is_valid(d) and (j == i or all(x == 4 for x in sizes[:-1]) or all(x == 1 for x in sizes)
                                                or sizes in ([4, 6, 5], [4, 6, 4])):
            return "account", 3
        if ctx.near("account", s, e) or (sizes == [4, 4, 4, 4] and consistent):
            return "account", 2  # named a card or account, or written as a card is (a mistyped check digit)
        if n == 13 and d.startswith("81") and ctx.near("phone", s, e):
            return "phone", 2
    if d.startswith("81") and j > i and sizes[0] == 2 and 11 <= n <= 12 and text[e:e + 1] not in "年":
        return "phone", 1
    if n == 7:
        if sizes == [3, 4] and seps == {"-"}:
            if ctx.near("account", s, e, before=12, after=4) and not ctx.near("postal_code", s, e, before=12, after=4):
                return "account", 2
            return "postal_code", 2
        if sizes in ([7], [3, 4]) and ctx.near("postal_code", s, e, before=20, after=4):
            return "postal_code", 2
    if ((n == 8 and sizes in ([8], [4, 4])) or (n == 9 and d[0] == "0")) and ctx.near("phone", s, e, before=20, after=4):
        return "phone", 2  # a local number without its area code, or an old 9-digit one, said to be a phone
    if n in (10, 11) and ctx.near("phone", s, e, before=20):
        return "phone", 2
    if 5 <= n <= 8 and (j == i or len(seps) == 1) and _plain_number(text, s, e) and (
            ctx.near("account", s, e, before=28, after=4) or (j == i and n in (5, 8) and _YUCHO.search(text, max(0, s - 60), s))):
        return "account", 2
    if n == 3 and j == i and _branch(text, s) and _plain_number(text, s, e):
        return "account", 1
    return None, 0


_UNIT_AFTER = re.compile(r"\s?(?:円|万|千|百|人|歳|才|日|月|年|時|分|件|回|枚|個|通|冊|本|台|番目|号|階|%|yen|years?|days?|people)",
                         re.I)


def _plain_number(text: str, s: int, e: int) -> bool:
    """Not an amount or a count (300円, 2人, 5万円)."""
    return not _UNIT_AFTER.match(text, e) and text[s - 1:s] not in "¥$"


_BRANCH = re.compile(r"(?:支店|店番|してん|branch|ag[eê]ncia|shiten|sucursal|chi\s+nhánh|지점|支行|分行|शाखा)[^\d。.\n]{0,12}$", re.I)
# Japan Post Bank: a 5-digit 記号 and an 8-digit 番号
_YUCHO = re.compile(r"ゆうちょ|ユウチョ|yucho|japan\s+post\s+bank|युचो|kigo|記号|きごう|किगो", re.I)


def _branch(text: str, s: int) -> bool:
    return bool(_BRANCH.search(text, max(0, s - 20), s))


def _possible_international(d: str) -> bool:
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse("+" + d, None))
    except phonenumbers.NumberParseException:
        return False


# ---------------------------------------------------------------------------------------------
# Dates of birth

def _dates(text: str, ctx: _Context, blocked: "_Spans") -> list[tuple[int, int, str]]:
    """Dates next to a word for birth: only the text around such words is read for dates."""
    words = ctx.hits("birth_date")
    windows = [(ke, ke + _WINDOW_BEFORE + 40) for _, ke in words]
    windows += [(max(0, m.start() - 40), m.start()) for m in _BIRTH_AFTER_WORD.finditer(text)]
    if not windows:
        return []
    dates: list[tuple[int, int]] = []
    for ws, we in _union(windows):
        for m in _DATE.finditer(text, ws, min(len(text), we + 40)):
            if m.start() > we:
                break
            if not _inside(*m.span(), blocked) and (not dates or m.start() >= dates[-1][1]):
                dates.append(m.span())
    out = []
    claimed = set()
    ends = [e for _, e in dates]
    for ks, ke in words:  # a birth word claims the first date after it, and the dates listed right after that one
        prev = None
        for k in range(bisect_right(ends, ke), len(dates)):
            s, e = dates[k]
            if s < ke:  # "sinh ngày" and "ngày 3 tháng 5": the date starts in the word
                dates[k] = s, e = ke, e
            gap = text[ke if prev is None else prev:s]
            if len(gap) > (_WINDOW_BEFORE if prev is None else 8) or _SENTENCE_END.search(gap) or _EVENT.search(gap):
                break
            claimed.add(k)
            prev = e
    for k in range(len(dates) - 1, -1, -1):  # …生まれ claims the date before it, and those listed right before that one
        if k in claimed or not _BIRTH_AFTER.match(text, dates[k][1]):
            continue
        claimed.add(k)
        while k > 0:
            gap = text[dates[k - 1][1]:dates[k][0]]
            if len(gap) > 8 or _SENTENCE_END.search(gap) or _EVENT.search(gap):
                break
            k -= 1
            claimed.add(k)
    return [(s, e, "birth_date") for k, (s, e) in enumerate(dates) if k in claimed]


# ---------------------------------------------------------------------------------------------
# Street addresses

def _addresses(text: str, ctx: _Context, blocked: "_Spans") -> list[tuple[int, int, str]]:
    spans = []  # (start, end, latin): the number form, then what follows it
    for m in _ADDRESS_JA.finditer(text):
        t = _ADDRESS_TAIL.match(text, m.end())
        spans.append((m.start(), t.end() if t else m.end(), False))
    for m in _PLACE_NUMBERS.finditer(text):
        if _looks_like_date_or_time(text, m.start(), m.end()):
            continue
        # 若葉1-2 needs its town; 受付番号 12-345 and 第2-4 are not addresses
        if text[m.start():m.end()].count("-") + text[m.start():m.end()].count("の") >= 2 or \
                _place_start(text, m.start()) < m.start():
            spans.append((m.start(), m.end(), False))
    for m in _BARE_ADDRESS.finditer(text):
        if not _looks_like_date_or_time(text, m.start(), m.end()):
            spans.append((m.start(), m.end(), True))
    for m in _ROMAJI_CHOME.finditer(text):
        spans.append((m.start(), m.end(), True))
    out = []
    for s, e, latin in spans:
        if _inside(s, e, blocked):
            continue
        if latin:
            t = _ROMAJI_TOWN.match(text, e)
            if t and t.group().strip(" ,"):
                e = t.end()
            b = _ROMAJI_BUILDING.search(text, max(0, s - 40), s)
            if b and (" " in b.group().strip(" ,") or _BUILDING_WORDS.search(b.group())):
                s = b.start()
        b = None if re.search(r"(?:号室|ごうしつ)$", text[s:e]) else _BUILDING.match(text, e)
        if b and not _inside(e, b.end(), blocked):
            cut = _NOT_BUILDING.search(b.group())  # パークハウス若葉搬到了…: the building ends before the verb
            e = b.start() + cut.start() if cut else b.end()
        while e > s and text[e - 1] in " ,-　":
            e -= 1
        out.append((s if latin else _place_start(text, s), e, "address"))
    for m in _ROOM.finditer(text):
        if not _inside(*m.span(), blocked):
            out.append((m.start(), m.end(), "address"))
    return out


def _looks_like_date_or_time(text: str, s: int, e: int) -> bool:
    parts = [int(p) for p in re.findall(r"\d+", text[s:e])]
    if re.match(r"\s?(?:日|月|年|時|分|歳|才|人|円|回|件|か月|ヶ月|days?|years?|months?|weeks?|hours?|people)", text[e:e + 8], re.I):
        return True
    return len(parts) == 3 and parts[0] >= 1900


def _place_start(text: str, s: int) -> int:
    """Extend an address to the left over the town, city and prefecture written before it."""
    m = _PLACE_RUN.search(text, max(0, s - 30), s)
    if m:
        start = m.start()
        k = _KANA_CITY.search(text, max(0, start - 12), start)  # 埼玉県さいたま市
        if k:
            start = k.start()
            m = _PLACE_RUN.search(text, max(0, start - 30), start)
            start = m.start() if m else start
        run = text[start:s]
        prefs = list(_PREFECTURE.finditer(run))
        cut = _NOT_PLACE.match(run)
        # after the last word that is not a place (住所は, 我住在, 〜号搬到了), from the last prefecture on
        offset = max(cut.end() if cut else 0, prefs[-1].start() if prefs else 0)
        return start + offset if start + offset < s else s
    # a kana address: the town word before the number, and the city and prefecture words before it
    start, first = s, True
    while True:
        w = _KANA_WORD.search(text, max(0, start - 12), start)
        if not w or w.group(1) in _KANA_NOT_PLACE or (not first and not _KANA_PLACE_END.search(w.group(1))):
            return start
        if first and not re.search(r"[ぁ-ゖ]ちょうめ|ちょうめ|ばん", text[s:s + 12]):
            return start
        start, first = w.start(), False


def _fail_safe(text: str, style: str) -> Masked:
    placeholders = PLACEHOLDER_STYLES.get(style, PLACEHOLDERS)
    out = re.sub(r"[^\s@]+@[^\s@]+", placeholders["email"], text)
    out = re.sub(r"\d(?:[\d\s\-.()]*\d)?", placeholders[NUMBER], out)
    return Masked(out, placeholder_kinds(out, style))
