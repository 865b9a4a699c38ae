"""The input channel that never leaves a resident without a reply (REST: the widget, the phone line
and the voice service all use it).

Rasa's own channels answer nothing when a custom action fails (action server down: Rasa logs the
error and carries on without the action's messages) and wait up to 5 minutes for a slow one. The
guarded channel wraps message handling: it checks the text first (empty, symbols only, very long),
gives Rasa a time limit, and when Rasa raises, times out or says nothing, it sends a polite message
with the ward's main phone number instead. It is also where personal data leaves a resident's
message (bot/pii.py): before Rasa, its tracker store, its logs or the action server see the text,
phone numbers, My Numbers, addresses and the like are replaced, and the resident is told once that
they are not needed. These messages are in the language the client declares
(`metadata.lang`, as the widget and the voice client send it), else Japanese; the phone number and
hours are the published release's (knowledge/published.py), re-read after a publish.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import regex
from sanic import Blueprint

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput

from bot import pii
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


class Told:
    """Senders already told that their personal details were removed, for an hour (a session's length):
    told once a conversation, not at every message. In memory: after a restart a resident may be told
    once more, which is harmless."""

    def __init__(self, seconds: float = 3600, size: int = 50_000) -> None:
        self.seconds, self.size = seconds, size
        self._at: OrderedDict[str, float] = OrderedDict()

    def first(self, sender: str) -> bool:
        """True the first time `sender` is seen within the window (and remember it)."""
        now = time.monotonic()
        while self._at and (len(self._at) >= self.size or next(iter(self._at.values())) < now - self.seconds):
            self._at.popitem(last=False)
        if sender in self._at:
            return False
        self._at[sender] = now
        return True


def scrub_metadata(metadata: Any) -> Any:
    """The message metadata with every string masked too (clients send lang and channel; nothing else
    a client adds may carry personal data into the tracker store)."""
    if isinstance(metadata, dict):
        return {k: scrub_metadata(v) for k, v in metadata.items()}
    if isinstance(metadata, list):
        return [scrub_metadata(v) for v in metadata]
    return pii.mask(metadata).text if isinstance(metadata, str) else metadata


_SENDER_KEY = secrets.token_bytes(16)


def safe_sender(sender_id: str) -> str:
    """The conversation id as the client sent it (the widget's random id, the phone's Call-ID), unless it
    holds personal data (a client using a phone number or an e-mail address as the id): then a keyed
    hash of it, so the number never reaches the tracker store. The key lives in this process only."""
    if pii.mask(sender_id).text == sender_id:
        return sender_id
    return "anon-" + hashlib.blake2b(sender_id.encode(), key=_SENDER_KEY, digest_size=10).hexdigest()


def guard(on_new_message: Callable[[UserMessage], Awaitable[Any]],
          timeout_seconds: float) -> Callable[[UserMessage], Awaitable[None]]:
    """on_new_message with input checks, a time limit and a polite reply when nothing came back."""

    told = Told()

    async def guarded(message: UserMessage) -> None:
        out = message.output_channel
        lang = message_lang(message)
        # Masked before anything else reads it, and before the cut, so a number across the cut is seen
        # whole; only a little past the cut (a 10 MB message is not scanned).
        window = (message.text or "")[:MAX_INPUT_CHARS + 64]
        masked = pii.mask(window)
        text, reply, note = check_text(masked.text, lang)
        if reply is not None:
            await out.send_text_message(message.sender_id, reply)
            return
        if note is not None:
            await out.send_text_message(message.sender_id, note)
        if masked.text != window and told.first(message.sender_id):
            await out.send_text_message(message.sender_id, resident_text(lang, "pii_removed"))
        message.text = text
        message.metadata = scrub_metadata(message.metadata)
        message.sender_id = safe_sender(message.sender_id)

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
        bp = super().blueprint(guard(on_new_message, self.timeout_seconds))

        @bp.route("/guide/<guide_id>/<token>", methods=["GET"])
        async def guide_page(request, guide_id: str, token: str):
            """The printable checklist of a 手続きナビ (actions/guide.py links it): public, no login;
            the address holds only the guide, the answers token and the language."""
            from sanic import response

            lang = request.args.get("lang", DEFAULT_LANG)
            page = printable_guide(guide_id, token, lang if lang in LANGUAGES else DEFAULT_LANG,
                                   f"{request.scheme}://{request.host}{request.path}?lang={lang}")
            if page is None:
                return response.text(resident_text(DEFAULT_LANG, "guide_stopped"), status=404)
            return response.html(page, headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex",
                                                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"})

        return bp


def printable_guide(guide_id: str, token: str, lang: str, url: str) -> Optional[str]:
    """The page for a guide and an answers token, or None when either is unknown or the token invalid."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import segno

    from knowledge.guide_render import checklist_payload, print_page
    from knowledge.guides import TokenError, checklist, decode_answers
    from knowledge.published import published_entries, published_guide, published_ward

    guide = published_guide(guide_id)
    if guide is None:
        return None
    try:
        answers = decode_answers(guide, token)
    except TokenError:
        return None
    entries = {e.id: e for e in published_entries()}
    today = dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()
    items = [i for i in checklist(guide, answers, entries, today, ward=published_ward()) if i.entry_id in entries]
    payload = checklist_payload(guide, items, entries, lang, url, "")
    return print_page(payload, segno.make(url, error="m").svg_inline(scale=3, title="QR"))
