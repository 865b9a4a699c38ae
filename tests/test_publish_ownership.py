"""What staff publish is what residents are told: `make index` (which `make run` calls), `knowledge
build` and `knowledge rollback` cannot replace a release, and a rollback is itself a release."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from knowledge.index import Index, resolve_version
from knowledge.search import Retriever
from knowledge.store import Release
from tests.admin_helpers import APPROVER, EDITOR, edit_form, make_office, tiny_fee_change
from tests.support import REPO


@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    o = make_office(tiny_kb, tmp_path, embedder)
    yield o
    o.publisher.shutdown()


def _env(office) -> dict:
    return {**os.environ, "MADOGUCHI_DB": office.store.url, "MADOGUCHI_INDEX": str(office.index_root),
            "MADOGUCHI_DATA": str(office.data)}


def _served_answer(office) -> str:
    return Retriever(office.index_root, embedder=office.publisher.embedder).search("住民票がほしい").hits[0].entry.answer


def _publish_350(office) -> str:
    form, base = edit_form(office, "tiny-001", **tiny_fee_change("住民票の写しは区民課で1通350円で発行します。", 350))
    rev = office.wf.save_draft(EDITOR, form, base, submit=True)
    rel = office.wf.publish(APPROVER, [rev.id])[1].result()
    assert rel.status == "published"
    return rel.index_version


def test_a_publish_survives_make_index_and_knowledge_build(office):
    version = _publish_350(office)
    assert Index.open(office.index_root).manifest["release"] == 2
    # The YAML still says 300 yen: anything rebuilding from it would undo the publish.
    r = subprocess.run(["make", "-s", "index"], cwd=REPO, env=_env(office), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert resolve_version(office.index_root).name == version
    assert "350円" in _served_answer(office)

    r = subprocess.run([sys.executable, "-m", "knowledge", "--data", str(office.data), "build", "--out",
                        str(office.index_root), "--quiet"], cwd=REPO, env=_env(office), capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 1 and "serves release 2" in r.stderr
    assert resolve_version(office.index_root).name == version


def test_rollback_goes_through_a_release(office):
    with office.store.session() as s:
        seed_version = s.get(Release, 1).index_version
    version = _publish_350(office)
    # Moving `current` by hand is refused: it would leave the store naming the wrong release.
    r = subprocess.run([sys.executable, "-m", "knowledge", "rollback", "--index", str(office.index_root), seed_version],
                       cwd=REPO, env=_env(office), capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "python -m admin rollback" in r.stderr
    assert resolve_version(office.index_root).name == version

    r = subprocess.run([sys.executable, "-m", "admin", "rollback", "1", "--reason", "wrong fee"], cwd=REPO,
                       env=_env(office), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    with office.store.session() as s:
        current = office.store.current_release(s)
        assert (current.id, current.kind, current.changes["restore"], current.reason) == (3, "rollback", 1, "wrong fee")
        assert current.index_version == seed_version  # the seed's version, reused
    assert resolve_version(office.index_root).name == seed_version
    assert "300円" in _served_answer(office)


def test_ward_files_change_only_when_published(office, tmp_path):
    """Edited YAML (here: the ward's main phone) is served only after `admin publish-files`."""
    ward_yml = office.data / "ward.yml"
    old_phone = office.ward.main_phone
    ward_yml.write_text(ward_yml.read_text(encoding="utf-8").replace(old_phone, "03-0555-9999"), encoding="utf-8")
    r = subprocess.run(["make", "-s", "index"], cwd=REPO, env=_env(office), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert Index.open(office.index_root).ward.main_phone == old_phone
    r = subprocess.run([sys.executable, "-m", "admin", "publish-files", "--reason", "new switchboard"], cwd=REPO,
                       env=_env(office), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert Index.open(office.index_root).ward.main_phone == "03-0555-9999"
    with office.store.session() as s:
        assert office.store.current_release(s).kind == "files"
