"""The editorial workflow: permissions, review, publish → index, rollback, import diff, audit completeness."""
import hashlib

import pytest

pytest.importorskip("fastapi")

from sqlalchemy import func, select  # noqa: E402

from admin.workflow import Conflict, Forbidden, Invalid  # noqa: E402
from knowledge.index import Index, resolve_version, versions  # noqa: E402
from knowledge.opendata_csv import COLUMNS  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from knowledge.store import (AuditLog, ImportBatch, Notice, Release, Revision, Unanswered, User,  # noqa: E402
                             utcnow)
from tests.admin_helpers import (ADMIN, APPROVER, APPROVER2, EDITOR, edit_form, make_office,  # noqa: E402
                                  tiny_fee_change)


@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    o = make_office(tiny_kb, tmp_path, embedder)
    yield o
    o.publisher.shutdown()


def answer_served(office, query="住民票がほしい"):
    return Retriever(office.index_root, embedder=office.publisher.embedder).search(query).hits[0].entry.answer


def submit_change(office, entry_id="tiny-001", author=EDITOR, **changes):
    form, base = edit_form(office, entry_id, **changes)
    return office.wf.save_draft(author, form, base, reason="test", submit=True)


NEW_ANSWER = "住民票の写しは区民課で1通350円で発行します。"
FEE_350 = tiny_fee_change(NEW_ANSWER, 350)


def test_editor_cannot_publish_and_nobody_publishes_their_own_change(office, monkeypatch):
    rev = submit_change(office, **FEE_350)
    with pytest.raises(Forbidden, match="needs approver"):
        office.wf.publish(EDITOR, [rev.id])
    own = submit_change(office, "tiny-002", author=APPROVER, answer="粗大ごみは電話で申し込みます。")
    with pytest.raises(Forbidden, match="another approver"):
        office.wf.publish(APPROVER, [own.id])
    with pytest.raises(Forbidden):
        office.wf.rollback(EDITOR, 1)
    with pytest.raises(Forbidden):
        office.wf.publish_notice(EDITOR, {"ja": "避難所開設", "en": "Shelters open"}, None, utcnow())
    with pytest.raises(Forbidden):
        office.wf.create_user(APPROVER, "mallory", "long enough password", "admin")
    monkeypatch.setenv("MADOGUCHI_ONE_PERSON_OFFICE", "1")
    _, future = office.wf.publish(APPROVER, [own.id])
    assert future.result().status == "published"


def test_publish_rebuilds_the_index_and_statuses_follow_the_release(office):
    v_before = resolve_version(office.index_root)
    rev = submit_change(office, **FEE_350)
    assert answer_served(office) != NEW_ANSWER  # review does not reach residents
    rel_id, future = office.wf.publish(APPROVER, [rev.id], "fee change")
    rel = future.result(timeout=60)
    assert rel.status == "published" and rel.index_version == resolve_version(office.index_root).name
    assert resolve_version(office.index_root) != v_before
    assert answer_served(office) == NEW_ANSWER
    with office.store.session() as s:
        statuses = {r.id: r.status for r in s.scalars(select(Revision).where(Revision.entry_id == "tiny-001"))}
    assert statuses == {1: "retired", rev.id: "published"}  # published ⇔ in the current release


def test_drafts_are_validated_loosely_and_submissions_strictly(office):
    form, base = edit_form(office, "tiny-001", alt_questions="住民票", url="", section="nowhere")
    with pytest.raises(Invalid) as e:
        office.wf.save_draft(EDITOR, form, base)
    assert {p.field for p in e.value.problems} == {"section"}
    form["section"] = "kumin"
    draft = office.wf.save_draft(EDITOR, form, base)
    assert draft.status == "draft"
    with pytest.raises(Invalid) as e:
        office.wf.submit(EDITOR, "tiny-001")
    assert {p.field for p in e.value.problems} == {"alt_questions", "url"}
    form, _ = edit_form(office, "tiny-001", en_question="Residence certificate?", en_answer="")
    with pytest.raises(Invalid) as e:
        office.wf.save_draft(EDITOR, form, draft.id)
    assert [p.field for p in e.value.problems] == ["en_answer"]


def test_a_stale_edit_is_refused(office):
    form, base = edit_form(office, "tiny-001", **FEE_350)
    office.wf.save_draft(APPROVER, form, base)
    with pytest.raises(Conflict, match="after you opened it"):
        office.wf.save_draft(EDITOR, {**form, "question": "住民票の写しを取りたい（別の人の編集）"}, base)


