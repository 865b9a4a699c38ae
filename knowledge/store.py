"""The staff-side store: every version of every entry, published releases, the audit log, users,
emergency notices and the questions residents asked that got a fallback.

SQLite by default (`MADOGUCHI_DB`, default var/madoguchi.db in the repository); any SQLAlchemy URL works
(postgresql://…). Tables are created on first use, so the action server and the phone line can call
`active_notice()` and `record_unanswered()` before anyone has run the admin app.

What residents are told is the *current release*: the newest release whose index build succeeded.
A revision's status mirrors that (published ⇔ in the current release); drafts and reviews are the
work in progress, and the audit log records every change and is never updated or deleted.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from sqlalchemy import JSON, Date, DateTime, Integer, LargeBinary, String, Text, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from .entry import Entry, Ward
from .languages import fallback_chain
from .settings import current

log = logging.getLogger(__name__)

REVISION_STATUSES = ("draft", "review", "published", "retired")
ROLES = ("editor", "approver", "admin")
NOTICE_LANGS_REQUIRED = ("ja", "en")


def utcnow() -> dt.datetime:
    # Naive UTC everywhere: SQLite drops time zones, so the same convention holds on every backend.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class Revision(Base):
    """One saved version of one entry. `action` is "save" (content) or "retire" (a request to unpublish)."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80), index=True)
    data: Mapped[dict]  # Entry.to_dict()
    action: Mapped[str] = mapped_column(String(10), default="save")
    status: Mapped[str] = mapped_column(String(10), index=True)
    parent_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the head it was edited from
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


class Release(Base):
    """A published snapshot: the revision set residents are answered from, and the index built for it."""

    __tablename__ = "releases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # seed | publish | rollback
    changes: Mapped[dict]  # {"add": [rev ids], "retire": [rev ids]} or {"restore": release id}
    revision_ids: Mapped[list] = mapped_column(JSON, default=list)  # the full set, fixed when built
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued | building | published | failed
    index_version: Mapped[str | None] = mapped_column(String(120), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class AuditLog(Base):
    """Append-only: who did what, when, why, with the state before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    entry_id: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    subject: Mapped[str] = mapped_column(String(80), default="")  # e.g. revision:12, release:3, notice:2
    reason: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Notice(Base):
    """An emergency notice every channel shows first while it is in force."""

    __tablename__ = "notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    texts: Mapped[dict]  # {lang: text}; ja and en required
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Unanswered(Base):
    """A resident's question that ended in a fallback: the list staff write missing entries from."""

    __tablename__ = "unanswered"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    conversation_id: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    top_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    top_score: Mapped[float | None] = mapped_column(nullable=True)
    handled_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Disliked(Base):
    """An answer a resident said did not help (👎 / いいえ): what they asked and the entry they got."""

    __tablename__ = "disliked"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(10), default="")
    channel: Mapped[str] = mapped_column(String(20), default="")
    conversation_id: Mapped[str] = mapped_column(String(120), default="")
    faq_id: Mapped[str] = mapped_column(String(80), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    handled_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class AnalyticsDaily(Base):
    """Anonymous counts of conversations no longer kept (admin/analytics.py `fold`, called by the retention
    purge before it deletes them): per day, hour (Asia/Tokyo), channel, language, decision and entry, how
    many turns, conversations started and ratings. No text, no sender id: the report adds these rows to
    what it reads from the live conversations, so a purge changes no figure."""

    __tablename__ = "analytics_daily"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    hour: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(10))
    decision: Mapped[str] = mapped_column(String(12))
    faq_id: Mapped[str] = mapped_column(String(80), default="")
    category: Mapped[str] = mapped_column(String(120), default="")
    turns: Mapped[int] = mapped_column(Integer, default=0)
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    rated_helpful: Mapped[int] = mapped_column(Integer, default=0)
    rated_unhelpful: Mapped[int] = mapped_column(Integer, default=0)


