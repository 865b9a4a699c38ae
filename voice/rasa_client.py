"""Talking to Rasa over its REST webhook, and turning its messages into something to say."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import httpx

log = logging.getLogger(__name__)
DEFAULT_WEBHOOK = os.environ.get("MADOGUCHI_RASA_URL", "http://localhost:5005/webhooks/rest/webhook")


@dataclass
class Reply:
    text: str  # what to say: the text parts of Rasa's messages (custom payloads are for screens)
    buttons: list[dict] = field(default_factory=list)  # choices a caller can make with keys 1–8
    kinds: list[str] = field(default_factory=list)  # custom payload types: faq_answer, faq_fallback, …
    raw: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return not self.raw


def _feedback_only(message: dict) -> bool:
    """"Did this answer your question? [yes] [no]" is for screens: a caller would hear a question
    they cannot answer with the keys we announce."""
    buttons = message.get("buttons") or []
    return bool(buttons) and all(str(b.get("payload", "")).startswith("/feedback_") for b in buttons)


def to_reply(messages: list[dict]) -> Reply:
    spoken = [m for m in messages if m.get("text") and not _feedback_only(m)]
    buttons = [b for m in spoken for b in (m.get("buttons") or [])]
    kinds = [str((m.get("custom") or {}).get("type")) for m in messages if isinstance(m.get("custom"), dict)]
    return Reply("\n".join(m["text"] for m in spoken), buttons, kinds, messages)


class RasaClient:
    """POST /webhooks/rest/webhook with sender = the conversation (call id) and the channel in metadata."""

    def __init__(self, webhook: str = DEFAULT_WEBHOOK, channel: str = "phone", timeout: float = 20.0):
        self.webhook, self.channel, self.timeout = webhook, channel, timeout
        self._client = httpx.AsyncClient(timeout=timeout)

    async def ask(self, sender: str, text: str, lang: str | None = None) -> Reply:
        meta = {"channel": self.channel}
        if lang:
            meta["lang"] = lang
        try:
            r = await self._client.post(self.webhook, json={"sender": sender, "message": text, "metadata": meta})
            r.raise_for_status()
            return to_reply(r.json())
        except (httpx.HTTPError, ValueError):
            log.exception("Rasa did not answer")
            return Reply("")  # the caller hears the apology with the ward's number

    async def aclose(self) -> None:
        await self._client.aclose()
