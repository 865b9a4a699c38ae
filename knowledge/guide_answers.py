"""Free-text answers to a guide's questions, in the ward's ten languages (knowledge.guides.parse_answer).

    parse(question, text, lang, today) -> value | SKIP | None

* yes/no: the language's words for yes, no and "I don't know" (はい/いません/わからない, có/không/
  không biết, हो/छैन/थाहा छैन, oo/wala/hindi ko alam …), then English, then Japanese (residents mix).
  "Don't know" is looked for first, then no, then yes, so 「わからない」 is not a no and "không có" is
  not a yes.
* numbers: digits in any script (２, ३), kanji with a counter (二人, 三歳), the words for 0–10 of each
  language (two, dois, dalawang, दुई, 두 명, hai, ふたり, 两个); "none"/「いません」 is 0; months of
  age ("6か月", "6 months") are whole years (0).
* dates, relative to `today`: ISO and Y/M/D in any order the language writes it (4/1 is April 1st in
  Japanese, English and Tagalog, the 4th of January in Vietnamese, Portuguese, Spanish and Nepali
  unless a part is over 12), era years (令和8年), month names in each language, today/tomorrow/
  yesterday words, "in 3 days" / "3日後", weekdays ("next Monday", 来週の月曜日, thứ hai tuần sau),
  "来月10日"/"next month on the 10th", month only (= its 1st) and month end (月末). A date without a
  year (or a day without a month) is the nearest such date to today, or the latest one up to today /
  the earliest from today when the question `expect`s a past / future date.
* choices: a choice's number ("2", "2番", "#2", "the second"), its value, or its label or `words`
  in the language (or Japanese or English), longest match wins; a tie says nothing. "I don't know"
  picks the choice marked `unknown: true` if the question has one.

Returns None when nothing is understood, so that the conversation asks again with buttons.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from calendar import monthrange


class _Skip:
    def __repr__(self) -> str:
        return "SKIP"


SKIP = _Skip()

# ---- text normalisation --------------------------------------------------------------------------------

_PUNCT = re.compile(r"[、。，！？!?「」『』【】\"“”…・;；]+")
_LATIN = re.compile(r"[a-z]")
_DEVA = re.compile(r"[\u0900-\u097f]")


def _fold_latin(s: str) -> str:
    out = []
    for ch in s:
        if ch in "đĐ":
            out.append("d")
        elif "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff":
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
        else:
            out.append(ch)
    return "".join(out)


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                 "两": 2, "兩": 2}
_COUNTERS = r"人|名|歳|才|匹|頭|つ|個|台|か月|ヶ月|カ月|ケ月|箇月|番|号|號|日|月|年|个|位|岁|口|週|周|天|回"
_KANJI_NUM = re.compile(rf"[〇零一二三四五六七八九十百两兩]+(?=\s*(?:{_COUNTERS}))")


def _kanji_int(s: str) -> int:
    total, num = 0, 0
    for ch in s:
        if ch in _KANJI_DIGITS:
            num = num * 10 + _KANJI_DIGITS[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
    return total + num


def norm(text: str) -> str:
    """NFKC, lower case, every digit as ASCII, Latin accents dropped (não → nao, không → khong),
    kanji numerals before a counter as digits (二人 → 2人), sentence punctuation as spaces."""
    s = unicodedata.normalize("NFKC", text or "").lower().replace("’", "'").replace("‘", "'")
    s = "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in s)
    s = _fold_latin(s)
    s = _KANJI_NUM.sub(lambda m: str(_kanji_int(m.group())), s)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def find(text: str, phrase: str) -> int:
    """Where `phrase` occurs in normalised `text` as a word (Latin and Devanagari) or anywhere (CJK,
    Hangul stems); -1 when it does not."""
    if not phrase:
        return -1
    if _LATIN.search(phrase):
        m = re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text)
    elif _DEVA.search(phrase):
        m = re.search(rf"(?<![\u0900-\u097f]){re.escape(phrase)}(?![\u0900-\u097f])", text)
    else:
        return text.find(phrase)
    return m.start() if m else -1


def chain(lang: str) -> list[str]:
    """Whose words count: the resident's language, then English, then Japanese."""
    lang = "ja" if lang == "ja-easy" else lang
    return list(dict.fromkeys([lang, "en", "ja"]))


# ---- yes / no / don't know -------------------------------------------------------------------------------