class AnalyticsFolded(Base):
    """Which conversation sessions `fold` has counted: a digest of their messages' timestamps (never the sender
    id or text) and the day of their first message. Folding a session again adds nothing, and the report
    skips a folded session still in the tracker store (a purge that failed between fold and delete, or a
    conversation resumed meanwhile), so every session is counted once."""

    __tablename__ = "analytics_folded"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@dataclass(frozen=True)
class NoticeText:
    """A notice in force as one resident reads it (`id` tells a new notice from one already shown)."""

    id: int
    text: str
    lang: str
    expires_at: dt.datetime  # naive UTC


class ImportBatch(Base):
    """An uploaded FAQ CSV between preview and confirm (nothing is applied until confirmed)."""

    __tablename__ = "imports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    diff: Mapped[dict]
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending | applied | cancelled
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# ---- the audit log cannot be changed -----------------------------------------------------------

class AuditLogImmutable(RuntimeError):
    pass


def _refuse(*_args, **_kw):
    raise AuditLogImmutable("the audit log is append-only: rows are never updated or deleted")


event.listen(AuditLog, "before_update", _refuse)
event.listen(AuditLog, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_changes(state):
    # Bulk UPDATE/DELETE statements bypass the mapper events above.
    if (state.is_update or state.is_delete) and state.statement.table.name == AuditLog.__tablename__:
        _refuse()


_SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
]
# The same refusal on PostgreSQL: a trigger function raising for UPDATE, DELETE and TRUNCATE.
_POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$",
    "CREATE OR REPLACE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE OR REPLACE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
]
_TRIGGERS = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _POSTGRES_TRIGGERS}


# ---- the store -----------------------------------------------------------------------------------

class Store:
    """An engine plus the tables, created on first use."""

    def __init__(self, url: str | None = None):
        self.url = url or current().db
        self.engine = _make_engine(self.url)
        Base.metadata.create_all(self.engine)
        triggers = _TRIGGERS.get(self.engine.dialect.name, [])
        if triggers:
            with self.engine.begin() as conn:
                for sql in triggers:
                    conn.exec_driver_sql(sql)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any exception."""
        with self._sessions() as s, s.begin():
            yield s

    def audit(self, s: Session, actor: str, action: str, *, entry_id: str | None = None, subject: str = "",
              reason: str = "", before: dict | None = None, after: dict | None = None) -> None:
        s.add(AuditLog(actor=actor, action=action, entry_id=entry_id, subject=subject, reason=reason,
                       before=before, after=after))

    # ---- revisions and releases ----

    def head(self, s: Session, entry_id: str) -> Revision | None:
        return s.scalars(select(Revision).where(Revision.entry_id == entry_id).order_by(Revision.id.desc())
                         .limit(1)).first()

    def heads(self, s: Session) -> dict[str, Revision]:
        latest = select(func.max(Revision.id)).group_by(Revision.entry_id)
        return {r.entry_id: r for r in s.scalars(select(Revision).where(Revision.id.in_(latest)))}

    def current_release(self, s: Session) -> Release | None:
        return s.scalars(select(Release).where(Release.status == "published").order_by(Release.id.desc())
                         .limit(1)).first()

    def published_ward(self, fallback_data: Path | str | None = None) -> Ward:
        """The ward as the current release serves it (its phone numbers, sections), not as the YAML says
        now; the YAML's only while nothing is published."""
        from .kb import load_ward

        with self.session() as s:
            rel = self.current_release(s)
            files = release_files(s, rel) if rel else {}
        return files_ward(files, None) if files.get("ward") else load_ward(fallback_data or current().data)

    def live_revisions(self, s: Session, release: Release | None = None) -> dict[str, Revision]:
        release = release or self.current_release(s)
        if release is None or not release.revision_ids:
            return {}
        return {r.entry_id: r for r in s.scalars(select(Revision).where(Revision.id.in_(release.revision_ids)))}

    def published_entries(self, s: Session, ward: Ward, release: Release | None = None) -> list[Entry]:
        revs = self.live_revisions(s, release)
        return [revision_entry(revs[k], ward, status="published") for k in sorted(revs)]

    def is_empty(self) -> bool:
        with self.session() as s:
            return s.scalar(select(func.count(Revision.id))) == 0

    # ---- notices and unanswered questions (called by the action server on every turn) ----

    def current_notice(self, lang: str = "ja", now: dt.datetime | None = None) -> NoticeText | None:
        """The newest notice in force, in `lang` (else English, else Japanese), or None."""
        now = now or utcnow()
        with self.session() as s:
            n = s.scalars(select(Notice).where(Notice.starts_at <= now, Notice.expires_at > now)
                          .order_by(Notice.id.desc()).limit(1)).first()
            if n is None:
                return None
            for shown in fallback_chain(lang):
                if n.texts.get(shown):
                    return NoticeText(n.id, n.texts[shown], shown, n.expires_at)
            return None

    def active_notice(self, lang: str = "ja", now: dt.datetime | None = None) -> str | None:
        notice = self.current_notice(lang, now)
        return notice.text if notice else None

    def record_unanswered(self, text: str, lang: str = "", channel: str = "", conversation_id: str = "",
                          top_id: str | None = None, top_score: float | None = None) -> None:
        with self.session() as s:
            s.add(Unanswered(text=(text or "")[:2000], lang=lang or "", channel=channel or "",
                             conversation_id=conversation_id or "", top_id=top_id,
                             top_score=float(top_score) if top_score is not None else None))


    def record_disliked(self, text: str, faq_id: str, lang: str = "", channel: str = "",
                        conversation_id: str = "") -> None:
        with self.session() as s:
            s.add(Disliked(text=(text or "")[:2000], faq_id=faq_id or "", lang=lang or "", channel=channel or "",
                           conversation_id=conversation_id or ""))


