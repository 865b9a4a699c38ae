"""The editorial rules: who may do what, draft → review → published, retire, rollback, CSV import,
emergency notices. Every change writes an audit row in the same transaction as the change, and the
pages read through here too, so no page touches the tables itself.

Roles: an editor writes drafts and submits them; an approver also publishes, rejects, rolls back
and issues notices; an admin also manages users. Nobody publishes a revision they wrote unless
MADOGUCHI_ONE_PERSON_OFFICE=1 (a small office with a single member of staff).
"""
from __future__ import annotations

import datetime as dt
import tempfile
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from knowledge.entry import Entry, Ward
from knowledge.settings import current
from knowledge.kb import Problem
from knowledge.opendata_csv import check_merged, export_csv, merge, read_rows
from knowledge.store import (AuditLog, ImportBatch, Notice, Release, Revision, Store, Unanswered, User, release_files,
                             revision_entry, utcnow)

from . import entry_form
from .auth import check_new_password, check_new_user, hash_password, password_stamp, verify_password
from .publishing import Publisher
from .views import field_changes

RANK = {"editor": 1, "approver": 2, "admin": 3}
DIFF_FIELDS = ("category", "question", "answer", "updated", "section", "url")


class Forbidden(Exception):
    """The actor's role does not allow this."""


