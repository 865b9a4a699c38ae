"""手続きナビ in the conversation: a Rasa form that asks a guide's questions one at a time, then the
household's checklist (knowledge/guides.py decides; knowledge/guide_render.py shows it).

The form `guide_form` has one required slot, `guide_step`, which stays empty while questions remain:
Rasa asks it with `action_ask_guide_step` (the next question, or which guide, or which answer to
change) and runs `validate_guide_form` on every message, which records the answer in `guide_answers`
and sets `guide_step` to "done" or "stopped" when the form should end; `action_guide_checklist` then
gives the checklist, or says how to resume. Answers stay in the conversation (the tracker store), so
a resident can stop, ask something else, and resume later; they are answers to the guide's
questions only (yes/no, a choice, a number, a date), never a name or an address.

Every message during the form goes through `validate_guide_form` whatever intent the NLU saw: an
answer (a button's label, or free text such as 「子どもは2人」「来月10日」), わからない (skip), 戻る (back),
やめる (stop), another guide's button, or an emergency (the 119/110 guidance, and the form stops).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import staff
from .emergency import EMERGENCY_RE, emergency
from .language import client_choice, language_events, user_lang
from bot.messages import GuideChecklist, GuideQuestion, Text, say
from knowledge.guide_render import checklist_payload, checklist_texts
from knowledge.guides import SKIP, checklist, encode_answers, next_question, parse_answer, text_in
from knowledge.settings import current as settings
from knowledge.texts import text

log = logging.getLogger(__name__)
TOKYO = ZoneInfo("Asia/Tokyo")

# Words for the controls, in the ten languages (the buttons send the first word of their language).
_STOP = r"やめ|止め|中止|終わ|おわり|stop|quit|cancel|停止|取消|退出|그만|중지|취소|dừng|thôi|hủy|रोक|बन्द|parar|pare|cancelar|detener|itigil|tigil"
_BACK = r"戻|もどる|まえの|前の|back|previous|返回|上一|이전|뒤로|quay lại|trở lại|पछाडि|voltar|anterior|atrás|volver|bumalik"
_RESUME = r"続き|つづき|再開|continue|resume|继续|繼續|계속|tiếp tục|जारी|continuar|ituloy|magpatuloy"
STOP_RE, BACK_RE, RESUME_RE = (re.compile(rf"^\s*(?:{w})", re.IGNORECASE) for w in (_STOP, _BACK, _RESUME))
RESUME_ANY_RE = re.compile(_RESUME, re.IGNORECASE)
# DIET reads many procedure questions as start_guide (measured: 10 of 84 held-out questions over the
# whole path): a typed request starts a guide only when it asks for the guide or the whole list;
# anything else is answered from the index as any question.
ASKS_GUIDE_RE = re.compile(r"ナビ|なび|一覧|全部|ぜんぶ|まとめ|チェックリスト|リスト|やること|guide|checklist|list|everything|"
                           r"导航|清单|全部|안내|목록|hướng dẫn|danh sách|गाइड|सूची|guia|lista|gabay|listahan|" + _RESUME,
                           re.IGNORECASE)

# Which guide a free-text request names (the button and the rich menu send the guide's id).
_GUIDE_WORDS = {
    "moving-out": r"転出|引っ越します|引っ越す|出て行|区外へ|他県へ|海外へ|ひっこします|move out|moving out|leaving|搬出|搬走|전출|이사 가|chuyển đi|सर्दै|saindo|me mudo|mudarme fuera|aalis",
    "moving-within": r"区内で|区の中で|転居|within the ward|区内搬家|구내|trong quận|dentro do distrito|dentro del distrito|sa loob ng ward",
    "moving-in": r"引っ越してき|越してきた|転入|ひっこして き|moved here|moved in|moving in|just moved|搬来|전입|이사 왔|chuyển đến|सरेर आए|me mudei|acabo de mudarme|bagong lipat|引っ越し|ひっこし|moving|搬家|이사|chuyển nhà|mudança|mudanza|lipat",
    "birth": r"生まれ|出産|出生|うまれ|baby|born|birth|出生|孩子出生|태어|아기|sinh|जन्म|nasceu|nació|ipinanganak",
    "death": r"亡くな|死亡|おくやみ|しにました|passed away|died|death|去世|死亡|돌아가|사망|qua đời|mất|मृत्यु|faleceu|falleció|pumanaw|namatay",
    "marriage": r"結婚|婚姻|けっこん|married|marriage|wedding|结婚|결혼|kết hôn|विवाह|casamos|casamento|nos casamos|kasal",
    "childcare": r"保育|預け|学童|daycare|nursery|childcare|托儿|幼儿园|어린이집|nhà trẻ|शिशु|creche|guardería|daycare",
}


def answer_lang(tracker: Tracker) -> str:
    """The language during the form: answers (「2」「No」「3月30日」) are too short to tell a language
    by, so the conversation's stays unless the client declares another."""
    return client_choice(tracker) or tracker.get_slot("language") or user_lang(tracker, question=False)


