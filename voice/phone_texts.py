"""What the phone line itself says (greeting, reprompts, goodbye, operator), in Japanese and English.

Slow, short sentences: the callers are often elderly. The operator number comes from the published
release (knowledge/published.py, re-read after a publish) so it is the same everywhere.
"""
from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def _ward() -> tuple[str, str, str]:
    try:
        from knowledge.published import published_ward

        w = published_ward()
        return w.name, w.main_phone, w.main_hours
    except Exception:  # the line must still speak: the sample ward's own details
        logger.exception("could not read the published ward")
        return "若葉区", "03-0555-1111", "平日 8時30分〜17時15分"


def phone_text(name: str, lang: str = "ja") -> str:
    ward, phone, hours = _ward()
    ja = {
        "greeting": f"{ward}役所の自動音声案内です。ご用件をお話しください。"
                    "くり返しは9、職員は0を押してください。",
        "reprompt1": "もしもし。ご用件をお話しください。",
        "reprompt2": "お声が聞こえません。職員と話すときは0を押してください。",
        "goodbye": "お電話を終わります。お電話ありがとうございました。",
        "operator": f"職員がお答えします。区役所の代表電話におかけください。番号は、{phone}です。"
                    f"もう一度言います。{phone}です。",
        "apology": f"申し訳ありません。ただいまお答えできません。区役所の代表電話、{phone}におかけください。",
        "choose": "番号を押してお選びください。",
        "option": "{n}番、{title}。",
        "nothing_to_repeat": "まだご案内していません。ご用件をお話しください。",
        "not_heard": "申し訳ありません。聞き取れませんでした。もう一度、ゆっくりお話しください。",
        "guide_number": "数をお話しください。番号を押しても答えられます。ゼロはシャープです。",
        "guide_next": "次の手続きは「次」と言うか、1を押してください。くり返しは9です。",
        "guide_end": "手続きのご案内は以上です。ほかにご用件があればお話しください。",
    }
    en = {
        "greeting": f"Thank you for calling {ward} City Office. Please tell me what you need. "
                    "Press 9 to hear an answer again, or 0 to speak to staff.",
        "reprompt1": "Hello? Please tell me what you need, for example: oversized garbage.",
        "reprompt2": "I cannot hear you. Please speak, or press 0 to speak to staff.",
        "goodbye": f"I cannot hear you, so I will end the call. Please call {phone} if you need help. Goodbye.",
        "operator": f"A member of staff can help you. Please call the city office at {phone}. "
                    f"Again, the number is {phone}.",
        "apology": f"Sorry, I cannot answer right now. Please call the city office at {phone}.",
        "choose": "Please press the number of your choice.",
        "option": "{n}: {title}.",
        "nothing_to_repeat": "I have not answered anything yet. Please tell me what you need.",
        "not_heard": "Sorry, I did not catch that. Please say it again, slowly.",
        "guide_number": "Please say the number, or press it on the keypad. For zero, press the hash key.",
        "guide_next": "For the next procedure, say next or press 1. Press 9 to hear it again.",
        "guide_end": "That is the whole list. Please tell me if there is anything else.",
    }
    return (ja if lang.startswith("ja") else en)[name]


REPEAT_WORDS = ("もう一度", "もう1度", "もういちど", "もう一回", "もう1回", "もういっかい", "繰り返", "くりかえ",
                "repeat", "say that again", "once more")


NEXT_WORDS = ("次", "つぎ", "ツギ", "はい次", "next", "continue")


def asks_next(text: str) -> bool:
    t = text.replace(" ", "").replace("。", "").lower()
    return len(t) <= 10 and any(w in t for w in NEXT_WORDS)


def asks_repeat(text: str) -> bool:
    t = text.replace(" ", "").lower()
    return len(t) <= 20 and any(w.replace(" ", "") in t for w in REPEAT_WORDS)
