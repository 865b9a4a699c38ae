"""The one writer of what residents are told: index builds for releases, one at a time in a background thread.

The store owns content; `var/index/current` is only ever moved here (`make index`, `admin serve`,
publish, rollback). A release is its revision set plus the ward files it is searched with (ward.yml,
vocabulary.yml, redirects.yml and the procedure guides, guides/*.yml, as data under `changes["files"]`),
fixed when its build starts and carried from release to release, so an edited YAML file changes nothing
until it is published (`python -m admin publish-files`). Every version's manifest names its release.
A release's guides are validated again against its own published entries and sections when it is built:
a release that would leave a guide pointing at a retired entry fails, and the previous one keeps serving.

A release is a request ("publish these revisions", "restore release 3"); its full revision set is
fixed when its build starts, on top of whatever is current then, so queued releases never undo each
other. `knowledge.index.build` writes a new version and swaps `current` atomically; only after that
succeeds is the release marked published and the revisions' statuses updated. A failed build leaves
the previous index serving and the release marked failed with the error.
"""
from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import select

from knowledge import calibration
from knowledge.embedders import DEFAULT_SPEC, Embedder, load_embedder
from knowledge.entry import Ward
from knowledge.guides import digest as guides_digest, guides_from_list, guides_to_list
from knowledge.index import TOKENS_VERSION, Index, IndexInvalid, build, make_current
from knowledge.kb import content_hash
from knowledge.redirects import Redirects
from knowledge.search import Retriever
from knowledge.settings import current
from knowledge.store import Release, Revision, Store, files_ward, release_files, revision_entry, utcnow
from knowledge.vocabulary import Vocabulary

log = logging.getLogger(__name__)


class Publisher:
    def __init__(self, store: Store, ward: Ward, index_root: Path | str | None = None,
                 embedder: Embedder | None = None):
        self.store, self.ward = store, ward
        self.index_root = Path(index_root or current().index)
        self._embedder = embedder
        self._retriever: Retriever | None = None
        # One worker: builds run in the order releases were requested, never two at once.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")

    @property
    def embedder_spec(self) -> str:
        """$MADOGUCHI_EMBEDDER, else the one the served index was built with (known without loading it)."""
        if self._embedder is not None:
            return self._embedder.spec
        spec = current().embedder
        if not spec:
            try:
                spec = Index.open(self.index_root).manifest["embedder"]
            except IndexInvalid:
                spec = DEFAULT_SPEC
        return spec

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.embedder_spec,
                                           threads=current().build_threads)
        return self._embedder

    def retriever(self) -> Retriever:
        """A search over what is served now (for staff tools), following each publish."""
        if self._retriever is None:
            self._retriever = Retriever(self.index_root, embedder=self.embedder)
        self._retriever.maybe_reload()
        return self._retriever

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
        """Make the index root serve the current release, building it only if what is served differs
        (content, ward files, thresholds, tokenizer or index format). Returns the version."""
        with self.store.session() as s:
            rel = self.store.current_release(s)
            if rel is None:
                raise RuntimeError("nothing published yet: seed the store first (python -m admin seed)")
            files = release_files(s, rel)
            ward = files_ward(files, self.ward)
            entries = self.store.published_entries(s, ward, rel)
            rel_id = rel.id
        want = self._wanted(entries, ward, files)
        try:
            served = Index.open(self.index_root)
            # (an index built before versions named their release is rebuilt once, so it does)
            if {k: served.manifest.get(k) for k in want} == want and served.manifest.get("release") is not None:
                return served.version
        except IndexInvalid:
            pass
        path = self._build(entries, ward, files, rel_id)
        with self.store.session() as s:
            s.get(Release, rel_id).index_version = path.name
        return path.name

    def _wanted(self, entries, ward: Ward, files: dict) -> dict:
        """The manifest fields an index serving this release must have."""
        return {"kb_hash": content_hash(entries, ward), "tokens": TOKENS_VERSION,
                "embedder": self.embedder_spec, "thresholds": calibration.load(self.embedder_spec) or {},
                "vocabulary": Vocabulary.from_list(files.get("vocabulary")).to_list(),
                "redirects": Redirects.from_list(files.get("redirects")).to_list(),
                "guides": guides_digest(guides_to_list(guides_from_list(files.get("guides"))))}

    def _build(self, entries, ward: Ward, files: dict, release_id: int) -> Path:
        # The guides must name entries this release publishes (a retired entry fails the release here).
        guides = guides_from_list(files.get("guides"), entry_ids={e.id for e in entries}, sections=ward.sections)
        return build(entries, ward, self.index_root, self.embedder, thresholds=calibration.load(self.embedder.spec),
                     vocabulary=Vocabulary.from_list(files.get("vocabulary")),
                     redirects=Redirects.from_list(files.get("redirects")), release=release_id,
                     guides=guides_to_list(guides))

    # ---- the worker ----

    def _run(self, release_id: int) -> Release:
        store = self.store
        with store.session() as s:
            rel = s.get(Release, release_id)
            rel.status = "building"
            current = store.current_release(s)
            if rel.kind == "rollback":
                target = s.get(Release, rel.changes["restore"])
                ids, reuse, files = sorted(target.revision_ids), target.index_version, release_files(s, target)
            else:
                live = store.live_revisions(s)
                for rid in rel.changes.get("add", []):
                    rev = s.get(Revision, rid)
                    live[rev.entry_id] = rev
                for rid in rel.changes.get("retire", []):
                    live.pop(s.get(Revision, rid).entry_id, None)
                ids, reuse = sorted(r.id for r in live.values()), None
                # A "files" release brings new ward files; any other carries the current ones forward.
                files = rel.changes.get("files") or (release_files(s, current) if current else {})
            rel.revision_ids = ids
            rel.changes = {**rel.changes, "files": files}
            ward = files_ward(files, self.ward)
            revs = s.scalars(select(Revision).where(Revision.id.in_(ids))).all() if ids else []
            entries = [revision_entry(r, ward, status="published") for r in sorted(revs, key=lambda r: r.entry_id)]
            actor = rel.created_by
        try:
            version = self._reuse(reuse, entries, ward) if reuse else None
            if version is None:
                version = self._build(entries, ward, files, release_id).name
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

    def _reuse(self, version: str, entries, ward: Ward) -> str | None:
        """Point `current` back at an earlier version if it still exists and holds exactly these entries."""
        path = self.index_root / "versions" / version
        try:
            if Index.open(path).manifest["kb_hash"] != content_hash(entries, ward):
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