def test_retire_request_unpublishes_once_approved(office):
    with pytest.raises(Invalid):
        office.wf.request_retire(EDITOR, "tiny-002", reason="")
    rev = office.wf.request_retire(EDITOR, "tiny-002", reason="制度終了")
    _, future = office.wf.publish(APPROVER, [rev.id])
    assert future.result().status == "published"
    assert [e.id for e in Index.open(office.index_root).entries] == ["tiny-001"]
    with office.store.session() as s:
        assert {r.status for r in s.scalars(select(Revision).where(Revision.entry_id == "tiny-002"))} == {"retired"}


def test_failed_build_keeps_the_previous_index_and_records_the_error(office, monkeypatch):
    import admin.publishing as publishing

    before = resolve_version(office.index_root)
    rev = submit_change(office, **FEE_350)

    def broken_build(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publishing, "build", broken_build)
    rel = office.wf.publish(APPROVER, [rev.id])[1].result()
    assert rel.status == "failed" and "disk full" in rel.error
    assert resolve_version(office.index_root) == before and answer_served(office) != NEW_ANSWER
    with office.store.session() as s:
        assert s.get(Revision, rev.id).status == "review"  # still waiting: publish again once fixed
        assert office.store.current_release(s).id == 1
        assert s.scalar(select(AuditLog).where(AuditLog.action == "release-failed")) is not None
    monkeypatch.undo()
    assert office.wf.publish(APPROVER, [rev.id])[1].result().status == "published"
    assert answer_served(office) == NEW_ANSWER


def test_rollback_returns_to_an_earlier_release_reusing_or_rebuilding_its_index(office):
    first = resolve_version(office.index_root)
    rel2 = office.wf.publish(APPROVER, [submit_change(office, **FEE_350).id])[1].result()
    fee_400 = tiny_fee_change("住民票は区民課で発行します（1通400円）。", 400)
    rel3 = office.wf.publish(APPROVER, [submit_change(office, **fee_400).id])[1].result()
    assert answer_served(office).endswith("400円）。")
    back = office.wf.rollback(APPROVER, rel2.id, "wrong fee")[1].result()
    assert back.status == "published" and back.index_version == rel2.index_version  # reused, not rebuilt
    assert answer_served(office) == NEW_ANSWER
    with pytest.raises(Conflict, match="already current"):
        office.wf.rollback(APPROVER, back.id)
    # an index version that was pruned away is rebuilt
    import shutil

    shutil.rmtree(first)
    again = office.wf.rollback(APPROVER2, 1)[1].result()
    assert again.status == "published" and again.index_version != first.name
    assert answer_served(office) == "住民票の写しは区民課で1通300円で発行します。"
    assert len(versions(office.index_root)) >= 3 and rel3.status == "published"


def write_csv(path, rows):
    path.write_text("\r\n".join([",".join(COLUMNS)] + [",".join(r) for r in rows]) + "\r\n", encoding="utf-8")


ROW_001 = ["131245", "tiny-001", "若葉区", "住民票・戸籍・印鑑登録", "住民票の写しはどこで取れますか",
           "住民票の写しは区民課とコンビニで1通300円で取れます。", "2026-12-01", "区民課", "https://www.city.wakaba.example/juminhyo/"]
ROW_NEW = ["131245", "tiny-010", "若葉区", "防災", "防災メールの登録方法", "区のサイトから登録できます。", "2026-11-01", "防災課", ""]


def test_import_shows_new_changed_removed_then_creates_drafts_on_confirm(office, tmp_path):
    csv = tmp_path / "faq.csv"
    write_csv(csv, [ROW_001, ROW_NEW])
    batch = office.wf.import_preview(EDITOR, "faq.csv", csv.read_bytes())
    with office.store.session() as s:
        diff = s.get(ImportBatch, batch).diff
        n_revisions = s.scalar(select(func.count(Revision.id)))
    assert (diff["new"], diff["changed"], diff["absent"]) == (["tiny-010"], ["tiny-001"], ["tiny-002", "tiny-003"])
    assert diff["details"]["tiny-001"] == {"answer": ["住民票の写しは区民課で1通300円で発行します。", "住民票の写しは区民課とコンビニで1通300円で取れます。"],
                                           "updated": ["2026-10-01", "2026-12-01"]}
    assert n_revisions == 3  # the preview applied nothing
    created = office.wf.import_apply(EDITOR, batch, retire_missing=True)
    with office.store.session() as s:
        revs = [s.get(Revision, i) for i in created]
        kept = s.get(Revision, created[0]).data
    assert [(r.entry_id, r.action, r.status) for r in revs] == [
        ("tiny-010", "save", "draft"), ("tiny-001", "save", "draft"), ("tiny-002", "retire", "draft")]
    assert kept["translations"] == {} and revs[1].data["alt_questions"]  # fields the CSV lacks are kept
    with pytest.raises(Conflict):
        office.wf.import_apply(EDITOR, batch)  # a batch applies once


