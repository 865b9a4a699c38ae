"""One phone call's conversation, independent of SIP/RTP: greeting, listen, ask Rasa, speak, loop.

The transport gives `say()`, `next_input()` and `hangup()` (voice/phone.py for SIP; tests can give
a fake). Keys: 9 repeats, 0 gives the operator's number; 1–8 pick one of Rasa's choices (a
clarifying question's candidates are read out as numbered options). Saying 「もう一度」 repeats.
Silence: two reprompts, then a polite goodbye and hang-up. A caller who is not understood twice in
a row (nothing recognisable, or Rasa found no answer) is given the operator's number: Rasa counts
its own misses (the fallback_count its faq_fallback marker carries) and hands over itself at the
second; only sounds without recognisable words, which never reach Rasa, are counted here.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

from bot import pii
from bot.messages import Kind

from .phone_texts import asks_next, asks_repeat, phone_text
from .rasa_client import RasaClient, Reply

log = logging.getLogger(__name__)

SILENCE_TIMEOUT = 8.0
MAX_REPROMPTS = 2
MAX_MISSES = 2  # not understood this many times in a row: the operator's number (Rasa's own limit is the same)
MIN_SPEECH_SECONDS = 0.5  # shorter unrecognised sounds (a cough, a click) are ignored
MAX_TURNS = 50  # a runaway call ends eventually
MAX_OPTIONS = 8  # keys 1–8; 9 and 0 are taken


@dataclass
class Input:
    kind: str  # "speech" | "dtmf" | "hangup"
    value: Any = None  # voice.listener.Utterance for speech, the digit for dtmf


class CallIO(Protocol):
    async def say(self, text: str) -> bool: ...  # True when the caller interrupted (barge-in, key)
    async def next_input(self, timeout: float) -> Input | None: ...  # None: silence until timeout
    async def hangup(self) -> None: ...


class Dialogue:
    def __init__(self, call_id: str, io: CallIO, rasa: RasaClient, lang: str = "ja",
                 silence_timeout: float = SILENCE_TIMEOUT, notice: str | None = None, events: list | None = None):
        self.call_id, self.io, self.rasa, self.lang = call_id, io, rasa, lang
        self.silence_timeout = silence_timeout
        self.notice = notice
        self.events = events if events is not None else []
        self.last_answer: str | None = None
        self.buttons: list[dict] = []
        # 手続きナビ: a number question takes the keypad's digits as its answer; a checklist is read one
        # procedure at a time (「次」 or 1 for the next, 9 again).
        self.number_question = False
        self.checklist: list[str] = []
        # Misses in a row = Rasa's count + the unheard ones since. Rasa's fallback_count (its slot, sent in
        # the faq_fallback marker) as of its last reply: kept, not counted here.
        self.rasa_misses = 0
        # The one count Rasa cannot keep: sounds with no recognisable words (ASR heard nothing) since
        # Rasa's last reply. They never reach Rasa, so its fallback_count does not include them.
        self.unheard = 0

    def log(self, kind: str, **kw) -> None:
        ev = {"call": self.call_id, "t": round(time.time(), 3), "event": kind, **kw}
        self.events.append(ev)
        log.info("%s", ev)

    async def say(self, text: str, kind: str = "say") -> bool:
        self.log(kind, text=text)
        interrupted = await self.io.say(text)
        self.log("played", what=kind, interrupted=interrupted)
        return interrupted

    def options_text(self, buttons: list[dict]) -> str:
        opts = "".join(phone_text("option", self.lang).format(n=i + 1, title=b.get("title", ""))
                       for i, b in enumerate(buttons[:MAX_OPTIONS]))
        return opts + phone_text("choose", self.lang)

    async def ask_rasa(self, message: str) -> None:
        reply: Reply = await self.rasa.ask(self.call_id, message, None)
        self.number_question, self.checklist = False, []
        guide = next((c for c in reply.customs if c.get("type") == Kind.GUIDE_QUESTION.value), None)
        if Kind.GUIDE_CHECKLIST.value in reply.kinds:
            await self.read_checklist(reply)
            return
        text = reply.text or phone_text("apology", self.lang)
        if guide is not None and guide.get("qtype") in ("number", "date"):
            self.buttons = []  # said aloud (a number also on the keypad): no numbered options
            self.number_question = guide.get("qtype") == "number"
            if self.number_question:
                text += "\n" + phone_text("guide_number", self.lang)
        elif guide is not None:
            self.buttons = reply.buttons[:MAX_OPTIONS]  # the answers, わからない, 戻る, やめる
        else:
            self.buttons = [b for b in reply.buttons if str(b.get("payload", "")).startswith("/ask_faq")]
        if self.buttons:
            text += "\n" + self.options_text(self.buttons)
        if reply.handed_over or not reply.fallback_count:  # answered, or Rasa gave the number itself
            self.rasa_misses = 0
        elif reply.fallback_count + self.unheard >= MAX_MISSES:  # an unheard sound, then Rasa's first miss
            text += "\n" + phone_text("operator", self.lang)
            self.rasa_misses = 0
        else:
            self.rasa_misses = reply.fallback_count
        self.unheard = 0
        self.last_answer = text
        await self.say(text, "answer")

    async def read_checklist(self, reply: Reply) -> None:
        """The checklist, one procedure at a time: the header, then each 「■」 item with its counter; the
        printable link and the change button are for screens."""
        parts: list[str] = []
        for message in (m.get("text") or "" for m in reply.raw):
            if not message or "/webhooks/" in message:
                continue
            head, *items = message.split("\n■ ")
            if not items:
                parts.append(message)
                continue
            where = head.splitlines()[0]  # 「1. 戸籍住民課（1階 6番窓口）」
            parts += [f"{where}\n{head}\n{items[0]}"] + [f"{where}\n{item}" for item in items[1:]]
        if len(parts) > 1:  # the header with the first procedure
            parts[:2] = [parts[0] + "\n" + parts[1]]
        self.checklist = parts[1:]
        self.buttons = []
        self.rasa_misses = self.unheard = 0
        await self.say_step(parts[0].replace("■", "") if parts else phone_text("apology", self.lang))

    async def say_step(self, text: str) -> None:
        more = bool(self.checklist)
        self.last_answer = text + "\n" + phone_text("guide_next" if more else "guide_end", self.lang)
        await self.say(self.last_answer, "answer")

    async def next_step(self) -> None:
        await self.say_step(self.checklist.pop(0).replace("■", ""))

    async def not_understood(self) -> None:
        """Sound but no words (never sent to Rasa): a miss Rasa cannot count."""
        self.unheard += 1
        if self.rasa_misses + self.unheard >= MAX_MISSES:
            self.rasa_misses = self.unheard = 0
            self.last_answer = phone_text("operator", self.lang)
            await self.say(self.last_answer, "operator")
        else:
            await self.say(phone_text("not_heard", self.lang), "not_heard")

    async def run(self) -> None:
        greeting = phone_text("greeting", self.lang)
        if self.notice:
            greeting = self.notice + "\n" + greeting
        self.last_answer = greeting  # 9 before any answer repeats the greeting (and the notice)
        await self.say(greeting, "greeting")
        reprompts = 0
        for _ in range(MAX_TURNS):
            inp = await self.io.next_input(self.silence_timeout)
            if inp is None:
                reprompts += 1
                if reprompts > MAX_REPROMPTS:
                    await self.say(phone_text("goodbye", self.lang), "goodbye")
                    break
                await self.say(phone_text(f"reprompt{reprompts}", self.lang), "reprompt")
                continue
            if inp.kind == "hangup":
                self.log("caller_hangup")
                return
            reprompts = 0
            if inp.kind == "dtmf":
                self.log("dtmf", digit=inp.value)
                await self.on_key(inp.value)
                continue
            # The phone line's edge: what the caller said loses its personal data before it is logged or
            # sent on (bot/pii.py; Rasa's channel masks again, which changes nothing).
            utt = inp.value
            utt.text, utt.raw = pii.mask(utt.text).text, pii.mask(utt.raw).text
            self.log("heard", text=utt.text, raw=utt.raw, asr_seconds=round(utt.asr_seconds, 3),
                     audio_seconds=round(utt.audio_seconds, 2))
            if not utt.text.strip():
                if utt.audio_seconds >= MIN_SPEECH_SECONDS:
                    await self.not_understood()
                continue  # a cough or line noise: keep listening (the silence timer restarts)
            if asks_repeat(utt.text):
                await self.repeat()
                continue
            if self.checklist and asks_next(utt.text):
                await self.next_step()
                continue
            await self.ask_rasa(utt.text)
        else:
            await self.say(phone_text("goodbye", self.lang), "goodbye")
        await self.io.hangup()
        self.log("hangup")

    async def repeat(self) -> None:
        await self.say(self.last_answer or phone_text("nothing_to_repeat", self.lang), "repeat")

    async def on_key(self, digit: str) -> None:
        if digit == "9":
            await self.repeat()
        elif digit == "0":
            await self.say(phone_text("operator", self.lang), "operator")
        elif self.checklist and digit == "1":
            await self.next_step()
        elif self.number_question and (digit.isdigit() or digit == "#"):
            await self.ask_rasa("0" if digit == "#" else digit)
        elif digit.isdigit() and 1 <= int(digit) <= len(self.buttons):
            await self.ask_rasa(self.buttons[int(digit) - 1]["payload"])
