"""Conversation actions around the answers: handoff, repeat, feedback, language."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import retrieval
from .faq import handoff_text, user_lang
from .render import section_of
from .texts import LANGUAGES, text


class ActionHandoff(Action):
    """The ward's main number and hours: a person answers from there."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        message = handoff_text(lang)
        ward = retrieval.ward()
        dispatcher.utter_message(text=message)
        dispatcher.utter_message(json_message={"type": "handoff", "main_phone": ward.main_phone,
                                               "main_hours": ward.main_hours})
        return [SlotSet("last_answer", message), SlotSet("fallback_count", 0.0), SlotSet("awaiting_feedback", False)]


class ActionRepeat(Action):
    def name(self) -> str:
        return "action_repeat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        last = tracker.get_slot("last_answer")
        dispatcher.utter_message(text=last or text(user_lang(tracker), "nothing_to_repeat"))
        return []


class ActionFeedback(Action):
    """feedback_bad, and はい/いいえ: after 「解決しましたか？」 they are feedback, otherwise a prompt."""

    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        awaiting = bool(tracker.get_slot("awaiting_feedback"))
        done = [SlotSet("awaiting_feedback", False)]
        if intent == "affirm" and awaiting:
            dispatcher.utter_message(response="utter_feedback_good")
            return done
        if intent == "feedback_bad" or (intent == "deny" and awaiting):
            entry = None
            if tracker.get_slot("last_faq_id"):
                try:
                    entry = await retrieval.entry(tracker.get_slot("last_faq_id"))
                except Exception:
                    entry = None
            if entry is not None:
                message = text(lang, "feedback_bad", **section_of(entry, lang))
            else:
                ward = retrieval.ward()
                message = text(lang, "feedback_bad_general", phone=ward.main_phone, hours=ward.main_hours)
            dispatcher.utter_message(text=message)
            return done + [SlotSet("last_answer", message)]
        dispatcher.utter_message(text=text(lang, "anything_else"))
        return done


# Words that name a language in a request such as 「英語でお願いします」.
LANGUAGE_WORDS = [
    ("ja-easy", r"やさしい|易しい|簡単な日本語|かんたんな|ひらがな"),
    ("en", r"英語|英语|english|えいご|영어|tiếng anh"),
    ("zh", r"中国語|中文|汉语|中国话|chinese|중국어|tiếng trung"),
    ("ko", r"韓国語|韩语|한국어|korean|ハングル|tiếng hàn"),
    ("vi", r"ベトナム語|越南语|베트남어|tiếng việt|vietnamese"),
    ("ja", r"日本語|日语|にほんご|japanese|일본어|tiếng nhật"),
]


def requested_language(tracker: Tracker) -> str | None:
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == "language" and ent.get("value") in LANGUAGES:
            return ent["value"]
    said = (tracker.latest_message.get("text") or "").lower()
    for code, pattern in LANGUAGE_WORDS:
        if re.search(pattern, said):
            return code
    return None


class ActionChangeLanguage(Action):
    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = requested_language(tracker)
        if lang is None:
            dispatcher.utter_message(
                text=text(user_lang(tracker), "language_choose"),
                buttons=[{"title": name, "payload": f'/change_language{{"language":"{code}"}}'}
                         for code, name in LANGUAGES.items()])
            return []
        dispatcher.utter_message(text=text(lang, "language_set"))
        dispatcher.utter_message(json_message={"type": "language", "lang": lang})
        return [SlotSet("language", lang)]
