"""Input channels that never leave a resident without a reply.

Rasa's own channels answer nothing when a custom action fails (action server down: Rasa logs the
error and carries on without the action's messages) and wait up to 5 minutes for a slow one. The
guarded channels wrap message handling: they check the text first (empty, symbols only, very long),
give Rasa a time limit, and when Rasa raises, times out or says nothing, they send a polite message
with the ward's main phone number instead.
"""
from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import regex
from sanic import Blueprint

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput

logger = logging.getLogger(__name__)

MAX_INPUT_CHARS = 500  # a question fits easily; more is a pasted document, cut before NLU
DEFAULT_TIMEOUT_SECONDS = 15.0
# Some letter or digit in any script; a message without one is emoji or punctuation only.
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")

PROMPT_EMPTY = "ご質問を入力してください。例：「転入届はどこで出せますか」「粗大ごみの出し方」"
PROMPT_NO_WORDS = "絵文字や記号だけでは内容がわかりませんでした。お手続きについて、文章でご質問ください。例：「住民票を取りたい」"
NOTE_TRUNCATED = "メッセージが長いため、最初の{n}文字だけを読んでお答えします。"


@lru_cache(maxsize=1)
def ward_contact() -> tuple[str, str]:
    """(main phone, hours) from the knowledge base; a plain phrase if it cannot be read."""
    try:
        from knowledge.kb import load_ward

        ward = load_ward()
        return ward.main_phone, ward.main_hours
    except Exception:  # the polite message must not depend on anything that can fail
        logger.exception("could not read the ward's phone number")
        return "区役所の代表電話", "平日の開庁時間"


def apology_message() -> str:
    phone, hours = ward_contact()
    return ("申し訳ありません。ただいまシステムの不具合でお答えできません。"
            f"お急ぎの場合は区役所代表 {phone}（{hours}）までお電話ください。"
            "時間をおいてもう一度お試しいただくこともできます。")


def check_text(text: Optional[str]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(text to give Rasa or None, reply instead of Rasa, note to send before Rasa's reply)."""
    text = (text or "").strip()
    if not text:
        return None, PROMPT_EMPTY, None
    if not _HAS_WORD.search(text):
        return None, PROMPT_NO_WORDS, None
    if len(text) > MAX_INPUT_CHARS:
        return text[:MAX_INPUT_CHARS], None, NOTE_TRUNCATED.format(n=MAX_INPUT_CHARS)
    return text, None, None


def guard(on_new_message: Callable[[UserMessage], Awaitable[Any]],
          timeout_seconds: float) -> Callable[[UserMessage], Awaitable[None]]:
    """on_new_message with input checks, a time limit and a polite reply when nothing came back."""

    async def guarded(message: UserMessage) -> None:
        out = message.output_channel
        text, reply, note = check_text(message.text)
        if reply is not None:
            await out.send_text_message(message.sender_id, reply)
            return
        if note is not None:
            await out.send_text_message(message.sender_id, note)
        message.text = text

        # Count what Rasa sends through this message's output channel.
        sent = 0
        send_response = out.send_response

        async def counting_send_response(recipient_id: Text, msg: Dict[Text, Any]) -> None:
            nonlocal sent
            sent += 1
            await send_response(recipient_id, msg)

        out.send_response = counting_send_response  # type: ignore[method-assign]
        try:
            await asyncio.wait_for(on_new_message(message), timeout=timeout_seconds)
        except asyncio.TimeoutError:
            logger.error("no reply within %.0f s for sender %s", timeout_seconds, message.sender_id)
        except Exception:
            logger.exception("message handling failed for sender %s", message.sender_id)
        finally:
            out.send_response = send_response  # type: ignore[method-assign]
        if sent == 0:
            await out.send_text_message(message.sender_id, apology_message())

    return guarded


def _timeout(credentials: Optional[Dict[Text, Any]]) -> float:
    return float((credentials or {}).get("timeout_seconds", DEFAULT_TIMEOUT_SECONDS))


class GuardedRestInput(RestInput):
    """Rasa's REST channel (/webhooks/rest/webhook) with the guard."""

    def __init__(self, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.timeout_seconds = timeout_seconds

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(_timeout(credentials))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        return super().blueprint(guard(on_new_message, self.timeout_seconds))


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's Socket.IO channel (the web chat widget) with the guard."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.timeout_seconds = _timeout(credentials)  # type: ignore[attr-defined]
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        timeout = getattr(self, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS)
        return super().blueprint(guard(on_new_message, timeout))