def test_bad_csv_leaves_everything_unchanged(office, tmp_path):
    def snapshot():
        with office.store.session() as s:
            counts = {m.__name__: s.scalar(select(func.count()).select_from(m))
                      for m in (Revision, Release, AuditLog, ImportBatch, Notice, Unanswered, User)}
        tree = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in office.data.rglob("*") if p.is_file()}
        return counts, tree, resolve_version(office.index_root)

    before = snapshot()
    bad = tmp_path / "bad.csv"
    write_csv(bad, [ROW_NEW, ROW_001[:4] + [""] + ROW_001[5:], ["131245", "tiny-011", "若葉区", "防災", "質問"]])
    with pytest.raises(Invalid) as e:
        office.wf.import_preview(EDITOR, "bad.csv", bad.read_bytes())
    assert e.value.problems == ["bad.csv:3: 質問: is empty", "bad.csv:4: row: has 5 columns, expected 9"]
    assert snapshot() == before


def test_every_change_has_an_audit_row(office, tmp_path):
    wf = office.wf
    draft = wf.save_draft(EDITOR, *edit_form(office, "tiny-001", **FEE_350))
    wf.submit(EDITOR, "tiny-001", "ready")
    wf.reject(APPROVER, draft.id, "typo")
    wf.submit(EDITOR, "tiny-001")
    wf.publish(APPROVER, [draft.id])[1].result()
    retire = wf.request_retire(EDITOR, "tiny-002", "obsolete")
    wf.publish(APPROVER2, [retire.id])[1].result()
    wf.rollback(APPROVER, 1)[1].result()
    nid = wf.publish_notice(APPROVER, {"ja": "避難所を開設しました", "en": "Shelters are open"}, None,
                            utcnow().replace(year=utcnow().year + 1))
    wf.expire_notice(APPROVER, nid)
    csv = tmp_path / "faq.csv"
    write_csv(csv, [ROW_NEW])
    wf.import_apply(EDITOR, wf.import_preview(EDITOR, "faq.csv", csv.read_bytes()))
    office.store.record_unanswered("ペットの登録", "ja", "web", "c1")
    with office.store.session() as s:
        wf.mark_handled(EDITOR, s.scalars(select(Unanswered)).one().id)
    wf.create_user(ADMIN, "newbie", "long enough password", "editor")
    wf.change_password(ADMIN, "newbie", "another long password", "another long password")
    with office.store.session() as s:
        rows = s.scalars(select(AuditLog)).all()
        actions = [(a.actor, a.action) for a in rows]
        for action in [("eri", "draft"), ("eri", "submit"), ("aki", "reject"), ("aki", "release-requested"),
                       ("aki", "publish"), ("eri", "retire-request"), ("ken", "retire"), ("aki", "rollback-requested"),
                       ("aki", "notice-publish"), ("aki", "notice-expire"), ("eri", "import"),
                       ("eri", "unanswered-handled"), ("root", "user-create"), ("root", "password-reset")]:
            assert action in actions, action
        # every revision ever written is named by an audit row, and so is every release
        named = {a.subject for a in rows}
        assert {f"revision:{r.id}" for r in s.scalars(select(Revision))} <= named
        assert {f"release:{r.id}" for r in s.scalars(select(Release))} <= named
        # each release that reached residents has its published row, with the before/after sets
        published = [a for a in rows if a.action == "release-published"]
        assert len(published) == s.scalar(select(func.count(Release.id)).where(Release.status == "published")) - 1
        assert all(a.before is not None and a.after["revisions"] for a in published)


def test_a_release_interrupted_by_a_restart_is_marked_failed(office):
    from knowledge.store import Release as R

    rev = submit_change(office, **FEE_350)
    with office.store.session() as s:
        s.add(R(kind="publish", changes={"add": [rev.id], "retire": []}, status="building", created_by="aki"))
    with pytest.raises(Conflict, match="already being published"):
        office.wf.publish(APPROVER, [rev.id])
    assert office.publisher.recover() == 1
    assert office.wf.publish(APPROVER, [rev.id])[1].result().status == "published"