def today() -> dt.date:
    return dt.datetime.now(TOKYO).date()


def guides() -> dict:
    """The published guides ({id: Guide}), re-read after a publish (knowledge/published.py)."""
    from knowledge.published import published_guides

    return {g.id: g for g in published_guides()}


def entries_by_id() -> dict:
    from knowledge.published import published_entries

    return {e.id: e for e in published_entries()}


def named_guide(message: str, available) -> str | None:
    """The guide a free-text request names; the first match in _GUIDE_WORDS's order (moving out
    before moving in: 「引っ越します」 vs 「引っ越してきました」)."""
    t = unicodedata.normalize("NFKC", message or "").lower()
    for gid, words in _GUIDE_WORDS.items():
        if gid in available and re.search(words, t, re.IGNORECASE):
            return gid
    return None


def _entity(tracker: Tracker, name: str) -> str | None:
    for ent in tracker.latest_message.get("entities") or []:
        if ent.get("entity") == name and ent.get("value"):
            return str(ent["value"])
    return None


def _answers(tracker: Tracker) -> dict:
    value = tracker.get_slot("guide_answers")
    return dict(value) if isinstance(value, dict) else {}


def _history(tracker: Tracker) -> list:
    value = tracker.get_slot("guide_history")
    return list(value) if isinstance(value, list) else []


def _state(gid, answers, history, mode, step=None) -> list[dict]:
    return [SlotSet("guide_id", gid), SlotSet("guide_answers", answers), SlotSet("guide_history", history),
            SlotSet("guide_mode", mode), SlotSet("guide_step", step)]


def _controls(lang: str, back: bool) -> list[dict]:
    keys = ["guide_skip"] + (["guide_back"] if back else []) + ["guide_stop"]
    return [{"title": text(lang, k), "payload": text(lang, k)} for k in keys]


def _guide_payload(guide: str, change: str | None = None) -> str:
    entities = {"guide": guide, **({"change": change} if change else {})}
    return "/start_guide" + json.dumps(entities, ensure_ascii=False, separators=(",", ":"))


class ActionGuideStart(Action):
    """start_guide: which guide (a button's id, the words of the request, or 「続き」 for the last one),
    a fresh start or a resume, or 「答えを変える」; the form then asks."""

    def name(self) -> str:
        return "action_guide_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = user_lang(tracker, question=False)
        events = language_events(tracker, lang)
        available = guides()
        message = tracker.latest_message.get("text") or ""
        previous = tracker.get_slot("guide_id")
        gid = _entity(tracker, "guide") or (None if message.startswith("/") else named_guide(message, available))
        resume = previous in available and (gid in (None, previous)) and (
            bool(RESUME_ANY_RE.search(message)) or _entity(tracker, "change") is not None)
        if resume:
            gid = previous
        if not message.startswith("/") and not _entity(tracker, "guide") and not ASKS_GUIDE_RE.search(message):
            from .faq import ActionAnswerFaq  # a question, not a request for the guide

            answered = await ActionAnswerFaq().respond(dispatcher, tracker, user_lang(tracker, question=True))
            return events + answered + [SlotSet("guide_mode", "offered"), SlotSet("guide_step", "stopped")]
        if gid not in available:  # which guide? the form asks with the guides as buttons
            return events + _state(None, {}, [], "pick")
        guide = available[gid]
        change = _entity(tracker, "change")
        if resume:
            answers, history = _answers(tracker), _history(tracker)
            if change:  # 「答えを変える」: which one (the form asks), or this one asked again
                if change in answers:
                    answers.pop(change)
                    return events + _state(gid, answers, [h for h in history if h != change], "answer")
                return events + _state(gid, answers, history, "change")
            say(dispatcher, staff.channel_of(tracker), Text(text(lang, "guide_resume", title=text_in(guide.title, lang))))
            return events + _state(gid, answers, history, "answer")
        say(dispatcher, staff.channel_of(tracker),
            Text(text(lang, "guide_start", title=text_in(guide.title, lang)) + "\n" + text_in(guide.intro, lang)))
        return events + _state(gid, {}, [], "answer")


