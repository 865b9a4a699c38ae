"""The knowledge index as the actions see it: opened on first use, searched off the event loop.

Opening the index loads the embedding model. Doing that when the actions module is imported would
slow the server's start and can crash Sanic (torch at import time), so it happens on first use.
Searches run in a one-thread pool: the event loop stays free for other requests, and the embedder
never runs twice at once (2 cores: one for Rasa, one for retrieval).
"""
from __future__ import annotations
from knowledge.settings import current as settings

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from knowledge.published import index_root  # noqa: F401  (MADOGUCHI_INDEX, resolved once for every reader)

_lock = threading.Lock()
_retriever = None
_executor = ThreadPoolExecutor(max_workers=settings().search_workers,
                               thread_name_prefix="retrieval")


def retriever():
    global _retriever
    if _retriever is None:
        with _lock:
            if _retriever is None:
                from knowledge.search import Retriever

                _retriever = Retriever.open(index_root(), threads=settings().search_threads)
    return _retriever


def _search(text: str, k: int, lang: str | None = None, spoken: bool = False):
    r = retriever()
    r.maybe_reload()  # picks up an index swapped in by `python -m knowledge build`
    return r.search(text, k=k, lang=lang, spoken=spoken)


def _entry(faq_id: str):
    r = retriever()
    r.maybe_reload()
    return r.entry(faq_id)


async def search(text: str, k: int = 5, lang: str | None = None, spoken: bool = False):
    """SearchResult for `text` (decision answer | clarify | fallback, hits best first).

    `lang` is the question's language ("ja" for やさしい日本語), for its calibrated thresholds;
    None lets the retriever detect it. `spoken`: the text is a speech transcript."""
    return await asyncio.get_running_loop().run_in_executor(_executor, _search, text, k, lang, spoken)


async def entry(faq_id: str):
    """The published entry with this id, or None."""
    return await asyncio.get_running_loop().run_in_executor(_executor, _entry, faq_id)


def ward():
    """The ward (main phone, hours, sections): from the open index, or, if it cannot open, the published
    release's entries.json (knowledge/published.py; knowledge/data only when there is no index)."""
    try:
        return retriever().ward
    except Exception:
        from knowledge.published import published_ward

        return published_ward()