# (don't know, no, yes) per language, in normalised form (accents dropped).
YESNO: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ja": (("わからない", "分からない", "わかりません", "分かりません", "わかんない", "知らない", "しらない", "知りません",
            "不明", "未定", "決まっていない", "きまっていない", "決まってない", "スキップ", "とばす", "飛ばす", "とばして",
            "飛ばして", "パス"),
           ("いいえ", "いや", "ううん", "ない", "ません", "なし", "無し", "まだ", "違い", "ちがい", "違う", "ちがう",
            "ノー", "ゼロ", "×", "✕", "ナシ"),
           ("はい", "ええ", "うん", "そう", "ある", "あり", "いる", "います", "持って", "もって", "飼って", "かって",
            "した", "します", "済み", "すみ", "済", "もう", "予定", "もちろん", "お願い", "イエス", "○", "〇", "◯")),
    "en": (("don't know", "dont know", "do not know", "not sure", "unsure", "no idea", "skip", "dunno", "idk",
            "maybe", "unknown", "not decided", "undecided", "pass", "don't remember", "can't remember"),
           ("no", "nope", "nah", "not", "don't", "dont", "doesn't", "doesnt", "didn't", "haven't", "hasn't", "none",
            "never", "nobody", "no one", "n", "negative", "not yet"),
           ("yes", "yeah", "yep", "yup", "y", "sure", "of course", "correct", "right", "i do", "we do", "i have",
            "we have", "there is", "there are", "already", "did", "indeed", "definitely", "certainly", "i am",
            "we are", "true", "affirmative", "ok", "okay")),
    "zh": (("不知道", "不清楚", "不确定", "不確定", "不太清楚", "不是很清楚", "不太确定", "说不准", "說不準", "跳过", "跳過",
            "不晓得", "不曉得", "还没定", "還沒定", "未定"),
           ("不", "没", "沒", "无", "無", "否", "未"),
           ("是", "对", "對", "有", "嗯", "好", "要", "已经", "已經", "会", "會", "养", "養")),
    "ko": (("모르", "몰라", "글쎄", "건너뛰", "잘 모", "미정", "아직 안 정"),
           ("아니", "아뇨", "없", "않", "안 ", "아직", "못 "),
           ("네", "예", "응", "있", "맞", "그래", "했", "합니다", "해요", "가지고", "키워", "키우", "물론")),
    "vi": (("khong biet", "ko biet", "k biet", "khong ro", "chua biet", "bo qua", "khong chac", "khong nho",
            "chua quyet dinh"),
           ("khong", "ko", "chua", "k", "dau co"),
           ("co", "vang", "da", "roi", "dung", "u", "uh", "ok")),
    "ne": (("थाहा छैन", "थाहा भएन", "थाहा छैनन्", "थाहा नभएको", "पक्का छैन", "छोड्नुहोस्", "छोड्नु", "थाहा छैनौं",
            "thaha chaina", "thaha chhaina", "tha chaina"),
           ("होइन", "हैन", "छैन", "छैनन्", "छैनौं", "नाइँ", "अहँ", "भएन", "chaina", "chhaina", "hoina", "haina"),
           ("हो", "हजुर", "छ", "छन्", "छु", "छौं", "अँ", "ठीक", "गरें", "गरेँ", "सरें", "सरिसकें", "भयो", "ho", "cha",
            "chha", "hajur", "ho ni")),
    "pt": (("nao sei", "nao tenho certeza", "sei la", "talvez", "pular", "nao lembro", "nao me lembro",
            "nao decidi"),
           ("nao", "nenhum", "nenhuma", "nunca", "ainda nao", "nada"),
           ("sim", "tenho", "temos", "claro", "isso", "ja", "certo", "existe", "tem", "ha", "com certeza", "s")),
    "es": (("no se", "no lo se", "no estoy seguro", "no estoy segura", "ni idea", "quizas", "quiza", "saltar",
            "omitir", "no recuerdo", "no he decidido"),
           ("no", "ninguno", "ninguna", "nunca", "nada", "todavia no", "aun no"),
           ("si", "claro", "tengo", "tenemos", "hay", "ya", "correcto", "vale", "por supuesto", "efectivamente", "s")),
    "tl": (("hindi ko alam", "di ko alam", "ewan", "ewan ko", "hindi sigurado", "hindi ako sigurado", "laktaw",
            "hindi ko sigurado"),
           ("hindi", "wala", "di", "ayaw", "hindi pa", "wala pa"),
           ("oo", "opo", "oho", "meron", "mayroon", "tama", "sige", "may", "yes po")),
}


