"""The ward's languages: their codes and names, the order content falls back in, and which of
them a message is in (or None when a message cannot tell). The one module that knows languages.

Codes: ISO 639-1 for the nine languages, and `ja-easy` for やさしい日本語 (plain Japanese for
residents still learning it), everywhere: actions, widget, voice client, admin app.

Scripts decide first, because they are certain: Devanagari is Nepali (lingua has no Nepali), Hangul
is Korean, kana is Japanese. Han-only text is Japanese or Chinese, Latin text one of English,
Vietnamese, Portuguese, Spanish, Tagalog — or Japanese typed in romaji; lingua (restricted to those
candidates) decides, and a low-confidence or very short message returns None so that the caller
keeps the conversation's current language ("OK", "hi", "住民票" say nothing about it).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

WARD_LANGS = ("ja", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl")
EASY = "ja-easy"
# What residents can choose, with each language's own name for itself.
LANGUAGES = {
    "ja": "日本語",
    EASY: "やさしい日本語",
    "en": "English",
    "zh": "中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
    "ne": "नेपाली",
    "pt": "Português",
    "es": "Español",
    "tl": "Tagalog",
}


def is_japanese(lang: str | None) -> bool:
    return lang in ("ja", EASY)


def content_lang(lang: str) -> str:
    """The language FAQ content is taken from: Japanese for both Japanese variants."""
    return "ja" if is_japanese(lang) else lang


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Where a text missing in `lang` is looked for next: a resident who does not read Japanese reads
    English more often than Japanese; やさしい日本語 readers get standard Japanese."""
    if is_japanese(lang):
        return tuple(dict.fromkeys((lang, "ja")))
    return (lang, "en", "ja")
MIN_CONFIDENCE = 0.6
MIN_LATIN_LETTERS = 8
MIN_HAN_CHARS = 4

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_HANGUL = re.compile(r"[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]")
_KANA = re.compile(r"[\u3040-\u30FF\uFF66-\uFF9F]")
_HAN = re.compile(r"[\u4E00-\u9FFF\u3400-\u4DBF]")
_LATIN = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ]")
_VI_ONLY = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
# Japanese in Latin letters: every word is made of romaji syllables, and grammar words appear.
_ROMAJI_WORD = re.compile(r"^(?:(?:[kgsztdnhbpmyrwfjv]?y?|sh|ch|ts)[aiueo]|n|[aiueo]|(?<=[aiueo])([kgstpc])(?=\1))+$")
_ROMAJI_MARKERS = {"ga", "wo", "ni", "wa", "no", "de", "desu", "masu", "kudasai", "onegai", "shimasu", "doko",
                   "nan", "nani", "hoshii", "shitai", "dekimasu", "arimasu", "ka", "mo", "to"}

HIRAGANA = re.compile(r"[\u3041-\u309f]")
KATAKANA = re.compile(r"[\u30a0-\u30ff\uff66-\uff9f]")
KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")
_JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々ー]+")
MIN_SENTENCE_WORDS = 3               # Latin-script sentences `detect` leaves undecided (see below)
MIN_SENTENCE_CONFIDENCE = 0.4
MIN_SENTENCE_LEAD = 0.25

_lock = threading.Lock()
_detectors: dict[str, object] = {}


def _detector(kind: str):
    """lingua detectors for the Latin and the Han candidates, built once (models load on first use)."""
    with _lock:
        if kind not in _detectors:
            from lingua import Language, LanguageDetectorBuilder

            langs = {"latin": [Language.ENGLISH, Language.VIETNAMESE, Language.PORTUGUESE, Language.SPANISH,
                               Language.TAGALOG],
                     "han": [Language.JAPANESE, Language.CHINESE]}[kind]
            _detectors[kind] = LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()
        return _detectors[kind]


def is_romaji_japanese(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    if len(words) < 2:
        return False
    return all(_ROMAJI_WORD.match(w) for w in words) and any(w in _ROMAJI_MARKERS for w in words)


def latin_scores(text: str) -> list[tuple[str, float]]:
    """(language code, confidence) for the Latin-script ward languages, best first."""
    return [(v.language.iso_code_639_1.name.lower(), v.value)
            for v in _detector("latin").compute_language_confidence_values(text)]


def _best(kind: str, text: str) -> tuple[str, float]:
    values = _detector(kind).compute_language_confidence_values(text)
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), top.value


def detect(text: str) -> str | None:
    text = unicodedata.normalize("NFKC", text or "")
    counts = {
        "ne": len(_DEVANAGARI.findall(text)), "ko": len(_HANGUL.findall(text)), "kana": len(_KANA.findall(text)),
        "han": len(_HAN.findall(text)), "latin": len(_LATIN.findall(text)),
    }
    total = sum(counts.values())
    if total == 0:
        return None  # emoji, digits, punctuation
    script = max(counts, key=counts.get)
    if counts[script] / total < 0.6 and not counts["kana"]:
        return None  # mixed text with no dominant script
    if counts["ne"] and script == "ne":
        return "ne"
    if counts["ko"] and script == "ko":
        return "ko"
    if counts["kana"]:
        return "ja"  # any kana (even in mixed text like 「My Numberカード」) is Japanese
    if script == "han":
        if counts["han"] < MIN_HAN_CHARS:
            return None
        lang, conf = _best("han", text)
        return lang if conf >= MIN_CONFIDENCE else None
    if is_romaji_japanese(text):
        return "ja"
    if _VI_ONLY.search(text):
        return "vi"
    if counts["latin"] < MIN_LATIN_LETTERS:
        return None
    lang, conf = _best("latin", text)
    return lang if conf >= MIN_CONFIDENCE else None


@lru_cache(maxsize=512)
def message_language(text: str) -> str | None:
    """The language of one message, or None when it cannot tell (knowledge.languages plus rule 4)."""
    lang = detect(text)
    if lang == "ja":
        latin = len(_LATIN.findall(text))
        japanese = len(HIRAGANA.findall(text)) + len(KATAKANA.findall(text)) + len(KANJI.findall(text))
        if latin > japanese and not is_romaji_japanese(text):
            text = _JAPANESE_RUN.sub(" ", text)
            lang = detect(text)
    if lang is None:
        lang = _clear_latin_sentence(text)
    return lang


def _clear_latin_sentence(text: str) -> str | None:
    """A sentence of three or more Latin-script words whose language lingua puts well ahead.

    detect wants a confidence of 0.6, which lingua rarely gives a short English sentence
    among five Latin-script candidates ("Hello, I have a question": English 0.57, Spanish 0.16);
    a clear lead over the runner-up is as good a sign for choosing the reply language.
    """
    words = re.findall(r"[A-Za-zÀ-ɏḀ-ỿ']+", text)
    letters = len(_LATIN.findall(text))
    if len(words) < MIN_SENTENCE_WORDS or letters < 0.8 * sum(not c.isspace() for c in text):
        return None
    scores = latin_scores(text)
    top, second = scores[0][1], scores[1][1] if len(scores) > 1 else 0.0
    if top >= MIN_SENTENCE_CONFIDENCE and top - second >= MIN_SENTENCE_LEAD:
        return scores[0][0]
    return None
