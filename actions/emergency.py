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

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.emergency_terms import EMERGENCY_RE  # noqa: F401  (one keyword net for NLU and actions)

from . import staff
from .language import language_events, user_lang
from bot.messages import Emergency, EmergencyNumber, say
from knowledge.texts import text

NUMBERS = (("119", "emergency_fire"), ("110", "emergency_police"), ("#7119", "emergency_advice"))


def emergency(lang: str) -> Emergency:
    """The guidance as one message in every channel: text plus the numbers for the widget's call links."""
    return Emergency(guidance=text(lang, "emergency"),
                     numbers=[EmergencyNumber(number=n, **{"for": text(lang, key)}) for n, key in NUMBERS])


def emergency_message(lang: str) -> dict:
    """The guidance as domain.yml's utter_emergency sends it: {"text", "custom"}."""
    return emergency(lang).response()


def shown_variation(slot_language: str | None) -> str:
    """Which utter_emergency variation Rasa picked for this slot value (domain.yml)."""
    from knowledge.texts import TEXTS

    return slot_language if slot_language in TEXTS else "ja"


class ActionEmergency(Action):
    """After utter_emergency: the guidance again, in this message's language when that differs."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker, question=False)
        if lang != shown_variation(tracker.get_slot("language")):
            say(dispatcher, staff.channel_of(tracker), emergency(lang))
        return language_events(tracker, lang)
