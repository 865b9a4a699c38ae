"""Greeting, goodbye, thanks, "are you a bot?" and "that helped": one sentence each, in the
resident's language (detected on this message, see actions/language.py), so they are actions
rather than domain responses."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from .faq import offer_answer
from .language import language_events, user_lang
from .staff import channel_of
from bot.messages import Text, say
from knowledge.texts import text


class LocalizedReply(Action, ABC):
    """Abstract (so rasa_sdk does not register it): subclasses name the action and the sentence."""

    action_name: str

    @property
    @abstractmethod
    def text_key(self) -> str: ...

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        answered = await offer_answer(dispatcher, tracker, user_lang(tracker, question=True))
        if answered is not None:  # a procedure question the NLU took for small talk
            return language_events(tracker, user_lang(tracker, question=True)) + answered
        lang = user_lang(tracker, question=False)
        say(dispatcher, channel_of(tracker), Text(text(lang, self.text_key)))
        return language_events(tracker, lang) + self.extra_events(tracker)

    def extra_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        return []


class ActionGreet(LocalizedReply):
    action_name, text_key = "action_greet", "greet"


class ActionGoodbye(LocalizedReply):
    action_name, text_key = "action_goodbye", "goodbye"


class ActionYoureWelcome(LocalizedReply):
    action_name, text_key = "action_youre_welcome", "youre_welcome"


class ActionIamabot(LocalizedReply):
    action_name, text_key = "action_iamabot", "iamabot"


class ActionFeedbackGood(LocalizedReply):
    action_name, text_key = "action_feedback_good", "feedback_good"

    def extra_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        from rasa_sdk.events import SlotSet

        from .conversation import rating

        # 👍 counts only as a verdict on an answer while 「解決しましたか？」 is open
        verdict = rating(tracker, helpful=True) if tracker.get_slot("awaiting_feedback") else []
        return [SlotSet("awaiting_feedback", False)] + verdict
