"""The input channel that never leaves a resident without a reply (REST: the widget, the phone line
and the voice service all use it).

Rasa's own channels answer nothing when a custom action fails (action server down: Rasa logs the
error and carries on without the action's messages) and wait up to 5 minutes for a slow one. The
guarded channel wraps message handling: it checks the text first (empty, symbols only, very long),
gives Rasa a time limit, and when Rasa raises, times out or says nothing, it sends a polite message
with the ward's main phone number instead. These messages are in the language the client declares
(`metadata.lang`, as the widget and the voice client send it), else Japanese; the phone number and
hours are the published release's (knowledge/published.py), re-read after a publish.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import regex
from sanic import Blueprint

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from knowledge.languages import LANGUAGES, content_lang
from knowledge.texts import text as resident_text

logger = logging.getLogger(__name__)

MAX_INPUT_CHARS = 500  # a question fits easily; more is a pasted document, cut before NLU
DEFAULT_TIMEOUT_SECONDS = 15.0
# Some letter or digit in any script; a message without one is emoji or punctuation only.
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")

DEFAULT_LANG = "ja"


def message_lang(message: UserMessage) -> str:
    """The language the client declared for this message (`metadata.lang`), else Japanese."""
    metadata = message.metadata if isinstance(message.metadata, dict) else {}
    lang = metadata.get("lang")
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT_LANG


def ward_contact(lang: str = DEFAULT_LANG) -> Optional[tuple[str, str]]:
    """(main phone, hours in `lang`) of the published ward; None if it cannot be read."""
    try:
        from knowledge.published import published_ward

        ward = published_ward()
        return ward.main_phone, ward.text(content_lang(lang)).main_hours
    except Exception:  # the polite message must not depend on anything that can fail
        logger.exception("could not read the ward's phone number")
        return None


def apology_message(lang: str = DEFAULT_LANG) -> str:
    contact = ward_contact(lang)
    if contact is None:
        return resident_text(lang, "guard_apology_no_phone")
    phone, hours = contact
    return resident_text(lang, "guard_apology", phone=phone, hours=hours)


def check_text(text: Optional[str], lang: str = DEFAULT_LANG) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(text to give Rasa or None, reply instead of Rasa, note to send before Rasa's reply), in `lang`."""
    text = (text or "").strip()
    if not text:
        return None, resident_text(lang, "guard_empty"), None
    if not _HAS_WORD.search(text):
        return None, resident_text(lang, "guard_no_words"), None
    if len(text) > MAX_INPUT_CHARS:
        return text[:MAX_INPUT_CHARS], None, resident_text(lang, "guard_truncated", n=MAX_INPUT_CHARS)
    return text, None, None


def guard(on_new_message: Callable[[UserMessage], Awaitable[Any]],
          timeout_seconds: float) -> Callable[[UserMessage], Awaitable[None]]:
    """on_new_message with input checks, a time limit and a polite reply when nothing came back."""

    async def guarded(message: UserMessage) -> None:
        out = message.output_channel
        lang = message_lang(message)
        text, reply, note = check_text(message.text, lang)
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
            await out.send_text_message(message.sender_id, apology_message(lang))

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
