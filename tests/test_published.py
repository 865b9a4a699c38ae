"""Run-time readers read the published release (<index root>/current/entries.json), not knowledge/data:
knowledge/published.py, and through it the phone line's sentences, the recogniser's hints and the
actions' ward when the index cannot open. (The channel's own messages: tests/rasa/test_channels.py.)"""
from __future__ import annotations

import dataclasses
import logging
import subprocess
import sys

import pytest

from knowledge import published as pub
from tests.support import point_current, write_published_version
from knowledge.kb import load_entries, load_ward, published

REPO = pub.REPO
YAML_WARD = load_ward()
PUBLISHED_PHONE = "03-0555-7777"
REPUBLISHED_PHONE = "03-0555-8888"
NEW_TERM = "ドローン飛行許可申請"  # a procedure name only the published release knows


@pytest.fixture
def index_root(tmp_path, monkeypatch):
    root = tmp_path / "index"
    entry = published(load_entries(ward=YAML_WARD))[0]
    entry = dataclasses.replace(entry, question=f"{NEW_TERM}はどこでできますか", alt_questions=(f"{NEW_TERM}をしたい",) * 3)
    point_current(root, write_published_version(root, "v1", PUBLISHED_PHONE, [entry]))
    monkeypatch.setenv("MADOGUCHI_INDEX", str(root))
    return root


def test_index_root_resolves_against_the_repository(monkeypatch, tmp_path):
    import actions.retrieval

    monkeypatch.setenv("MADOGUCHI_INDEX", "var/some-index")
    assert pub.index_root() == REPO / "var" / "some-index" == actions.retrieval.index_root()
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path))
    assert pub.index_root() == tmp_path
    monkeypatch.delenv("MADOGUCHI_INDEX")
    assert pub.index_root() == REPO / "var" / "index"


def test_ward_and_entries_come_from_the_current_release(index_root):
    assert pub.published_ward().main_phone == PUBLISHED_PHONE
    assert [e.question for e in pub.published_entries()] == [f"{NEW_TERM}はどこでできますか"]
    assert pub.release() is pub.release()  # read once per version


def test_a_publish_is_picked_up_without_restart(index_root):
    first = pub.release()
    point_current(index_root, write_published_version(index_root, "v2", REPUBLISHED_PHONE))
    assert pub.published_ward().main_phone == REPUBLISHED_PHONE and pub.published_entries() == ()
    assert pub.release() is not first


def test_without_an_index_knowledge_data_is_read_with_a_warning(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "no-index"))
    with caplog.at_level(logging.WARNING, logger="knowledge.published"):
        rel = pub.release()
    assert rel.version is None and rel.ward.main_phone == YAML_WARD.main_phone
    assert all(e.published for e in rel.entries) and rel.entries
    assert "no published index" in caplog.text


def test_phone_line_names_the_published_phone(index_root):
    from voice.phone_texts import phone_text

    assert PUBLISHED_PHONE in phone_text("operator") and PUBLISHED_PHONE in phone_text("apology", "en")
    point_current(index_root, write_published_version(index_root, "v2", REPUBLISHED_PHONE))
    assert REPUBLISHED_PHONE in phone_text("operator")


def test_recogniser_hints_come_from_the_published_entries(index_root):
    from voice.vocabulary import ward_terms

    assert NEW_TERM in ward_terms("ja")
    point_current(index_root, write_published_version(index_root, "v2", REPUBLISHED_PHONE))
    assert NEW_TERM not in ward_terms("ja")
    assert ward_terms("en") == ()


def test_actions_ward_falls_back_to_the_published_release(index_root, monkeypatch):
    """The version here has no vectors, so the retriever cannot open: the ward is still the published one."""
    import actions.retrieval as retrieval

    monkeypatch.setattr(retrieval, "_retriever", None)
    assert retrieval.ward().main_phone == PUBLISHED_PHONE


def test_published_reader_needs_no_retrieval_dependencies():
    """The Rasa venv imports it (bot/channels.py): json and the dict converters only."""
    code = ("import sys, knowledge.published; bad = {'faiss', 'numpy', 'knowledge.search', 'knowledge.index'}"
            " & set(sys.modules); print(sorted(bad))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
