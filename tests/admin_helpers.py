"""Shared set-up for the admin tests: a seeded store over a small KB, its index, four members of staff."""
from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher

import admin.auth
from admin.publishing import Publisher
from admin.workflow import Actor, Workflow
from knowledge.kb import load_ward
from knowledge.store import Store, seed_from_yaml

# Production hashing costs ~0.2 s a password on these machines; tests need no protection from brute force.
admin.auth._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
PASSWORD = "correct horse battery"
_built: dict[str, Path] = {}  # KB content hash -> an index root built once per test session
EDITOR, APPROVER, APPROVER2, ADMIN = (Actor("eri", "editor"), Actor("aki", "approver"), Actor("ken", "approver"),
                                      Actor("root", "admin"))


@dataclass
class Office:
    store: Store
    wf: Workflow
    publisher: Publisher
    index_root: Path
    data: Path

    @property
    def ward(self):
        return self.wf.ward


def make_office(data: Path, tmp: Path, embedder, build_index: bool = True) -> Office:
    store = Store(f"sqlite:///{tmp / 'madoguchi.db'}")
    ward = load_ward(data)
    if build_index:
        _copy_built_index(data, tmp / "index", ward, embedder)
    seed_from_yaml(store, data, index_root=tmp / "index")
    publisher = Publisher(store, ward, tmp / "index", embedder=embedder)
    if build_index:
        publisher.ensure_index()  # a no-op when the copied index matches
    wf = Workflow(store, ward, publisher)
    for actor in (EDITOR, APPROVER, APPROVER2, ADMIN):
        wf.create_user(Actor("setup", "admin"), actor.username, PASSWORD, actor.role)
    return Office(store, wf, publisher, tmp / "index", data)


def _copy_built_index(data: Path, root: Path, ward, embedder) -> None:
    """Building costs seconds on a loaded machine: build each small KB's first index once, copy it."""
    from dataclasses import replace

    from knowledge import calibration
    from knowledge.index import build
    from knowledge.redirects import load_redirects
    from knowledge.vocabulary import load_vocabulary
    from knowledge.kb import content_hash, load_entries

    entries = [replace(e, status="published") for e in load_entries(data, ward) if e.published]
    key = content_hash(entries, ward)
    if key not in _built:
        cache = Path(tempfile.mkdtemp(prefix="admin-index-"))
        # As admin/publishing.py builds the seed release (so its ensure_index finds nothing to do).
        build(sorted(entries, key=lambda e: e.id), ward, cache, embedder, release=1,
              thresholds=calibration.load(embedder.spec), vocabulary=load_vocabulary(data),
              redirects=load_redirects(data))
        _built[key] = cache
        atexit.register(shutil.rmtree, cache, ignore_errors=True)
    shutil.copytree(_built[key], root, symlinks=True)


def edit_form(office: Office, entry_id: str, **changes) -> tuple[dict, int]:
    """The edit form of an entry's latest version with some fields changed, and its base revision."""
    from admin.entry_form import form_values

    with office.store.session() as s:
        head = office.store.head(s, entry_id)
    return {**form_values(head.data), **changes}, head.id


def tiny_fee_change(answer: str, yen: int) -> dict[str, str]:
    """Form fields changing tiny-001's fee: the answer, plus the easy-Japanese and English answers saying
    the same amount (validation refuses a translation whose amounts differ from the Japanese)."""
    return {"answer": answer, "easy_answer": f"じゅうみんひょうは くみんかで もらえます。{yen}えんです。",
            "en_answer": f"Copies are issued at the Resident Registration Section for {yen} yen each."}


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/").text)
