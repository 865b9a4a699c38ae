"""Index builds for releases, one at a time in a background thread.

A release is a request ("publish these revisions", "restore release 3"); its full revision set is
fixed when its build starts, on top of whatever is current then, so queued releases never undo each
other. `knowledge.index.build` writes a new version and swaps `current` atomically; only after that
succeeds is the release marked published and the revisions' statuses updated. A failed build leaves
the previous index serving and the release marked failed with the error.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select

from knowledge import calibration
from knowledge.embedders import Embedder, load_embedder
from knowledge.entry import Ward
from knowledge.index import Index, IndexInvalid, build, make_current
from knowledge.kb import content_hash
from knowledge.store import Release, Revision, Store, revision_entry, utcnow
# The vocabulary and redirects files are read as committed (issue 10 gives it an owner in the staff workflow).
from knowledge.redirects import load_redirects
from knowledge.vocabulary import load_vocabulary

log = logging.getLogger(__name__)


class Publisher:
    def __init__(self, store: Store, ward: Ward, index_root: Path | str | None = None,
                 embedder: Embedder | None = None):
        self.store, self.ward = store, ward
        self.index_root = Path(index_root or os.environ.get("MADOGUCHI_INDEX", "var/index"))
        self._embedder = embedder
        # One worker: builds run in the order releases were requested, never two at once.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            spec = os.environ.get("MADOGUCHI_EMBEDDER")
            if not spec:
                try:
                    spec = Index.open(self.index_root).manifest["embedder"]
                except IndexInvalid:
                    spec = None
            self._embedder = load_embedder(spec, threads=int(os.environ.get("MADOGUCHI_BUILD_THREADS", "2")))
        return self._embedder

    def submit(self, release_id: int) -> Future:
        return self._executor.submit(self._run, release_id)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)

    def recover(self) -> int:
        """Mark releases a previous process left queued or building as failed (their builds died with it)."""
        with self.store.session() as s:
            stale = s.scalars(select(Release).where(Release.status.in_(("queued", "building")))).all()
            for rel in stale:
                rel.status, rel.error, rel.finished_at = "failed", "interrupted: the admin app stopped before the build finished", utcnow()
                self.store.audit(s, "system", "release-failed", subject=f"release:{rel.id}",
                                 after={"release": rel.id, "error": rel.error})
            return len(stale)

    def ensure_index(self) -> str:
        """Make the index root serve the current release (building it if needed). Returns the version."""
        with self.store.session() as s:
            rel = self.store.current_release(s)
            if rel is None:
                raise RuntimeError("nothing published yet: seed the store first (python -m admin seed)")
            entries = self.store.published_entries(s, self.ward, rel)
            rel_id = rel.id
        want = content_hash(entries, self.ward)
        try:
            if Index.open(self.index_root).manifest["kb_hash"] == want:
                return Index.open(self.index_root).version
        except IndexInvalid:
            pass
        path = build(entries, self.ward, self.index_root, self.embedder,
                     thresholds=calibration.load(self.embedder.spec), vocabulary=load_vocabulary(),
                     redirects=load_redirects())
        with self.store.session() as s:
            s.get(Release, rel_id).index_version = path.name
        return path.name

    # ---- the worker ----

    def _run(self, release_id: int) -> Release:
        store = self.store
        with store.session() as s:
            rel = s.get(Release, release_id)
            rel.status = "building"
            if rel.kind == "rollback":
                target = s.get(Release, rel.changes["restore"])
                ids, reuse = sorted(target.revision_ids), target.index_version
            else:
                live = store.live_revisions(s)
                for rid in rel.changes.get("add", []):
                    rev = s.get(Revision, rid)
                    live[rev.entry_id] = rev
                for rid in rel.changes.get("retire", []):
                    live.pop(s.get(Revision, rid).entry_id, None)
                ids, reuse = sorted(r.id for r in live.values()), None
            rel.revision_ids = ids
            revs = s.scalars(select(Revision).where(Revision.id.in_(ids))).all() if ids else []
            entries = [revision_entry(r, self.ward, status="published") for r in sorted(revs, key=lambda r: r.entry_id)]
            actor = rel.created_by
        try:
            version = self._reuse(reuse, entries) if reuse else None
            if version is None:
                path = build(entries, self.ward, self.index_root, self.embedder,
                             thresholds=calibration.load(self.embedder.spec), vocabulary=load_vocabulary(),
                     redirects=load_redirects())
                version = path.name
        except Exception as e:  # whatever failed, the previous index keeps serving
            log.exception("release %s: index build failed", release_id)
            with store.session() as s:
                rel = s.get(Release, release_id)
                rel.status, rel.error, rel.finished_at = "failed", f"{type(e).__name__}: {e}", utcnow()
                store.audit(s, actor, "release-failed", subject=f"release:{release_id}", reason=rel.reason,
                            after={"release": release_id, "error": rel.error})
                return rel
        with store.session() as s:
            before = store.live_revisions(s)
            rel = s.get(Release, release_id)
            rel.status, rel.index_version, rel.finished_at = "published", version, utcnow()
            self._sync_statuses(s, rel, before, actor)
            store.audit(s, actor, "release-published", subject=f"release:{release_id}", reason=rel.reason,
                        before={"revisions": sorted(r.id for r in before.values())},
                        after={"release": release_id, "revisions": ids, "index_version": version})
            return rel

    def _reuse(self, version: str, entries) -> str | None:
        """Point `current` back at an earlier version if it still exists and holds exactly these entries."""
        path = self.index_root / "versions" / version
        try:
            if Index.open(path).manifest["kb_hash"] != content_hash(entries, self.ward):
                return None
            make_current(self.index_root, path)
            return version
        except (IndexInvalid, OSError):
            return None

    def _sync_statuses(self, s, rel: Release, before: dict[str, Revision], actor: str) -> None:
        """published ⇔ in the current release; one audit row per entry whose served version changed."""
        now_live = set(rel.revision_ids)
        for rev in s.scalars(select(Revision).where(Revision.status == "published")):
            if rev.id not in now_live:
                rev.status = "retired"
        after = {r.entry_id: r for r in s.scalars(select(Revision).where(Revision.id.in_(now_live)))} if now_live else {}
        for rev in after.values():
            rev.status = "published"
        for rid in rel.changes.get("retire", []):
            s.get(Revision, rid).status = "retired"
        for eid in sorted(set(before) | set(after)):
            old, new = before.get(eid), after.get(eid)
            if (old.id if old else None) == (new.id if new else None):
                continue
            self.store.audit(s, actor, "publish" if new else "retire", entry_id=eid, subject=f"release:{rel.id}",
                             reason=rel.reason, before={"revision": old.id if old else None},
                             after={"revision": new.id if new else None})
