"""Emergency guidance (119 / 110 / #7119) in every ward language, never through retrieval.

The `emergency` intent's rule first sends the domain's `utter_emergency` (a response: it needs no
action server, and its variations follow the `language` slot), then `action_emergency`, which
repeats the guidance only when this message is in another language than the one just shown
(e.g. a first message "Someone collapsed, call an ambulance" while the slot still says Japanese).
domain.yml's variations are the same sentences as texts.py's `emergency` (a test checks it).

EMERGENCY_RE is the safety net behind the intent: if NLU misses 「人が倒れた」 or "call an
ambulance", action_answer_faq must not answer it from the knowledge base. It stays narrow on
purpose, so that questions about disaster preparedness still reach the index.
"""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from .language import language_events, user_lang
from .texts import text

EMERGENCY_RE = re.compile(
    r"救急車|119|110番|火事です|燃えて(い|る)|倒れ(た|て)|意識が(ない|無い|ありません)|息をしていない|血が止まらない|"
    r"泥棒|空き巣|刺され|助けて(?!もら)|たすけて(?!もら)|きゅうきゅうしゃ|かじです|もえて(い|る)|たおれ(た|て)|どろぼう"
    # English
    r"|ambulance|there'?s a fire|\bon fire\b|is burning|collapsed|unconscious|not breathing|call the police"
    r"|\bburglar|\bstabbed|bleeding badly|help me!"
    # Chinese
    r"|救护车|着火了|失火了|起火了|晕倒|昏倒|没有呼吸|不省人事|有小偷|进了小偷|快报警|帮我报警|救命|倒下了|叫不醒|抽搐|血止不住|闯进"
    # Korean
    r"|구급차|불이 났|불났|쓰러졌|쓰러져|의식이 없|숨을 안 쉬|도둑이 들|경찰 불러|살려 ?주세요|불이 붙었|연기가 나요|의식을 잃었|피가 많이 나"
    # Vietnamese
    r"|xe cấp cứu|cháy nhà|đang cháy|ngất xỉu|bất tỉnh|không thở|ăn trộm|kẻ trộm|gọi cảnh sát|cứu với|cứu tôi|ngã gục|chảy nhiều máu|co giật|gọi cấp cứu đi|bị ngất"
    # Nepali
    r"|एम्बुलेन्स|आगो लाग्यो|आगलागी भयो|बेहोस|ढल्नुभयो|सास फेर्दैन|चोर पस्यो|प्रहरी बोलाउ|बचाउनुहोस्|आगो लागेको छ|सास फेर्नुहुन्न|रगत रोकिँदैन"
    # Portuguese / Spanish
    r"|ambulância|ambulancia|pegando fogo|incêndio!|desmaiou|inconsciente|não está respirando|ladrão|chamem a polícia"
    r"|chame a polícia|socorro|tem um incêndio|não se mexe|não consegue respirar|se está quemando|en llamas|se desmayó|no respira|ladrón|llamen a la policía"
    r"|llame a la policía|auxilio|hay un incendio|se incendia|no reacciona|no para de sangrar"
    # Tagalog
    r"|ambulansya|may sunog dito|may sunog sa|nasusunog ang (?!basura)|sunog!|may nahimatay|hindi makahinga|dumudugo|nawalan ng malay|hinimatay|hindi humihinga|magnanakaw|tumawag ng pulis|saklolo",
    re.IGNORECASE,
)

NUMBERS = (("119", "emergency_fire"), ("110", "emergency_police"), ("#7119", "emergency_advice"))


def emergency_message(lang: str) -> dict:
    """The guidance as one message: text plus the numbers for the widget's call buttons."""
    return {"text": text(lang, "emergency"),
            "custom": {"type": "emergency", "numbers": [{"number": n, "for": text(lang, key)} for n, key in NUMBERS]}}


def shown_variation(slot_language: str | None) -> str:
    """Which utter_emergency variation Rasa picked for this slot value (domain.yml)."""
    from .texts import TEXTS

    return slot_language if slot_language in TEXTS else "ja"


class ActionEmergency(Action):
    """After utter_emergency: the guidance again, in this message's language when that differs."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker, question=False)
        if lang != shown_variation(tracker.get_slot("language")):
            dispatcher.utter_message(**emergency_message(lang))
        return language_events(tracker, lang)
