"""What the conversation exchanges with the staff side (knowledge.store, the admin app's database):
the emergency notice residents are told first, and the questions that got no answer.

Both reach the database off the event loop and can never fail a reply: a slow or broken store costs
the notice or the record (logged), never the answer. The store is $MADOGUCHI_DB, as for the admin app.
"""
from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from concurrent.futures import Future, ThreadPoolExecutor

from knowledge import store
from knowledge.settings import current

from bot import pii
from bot.messages import PHONE, Kind, Notice, say
from knowledge.texts import text

log = logging.getLogger(__name__)

# One thread: these are short writes and reads, and they must never compete with retrieval for the CPU.
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staff-store")
NOTICE_WAIT = current().notice_wait  # seconds a reply waits for the notice (read when the server starts)
# Conversation ids are kept only as a keyed hash: enough to group one conversation's questions on the
# staff page, never a caller's phone number. The key changes at every restart of the action server.
_PSEUDONYM_KEY = secrets.token_bytes(16)

def pseudonym(sender_id: str | None) -> str:
    if not sender_id:
        return ""
    return hashlib.blake2b(sender_id.encode(), key=_PSEUDONYM_KEY, digest_size=8).hexdigest()


def _last_user_event(tracker) -> dict:
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            return event
    return {}


def channel_of(tracker) -> str:
    """The channel a client declared in its metadata (the phone line says "phone"), else Rasa's input channel."""
    event = _last_user_event(tracker)
    declared = (event.get("metadata") or {}).get("channel")
    return str(declared or event.get("input_channel") or tracker.get_latest_input_channel() or "")[:20]


def notices_shown(tracker) -> set:
    """The ids of the notices already sent in this conversation session."""
    shown: set = set()
    for event in tracker.events or []:
        if event.get("event") == "session_started":
            shown.clear()
        elif event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom")
            if isinstance(custom, dict) and custom.get("type") == Kind.NOTICE.value:
                shown.add(custom.get("id"))
    return shown


async def tell_notice(dispatcher, tracker, lang: str) -> bool:
    """Utter the emergency notice in force, once per conversation session (again when a new one is
    issued). True when it was uttered. The phone line says it in its greeting, so calls are skipped."""
    channel = channel_of(tracker)
    if channel == PHONE:
        return False
    loop = asyncio.get_running_loop()
    try:
        notice = await asyncio.wait_for(loop.run_in_executor(_pool, store.current_notice, lang), NOTICE_WAIT)
    except asyncio.TimeoutError:
        log.warning("the store did not answer within %.1f s: replying without the emergency notice", NOTICE_WAIT)
        return False
    if notice is None or notice.id in notices_shown(tracker):
        return False
    label = text(lang, "notice_label")
    say(dispatcher, channel, Notice(message=f"{label}{'' if label.endswith('】') else ' '}{notice.text}", id=notice.id,
                                    text=notice.text, lang=notice.lang, expires=notice.expires_at.isoformat() + "Z"))
    return True


def record_unanswered(tracker, query: str, lang: str, nearest=None) -> Future | None:
    """Queue the question for the staff page's 未回答の質問 list, with the nearest entry (`nearest` is a
    search Hit). Returns at once; the Future is for tests. knowledge.store logs and swallows errors."""
    if not query:
        return None
    query = pii.mask(query).text  # masked at the channel; again here for text that came another way (Rasa's API)
    try:
        return _pool.submit(store.record_unanswered, query, lang, channel_of(tracker), pseudonym(tracker.sender_id),
                            nearest.entry.id if nearest is not None else None,
                            nearest.score if nearest is not None else None)
    except RuntimeError:  # the pool is shut down: the server is stopping
        log.warning("not recording an unanswered question: shutting down")
        return None


def answered_question(tracker) -> str:
    """The resident's own words for the question just answered: their latest typed message before this
    one (a choice button's `/ask_faq{…}` is not a question; the text before it was)."""
    users = [e for e in tracker.events or [] if e.get("event") == "user"]
    for event in reversed(users[:-1]):
        said = (event.get("text") or "").strip()
        if said and not said.startswith("/"):
            return said
    return ""


def record_disliked(tracker, faq_id: str, lang: str) -> Future | None:
    """Queue an answer the resident rated unhelpful (with the question they asked) for the staff's
    learning page. Returns at once; the Future is for tests."""
    question = pii.mask(answered_question(tracker)).text  # as in record_unanswered
    if not question or not faq_id:
        return None
    try:
        return _pool.submit(store.record_disliked, question, faq_id, lang, channel_of(tracker),
                            pseudonym(tracker.sender_id))
    except RuntimeError:
        log.warning("not recording a disliked answer: shutting down")
        return None

