"""The published release as every run-time reader sees it: the ward, entries and procedure guides of
`<index root>/current`.

The staff store's release is the only thing residents are told. admin/publishing.py builds each
release into the index root, and `current/entries.json` holds `{"ward": …, "entries": […], "guides": […]}`
of the published release (an index built before releases carried guides has none: no guides are served). The channels' polite messages (bot/channels.py), the phone line's own sentences
(voice/phone_texts.py), the recogniser's hints (voice/vocabulary.py) and the actions' ward when the
index cannot open (actions/retrieval.py) all read it here, never knowledge/data's YAML (the seed and
import format).

json and the dict converters only (no faiss, no numpy): the Rasa venv imports this. What was read is
kept per index version: a publish (`current` pointing at another version) is picked up at the next
call, without a restart, for the price of one realpath. Only when there is no index at all does it
fall back to knowledge/data, with a warning.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .entry import Entry, Ward

REPO = settings.REPO

logger = logging.getLogger(__name__)


def index_root() -> Path:
    """MADOGUCHI_INDEX (default var/index), relative to the repository root (knowledge/settings.py)."""
    return settings.current().index


@dataclass(frozen=True, eq=False)
class Release:
    """What one index version serves. `version` is its directory (None: read from knowledge/data).

    Compared and hashed by identity: one object per version read, so callers can cache on it."""

    version: str | None
    ward: Ward
    entries: tuple[Entry, ...]
    guides: tuple = ()  # knowledge.guides.Guide, in menu order


_lock = threading.Lock()
_cached: Release | None = None


def _version_dir(root: Path) -> Path | None:
    """The version directory being served: what root/current points at (or root itself when it is a
    version directory); None when there is no index."""
    current = root / "current"
    if current.is_symlink() or current.exists():
        return Path(os.path.realpath(current))
    if (root / "entries.json").exists():
        return Path(os.path.realpath(root))
    return None


def _read(version_dir: Path) -> Release:
    from .kb import ward_from_dict

    snap = json.loads((version_dir / "entries.json").read_text(encoding="utf-8"))
    ward = ward_from_dict(snap["ward"])
    entries = tuple(Entry.from_dict(d, ward.sections) for d in snap["entries"])
    return Release(str(version_dir), ward, entries, _guides(snap.get("guides"), entries, ward))


def _guides(items, entries, ward) -> tuple:
    """The release's guides (validated at publish; checked again here so a hand-edited file cannot
    serve a guide pointing at nothing: then none is served, with an error in the log)."""
    from .guides import guides_from_list
    from .kb import KBError

    try:
        return tuple(guides_from_list(items, entry_ids={e.id for e in entries}, sections=ward.sections).values())
    except KBError as e:
        logger.error("the published guides are invalid, none is served: %s", e)
        return ()


def _read_yaml(root: Path) -> Release:
    from .guides import guides_to_list, load_guides
    from .kb import KBError, load_entries, load_ward, published

    logger.warning("no published index at %s: reading the ward and entries from knowledge/data "
                   "(run `make index` to serve the staff store's release)", root)
    ward = load_ward()
    entries = tuple(published(load_entries(ward=ward)))
    try:
        items = guides_to_list(load_guides())
    except KBError as e:
        logger.error("knowledge/data/guides is invalid, no guide is served: %s", e)
        items = []
    return Release(None, ward, entries, _guides(items, entries, ward))


def release() -> Release:
    """The published release (ward and entries), re-read when `current` points at another version."""
    global _cached
    root = index_root()
    version_dir = _version_dir(root)
    version = str(version_dir) if version_dir is not None else None
    cached = _cached
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        if _cached is None or _cached.version != version:
            _cached = _read(version_dir) if version_dir is not None else _read_yaml(root)
        return _cached


def published_ward() -> Ward:
    """The ward (main phone, hours, sections) of the published release."""
    return release().ward


def published_entries() -> tuple[Entry, ...]:
    """The entries of the published release (only published ones are in a release)."""
    return release().entries


def published_guides() -> tuple:
    """The procedure guides (knowledge.guides.Guide) of the published release, in menu order."""
    return release().guides


def published_guide(guide_id: str):
    """One published guide by id, or None."""
    return next((g for g in release().guides if g.id == guide_id), None)