def _says(text: str, lang: str, kind: int) -> bool:
    return any(find(text, w) >= 0 for w in YESNO.get(lang, YESNO["en"])[kind])


def is_skip(text: str, lang: str) -> bool:
    return any(_says(text, lng, 0) for lng in chain(lang))


def yesno(text: str, lang: str) -> bool | None:
    """True / False from the first language (of chain(lang)) whose words decide; None otherwise."""
    for lng in chain(lang):
        if _says(text, lng, 1):
            return False
        if _says(text, lng, 2):
            return True
    return None


# ---- numbers -----------------------------------------------------------------------------------------------

_WORDS = {
    "ja": {"ひとり": 1, "ふたり": 2, "さんにん": 3, "よにん": 4, "ごにん": 5, "ひとつ": 1, "ふたつ": 2, "みっつ": 3,
           "よっつ": 4, "いつつ": 5, "自分だけ": 1, "わたしだけ": 1, "私だけ": 1, "本人だけ": 1, "ゼロ": 0},
    "en": {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "just me": 1, "only me": 1, "a single": 1},
    "zh": {"一个": 1, "一個": 1, "俩": 2, "倆": 2},
    "ko": {"한 명": 1, "한명": 1, "두 명": 2, "두명": 2, "세 명": 3, "세명": 3, "네 명": 4, "네명": 4, "다섯": 5, "여섯": 6,
           "일곱": 7, "여덟": 8, "아홉": 9, "열 명": 10, "하나": 1, "둘": 2, "셋": 3, "넷": 4, "한 살": 1, "두 살": 2,
           "세 살": 3, "네 살": 4, "한 마리": 1, "두 마리": 2},
    "vi": {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10},
    "ne": {"एक": 1, "एउटा": 1, "दुई": 2, "तीन": 3, "चार": 4, "पाँच": 5, "पांच": 5, "छ": 6, "सात": 7, "आठ": 8, "नौ": 9,
           "दस": 10, "ek": 1, "dui": 2, "tin": 3, "char": 4, "panch": 5},
    "pt": {"zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
           "oito": 8, "nove": 9, "dez": 10},
    "es": {"cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
           "ocho": 8, "nueve": 9, "diez": 10},
    "tl": {"isa": 1, "isang": 1, "dalawa": 2, "dalawang": 2, "tatlo": 3, "tatlong": 3, "apat": 4, "lima": 5,
           "limang": 5, "anim": 6, "pito": 7, "pitong": 7, "walo": 8, "walong": 8, "siyam": 9, "sampu": 10, "sampung": 10},
}
_NE_SUFFIX = "जना|वटा|ओटा|टा"
_MONTH_UNIT = re.compile(r"^\s*(?:か月|ヶ月|カ月|ケ月|箇月|个月|個月|개월|months?|mos?|thang|meses|mes|buwan|महिना)")
_NONE_EVEN = re.compile(r"\d+\s*(?:人|匹|つ|名)?\s*も|도 없|even one")


def _number_words(text: str, lang: str) -> list[tuple[int, int, int]]:
    """(position, value, end) of each number word of the language (and English) in `text`."""
    out = []
    for lng in chain(lang):
        for w, v in _WORDS.get(lng, {}).items():
            if _DEVA.search(w):
                for m in re.finditer(rf"(?<![\u0900-\u097f]){re.escape(w)}(?=(?:{_NE_SUFFIX})|[^\u0900-\u097f]|$)", text):
                    out.append((m.start(), v, m.end()))
            else:
                pos = find(text, w)
                if pos >= 0:
                    out.append((pos, v, pos + len(w)))
    return out


def number(text: str, lang: str) -> int | None:
    found = [(m.start(), int(m.group()), m.end()) for m in re.finditer(r"\d+", text)] + _number_words(text, lang)
    if found:
        pos, value, end = min(found)
        if _NONE_EVEN.search(text) and yesno(text, lang) is False:
            return 0  # 「1人もいません」, "한 명도 없어요"
        if _MONTH_UNIT.match(text[end:]):
            value //= 12  # an age in months is 0 years old
        return value if 0 <= value <= 99 else None
    return 0 if yesno(text, lang) is False else None


