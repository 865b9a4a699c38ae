"""action_answer_faq: a resident's question → the knowledge index → answer, clarify or fallback."""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import retrieval
from .render import answer_payload, answer_text, clarify_buttons, feedback_buttons, section_of
from .texts import content_lang, text

log = logging.getLogger(__name__)

FALLBACKS_BEFORE_HANDOFF = 2
# A safety net behind the emergency intent: if NLU misses 「人が倒れた」, retrieval must not answer it.
# Narrow on purpose, so that FAQ questions about disaster preparedness still reach the index.
EMERGENCY_RE = re.compile(r"救急車|119|110番|火事です|燃えて(い|る)|倒れ(た|て)|意識が(ない|無い|ありません)|"
                          r"息をしていない|血が止まらない|泥棒|空き巣|刺され|助けて")


def user_lang(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "ja"


def handoff_text(lang: str) -> str:
    ward = retrieval.ward()
    return text(lang, "handoff", phone=ward.main_phone, hours=ward.text(content_lang(lang)).main_hours)


def error_text(lang: str) -> str:
    ward = retrieval.ward()
    return text(lang, "error", phone=ward.main_phone, hours=ward.main_hours)


def requested_faq_id(tracker: Tracker) -> str | None:
    """The entry a clarify button asked for, from this turn's entities only (never a stale slot)."""
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == "faq_id" and ent.get("value"):
            return str(ent["value"])
    return None


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker)
        query = (tracker.latest_message.get("text") or "").strip()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        faq_id = requested_faq_id(tracker)

        if faq_id is None and EMERGENCY_RE.search(query):
            dispatcher.utter_message(response="utter_emergency")
            return [SlotSet("faq_id", None)]
        try:
            if faq_id is not None:
                entry = await retrieval.entry(faq_id)
                if entry is not None:
                    return self.answer(dispatcher, entry, lang, "selected", "")
                query = ""  # an unknown id (stale button): fall back below
            result = await retrieval.search(query) if query else None
        except Exception:  # index missing or broken: the resident still gets the phone number
            log.exception("knowledge search failed")
            message = error_text(lang)
            dispatcher.utter_message(text=message)
            return [SlotSet("last_answer", message), SlotSet("faq_id", None)]

        decision = result.decision if result else "fallback"
        if intent == "out_of_scope" and decision != "answer":
            message = text(lang, "out_of_scope")
            dispatcher.utter_message(text=message)
            return [SlotSet("last_answer", message), SlotSet("awaiting_feedback", False), SlotSet("faq_id", None)]
        if decision == "answer":
            return self.answer(dispatcher, result.hits[0].entry, lang, "answer", result.index_version)
        if decision == "clarify":
            return self.clarify(dispatcher, [h.entry for h in result.candidates[:3]], lang)
        return self.fallback(dispatcher, tracker, result.hits[0].entry if result and result.hits else None, lang)

    @staticmethod
    def answer(dispatcher, entry, lang: str, decision: str, index_version: str) -> list[dict]:
        payload = answer_payload(entry, lang, decision, index_version)
        message = answer_text(payload)
        dispatcher.utter_message(text=message)
        dispatcher.utter_message(json_message=payload)
        dispatcher.utter_message(text=text(lang, "solved"), buttons=feedback_buttons(lang))
        return [SlotSet("last_answer", message), SlotSet("last_faq_id", entry.id), SlotSet("fallback_count", 0.0),
                SlotSet("awaiting_feedback", True), SlotSet("faq_id", None)]

    @staticmethod
    def clarify(dispatcher, entries, lang: str) -> list[dict]:
        prompt = text(lang, "clarify")
        buttons = clarify_buttons(entries, lang)
        dispatcher.utter_message(text=prompt, buttons=buttons)
        dispatcher.utter_message(json_message={
            "type": "faq_clarify",
            "candidates": [{"faq_id": e.id, "question": b["title"], "payload": b["payload"]}
                           for e, b in zip(entries, buttons)],
        })
        listing = "\n".join(f"・{b['title']}" for b in buttons)
        return [SlotSet("last_answer", f"{prompt}\n{listing}"), SlotSet("fallback_count", 0.0),
                SlotSet("awaiting_feedback", False), SlotSet("faq_id", None)]

    @staticmethod
    def fallback(dispatcher, tracker: Tracker, nearest, lang: str) -> list[dict]:
        count = int(tracker.get_slot("fallback_count") or 0) + 1
        lines = [text(lang, "fallback")]
        section = section_of(nearest, lang) if nearest is not None else None
        if section:
            lines.append(text(lang, "fallback_section", **section))
        if count >= FALLBACKS_BEFORE_HANDOFF:  # second miss in a row: a person takes over
            lines = [text(lang, "handoff_after_fallbacks"), handoff_text(lang)] + lines[1:]
            count = 0
        message = "\n".join(lines)
        dispatcher.utter_message(text=message)
        dispatcher.utter_message(json_message={
            "type": "faq_handoff" if count == 0 else "faq_fallback",
            "section": section,
            "main_phone": retrieval.ward().main_phone,
        })
        return [SlotSet("last_answer", message), SlotSet("fallback_count", float(count)),
                SlotSet("awaiting_feedback", False), SlotSet("faq_id", None)]
