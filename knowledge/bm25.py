"""BM25 over entry documents, with a score normalised to [0, 1] so it can be fused and thresholded.

The raw BM25 score depends on the query's length and rarity, so it is divided by the best score any
document could reach for that query (every term present, saturated). Terms the index has never seen
count at the highest IDF: a query in a language the knowledge base lacks then scores near 0 instead
of being blown up by one accidental match.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np


class BM25:
    def __init__(self, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.n_docs = 0
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.idf: dict[str, float] = {}
        self.doc_len = np.zeros(0, dtype=np.float32)
        self.avg_len = 0.0

    def fit(self, docs: list[list[str]]) -> "BM25":
        self.n_docs = len(docs)
        self.doc_len = np.array([len(d) for d in docs], dtype=np.float32)
        self.avg_len = float(self.doc_len.mean()) if len(docs) else 0.0
        rows: dict[str, tuple[list[int], list[int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = rows.setdefault(term, ([], []))
                ids.append(i)
                tfs.append(tf)
        self.postings = {t: (np.array(i, dtype=np.int32), np.array(f, dtype=np.float32)) for t, (i, f) in rows.items()}
        self.idf = {t: self._idf(len(i)) for t, (i, _) in self.postings.items()}
        return self

    def _idf(self, df: int) -> float:
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def scores(self, query: list[str]) -> np.ndarray:
        """Normalised scores for every document (0 = no query term, 1 = best possible match)."""
        out = np.zeros(self.n_docs, dtype=np.float32)
        if not query or self.n_docs == 0:
            return out
        unseen_idf = self._idf(0)
        norm = self.k1 * (1 - self.b + self.b * self.doc_len / max(self.avg_len, 1e-9))
        best = 0.0
        for term, qtf in Counter(query).items():
            idf = self.idf.get(term, unseen_idf)
            best += qtf * idf * (self.k1 + 1)
            if term not in self.postings:
                continue
            ids, tfs = self.postings[term]
            out[ids] += qtf * idf * tfs * (self.k1 + 1) / (tfs + norm[ids])
        return out / best if best > 0 else out

    # ---- persistence (plain JSON-able data; no pickle in the index) ----
    def to_dict(self) -> dict:
        return {
            "k1": self.k1, "b": self.b, "n_docs": self.n_docs, "doc_len": self.doc_len.tolist(),
            "postings": {t: [i.tolist(), f.tolist()] for t, (i, f) in self.postings.items()},
        }

    @classmethod
    def from_dict(cls, d: dict) -> "BM25":
        m = cls(d["k1"], d["b"])
        m.n_docs = d["n_docs"]
        m.doc_len = np.array(d["doc_len"], dtype=np.float32)
        m.avg_len = float(m.doc_len.mean()) if m.n_docs else 0.0
        m.postings = {t: (np.array(i, dtype=np.int32), np.array(f, dtype=np.float32)) for t, (i, f) in d["postings"].items()}
        m.idf = {t: m._idf(len(i)) for t, (i, _) in m.postings.items()}
        return m