# ---- dates ---------------------------------------------------------------------------------------------------

_REL_DAY = [  # longest first within a language
    ("一昨日", -2), ("おととい", -2), ("明後日", 2), ("あさって", 2), ("明日", 1), ("あした", 1), ("あす", 1),
    ("今日", 0), ("きょう", 0), ("本日", 0), ("昨日", -1), ("きのう", -1),
    ("大后天", 3), ("后天", 2), ("後天", 2), ("明天", 1), ("今天", 0), ("昨天", -1), ("前天", -2),
    ("내일모레", 2), ("모레", 2), ("내일", 1), ("오늘", 0), ("어제", -1), ("그저께", -2), ("그제", -2),
    ("पर्सि", 2), ("भोलि", 1), ("आज", 0), ("हिजो", -1), ("अस्ति", -2),
]
_REL_DAY_LATIN = {
    "en": [("day after tomorrow", 2), ("day before yesterday", -2), ("tomorrow", 1), ("today", 0), ("yesterday", -1)],
    "vi": [("ngay kia", 2), ("hom kia", -2), ("ngay mai", 1), ("hom nay", 0), ("hom qua", -1), ("mai", 1)],
    "ne": [("bholi", 1), ("aaja", 0), ("aja", 0), ("hijo", -1)],
    "pt": [("depois de amanha", 2), ("anteontem", -2), ("amanha", 1), ("hoje", 0), ("ontem", -1)],
    "es": [("pasado manana", 2), ("anteayer", -2), ("antier", -2), ("manana", 1), ("hoy", 0), ("ayer", -1)],
    "tl": [("kamakalawa", -2), ("makalawa", 2), ("bukas", 1), ("ngayon", 0), ("kahapon", -1)],
}
# (pattern with one group: the count, days per unit, sign)
_REL_N = [
    (r"(\d+)\s*日\s*(?:後|あと|ご)", 1, 1), (r"あと\s*(\d+)\s*日", 1, 1), (r"(\d+)\s*日\s*前", 1, -1),
    (r"(\d+)\s*週間?\s*(?:後|ご)", 7, 1), (r"(\d+)\s*週間?\s*前", 7, -1),
    (r"(\d+)\s*天\s*(?:后|後|以后|以後)", 1, 1), (r"(\d+)\s*天\s*前", 1, -1),
    (r"(\d+)\s*(?:周|週|个星期|個星期|星期)\s*(?:后|後)", 7, 1), (r"(\d+)\s*(?:周|週|个星期|個星期|星期)\s*前", 7, -1),
    (r"(\d+)\s*일\s*(?:후|뒤)", 1, 1), (r"(\d+)\s*일\s*전", 1, -1), (r"(\d+)\s*주\s*(?:후|뒤)", 7, 1), (r"(\d+)\s*주\s*전", 7, -1),
    (r"(\d+)\s*ngay\s*(?:nua|sau|toi)", 1, 1), (r"(\d+)\s*ngay\s*truoc", 1, -1),
    (r"(\d+)\s*tuan\s*(?:nua|sau|toi)", 7, 1), (r"(\d+)\s*tuan\s*truoc", 7, -1),
    (r"(\d+)\s*दिन\s*(?:पछि|भित्र)", 1, 1), (r"(\d+)\s*दिन\s*(?:अघि|अगाडि)", 1, -1),
    (r"(\d+)\s*हप्ता\s*(?:पछि|भित्र)", 7, 1), (r"(\d+)\s*हप्ता\s*(?:अघि|अगाडि)", 7, -1),
    (r"(?:daqui a|dentro de|em)\s*(\d+)\s*dias?", 1, 1), (r"(?:ha)\s*(\d+)\s*dias?", 1, -1), (r"(\d+)\s*dias?\s*atras", 1, -1),
    (r"(?:daqui a|dentro de|em)\s*(\d+)\s*semanas?", 7, 1),
    (r"(?:en|dentro de)\s*(\d+)\s*dias?", 1, 1), (r"hace\s*(\d+)\s*dias?", 1, -1), (r"(?:en|dentro de)\s*(\d+)\s*semanas?", 7, 1),
    (r"(?:sa loob ng|pagkalipas ng|makalipas ang)\s*(\d+)\s*(?:na\s*)?araw", 1, 1),
    (r"(\d+)\s*(?:na\s*)?araw\s*(?:na\s*)?(?:ang\s*)?nakalipas", 1, -1),
    (r"in\s*(\d+)\s*days?", 1, 1), (r"(\d+)\s*days?\s*(?:later|from now)", 1, 1), (r"(\d+)\s*days?\s*ago", 1, -1),
    (r"in\s*(\d+)\s*weeks?", 7, 1), (r"(\d+)\s*weeks?\s*(?:later|from now)", 7, 1), (r"(\d+)\s*weeks?\s*ago", 7, -1),
]
_REL_N = [(re.compile(p), unit, sign) for p, unit, sign in _REL_N]

