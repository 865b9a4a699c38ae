"""Talking to Rasa over its REST webhook, and turning its messages into something to say."""
from __future__ import annotations
from knowledge.settings import current as settings

import logging
from dataclasses import dataclass, field

import httpx

from bot.messages import PHONE, Kind

log = logging.getLogger(__name__)
DEFAULT_WEBHOOK = settings().rasa_url


@dataclass
class Reply:
    text: str  # what to say: the text parts of Rasa's messages (custom payloads are for screens)
    buttons: list[dict] = field(default_factory=list)  # choices a caller can make with keys 1–8
    kinds: list[str] = field(default_factory=list)  # custom payload types (bot/messages.py Kind): faq_answer, …
    raw: list[dict] = field(default_factory=list)
    # Rasa's misses in a row, from its faq_fallback marker (its fallback_count slot); 0 for anything else
    fallback_count: int = 0

    @property
    def failed(self) -> bool:
        return not self.raw

    @property
    def customs(self) -> list[dict]:
        """The markers of this reply (bot/messages.py), in order."""
        return [m["custom"] for m in self.raw if isinstance(m.get("custom"), dict)]

    @property
    def handed_over(self) -> bool:
        """Rasa told the caller to call a person (asked for, or after its repeated misses): its text has the number."""
        return Kind.HANDOFF.value in self.kinds


def _feedback_only(message: dict) -> bool:
    """"Did this answer your question? [yes] [no]" is for screens: a caller would hear a question
    they cannot answer with the keys we announce."""
    buttons = message.get("buttons") or []
    return bool(buttons) and all(str(b.get("payload", "")).startswith("/feedback_") for b in buttons)


def to_reply(messages: list[dict]) -> Reply:
    """Rasa's messages for a text channel (bot/messages.py): the texts are said, the markers read."""
    spoken = [m for m in messages if m.get("text") and not _feedback_only(m)]
    buttons = [b for m in spoken for b in (m.get("buttons") or [])]
    customs = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    kinds = [str(c.get("type")) for c in customs]
    misses = [int(c.get("fallback_count") or 0) for c in customs if c.get("type") == Kind.FALLBACK.value]
    return Reply("\n".join(m["text"] for m in spoken), buttons, kinds, messages, max(misses, default=0))


class RasaClient:
    """POST /webhooks/rest/webhook with sender = the conversation (call id) and the channel in metadata."""

    def __init__(self, webhook: str = DEFAULT_WEBHOOK, channel: str = PHONE, timeout: float = 20.0):
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