class ActionAskGuideStep(Action):
    """The form's question: the next one of the guide, or which guide, or which answer to change."""

    def name(self) -> str:
        return "action_ask_guide_step"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = answer_lang(tracker)
        channel = staff.channel_of(tracker)
        available = guides()
        guide = available.get(tracker.get_slot("guide_id") or "")
        mode = tracker.get_slot("guide_mode")
        if guide is None or mode == "pick":
            options = [{"title": text_in(g.title, lang), "payload": _guide_payload(g.id)}
                       for g in sorted(available.values(), key=lambda g: g.order)]
            say(dispatcher, channel, GuideQuestion(guide="", question="guide", qtype="choice",
                                                   message=text(lang, "guide_pick"), options=options + _controls(lang, False)[-1:],
                                                   step=0, total=0))
            return []
        answers = _answers(tracker)
        if mode == "change":
            options = [{"title": text_in(q.text, lang), "payload": _guide_payload(guide.id, q.id)}
                       for q in guide.questions if q.id in answers]
            say(dispatcher, channel, GuideQuestion(guide=guide.id, question="change", qtype="choice",
                                                   message=text(lang, "guide_change_which"), options=options,
                                                   step=0, total=0))
            return []
        q = next_question(guide, answers)
        if q is None:  # nothing left (a stale form): the checklist follows
            return [SlotSet("guide_step", "done")]
        asked = [x for x in guide.questions if x.id in answers]
        remaining = 1
        trial = dict(answers)
        trial[q.id] = None
        while (nq := next_question(guide, trial)) is not None and remaining < len(guide.questions):
            trial[nq.id] = None
            remaining += 1
        total = len(asked) + remaining
        if q.type == "yesno":
            options = [{"title": text(lang, "guide_yes"), "payload": text(lang, "guide_yes")},
                       {"title": text(lang, "guide_no"), "payload": text(lang, "guide_no")}]
        elif q.type == "choice":
            options = [{"title": text_in(c.label, lang), "payload": text_in(c.label, lang)} for c in q.choices]
        else:
            options = []
        hint = {"number": text(lang, "guide_hint_number"), "date": text(lang, "guide_hint_date")}.get(q.type)
        message = f"{text_in(q.text, lang)}{text(lang, 'guide_progress', n=len(asked) + 1, total=total)}"
        say(dispatcher, channel, GuideQuestion(guide=guide.id, question=q.id, qtype=q.type, message=message,
                                               options=options + _controls(lang, bool(_history(tracker))),
                                               step=len(asked) + 1, total=total, hint=hint))
        return []