# weeks and months relative to today: (phrase, offset), longest first
_WEEK = [("再来週", 2), ("来週", 1), ("今週", 0), ("先週", -1), ("先々週", -2),
         ("下下周", 2), ("下周", 1), ("下週", 1), ("下星期", 1), ("下个星期", 1), ("下個星期", 1), ("下礼拜", 1),
         ("这周", 0), ("這週", 0), ("本周", 0), ("这个星期", 0), ("这星期", 0), ("上周", -1), ("上週", -1),
         ("上星期", -1), ("上个星期", -1), ("上礼拜", -1),
         ("다다음 주", 2), ("다음 주", 1), ("다음주", 1), ("담주", 1), ("이번 주", 0), ("이번주", 0), ("지난주", -1), ("지난 주", -1),
         ("tuan sau", 1), ("tuan toi", 1), ("tuan nay", 0), ("tuan truoc", -1),
         ("अर्को हप्ता", 1), ("आउँदो हप्ता", 1), ("यो हप्ता", 0), ("गएको हप्ता", -1), ("अघिल्लो हप्ता", -1),
         ("proxima semana", 1), ("semana que vem", 1), ("semana que viene", 1), ("semana entrante", 1),
         ("esta semana", 0), ("nesta semana", 0), ("semana passada", -1), ("semana pasada", -1),
         ("susunod na linggo", 1), ("ngayong linggo", 0), ("nakaraang linggo", -1),
         ("week after next", 2), ("next week", 1), ("this week", 0), ("last week", -1)]
_MONTH_REL = [("再来月", 2), ("来月", 1), ("今月", 0), ("先月", -1),
              ("下下个月", 2), ("下个月", 1), ("下個月", 1), ("下月", 1), ("这个月", 0), ("這個月", 0), ("这月", 0), ("本月", 0),
              ("上个月", -1), ("上個月", -1), ("上月", -1),
              ("다다음 달", 2), ("다음 달", 1), ("다음달", 1), ("담달", 1), ("이번 달", 0), ("이번달", 0), ("지난달", -1), ("지난 달", -1),
              ("thang sau", 1), ("thang toi", 1), ("thang nay", 0), ("thang truoc", -1),
              ("अर्को महिना", 1), ("आउँदो महिना", 1), ("यो महिना", 0), ("गएको महिना", -1), ("अघिल्लो महिना", -1),
              ("mes que vem", 1), ("proximo mes", 1), ("mes que viene", 1), ("mes entrante", 1),
              ("este mes", 0), ("esse mes", 0), ("neste mes", 0), ("mes passado", -1), ("mes pasado", -1),
              ("susunod na buwan", 1), ("ngayong buwan", 0), ("nakaraang buwan", -1),
              ("next month", 1), ("this month", 0), ("last month", -1)]
_MONTH_END = re.compile(r"月末|末日|月底|말일|달 말|cuoi thang|महिनाको अन्त्य|fim do mes|final do mes|fin de mes|finales de mes"
                        r"|katapusan ng buwan|end of (?:the )?month")

_WEEKDAY_CJK = [
    (re.compile(r"([月火水木金土日])\s*曜"), "月火水木金土日"),
    (re.compile(r"(?:星期|礼拜|禮拜|周|週)\s*([一二三四五六日天1-6])"), "一二三四五六日"),
    (re.compile(r"([월화수목금토일])요일"), "월화수목금토일"),
]
_WEEKDAY_WORDS = {
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "vi": ["thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat"],
    "ne": ["सोमबार", "मंगलबार", "बुधबार", "बिहीबार", "शुक्रबार", "शनिबार", "आइतबार"],
    "pt": ["segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo"],
    "es": ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo"],
    "tl": ["lunes", "martes", "miyerkules", "huwebes", "biyernes", "sabado", "linggo"],
}
_WEEKDAY_ABBR_EN = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_COMING = re.compile(r"次の|\bnext\b|\bcoming\b|\bproxim[oa]\b|susunod na|\btoi\b|다음 ")
_THIS = re.compile(r"今度の|\bthis\b|\beste\b|\besta\b|이번 |这个?|這個?|\bnay\b|ngayong")
_PREVIOUS = re.compile(r"この前の|\blast\b|\bpassad[oa]\b|\bpasad[oa]\b|nakaraang|\btruoc\b|지난 ")

