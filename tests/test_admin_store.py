"""The store: the audit log cannot be altered, the action server's calls are cheap and safe, seeding."""
import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update

pytest.importorskip("sqlalchemy")

from knowledge import store as store_mod  # noqa: E402
from knowledge.store import AuditLog, AuditLogImmutable, Notice, Release, Revision, Store, Unanswered, seed_from_yaml, utcnow  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """The staff store on SQLite (the default) and on PostgreSQL (tests/postgres.py), same tests."""
    if request.param == "sqlite":
        return Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    return Store(request.getfixturevalue("postgres").database("staff"))


def test_audit_rows_cannot_be_updated_or_deleted_by_any_route(store):
    with store.session() as s:
        store.audit(s, "eri", "draft", entry_id="tiny-001", reason="first")
    with pytest.raises(AuditLogImmutable):
        with store.session() as s:
            s.scalars(select(AuditLog)).one().reason = "rewritten"
    with pytest.raises(AuditLogImmutable):
        with store.session() as s:
            s.delete(s.scalars(select(AuditLog)).one())
    with pytest.raises(AuditLogImmutable):
        with store.session() as s:
            s.execute(update(AuditLog).values(actor="someone else"))
    with pytest.raises(AuditLogImmutable):
        with store.session() as s:
            s.execute(delete(AuditLog))
    with pytest.raises(Exception, match="append-only"):  # below the ORM, the database refuses too
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'x'"))
    with store.session() as s:
        row = s.scalars(select(AuditLog)).one()
        assert (row.actor, row.reason) == ("eri", "first")


def test_action_server_calls_create_the_database_lazily_and_never_raise(tmp_path, monkeypatch):
    db = tmp_path / "fresh" / "madoguchi.db"
    monkeypatch.setenv("MADOGUCHI_DB", f"sqlite:///{db}")
    assert store_mod.active_notice("en") is None
    assert db.exists()
    store_mod.record_unanswered("犬の散歩の条例は？", "ja", "web", "conv-1", "inu-001", 0.71)
    with store_mod.default_store().session() as s:
        q = s.scalars(select(Unanswered)).one()
        assert (q.text, q.lang, q.channel, q.conversation_id, q.top_id, q.top_score) == (
            "犬の散歩の条例は？", "ja", "web", "conv-1", "inu-001", 0.71)
    monkeypatch.setenv("MADOGUCHI_DB", "sqlite:////nonexistent-dir/x/y.db")
    monkeypatch.setattr(store_mod.Path, "mkdir", lambda *a, **k: None)
    assert store_mod.active_notice("ja") is None  # broken database: logged, not raised
    store_mod.record_unanswered("x")


def test_active_notice_picks_the_language_and_respects_the_window(store):
    now = utcnow()
    with store.session() as s:
        s.add(Notice(texts={"ja": "避難所を開設しました", "en": "Evacuation shelters are open", "zh": "避难所已开放"},
                     starts_at=now - dt.timedelta(minutes=1), expires_at=now + dt.timedelta(hours=1), author="aki"))
        s.add(Notice(texts={"ja": "未来", "en": "future"}, starts_at=now + dt.timedelta(hours=2),
                     expires_at=now + dt.timedelta(hours=3), author="aki"))
    assert store.active_notice("ja") == "避難所を開設しました"
    assert store.active_notice("zh") == "避难所已开放"
    assert store.active_notice("vi") == "Evacuation shelters are open"  # no Vietnamese: English
    assert store.active_notice("ja-easy") == "避難所を開設しました"  # やさしい日本語: Japanese, not English
    assert store.active_notice("ja", now=now + dt.timedelta(hours=1, minutes=1)) is None
    assert store.active_notice("ja", now=now + dt.timedelta(hours=2, minutes=30)) == "未来"


def test_seed_loads_the_kb_once_as_the_first_release(store, tiny_kb, tmp_path):
    rel = seed_from_yaml(store, tiny_kb, index_root=tmp_path / "no-index")
    assert rel == 1
    assert seed_from_yaml(store, tiny_kb) is None  # only into an empty store
    with store.session() as s:
        revs = {r.entry_id: r.status for r in s.scalars(select(Revision))}
        assert revs == {"tiny-001": "published", "tiny-002": "published", "tiny-003": "draft"}
        release = s.get(Release, 1)
        assert release.status == "published" and len(release.revision_ids) == 2 and release.index_version is None
        assert s.scalar(select(AuditLog).where(AuditLog.action == "release")) is not None
