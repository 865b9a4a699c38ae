"""Which language to answer a resident's message in, turn by turn.

The rules, in order:
1. An explicit choice wins and sticks: a `change_language` request naming a language, a language
   button, or a language chosen in the client (`metadata.lang`, see client_choice) sets `language`
   and `language_locked`; detection then never overrides it, until the
   resident explicitly asks for another language.
2. Button payloads (`/ask_faq{...}`) say nothing about language: the current one is kept.
3. Otherwise the message's language is detected (knowledge.languages). Nothing detectable (emoji,
   "OK", "住民票") keeps the current language; so does a very short message (one word of a
   space-separated script, or fewer than six kana/kanji), because "Gracias" or "ありがとう" from a
   resident mid-conversation is politeness, not a request to switch. Only while the conversation
   has no language yet (slot `language` unset) is a short word with an obvious language taken
   ("Hello", "Obrigado", "你好").
4. Mixed text where kana is outnumbered by Latin letters ("How do I get a My Number カード?") is
   judged by its Latin part: the resident writes English and quotes a Japanese word.
5. Japanese questions written mostly in hiragana (and romaji, typed by residents without a Japanese
   keyboard) switch to やさしい日本語 (`ja-easy`); a question with plenty of kanji switches back to
   standard Japanese. Small talk keeps whichever Japanese the conversation already uses.
"""
from __future__ import annotations

import re
import unicodedata

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from knowledge.languages import HIRAGANA, KANJI, KATAKANA, LANGUAGES, content_lang, message_language


DEFAULT = "ja"
LOCK_SLOT = "language_locked"
QUESTION_INTENTS = {"ask_faq", "nlu_fallback", "out_of_scope"}
MIN_CJK_CHARS_TO_SWITCH = 6          # ありがとう (5) keeps; 住民票がほしい (7) switches
MIN_JA_CHARS_FOR_EASY = 6            # じゅうみんひょう (8) is enough, はい is not
EASY_MIN_HIRAGANA_SHARE = 0.5        # of the Japanese characters
EASY_MAX_KANJI_SHARE = 0.1
STANDARD_MIN_KANJI_SHARE = 0.3       # 住民票の写しはどこで取れますか (7 of 15)
STANDARD_MIN_CHARS = 10              # 住民票 ほしい (6) stays easy

_CJK_OR_HANGUL = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

# Short words whose language is plain, for the first message of a conversation only (langid leaves
# anything this short undecided). Lower case, punctuation stripped.
FIRST_WORDS = {
    "en": {"hello", "hi", "hey", "thanks", "thank you", "good morning", "good afternoon", "good evening", "help"},
    "zh": {"你好", "您好", "谢谢", "谢谢你", "再见"},
    "vi": {"xin chào", "chào", "cảm ơn", "cám ơn"},
    "pt": {"olá", "oi", "obrigado", "obrigada", "bom dia", "boa tarde", "boa noite"},
    "es": {"hola", "gracias", "buenos días", "buenas tardes", "buenas noches"},
    "tl": {"kumusta", "kamusta", "salamat", "magandang umaga", "magandang hapon", "magandang gabi"},
}
_FIRST_WORD_LANG = {w: lang for lang, words in FIRST_WORDS.items() for w in words}


def is_short(text: str) -> bool:
    """One word of a space-separated script, or a few kana/kanji/hangul."""
    text = unicodedata.normalize("NFKC", text).strip()
    cjk = len(_CJK_OR_HANGUL.findall(text))
    hangul = len(re.findall(r"[\uac00-\ud7af]", text))
    others = sum(c.isalpha() for c in text) - cjk
    if cjk > max(hangul, others):  # Japanese / Chinese: no spaces between words
        return cjk - hangul < MIN_CJK_CHARS_TO_SWITCH
    return sum(any(c.isalpha() for c in word) for word in text.split()) < 2


def japanese_variant(text: str, current: str | None, question: bool) -> str:
    """'ja-easy' or 'ja' for a Japanese message (rule 5)."""
    keep = current if current in ("ja", "ja-easy") else None
    if not question:
        return keep or "ja"
    hira, kata, kanji = (len(p.findall(text)) for p in (HIRAGANA, KATAKANA, KANJI))
    total = hira + kata + kanji
    if total == 0:
        return "ja-easy"  # romaji
    if total >= MIN_JA_CHARS_FOR_EASY and hira / total >= EASY_MIN_HIRAGANA_SHARE and kanji / total <= EASY_MAX_KANJI_SHARE:
        return "ja-easy"
    if total >= STANDARD_MIN_CHARS and kanji / total >= STANDARD_MIN_KANJI_SHARE:
        return "ja"
    return keep or "ja"


def resolve(text: str, current: str | None, locked: bool = False, question: bool = True) -> str:
    """The language to answer `text` in, given the conversation's current language (rules 1-5)."""
    text = (text or "").strip()
    if locked and current:
        return current
    if text.startswith("/"):
        return current or DEFAULT
    detected = message_language(text)
    if detected is None:
        if current is None:
            word = re.sub(r"[^\w\s]", "", unicodedata.normalize("NFKC", text).lower()).strip()
            return _FIRST_WORD_LANG.get(word, DEFAULT)
        return current
    if current is not None and detected != content_lang(current) and is_short(text):
        return current
    if detected == "ja":
        return japanese_variant(text, current, question)
    return detected


def client_choice(tracker: Tracker) -> str | None:
    """The language the resident chose in the client, when this message brings that choice.

    The widget and the voice client send their language as `metadata.lang` with every message. It
    is a choice (rule 1) when it changed since the conversation's previous message, or, on the first
    message, when it is not the default: a widget left at Japanese says nothing, so a resident
    typing English there is still answered in English.
    """
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    if not users:
        return None
    now = (users[-1].get("metadata") or {}).get("lang")
    if now not in LANGUAGES:
        return None
    before = (users[-2].get("metadata") or {}).get("lang") if len(users) > 1 else DEFAULT
    return now if now != before else None


def user_lang(tracker: Tracker, question: bool | None = None) -> str:
    """The language of this turn's reply (the client's choice, the slot and the latest message; see the
    module doc)."""
    chosen = client_choice(tracker)
    if chosen:
        return chosen
    msg = tracker.latest_message or {}
    if question is None:
        question = ((msg.get("intent") or {}).get("name") or "nlu_fallback") in QUESTION_INTENTS
    return resolve(msg.get("text") or "", tracker.get_slot("language"), bool(tracker.get_slot(LOCK_SLOT)), question)


def language_events(tracker: Tracker, lang: str) -> list[dict]:
    """Remember this turn's language for the next turns (nothing when it did not change); a choice made
    in the client sticks like a spoken one."""
    if client_choice(tracker) == lang:
        return [SlotSet("language", lang), SlotSet(LOCK_SLOT, True)]
    return [] if tracker.get_slot("language") == lang else [SlotSet("language", lang)]


def query_language(tracker: Tracker, lang: str) -> str:
    """The language retrieval should calibrate for: the question's own, else the conversation's."""
    text = ((tracker.latest_message or {}).get("text") or "").strip()
    return (message_language(text) if text and not text.startswith("/") else None) or content_lang(lang)