_MONTHS = {
    "en": ["january|jan", "february|feb", "march|mar", "april|apr", "may", "june|jun", "july|jul", "august|aug",
           "september|sept|sep", "october|oct", "november|nov", "december|dec"],
    "pt": ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre", "octubre",
           "noviembre", "diciembre"],
    "tl": ["enero", "pebrero", "marso", "abril", "mayo", "hunyo", "hulyo", "agosto", "setyembre", "oktubre",
           "nobyembre", "disyembre"],
    "ne": ["जनवरी", "फेब्रुअरी", "मार्च", "अप्रिल", "मे", "जुन", "जुलाई", "अगस्ट|अगस्त", "सेप्टेम्बर|सेप्टेंबर",
           "अक्टोबर", "नोभेम्बर", "डिसेम्बर"],
}
_DMY = ("vi", "pt", "es", "ne")
_ERA = {"令和": 2018, "平成": 1988, "昭和": 1925}


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _choose(cands: list[dt.date], today: dt.date, expect: str) -> dt.date | None:
    cands = [c for c in cands if c is not None]
    if not cands:
        return None
    if expect == "past":
        past = [c for c in cands if c <= today]
        return max(past) if past else None
    if expect == "future":
        fut = [c for c in cands if c >= today]
        return min(fut) if fut else None
    return min(cands, key=lambda c: (abs((c - today).days), c < today))


def _month_day(m: int, d: int, year: int | None, today: dt.date, expect: str) -> dt.date | None:
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if year:
        return _valid(year, m, d)
    return _choose([_valid(y, m, d) for y in (today.year - 1, today.year, today.year + 1)], today, expect)


def _add_months(today: dt.date, n: int) -> tuple[int, int]:
    k = today.year * 12 + today.month - 1 + n
    return k // 12, k % 12 + 1


def _word_re(words: str) -> str:
    return rf"(?<![a-z\u0900-\u097f])(?:{words})(?![a-z\u0900-\u097f])"


def _year_in(text: str) -> int | None:
    m = re.search(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)", text)
    return int(m.group(1)) if m else None


def date(text: str, lang: str, today: dt.date, expect: str = "") -> str | None:
    d = _date(text, lang, today, expect)
    if d is None or not (today.year - 120 <= d.year <= today.year + 5):
        return None
    return d.isoformat()


def _date(t: str, lang: str, today: dt.date, expect: str) -> dt.date | None:
    for era, base in _ERA.items():
        t = re.sub(rf"{era}\s*(\d+|元)\s*年", lambda m: f"{base + (1 if m.group(1) == '元' else int(m.group(1)))}年", t)
    # Year, month and day
    m = re.search(r"(?<!\d)(\d{4})\s*(?:年|년|[-/.])\s*(\d{1,2})\s*(?:月|월|[-/.])\s*(\d{1,2})(?!\d)", t)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # N days / weeks from today
    for pat, unit, sign in _REL_N:
        m = pat.search(t)
        if m:
            return today + dt.timedelta(days=sign * unit * int(m.group(1)))
    # today, tomorrow, yesterday
    for w, off in _REL_DAY + [x for lng in chain(lang) for x in _REL_DAY_LATIN.get(lng, [])]:
        if find(t, w) >= 0:
            return today + dt.timedelta(days=off)
    # weekdays
    week = next(((w, off) for w, off in _WEEK if find(t, w) >= 0), None)
    rest = t.replace(week[0], " ") if week and _LATIN.search(week[0]) else t  # "susunod na linggo": not Sunday
    wd = _weekday(rest, lang)
    if wd is not None:
        monday = today - dt.timedelta(days=today.weekday())
        if week:
            return monday + dt.timedelta(days=7 * week[1] + wd)
        ahead = (wd - today.weekday()) % 7
        nxt, prev = today + dt.timedelta(days=ahead or 7), today - dt.timedelta(days=(today.weekday() - wd) % 7 or 7)
        if _COMING.search(t):
            return nxt
        if _PREVIOUS.search(t):
            return prev
        on_or_after = today + dt.timedelta(days=ahead)
        if _THIS.search(t):
            return on_or_after
        on_or_before = today - dt.timedelta(days=(today.weekday() - wd) % 7)
        return _choose([on_or_after, on_or_before], today, expect)
    year = _year_in(t)
    # month and day, written with the month's name or number
    md = _month_and_day(t, lang)
    if md:
        return _month_day(md[0], md[1], year, today, expect)
    # a month relative to this one ("来月10日", "next month", "月末")
    rel = next(((w, off) for w, off in _MONTH_REL if find(t, w) >= 0), None)
    day = _day_only(t.replace(rel[0], " ") if rel else t, lang)
    if rel:
        y, mo = _add_months(today, rel[1])
        if _MONTH_END.search(t):
            return dt.date(y, mo, monthrange(y, mo)[1])
        return _valid(y, mo, day or 1)
    if day:
        cands = [_valid(*_add_months(today, k), day) for k in (-1, 0, 1)]
        return _choose(cands, today, expect)
    mo = _month_only(t, lang)
    if mo:
        if year:
            return _valid(year, mo, 1)
        return _choose([_valid(y, mo, 1) for y in (today.year - 1, today.year, today.year + 1)], today, expect)
    return None