class Invalid(Exception):
    """The input is wrong; `problems` say where and why."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class Conflict(Exception):
    """The state changed under the request (someone else saved, the KB changed since a preview…)."""


@dataclass(frozen=True)
class Actor:
    username: str
    role: str

    def at_least(self, role: str) -> bool:
        return RANK.get(self.role, 0) >= RANK[role]


def one_person_office() -> bool:
    return current().one_person_office


def _require(actor: Actor, role: str, what: str) -> None:
    if not actor.at_least(role):
        raise Forbidden(f"{actor.username} ({actor.role}) may not {what}: needs {role}")


def entry_state(head: Revision | None, live: Revision | None) -> str:
    """What the entry list shows: live, live + draft, in review, retired …"""
    if head is None:
        return "missing"
    if head.action == "retire" and head.status in ("draft", "review"):
        return f"retire-{head.status}"
    if live is not None and head.id != live.id:
        return f"published+{head.status}"
    return head.status


class NotFound(LookupError):
    """No such entry, release or import (the page answers 404)."""


@dataclass(frozen=True)
class Dashboard:
    current: Release | None
    recent: list[Release]  # the last five, newest first
    counts: dict[str, int]  # draft, review, live, unanswered
    notice: str | None  # the emergency notice in force, in Japanese


@dataclass(frozen=True)
class EntryDetail:
    head: Revision
    live: Revision | None
    entry: Entry  # the head as residents would be told it
    history: list[Revision]  # newest first
    audit: list[AuditLog]  # the last 50 rows about the entry
    state: str  # entry_state(head, live)
    changes: list  # views.field_changes(live, head) while the head is not the live version


@dataclass(frozen=True)
class ReleaseDetail:
    release: Release
    current: Release | None
    changed: list[Revision]  # the revisions it adds or retires


class Workflow:
    def __init__(self, store: Store, ward: Ward, publisher: Publisher):
        self.store, self.ward, self.publisher = store, ward, publisher

    # ---- drafts and review ----

    def save_draft(self, actor: Actor, form: dict, base: int | None, reason: str = "", submit: bool = False,
                   new: bool = False) -> Revision:
        """Validate the form and store it as a new draft revision (or straight into review)."""
        _require(actor, "editor", "edit entries")
        raw, translations = entry_form.form_to_raw(form)
        entry, problems = entry_form.validate(raw, translations, self.ward, strict=submit)
        if problems:
            raise Invalid(problems)
        with self.store.session() as s:
            head = self.store.head(s, entry.id)
            if new and head is not None:
                raise Invalid([Problem("form", 0, "id", f"{entry.id} already exists: edit it instead")])
            if (head.id if head else None) != base:
                raise Conflict(f"{entry.id} was changed by {head.author} at {head.created_at:%H:%M} "
                               "after you opened it: reload and redo your edit")
            rev = Revision(entry_id=entry.id, data=entry.to_dict(), status="review" if submit else "draft",
                           parent_id=base, author=actor.username, reason=reason)
            s.add(rev)
            s.flush()
            self.store.audit(s, actor.username, "submit" if submit else "draft", entry_id=entry.id,
                             subject=f"revision:{rev.id}", reason=reason,
                             before={"revision": head.id, "data": head.data} if head else None,
                             after={"revision": rev.id, "data": rev.data, "status": rev.status})
            return rev

    def submit(self, actor: Actor, entry_id: str, reason: str = "") -> Revision:
        _require(actor, "editor", "submit for review")
        with self.store.session() as s:
            head = self._head(s, entry_id)
            if head.status != "draft":
                raise Conflict(f"{entry_id}: the latest version is {head.status}, not a draft")
            if head.action == "save":
                raw, trs = entry_form.raw_from_dict(head.data)
                _, problems = entry_form.validate(raw, trs, self.ward, strict=True)
                if problems:
                    raise Invalid(problems)
            head.status = "review"
            self.store.audit(s, actor.username, "submit", entry_id=entry_id, subject=f"revision:{head.id}",
                             reason=reason, before={"status": "draft"}, after={"revision": head.id, "status": "review"})
            return head

    def request_retire(self, actor: Actor, entry_id: str, reason: str) -> Revision:
        """Ask for a published entry to be taken down; an approver publishes the request."""
        _require(actor, "editor", "request retirement")
        if not reason.strip():
            raise Invalid([Problem("form", 0, "reason", "say why the entry is retired")])
        with self.store.session() as s:
            live = self.store.live_revisions(s).get(entry_id)
            if live is None:
                raise Conflict(f"{entry_id} is not published")
            head = self._head(s, entry_id)
            rev = Revision(entry_id=entry_id, data=live.data, action="retire", status="review", parent_id=head.id,
                           author=actor.username, reason=reason)
            s.add(rev)
            s.flush()
            self.store.audit(s, actor.username, "retire-request", entry_id=entry_id, subject=f"revision:{rev.id}",
                             reason=reason, before={"revision": live.id}, after={"revision": rev.id, "status": "review"})
            return rev

    def reject(self, actor: Actor, revision_id: int, reason: str) -> Revision:
        _require(actor, "approver", "reject a review")
        with self.store.session() as s:
            rev = s.get(Revision, revision_id)
            if rev is None or rev.status != "review":
                raise Conflict(f"revision {revision_id} is not in review")
            rev.status = "draft"
            self.store.audit(s, actor.username, "reject", entry_id=rev.entry_id, subject=f"revision:{rev.id}",
                             reason=reason, before={"status": "review"}, after={"revision": rev.id, "status": "draft"})
            return rev

    # ---- publishing ----

    def publish(self, actor: Actor, revision_ids: list[int], reason: str = "") -> tuple[int, Future]:
        """Queue a release of these reviewed revisions; the index is rebuilt in the background."""
        _require(actor, "approver", "publish")
        if not revision_ids:
            raise Invalid([Problem("form", 0, "revisions", "choose at least one revision to publish")])
        with self.store.session() as s:
            pending = {rid for r in s.scalars(select(Release).where(Release.status.in_(("queued", "building"))))
                       for rid in r.changes.get("add", []) + r.changes.get("retire", [])}
            add, retire = [], []
            for rid in revision_ids:
                rev = s.get(Revision, rid)
                if rev is None or rev.status != "review":
                    raise Conflict(f"revision {rid} is not in review")
                if self.store.head(s, rev.entry_id).id != rev.id:
                    raise Conflict(f"{rev.entry_id}: revision {rid} has been edited since; review the newer one")
                if rid in pending:
                    raise Conflict(f"revision {rid} is already being published")
                if rev.author == actor.username and not one_person_office():
                    raise Forbidden(f"{actor.username} wrote revision {rid} of {rev.entry_id}: "
                                    "another approver must publish it")
                (retire if rev.action == "retire" else add).append(rid)
            rel = Release(kind="publish", changes={"add": add, "retire": retire}, created_by=actor.username,
                          reason=reason)
            s.add(rel)
            s.flush()
            self.store.audit(s, actor.username, "release-requested", subject=f"release:{rel.id}", reason=reason,
                             after={"release": rel.id, "add": add, "retire": retire})
            rel_id = rel.id
        return rel_id, self.publisher.submit(rel_id)

    def publish_files(self, actor: Actor, files: dict, reason: str) -> tuple[int, Future]:
        """Queue a release that serves the current entries with new ward files (ward, vocabulary,
        redirects, guides: knowledge.store.yaml_files), e.g. after ward.yml's phone numbers changed."""
        _require(actor, "admin", "publish the ward files")
        if not reason.strip():
            raise Invalid([Problem("form", 0, "reason", "say why the ward files change")])
        with self.store.session() as s:
            current = self.store.current_release(s)
            before = release_files(s, current) if current else None
            rel = Release(kind="files", changes={"files": files}, created_by=actor.username, reason=reason)
            s.add(rel)
            s.flush()
            self.store.audit(s, actor.username, "release-requested", subject=f"release:{rel.id}", reason=reason,
                             before={"files": before}, after={"release": rel.id, "files": files})
            rel_id = rel.id
        return rel_id, self.publisher.submit(rel_id)

    def rollback(self, actor: Actor, release_id: int, reason: str = "") -> tuple[int, Future]:
        """Serve an earlier release again (as a new release, so history only grows)."""
        _require(actor, "approver", "roll back")
        with self.store.session() as s:
            target = s.get(Release, release_id)
            if target is None or target.status != "published":
                raise Conflict(f"release {release_id} was never published")
            current = self.store.current_release(s)
            if current is not None and current.id == release_id:
                raise Conflict(f"release {release_id} is already current")
            rel = Release(kind="rollback", changes={"restore": release_id}, created_by=actor.username,
                          reason=reason or f"rollback to release {release_id}")
            s.add(rel)
            s.flush()
            self.store.audit(s, actor.username, "rollback-requested", subject=f"release:{rel.id}", reason=rel.reason,
                             before={"release": current.id if current else None},
                             after={"release": rel.id, "restore": release_id})
            rel_id = rel.id
        return rel_id, self.publisher.submit(rel_id)

    # ---- CSV import (preview, then confirm) and export ----

    def import_preview(self, actor: Actor, filename: str, content: bytes) -> int:
        """Validate the whole file and store it with its diff; nothing is applied. Raises Invalid."""
        _require(actor, "editor", "import")
        name = Path(filename or "upload.csv").name
        diff = self._import_diff(name, content)
        with self.store.session() as s:
            batch = ImportBatch(filename=name, content=content, diff=diff, created_by=actor.username)
            s.add(batch)
            s.flush()
            return batch.id

    def import_apply(self, actor: Actor, batch_id: int, retire_missing: bool = False) -> list[int]:
        """Create a draft for every new or changed row (and retirement requests if asked), all or nothing."""
        _require(actor, "editor", "import")
        with self.store.session() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch is None or batch.status != "pending":
                raise Conflict(f"import {batch_id} is not pending")
        diff = self._import_diff(batch.filename, batch.content)
        with self.store.session() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch.status != "pending":
                raise Conflict(f"import {batch_id} is not pending")
            if {k: diff[k] for k in ("new", "changed", "absent")} != {k: batch.diff[k] for k in ("new", "changed", "absent")}:
                raise Conflict("the knowledge base changed since this preview: upload the file again")
            heads = self.store.heads(s)
            live = self.store.live_revisions(s)
            created = []
            for eid in diff["new"] + diff["changed"]:
                head = heads.get(eid)
                rev = Revision(entry_id=eid, data=diff["entries"][eid], status="draft",
                               parent_id=head.id if head else None, author=actor.username,
                               reason=f"import {batch.filename}")
                s.add(rev)
                created.append(rev)
            if retire_missing:
                for eid in diff["absent"]:
                    if eid in live:
                        created.append(Revision(entry_id=eid, data=live[eid].data, action="retire", status="draft",
                                                parent_id=heads[eid].id, author=actor.username,
                                                reason=f"not in import {batch.filename}"))
                        s.add(created[-1])
            s.flush()
            for rev in created:
                self.store.audit(s, actor.username, "draft" if rev.action == "save" else "retire-request",
                                 entry_id=rev.entry_id, subject=f"revision:{rev.id}", reason=rev.reason,
                                 before={"revision": rev.parent_id}, after={"revision": rev.id, "status": "draft"})
            batch.status = "applied"
            self.store.audit(s, actor.username, "import", subject=f"import:{batch.id}", reason=batch.filename,
                             after={k: diff[k] for k in ("new", "changed", "absent")} | {"retire_missing": retire_missing,
                                                                                          "revisions": [r.id for r in created]})
            return [r.id for r in created]

    def import_cancel(self, actor: Actor, batch_id: int) -> None:
        _require(actor, "editor", "import")
        with self.store.session() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch is not None and batch.status == "pending":
                batch.status = "cancelled"

    def _import_diff(self, name: str, content: bytes) -> dict:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name  # so problems read `faq.csv:3: 回答: is empty`
            path.write_bytes(content)
            rows, problems = read_rows(path, self.ward)
        if problems:
            raise Invalid([str(p).replace(str(path), name, 1) for p in problems])
        with self.store.session() as s:
            existing = [revision_entry(h, self.ward) for h in self.store.heads(s).values()
                        if h.action == "save" and h.status != "retired"]
        merged, diff = merge(rows, existing, self.ward, new_status="draft")
        problems = check_merged(rows, merged, diff, name)
        if problems:
            raise Invalid([str(p) for p in problems])
        by_id = {e.id: e for e in merged}
        old = {e.id: e.to_dict() for e in existing}
        details = {}
        for eid in diff["changed"]:
            new = by_id[eid].to_dict()
            details[eid] = {f: [old[eid][f], new[f]] for f in DIFF_FIELDS if old[eid][f] != new[f]}
        return {**diff, "details": details,
                "entries": {eid: {**by_id[eid].to_dict(), "status": "draft"} for eid in diff["new"] + diff["changed"]}}

    def export(self) -> bytes:
        with self.store.session() as s:
            return export_csv(self.store.published_entries(s, self.ward), self.ward)

    # ---- notices, unanswered questions, users ----

    def publish_notice(self, actor: Actor, texts: dict[str, str], starts_at: dt.datetime | None,
                       expires_at: dt.datetime | None) -> int:
        """Issue an emergency notice (naive UTC times). ja and en are required."""
        _require(actor, "approver", "issue an emergency notice")
        texts = {k: v.strip() for k, v in texts.items() if v and v.strip()}
        starts_at = starts_at or utcnow()
        problems = [Problem("form", 0, f"notice_{lang}", "is required") for lang in ("ja", "en") if lang not in texts]
        if expires_at is None or expires_at <= starts_at:
            problems.append(Problem("form", 0, "expires", "must be after the start"))
        if any(len(t) > 500 for t in texts.values()):
            problems.append(Problem("form", 0, "notice", "keep a notice under 500 characters"))
        if problems:
            raise Invalid(problems)
        with self.store.session() as s:
            n = Notice(texts=texts, starts_at=starts_at, expires_at=expires_at, author=actor.username)
            s.add(n)
            s.flush()
            self.store.audit(s, actor.username, "notice-publish", subject=f"notice:{n.id}",
                             after={"texts": texts, "starts_at": starts_at.isoformat(),
                                    "expires_at": expires_at.isoformat()})
            return n.id

    def expire_notice(self, actor: Actor, notice_id: int) -> None:
        _require(actor, "approver", "expire a notice")
        with self.store.session() as s:
            n = s.get(Notice, notice_id)
            now = utcnow()
            if n is None or n.expires_at <= now:
                raise Conflict(f"notice {notice_id} is not in force")
            before = n.expires_at.isoformat()
            n.expires_at = now
            self.store.audit(s, actor.username, "notice-expire", subject=f"notice:{n.id}",
                             before={"expires_at": before}, after={"expires_at": now.isoformat()})

    def mark_handled(self, actor: Actor, unanswered_id: int) -> None:
        _require(actor, "editor", "mark questions handled")
        with self.store.session() as s:
            q = s.get(Unanswered, unanswered_id)
            if q is None or q.handled_by:
                return
            q.handled_by, q.handled_at = actor.username, utcnow()
            self.store.audit(s, actor.username, "unanswered-handled", subject=f"unanswered:{q.id}",
                             after={"text": q.text})

    # ---- the learning loop (admin/learning.py) ----

    def learning_groups(self) -> list:
        """Unanswered and 👎-rated questions nobody has handled, grouped by meaning, with nearest entries."""
        from knowledge.index import IndexInvalid

        from . import learning

        try:
            retriever = self.publisher.retriever()
        except IndexInvalid:  # nothing built yet: the page says so instead of failing
            return None
        return learning.group(learning.open_items(self.store), retriever)

    def accept_phrasings(self, actor: Actor, refs: list[str], entry_id: str, phrasings: list[str], lang: str,
                         submit: bool = True) -> Revision:
        """Make residents' wordings new phrasings of an entry: a draft (by default submitted for review)
        on top of the entry's latest version; the items `refs` name are marked handled."""
        from . import learning

        _require(actor, "editor", "accept a learning proposal")
        phrasings = [" ".join(p.split()) for p in phrasings if p and p.strip()]
        if not phrasings:
            raise Invalid([Problem("form", 0, "phrasings", "is required")])
        with self.store.session() as s:
            head = self._head(s, entry_id)
            if head.action != "save":
                raise Conflict(f"{entry_id} is being retired: choose another entry")
            form = learning.add_phrasings(entry_form.form_values(head.data), phrasings, lang)
            base = head.id
        rev = self.save_draft(actor, form, base, reason="residents asked: " + " / ".join(phrasings), submit=submit)
        with self.store.session() as s:
            handled = learning.mark_handled(s, refs, actor.username)
            self.store.audit(s, actor.username, "learning-accept", entry_id=entry_id, subject=f"revision:{rev.id}",
                             reason=" / ".join(phrasings), after={"revision": rev.id, "lang": lang, "handled": handled})
        return rev

    def create_user(self, actor: Actor, username: str, password: str, role: str) -> None:
        _require(actor, "admin", "create users")
        problems = check_new_user(username, password, role)
        if problems:
            raise Invalid(problems)
        with self.store.session() as s:
            if s.scalar(select(func.count(User.id)).where(User.username == username)):
                raise Invalid([f"username: {username} already exists"])
            s.add(User(username=username, password_hash=hash_password(password), role=role))
            self.store.audit(s, actor.username, "user-create", subject=f"user:{username}", after={"role": role})

    def change_password(self, actor: Actor, username: str, new_password: str, confirm: str | None = None,
                        current: str | None = None) -> None:
        """One's own password (the current one must be given), or anyone's for an admin (a reset).
        Sessions opened with the old password end (see auth.password_stamp)."""
        own = actor.username == username
        if not own:
            _require(actor, "admin", "set another user's password")
        problems = check_new_password(new_password, confirm, current if own else None)
        with self.store.session() as s:
            user = s.scalars(select(User).where(User.username == username)).first()
            if user is None:
                raise Invalid([f"username: no user {username}"])
            if own and not verify_password(user.password_hash, current or ""):
                problems.insert(0, "current_password: not your current password")
            if problems:
                raise Invalid(problems)
            user.password_hash = hash_password(new_password)
            # The audit row names who and whose, never a password or its hash.
            self.store.audit(s, actor.username, "password-change" if own else "password-reset",
                             subject=f"user:{username}")

    # ---- reads: what the pages show (no role needed beyond a login, except the user list) ----

    def session_actor(self, user_id: int, stamp: str | None) -> Actor | None:
        """Who a session belongs to: its active user, unless their password changed since it was opened."""
        with self.store.session() as s:
            user = s.get(User, user_id)
            if user is not None and user.active and stamp == password_stamp(user.password_hash):
                return Actor(user.username, user.role)
        return None

    def session_stamp(self, username: str) -> str:
        """What a session opened now for `username` keeps (auth.password_stamp of the current password)."""
        with self.store.session() as s:
            return password_stamp(s.scalars(select(User).where(User.username == username)).one().password_hash)

    def dashboard(self) -> Dashboard:
        with self.store.session() as s:
            current = self.store.current_release(s)
            recent = s.scalars(select(Release).order_by(Release.id.desc()).limit(5)).all()
            heads = self.store.heads(s)
            counts = {st: sum(1 for h in heads.values() if h.status == st) for st in ("draft", "review")}
            counts["live"] = len(current.revision_ids) if current else 0
            counts["unanswered"] = s.scalar(select(func.count(Unanswered.id)).where(Unanswered.handled_by.is_(None)))
        return Dashboard(current, recent, counts, self.store.active_notice("ja"))

    def entry_rows(self, q: str = "", state: str = "") -> list[dict]:
        """The entry list: every entry's latest version whose state starts or ends with `state` and whose
        text (any language) contains `q`, by id."""
        needle = q.strip().lower()
        with self.store.session() as s:
            heads, live = self.store.heads(s), self.store.live_revisions(s)
        rows = []
        for eid in sorted(heads):
            head = heads[eid]
            st = entry_state(head, live.get(eid))
            if state and not st.startswith(state) and not st.endswith(state):
                continue
            d = head.data
            hay = " ".join([eid, d["question"], d["answer"], d["category"], *d.get("alt_questions", []),
                            *(t["question"] + " " + t["answer"] for t in d.get("translations", {}).values())]).lower()
            if needle and needle not in hay:
                continue
            rows.append({"id": eid, "question": d["question"], "category": d["category"], "state": st,
                         "author": head.author, "at": head.created_at, "langs": sorted(d.get("translations", {}))})
        return rows

    def latest(self, entry_id: str) -> Revision:
        """The entry's latest revision (what an edit starts from). Raises NotFound."""
        with self.store.session() as s:
            head = self.store.head(s, entry_id)
        if head is None:
            raise NotFound(f"no entry {entry_id}")
        return head

    def entry_detail(self, entry_id: str) -> EntryDetail:
        """The entry page: its latest and live versions, history, audit rows and pending changes. Raises NotFound."""
        with self.store.session() as s:
            head = self.store.head(s, entry_id)
            if head is None:
                raise NotFound(f"no entry {entry_id}")
            live = self.store.live_revisions(s).get(entry_id)
            history = s.scalars(select(Revision).where(Revision.entry_id == entry_id)
                                .order_by(Revision.id.desc())).all()
            audit = s.scalars(select(AuditLog).where(AuditLog.entry_id == entry_id).order_by(AuditLog.id.desc())
                              .limit(50)).all()
        changes = field_changes(live.data, head.data) if live and live.id != head.id else []
        return EntryDetail(head, live, revision_entry(head, self.ward), history, audit, entry_state(head, live),
                           changes)

    def review_items(self) -> list[dict]:
        """Every entry whose latest version is in review, by id: the revision, the live one, the changes."""
        with self.store.session() as s:
            heads, live = self.store.heads(s), self.store.live_revisions(s)
        items = []
        for eid, head in sorted(heads.items()):
            if head.status != "review":
                continue
            old = live.get(eid)
            items.append({"rev": head, "live": old, "retire": head.action == "retire",
                          "changes": field_changes(old.data if old else {}, head.data) if head.action == "save" else []})
        return items

    def releases(self, limit: int = 200) -> tuple[list[Release], Release | None]:
        """The latest releases, newest first, and the current one."""
        with self.store.session() as s:
            return (s.scalars(select(Release).order_by(Release.id.desc()).limit(limit)).all(),
                    self.store.current_release(s))

    def release(self, release_id: int) -> ReleaseDetail:
        """Raises NotFound."""
        with self.store.session() as s:
            rel = s.get(Release, release_id)
            if rel is None:
                raise NotFound(f"no release {release_id}")
            current = self.store.current_release(s)
            ids = rel.changes.get("add", []) + rel.changes.get("retire", [])
            changed = s.scalars(select(Revision).where(Revision.id.in_(ids))).all() if ids else []
        return ReleaseDetail(rel, current, changed)

    def notices(self, limit: int = 50) -> list[Notice]:
        """The latest notices, newest first, in force or not."""
        with self.store.session() as s:
            return s.scalars(select(Notice).order_by(Notice.id.desc()).limit(limit)).all()

    def unanswered(self, show: str = "open", limit: int = 500) -> tuple[list[Unanswered], dict]:
        """The latest questions with no answer (only those nobody has handled unless show != "open"), and
        for each nearest entry its section: the office that would write the missing answer."""
        with self.store.session() as s:
            query = select(Unanswered).order_by(Unanswered.id.desc()).limit(limit)
            if show == "open":
                query = query.where(Unanswered.handled_by.is_(None))
            rows = s.scalars(query).all()
            heads = self.store.heads(s)
        sections = {q.top_id: self.ward.sections.get(heads[q.top_id].data.get("section"))
                    for q in rows if q.top_id in heads}
        return rows, sections

    def import_batch(self, batch_id: int) -> ImportBatch:
        """An uploaded CSV with its diff. Raises NotFound."""
        with self.store.session() as s:
            batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise NotFound(f"no import {batch_id}")
        return batch

    def audit(self, entry: str = "", page: int = 1, per_page: int = 200) -> list[AuditLog]:
        """One page of the audit log (of one entry if given), newest first; pages count from 1."""
        with self.store.session() as s:
            query = select(AuditLog).order_by(AuditLog.id.desc())
            if entry:
                query = query.where(AuditLog.entry_id == entry)
            return s.scalars(query.offset((max(page, 1) - 1) * per_page).limit(per_page)).all()

    def users(self, actor: Actor) -> list[User]:
        if not actor.at_least("admin"):
            raise Forbidden("only an admin manages users")
        with self.store.session() as s:
            return s.scalars(select(User).order_by(User.username)).all()

    def _head(self, s, entry_id: str) -> Revision:
        head = self.store.head(s, entry_id)
        if head is None:
            raise Conflict(f"no entry {entry_id}")
        return head
