"""Greeting, goodbye, thanks, "are you a bot?" and "that helped": one sentence each, in the
resident's language (detected on this message, see actions/language.py), so they are actions
rather than domain responses."""
from __future__ import annotations

import re
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
    """Abstract (so rasa_sdk does not register it): subclasses name the action and the sentence.
    `asks`: words one of which a typed message must hold to get the sentence; without one, the
    message is answered as any question (the index's answer, or the section's number)."""

    action_name: str
    asks: re.Pattern | None = None

    @property
    @abstractmethod
    def text_key(self) -> str: ...

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        message = (tracker.latest_message.get("text") or "").strip()
        if self.asks is not None and message and not message.startswith("/") and not self.asks.search(message):
            from .faq import ActionAnswerFaq  # answer, choice or the section's number: one search

            lang = user_lang(tracker, question=True)
            return language_events(tracker, lang) + await ActionAnswerFaq().respond(dispatcher, tracker, lang)
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


# DIET reads some questions it has never seen as bot_challenge (make test: a passport question in
# hiragana got 「わたしは…自動案内です」 instead of the section's number): the reply needs a word
# that asks who or what answers, or what it can do.
ASKS_WHO_RE = re.compile(
    r"ロボット|ろぼっと|ボット|ぼっと|ＡＩ|人工知能|人間|にんげん|機械[がとなで]|きかい[がとなで]|自動(?:応答|返信|で|なの)|"
    r"じどう(?:おうとう|で)|職員さん|中の人|本物|ほんもの|あなたは|君は|きみは|お前|おまえ|名前は|なまえは|何者|なにもの|"
    r"何ができ|なにができ|何を聞|なにをきけ|どんな質問|何のサービス|なんのサービス|使い方|つかいかた|"
    r"(?:誰|だれ)(?:と|が(?:答|こた|返)|です|なの)|返事して|答えてる|こたえてる|"
    r"\b(?:a\.?i|bot|robot|human|real person|a person|machine|automat\w*|who (?:am|are|is (?:this|answering|replying))|"
    r"what are you|what can|how (?:do i |to )?use|chatbot|programa|computer|humano|humana|pessoa|persona|robô|máquina|"
    r"quem|quién|serve|sirve|intelig\w*|tao|makina|sino|ano ka|người|máy|là ai|nhân viên|tự động|chương trình|"
    r"trí tuệ|artificial|autom[aá]tic\w*|qu[eé] (?:puedes|cosas|servicio)|municipalidad|llamas|c[oó]mo (?:se|eu) us[ao]|"
    r"posso perguntar|algu[eé]m|nome|sabe fazer|pergunta|funcion[aá]ri[oa]|nguoi hay may)\b|"
    r"机器|機器|人工智能|真人|人类|谁|你是|你会|你能|能回答|问你|什么服务|叫什么|怎么用|自动回|是人|"
    r"로봇|봇|사람이|사람 맞|누구|누가|챗봇|기계|자동|인공지능|프로그램|직원|이름|"
    r"रोबोट|बोट|मान्छे हो|मान्छे हौ|मान्छे\?|को हौ|को हुनुहुन्छ|कम्प्युटर|मेसिन|च्याटबट|कोसँग|कर्मचारी|स्वचालित|(?<![a-z])ai(?![a-z])",
    re.IGNORECASE)


class ActionIamabot(LocalizedReply):
    action_name, text_key, asks = "action_iamabot", "iamabot", ASKS_WHO_RE


class ActionFeedbackGood(LocalizedReply):
    action_name, text_key = "action_feedback_good", "feedback_good"

    def extra_events(self, tracker: Tracker) -> list[dict[str, Any]]:
        from rasa_sdk.events import SlotSet

        from .conversation import rating

        # 👍 counts only as a verdict on an answer while 「解決しましたか？」 is open
        verdict = rating(tracker, helpful=True) if tracker.get_slot("awaiting_feedback") else []
        return [SlotSet("awaiting_feedback", False)] + verdict
