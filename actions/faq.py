"""action_answer_faq: a resident's question → the knowledge index → answer, clarify or fallback."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import retrieval, staff
from bot import pii  # the clauses that only carried masked details are not searched (bot/pii.py for_search)
from .choice import choice_number
from .emergency import EMERGENCY_RE, emergency
from .language import language_events, query_language, user_lang
from knowledge.render import answer_payload, answer_text, clarify_buttons, feedback_buttons, section_of
from knowledge.texts import content_lang, text
from bot.messages import (SPOKEN_CHANNELS, Answer, Candidate, Clarify, Fallback, Handoff, HandoffReason, Redirect,
                          Text, say)

log = logging.getLogger(__name__)

FALLBACKS_BEFORE_HANDOFF = 2
# EMERGENCY_RE (actions/emergency.py) is the safety net behind the emergency intent, in every language.


def handoff_text(lang: str) -> str:
    ward = retrieval.ward()
    return text(lang, "handoff", phone=ward.main_phone, hours=ward.text(content_lang(lang)).main_hours)


def error_text(lang: str) -> str:
    ward = retrieval.ward()
    return text(lang, "error", phone=ward.main_phone, hours=ward.text(content_lang(lang)).main_hours)


def spoken(tracker: Tracker) -> bool:
    """The message is a speech transcript: it is decided with the thresholds measured on transcripts."""
    return staff.channel_of(tracker) in SPOKEN_CHANNELS


def possible_emergency(tracker: Tracker) -> bool:
    """DIET read the message as an emergency but no emergency word confirmed it: bot/intent_guard.py
    then sends it here as ask_faq with DIET's `emergency`, at the same confidence, second."""
    msg = tracker.latest_message
    ranking = msg.get("intent_ranking") or []
    return ((msg.get("intent") or {}).get("name") == "ask_faq" and len(ranking) > 1
            and ranking[1].get("name") == "emergency" and ranking[0].get("confidence") == ranking[1].get("confidence"))


def requested_faq_id(tracker: Tracker) -> str | None:
    """The entry a clarify button asked for, from this turn's entities only (never a stale slot)."""
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == "faq_id" and ent.get("value"):
            return str(ent["value"])
    return None


def chosen_option(tracker: Tracker) -> str | None:
    """The entry a typed or spoken number picks from the last clarify's options (actions/choice.py)."""
    options = tracker.get_slot("clarify_options") or []
    n = choice_number(tracker.latest_message.get("text") or "", len(options)) if options else None
    return str(options[n - 1]) if n else None


# A message the NLU took for small talk, a request for a person or a language switch is still
# searched when it is this long: a procedure question DIET misread must get its answer offered.
MIN_QUESTION_CHARS = 8
# A language request names a language, and the index has entries about languages (interpreters, the
# multilingual guide): only a message well beyond a request is taken as a question of its own.
MIN_QUESTION_CHARS_WITH_LANGUAGE_REQUEST = 30