def _make_engine(url: str) -> Engine:
    kw: dict = {}
    if url.startswith("sqlite"):
        db = url.split("///", 1)[1] if "///" in url else ""
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        kw["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kw)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):
            # WAL: the action server reads notices while the admin app writes.
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
    return engine


def revision_entry(rev: Revision, ward: Ward, status: str | None = None) -> Entry:
    e = Entry.from_dict(rev.data, ward.sections)
    return replace(e, status=status) if status else e


# ---- the ward files a release is searched with -----------------------------------------------------

def yaml_files(data_dir: Path | str) -> dict:
    """ward.yml, vocabulary.yml, redirects.yml and guides/*.yml of a knowledge-base directory, validated
    (guides against the directory's own published entries and sections), as data."""
    from .guides import guides_to_list, load_guides
    from .kb import load_ward, ward_to_dict
    from .redirects import load_redirects
    from .vocabulary import load_vocabulary

    return {"ward": ward_to_dict(load_ward(data_dir)), "vocabulary": load_vocabulary(data_dir).to_list(),
            "redirects": load_redirects(data_dir).to_list(), "guides": guides_to_list(load_guides(data_dir))}


def files_ward(files: dict, fallback: Ward) -> Ward:
    """The ward a release's files hold (a store seeded before releases carried them: `fallback`)."""
    from .kb import ward_from_dict

    return ward_from_dict(files["ward"]) if files.get("ward") else fallback


def release_files(s: Session, rel: Release) -> dict:
    """The ward files `rel` is served with: its own, else those of the latest earlier release that has them
    (a store seeded before releases carried them), else the committed YAML."""
    if rel.changes.get("files"):
        return rel.changes["files"]
    for earlier in s.scalars(select(Release).where(Release.id < rel.id).order_by(Release.id.desc())):
        if earlier.status == "published" and earlier.changes.get("files"):
            return earlier.changes["files"]
    return yaml_files(current().data)


# ---- seeding ---------------------------------------------------------------------------------------

def seed_from_yaml(store: Store, data_dir: Path | str | None = None, index_root: Path | str | None = None,
                   actor: str = "seed") -> int | None:
    """Load knowledge/data as the first published release when the store is empty.

    Returns the release id, or None when the store already holds entries. If the index root's current
    version was built from exactly these entries, the release records it (rollback can reuse it).
    """
    from .index import Index, IndexInvalid
    from .kb import content_hash, load_entries, load_ward

    data_dir = Path(data_dir or current().data)
    index_root = Path(index_root or current().index)
    ward = load_ward(data_dir)
    entries = load_entries(data_dir, ward)
    with store.session() as s:
        if s.scalar(select(func.count(Revision.id))):
            return None
        revs = []
        for e in entries:
            rev = Revision(entry_id=e.id, data=e.to_dict(), status="published" if e.published else "draft",
                           author=actor, reason=f"seeded from {data_dir}")
            s.add(rev)
            revs.append(rev)
        s.flush()
        published_ids = [r.id for r in revs if r.status == "published"]
        version = None
        try:
            idx = Index.open(index_root)
            pub = [replace(e, status="published") for e in entries if e.published]
            if idx.manifest.get("kb_hash") == content_hash(pub, ward):
                version = idx.version
        except IndexInvalid:
            pass
        rel = Release(kind="seed", changes={"add": published_ids, "retire": [], "files": yaml_files(data_dir)},
                      revision_ids=published_ids,
                      status="published", index_version=version, created_by=actor, finished_at=utcnow(),
                      reason=f"seeded from {data_dir}")
        s.add(rel)
        s.flush()
        for r in revs:
            store.audit(s, actor, "seed", entry_id=r.entry_id, subject=f"revision:{r.id}",
                        reason=r.reason, after={"revision": r.id, "status": r.status})
        store.audit(s, actor, "release", subject=f"release:{rel.id}", reason=rel.reason,
                    after={"release": rel.id, "revisions": len(published_ids), "index_version": version})
        return rel.id


# ---- tiny module-level entry points for the action server and the phone line ----------------------

_default: Store | None = None
_default_lock = threading.Lock()


def default_store() -> Store:
    """The store at $MADOGUCHI_DB, opened (and its tables created) on first use."""
    global _default
    url = current().db
    with _default_lock:
        if _default is None or _default.url != url:
            _default = Store(url)
        return _default


def active_notice(lang: str = "ja") -> str | None:
    """The emergency notice in force, in `lang` (else English, else Japanese); None when there is none.

    Never raises: a broken database must not stop the assistant from answering.
    """
    try:
        return default_store().active_notice(lang)
    except Exception:
        log.exception("active_notice failed")
        return None


def current_notice(lang: str = "ja") -> NoticeText | None:
    """Like active_notice, with the notice's id and end time. Never raises."""
    try:
        return default_store().current_notice(lang)
    except Exception:
        log.exception("current_notice failed")
        return None


def record_unanswered(text: str, lang: str = "", channel: str = "", conversation_id: str = "",
                      top_id: str | None = None, top_score: float | None = None) -> None:
    """Remember a question that got a fallback, for the staff page. Never raises."""
    try:
        default_store().record_unanswered(text, lang, channel, conversation_id, top_id, top_score)
    except Exception:
        log.exception("record_unanswered failed")


def record_disliked(text: str, faq_id: str, lang: str = "", channel: str = "", conversation_id: str = "") -> None:
    """Remember an answer a resident rated unhelpful, for the staff's learning page. Never raises."""
    try:
        default_store().record_disliked(text, faq_id, lang, channel, conversation_id)
    except Exception:
        log.exception("record_disliked failed")


__all__ = ["Store", "Revision", "Release", "AuditLog", "User", "Notice", "Unanswered", "Disliked", "ImportBatch",
           "AnalyticsDaily", "AnalyticsFolded",
           "AuditLogImmutable", "seed_from_yaml", "active_notice", "current_notice", "NoticeText", "record_unanswered",
           "default_store", "record_disliked", "revision_entry", "utcnow", "REVISION_STATUSES", "ROLES"]
