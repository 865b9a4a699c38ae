"""Which of the ward's languages a message is in — or None when a message cannot tell.

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

WARD_LANGS = ("ja", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl")
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


def preload() -> None:
    """Load lingua's models now (about a second) instead of on a resident's first message."""
    _detector("latin")
    _detector("han")


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