async def offer_answer(dispatcher: CollectingDispatcher, tracker: Tracker, lang: str,
                       min_chars: int = MIN_QUESTION_CHARS) -> list[dict[str, Any]] | None:
    """Answer the message from the index if it reads as a procedure question (a confident match, or
    close candidates to choose from), else None. For the actions of intents that do not normally search (bot/intent_guard.py keeps
    emergencies out of this: an emergency is never searched)."""
    query = (tracker.latest_message.get("text") or "").strip()
    chosen = chosen_option(tracker)  # 「2番」 after a clarify, whatever intent the NLU saw in it
    if chosen is not None:
        entry = await retrieval.entry(chosen)
        if entry is not None:
            return ActionAnswerFaq.answer(dispatcher, entry, lang, "selected", "", staff.channel_of(tracker))
    if len(query) < min_chars or query.startswith("/") or EMERGENCY_RE.search(query):
        return None
    try:
        result = await retrieval.search(pii.for_search(query), lang=query_language(tracker, lang), spoken=spoken(tracker))
    except Exception:  # the action's own reply still goes out
        log.exception("knowledge search failed")
        return None
    channel = staff.channel_of(tracker)
    if result.decision == "answer":
        return ActionAnswerFaq.answer(dispatcher, result.hits[0].entry, lang, "answer", result.index_version, channel)
    if result.decision == "clarify":  # offered as a choice rather than swallowed by small talk
        return ActionAnswerFaq.clarify(dispatcher, [h.entry for h in result.candidates[:3]], lang, channel)
    return None


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker, question=True)
        return language_events(tracker, lang) + await self.respond(dispatcher, tracker, lang)

    async def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict[str, Any]]:
        query = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        faq_id = requested_faq_id(tracker) or chosen_option(tracker)
        channel = staff.channel_of(tracker)  # the form each channel gets (bot/messages.py)

        if faq_id is None and EMERGENCY_RE.search(query):
            say(dispatcher, channel, emergency(lang))
            await staff.tell_notice(dispatcher, tracker, lang)  # after 119/110, never before
            return [SlotSet("faq_id", None)]
        await staff.tell_notice(dispatcher, tracker, lang)  # an emergency notice first, once a session
        try:
            if faq_id is not None:
                entry = await retrieval.entry(faq_id)
                if entry is not None:
                    return self.answer(dispatcher, entry, lang, "selected", "", channel)
                query = ""  # an unknown id (stale button): fall back below
            result = await retrieval.search(pii.for_search(query), lang=query_language(tracker, lang), spoken=spoken(tracker)) if query else None
        except Exception:  # index missing or broken: the resident still gets the phone number
            log.exception("knowledge search failed")
            message = error_text(lang)
            say(dispatcher, channel, Text(message))
            return [SlotSet("last_answer", message), SlotSet("faq_id", None)]

        decision = result.decision if result else "fallback"
        if faq_id is None and possible_emergency(tracker):
            # Measured: DIET's emergency is wrong for ~3% of procedure questions with confidence 1.0,
            # yet it catches real emergencies the word net misses. So the 119/110 line always comes
            # first, and the resident still gets what the index has: the answer, or the full guidance.
            say(dispatcher, channel, emergency(lang) if decision == "fallback" else Text(text(lang, "emergency_caveat")))
        if decision == "redirect":
            return self.redirect(dispatcher, result.redirect, lang, channel)
        if intent == "out_of_scope" and decision == "fallback":  # close candidates are still offered
            message = text(lang, "out_of_scope")
            say(dispatcher, channel, Text(message))
            return [SlotSet("last_answer", message), SlotSet("awaiting_feedback", False), SlotSet("faq_id", None)]
        if decision == "answer":
            return self.answer(dispatcher, result.hits[0].entry, lang, "answer", result.index_version, channel)
        if decision == "clarify":
            return self.clarify(dispatcher, [h.entry for h in result.candidates[:3]], lang, channel)
        nearest = result.hits[0] if result and result.hits else None
        staff.record_unanswered(tracker, query, lang, nearest)  # for the staff's 未回答の質問 page
        return self.fallback(dispatcher, tracker, nearest.entry if nearest else None, lang)

    @staticmethod
    def answer(dispatcher, entry, lang: str, decision: str, index_version: str, channel: str = "") -> list[dict]:
        """The entry, then 「この回答で解決しましたか？」 with its buttons. The widget gets the payload (a card,
        the note on a missing translation first), text channels the note and the answer as text."""
        payload = answer_payload(entry, lang, decision, index_version)
        reply = Answer.from_render(payload, body=answer_text(payload))
        say(dispatcher, channel, reply, Text(text(lang, "solved"), feedback_buttons(lang)))
        return [SlotSet("last_answer", reply.repeat()), SlotSet("last_faq_id", entry.id),
                SlotSet("fallback_count", 0.0), SlotSet("awaiting_feedback", True), SlotSet("faq_id", None),
                SlotSet("clarify_options", None)]

    @staticmethod
    def redirect(dispatcher, redirect, lang: str, channel: str = "") -> list[dict]:
        """Someone else handles it: say who, and the ward's own number for anything else."""
        ward = retrieval.ward()
        name = redirect.name_in(content_lang(lang))
        message = text(lang, "redirect", name=name, phone=ward.main_phone, hours=ward.text(content_lang(lang)).main_hours)
        reply = Redirect(message=message, redirect=redirect.id, name=name, main_phone=ward.main_phone)
        say(dispatcher, channel, reply)
        return [SlotSet("last_answer", reply.repeat()), SlotSet("fallback_count", 0.0),
                SlotSet("awaiting_feedback", False), SlotSet("faq_id", None), SlotSet("clarify_options", None)]

    @staticmethod
    def clarify(dispatcher, entries, lang: str, channel: str = "") -> list[dict]:
        candidates = [Candidate(faq_id=e.id, question=b["title"], payload=b["payload"])
                      for e, b in zip(entries, clarify_buttons(entries, lang))]
        reply = Clarify(message=text(lang, "clarify"), candidates=candidates)
        say(dispatcher, channel, reply)
        return [SlotSet("last_answer", reply.repeat()), SlotSet("fallback_count", 0.0),
                SlotSet("awaiting_feedback", False), SlotSet("faq_id", None),
                SlotSet("clarify_options", [c["faq_id"] for c in candidates])]

    @staticmethod
    def fallback(dispatcher, tracker: Tracker, nearest, lang: str) -> list[dict]:
        """Nothing found: an apology and the nearest section. The count of misses in a row is Rasa's
        fallback_count slot, sent in the payload (the phone line reads it); the second miss hands over."""
        count = int(tracker.get_slot("fallback_count") or 0) + 1
        ward = retrieval.ward()
        lines = [text(lang, "fallback")]
        section = section_of(nearest, lang) if nearest is not None else None
        if section:
            lines.append(text(lang, "fallback_section", **section))
        if count >= FALLBACKS_BEFORE_HANDOFF:  # second miss in a row: a person takes over
            reply = Handoff(message="\n".join([text(lang, "handoff_after_fallbacks"), handoff_text(lang)] + lines[1:]),
                            reason=HandoffReason.FALLBACKS, main_phone=ward.main_phone,
                            main_hours=ward.text(content_lang(lang)).main_hours, section=section)
            count = 0
        else:
            reply = Fallback(message="\n".join(lines), section=section, main_phone=ward.main_phone,
                             fallback_count=count)
        say(dispatcher, staff.channel_of(tracker), reply)
        return [SlotSet("last_answer", reply.repeat()), SlotSet("fallback_count", float(count)),
                SlotSet("awaiting_feedback", False), SlotSet("faq_id", None), SlotSet("clarify_options", None)]