def _weekday(t: str, lang: str) -> int | None:
    found = []
    for pat, names in _WEEKDAY_CJK:
        for m in pat.finditer(t):
            ch = m.group(1)
            idx = int(ch) - 1 if ch.isdigit() else (6 if ch == "天" else names.index(ch))
            found.append((m.start(), idx))
    for lng in chain(lang):
        for i, w in enumerate(_WEEKDAY_WORDS.get(lng, [])):
            pos = find(t, w)
            if pos >= 0:
                found.append((pos, i))
    if lang in ("vi",):
        m = re.search(r"thu\s*([2-7])", t)
        if m:
            found.append((m.start(), int(m.group(1)) - 2))
        if find(t, "cn") >= 0:
            found.append((find(t, "cn"), 6))
    if lang == "en":
        for i, w in enumerate(_WEEKDAY_ABBR_EN):
            pos = find(t, w)
            if pos >= 0:
                found.append((pos, i))
    return min(found)[1] if found else None


def _month_and_day(t: str, lang: str) -> tuple[int, int] | None:
    m = re.search(r"(?<!\d)(\d{1,2})\s*(?:月|월)\s*(\d{1,2})(?!\d)", t)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"(?:ngay\s*)?(?<!\d)(\d{1,2})\s*thang\s*(\d{1,2})(?!\d)", t)
    if m:
        return int(m.group(2)), int(m.group(1))
    for lng in chain(lang):
        for i, names in enumerate(_MONTHS.get(lng, [])):
            if names == "may" and lang == "tl":
                continue  # "may" is "there is" in Tagalog
            name = _word_re(names)
            m = re.search(rf"{name}\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)", t) or \
                re.search(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|º|ª)?\s*(?:de\s+|of\s+|ng\s+)?{name}", t)
            if m:
                return i + 1, int(m.group(1))
    m = re.search(r"(?<![\d/.])(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s*[/.]\s*(\d{2,4}))?(?![\d/.])", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        month, day = (b, a) if lang in _DMY else (a, b)
        if month > 12 and day <= 12:
            month, day = day, month
        return month, day
    return None


def _day_only(t: str, lang: str) -> int | None:
    pats = [r"(?<!\d)(\d{1,2})\s*(?:日|号|號|일|गते|तारिख)", r"ngay\s*(\d{1,2})(?!\d)", r"तारिख\s*(\d{1,2})",
            r"\bdia\s*(\d{1,2})(?!\d)", r"\bel\s+(\d{1,2})(?!\d)", r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)\b",
            r"\bthe\s+(\d{1,2})(?!\d)", r"\bsa\s+(\d{1,2})(?!\d)"]
    for p in pats:
        m = re.search(p, t)
        if m and 1 <= int(m.group(1)) <= 31:
            return int(m.group(1))
    return None