def _started_by_this_message(tracker: Tracker) -> bool:
    """Rasa validates the message that activated the form; action_guide_start has handled it."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_guide_start":
            return True
    return False


class ValidateGuideForm(Action):
    """Every message while the form is active: record the answer, or act on the control it is."""

    def name(self) -> str:
        return "validate_guide_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = answer_lang(tracker)
        channel = staff.channel_of(tracker)
        message = (tracker.latest_message.get("text") or "").strip()
        available = guides()
        gid, mode = tracker.get_slot("guide_id"), tracker.get_slot("guide_mode")
        answers, history = _answers(tracker), _history(tracker)
        events = language_events(tracker, lang)
        if mode == "offered":  # answered as a question by action_guide_start: the form ends at once
            return [SlotSet("guide_step", "stopped")]
        if _started_by_this_message(tracker):  # the request itself is no answer: the form asks first
            return []

        if EMERGENCY_RE.search(message):
            say(dispatcher, channel, emergency(lang))
            return events + _state(gid, answers, history, "emergency", "stopped")
        if STOP_RE.search(message):
            return events + _state(gid, answers, history, "stopped", "stopped")
        picked, change = _entity(tracker, "guide"), _entity(tracker, "change")
        if picked in available and picked != gid:  # another guide's button: start it
            guide = available[picked]
            say(dispatcher, channel, Text(text(lang, "guide_start", title=text_in(guide.title, lang)) + "\n"
                                          + text_in(guide.intro, lang)))
            return events + _state(picked, {}, [], "answer")
        if gid not in available:  # choosing the guide by typing
            gid = named_guide(message, available)
            if gid is None:
                say(dispatcher, channel, Text(text(lang, "guide_not_understood")))
                return events + _state(None, {}, [], "pick")
            return events + _state(gid, {}, [], "answer")
        guide = available[gid]
        if mode == "change" or change:
            if change and change in answers:
                answers.pop(change)
                history = [h for h in history if h != change]
                return events + _state(gid, answers, history, "answer")
            if mode == "change":
                say(dispatcher, channel, Text(text(lang, "guide_not_understood")))
                return events + _state(gid, answers, history, "change")
        if BACK_RE.search(message) and history:
            answers.pop(history[-1], None)
            return events + _state(gid, answers, history[:-1], "answer")
        q = next_question(guide, answers)
        if q is not None:
            value = parse_answer(q, message, lang, today())
            if value is None:
                say(dispatcher, channel, Text(text(lang, "guide_not_understood")))
                return events + _state(gid, answers, history, "answer")
            answers[q.id] = None if value is SKIP else (value.isoformat() if isinstance(value, dt.date) else value)
            history = history + [q.id]
        step = "done" if next_question(guide, answers) is None else None
        return events + _state(gid, answers, history, "answer", step)


class ActionGuideChecklist(Action):
    """After the form: the checklist, or (stopped) how to resume. Nothing after an emergency."""

    def name(self) -> str:
        return "action_guide_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        lang = answer_lang(tracker)
        channel = staff.channel_of(tracker)
        mode = tracker.get_slot("guide_mode")
        reset = [SlotSet("guide_step", None)]
        if mode == "emergency":
            return reset + [SlotSet("guide_mode", "stopped")]
        if mode == "offered":  # the message was answered as a question (action_guide_start)
            return reset + [SlotSet("guide_mode", None)]
        guide = guides().get(tracker.get_slot("guide_id") or "")
        if mode == "stopped" or guide is None:
            say(dispatcher, channel, Text(text(lang, "guide_stopped")))
            return reset
        answers = _answers(tracker)
        entries = entries_by_id()
        from knowledge.published import published_ward

        items = [i for i in checklist(guide, answers, entries, today(), ward=published_ward()) if i.entry_id in entries]
        if not items:
            say(dispatcher, channel, Text(text(lang, "guide_empty", phone=published_ward().main_phone)))
            return reset
        url = print_url(guide, answers, lang)
        payload = checklist_payload(guide, items, entries, lang, url, _guide_payload(guide.id, "*"))
        reply = GuideChecklist(**payload, body=checklist_texts(payload))
        say(dispatcher, channel, reply)
        return reset + [SlotSet("guide_mode", "done"), SlotSet("last_answer", reply.plain())]


def print_url(guide, answers: dict, lang: str) -> str:
    """The printable page (bot/channels.py serves it): only the guide, the answers token and the language."""
    base = settings().public_url.rstrip("/")
    return f"{base}/webhooks/rest/guide/{guide.id}/{encode_answers(guide, answers)}?lang={lang}"
