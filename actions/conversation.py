"""Conversation actions around the answers: handoff, repeat, feedback, language."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import retrieval, staff
from .faq import MIN_QUESTION_CHARS_WITH_LANGUAGE_REQUEST, handoff_text, offer_answer
from .language import LOCK_SLOT, language_events, user_lang
from knowledge.render import section_of
from knowledge.texts import LANGUAGES, content_lang, text
from bot.messages import Handoff, HandoffReason, Text, say


class ActionHandoff(Action):
    """The ward's main number and hours: a person answers from there."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        ward = retrieval.ward()
        reply = Handoff(message=handoff_text(lang), reason=HandoffReason.ASKED, main_phone=ward.main_phone,
                        main_hours=ward.text(content_lang(lang)).main_hours)
        await staff.tell_notice(dispatcher, tracker, lang)  # an emergency notice first, once a session
        say(dispatcher, staff.channel_of(tracker), reply)
        events = [SlotSet("last_answer", reply.repeat()), SlotSet("fallback_count", 0.0),
                  SlotSet("awaiting_feedback", False)]
        # 「窓口の人に聞きたいんだが、転出届は…」: the number, and the answer the index has for it
        answered = await offer_answer(dispatcher, tracker, lang)
        return language_events(tracker, lang) + events + (answered or [])


class ActionRepeat(Action):
    def name(self) -> str:
        return "action_repeat"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        answered = await offer_answer(dispatcher, tracker, lang)  # a new question the NLU read as "again"
        if answered is not None:
            return language_events(tracker, lang) + answered
        last = tracker.get_slot("last_answer")  # the last reply as text, in every channel
        say(dispatcher, staff.channel_of(tracker), Text(last or text(lang, "nothing_to_repeat")))
        return language_events(tracker, lang)


def rating(tracker: Tracker, helpful: bool) -> list[dict[str, Any]]:
    """The resident's verdict on the last answer, kept in the conversation (the `rating` slot) for the
    staff's satisfaction figures per entry (admin/analytics.py); nothing when no entry was answered."""
    faq_id = tracker.get_slot("last_faq_id")
    return [SlotSet("rating", {"faq_id": faq_id, "helpful": helpful})] if faq_id else []


class ActionFeedback(Action):
    """feedback_bad, and はい/いいえ: after 「解決しましたか？」 they are feedback, otherwise a prompt."""

    def name(self) -> str:
        return "action_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        awaiting = bool(tracker.get_slot("awaiting_feedback"))
        done = language_events(tracker, lang) + [SlotSet("awaiting_feedback", False)]
        if not awaiting:  # not a reply to 「解決しましたか？」: maybe a misread procedure question
            answered = await offer_answer(dispatcher, tracker, lang)
            if answered is not None:
                return language_events(tracker, lang) + answered
        channel = staff.channel_of(tracker)
        if intent == "affirm" and awaiting:
            say(dispatcher, channel, Text(text(lang, "feedback_good")))
            return done + rating(tracker, helpful=True)
        if intent == "feedback_bad" or (intent == "deny" and awaiting):
            entry = None
            if tracker.get_slot("last_faq_id"):
                try:
                    entry = await retrieval.entry(tracker.get_slot("last_faq_id"))
                except Exception:
                    entry = None
            if entry is not None:
                staff.record_disliked(tracker, entry.id, lang)  # for the staff's learning page
                message = text(lang, "feedback_bad", **section_of(entry, lang))
            else:
                ward = retrieval.ward()
                message = text(lang, "feedback_bad_general", phone=ward.main_phone,
                               hours=ward.text(content_lang(lang)).main_hours)
            say(dispatcher, channel, Text(message))
            return done + [SlotSet("last_answer", message)] + rating(tracker, helpful=False)
        say(dispatcher, channel, Text(text(lang, "anything_else")))
        return done


# Words that name a language in a request such as 「英語でお願いします」, "in Nepali please",
# "em português": each language's name in Japanese, in itself and in the other ward languages.
# Easy Japanese comes first (its names contain 日本語 / Japanese), and plain Japanese last.
LANGUAGE_WORDS = [
    ("ja-easy", r"やさしい|易しい|優しい日本語|簡単な日本語|かんたんな|ひらがな|easy japanese|simple japanese|"
                r"plain japanese|简单的?日语|简单日文|쉬운 일본어|tiếng nhật (đơn giản|dễ)|सजिलो जापानी|"
                r"japonês (simples|fácil)|japonés (sencillo|fácil)|simpleng (japanese|nihongo)|madaling (japanese|nihongo)"),
    ("en", r"英語|英语|英文|tieng anh|english|えいご|영어|tiếng anh|अंग्रेजी|अङ्ग्रेजी|inglês|ingles|inglés|wikang ingles"),
    ("zh", r"中国語|ちゅうごくご|中文|汉语|漢語|华语|中国话|chinese|중국어|tiếng trung|tieng trung|tiếng hoa|चिनियाँ|chinês|chino|intsik"),
    ("ko", r"韓国語|かんこくご|韩语|韓語|朝鲜语|한국어|korean|ハングル|tiếng hàn|कोरियाली|coreano"),
    ("vi", r"ベトナム(語|ご)|べとなむご|越南语|베트남어|tiếng việt|tieng viet|vietnamese|भियतनामी|vietnamita"),
    ("ne", r"ネパール(語|ご)|ねぱーるご|尼泊尔语|네팔어|nepali|nepalese|नेपाली|tiếng nepal|nepalês|nepalés|nepalí"),
    ("pt", r"ポルトガル(語|ご)|ぽるとがるご|葡萄牙语|포르투갈어|portuguese|português|portugues|tiếng bồ đào nha|पोर्तुगाली|portugués"),
    ("es", r"スペイン(語|ご)|すぺいんご|西班牙语|스페인어|spanish|español|espanol|tiếng tây ban nha|स्पेनिस|espanhol|kastila"),
    ("tl", r"タガログ(語|ご)|フィリピン(語|ご)|たがろぐご|他加禄语|菲律宾语|타갈로그어|필리핀어|tagalog|filipino|tiếng philippines|टागालोग"),
    ("ja", r"日本語|日语|日文|にほんご|japanese|일본어|tiếng nhật|tieng nhat|जापानी|japonês|japonés|wikang hapon|nihongo"),
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
        if lang is None:  # no language named: offer them all, asking in the language of the request
            asked = user_lang(tracker, question=True)
            answered = await offer_answer(dispatcher, tracker, asked, MIN_QUESTION_CHARS_WITH_LANGUAGE_REQUEST)
            if answered is not None:
                return language_events(tracker, asked) + answered
            current = user_lang(tracker, question=False)
            dispatcher.utter_message(
                text=text(current, "language_choose"),
                buttons=[{"title": name, "payload": f'/change_language{{"language":"{code}"}}'}
                         for code, name in LANGUAGES.items()])
            return language_events(tracker, current)
        dispatcher.utter_message(text=text(lang, "language_set"))
        dispatcher.utter_message(json_message={"type": "language", "lang": lang})
        # An explicit choice sticks: detection no longer switches (actions/language.py).
        events = [SlotSet("language", lang), SlotSet(LOCK_SLOT, True)]
        # "In English please: how do I get a residence certificate?" — answer the question too
        answered = await offer_answer(dispatcher, tracker, lang, MIN_QUESTION_CHARS_WITH_LANGUAGE_REQUEST)
        return events + (answered or [])