def _month_only(t: str, lang: str) -> int | None:
    m = re.search(r"(?<!\d)(\d{1,2})\s*(?:月|월)(?!\s*\d)", t) or re.search(r"thang\s*(\d{1,2})(?!\d)", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return int(m.group(1))
    for lng in chain(lang):
        for i, names in enumerate(_MONTHS.get(lng, [])):
            if names == "may" and lang == "tl":
                continue  # "may" is "there is" in Tagalog
            if re.search(_word_re(names), t):
                return i + 1
    return None


# ---- choices ---------------------------------------------------------------------------------------------------

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
             "primeiro": 1, "primeira": 1, "segundo": 2, "terceiro": 3, "terceira": 3, "quarto": 4, "quarta": 4,
             "primero": 1, "primera": 1, "tercero": 3, "tercera": 3, "cuarto": 4, "cuarta": 4,
             "una": 1, "ikalawa": 2, "ikatlo": 3, "ikaapat": 4, "pangalawa": 2, "pangatlo": 3,
             "첫번째": 1, "첫 번째": 1, "두번째": 2, "두 번째": 2, "세번째": 3, "세 번째": 3, "네번째": 4, "네 번째": 4,
             "하나": 1, "둘": 2, "셋": 3, "넷": 4,
             "पहिलो": 1, "दोस्रो": 2, "तेस्रो": 3, "चौथो": 4, "dau tien": 1}
_NUMBER_CHOICE = re.compile(r"(?:no\.?|number|numero|n°|#|so|नम्बर|第|opcao|opcion|option|bilang)?\s*(\d{1,2})\s*"
                            r"(?:番目|番|つ目|号|號|번째|번|st|nd|rd|th|个|個|項|项|ª|º)?")
_POLITE_TAIL = re.compile(r"(?:\s*(?:です|でお願いします|をお願いします|でお願い|にします|で|だ|입니다|이요|요)"
                          r"|\s+(?:po|please|por favor|nhe|nha|a|o))$")
_LEAD = re.compile(r"^(?:the|o|a|el|la|ang|yung|ung)\s+")


def _core(label: str) -> str:
    return re.sub(r"[（(][^）)]*[）)]", " ", label)


def choice(question, text: str, lang: str):
    n = len(question.choices)
    short = _LEAD.sub("", _POLITE_TAIL.sub("", text)).strip()
    m = _NUMBER_CHOICE.fullmatch(short)
    k = int(m.group(1)) if m else _ORDINALS.get(short)
    if k is not None:
        return question.choices[k - 1].value if 1 <= k <= n else None
    for c in question.choices:
        if short in (c.value, c.value.replace("_", " ")):
            return c.value
    if is_skip(text, lang):
        unknown = [c for c in question.choices if c.unknown]
        return unknown[0].value if unknown else SKIP
    scores: dict[str, float] = {}
    for c in question.choices:
        best = 0.0
        for lng in dict.fromkeys([lang, *chain(lang)]):  # ja-easy's own labels, then ja's words
            phrases = ([c.label[lng]] if c.label.get(lng) else []) + list(c.words.get(lng, ()))
            for p in phrases:
                core, full = norm(_core(p)), norm(p)
                if core and find(text, core) >= 0:
                    best = max(best, len(core))
                if full and full != core and find(text, full) >= 0:
                    best = max(best, len(full))
                latin = bool(_LATIN.search(text))
                if len(text) >= (3 if latin else 2) and find(full, text) >= 0:
                    best = max(best, len(text) - 0.5)  # the resident typed part of the label
        if best:
            scores[c.value] = best
    if not scores:
        return None
    top = max(scores.values())
    winners = [v for v, s in scores.items() if s == top]
    return winners[0] if len(winners) == 1 else None


# ---- the entry point ------------------------------------------------------------------------------------------

def parse(question, text: str, lang: str, today: dt.date):
    t = norm(text)
    if not t:
        return None
    if question.type == "choice":
        return choice(question, t, lang)
    if is_skip(t, lang):
        return SKIP
    if question.type == "yesno":
        return yesno(t, lang)
    if question.type == "number":
        return number(t, lang)
    if question.type == "date":
        found = date(t, lang, today, question.expect)
        if found is None and lang.startswith("ja"):
            # Speech recognition writes a homophone (昨日 → 機能): the words read aloud.
            found = date(_spoken_reading(t), lang, today, question.expect)
        return found
    return None


def _spoken_reading(text: str) -> str:
    from knowledge.furigana import to_hiragana
    from knowledge.tokens import reading_runs

    return " ".join(to_hiragana(r) for r in reading_runs(text))
