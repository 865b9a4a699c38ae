"""Hybrid retrieval over an index, and the decision the assistant acts on.

score(entry) = dense + lexical_weight * bm25
  dense  the mean of the `dense_k` best cosines between the query and the entry's texts (its
         question, phrasings, translated questions and answer), candidates found with FAISS
  bm25   the normalised BM25 score of the entry document (see bm25.py)

decision
  fallback  the best score is below `fallback` (nothing relevant: hand over to a section)
  clarify   the runner-up is within `margin` of the best (several close candidates: ask)
  answer    otherwise
  redirect  the question is nearer in meaning to a matter someone else handles (redirects.py)
            than to any entry; or, not a confident answer, it names such a matter by a word that
            the best entry does not speak of
The thresholds are calibrated on held-out questions (python -m knowledge calibrate) and stored in
the index manifest, so an index always carries the thresholds that were measured for its model.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .embedders import Embedder, load_embedder
from .entry import Entry
from .index import Index, IndexInvalid, resolve_version
from .languages import detect as detect_language
from .settings import current
from .redirects import Redirect
from .romaji import to_kana
from .tokens import tokenize

log = logging.getLogger(__name__)

# Used only when an index carries no calibrated thresholds (e.g. a fresh test index).
DEFAULT_THRESHOLDS = {"dense_k": 3, "lexical_weight": 0.15, "fallback": 0.86, "margin": 0.02, "clarify_max": 3}
DENSE_CANDIDATE_ROWS = 64
LEXICAL_CANDIDATES = 20
# A redirect's example question must beat the best entry's dense score by this margin and reach this
# similarity (measured on the dev half: at 0.02, 6 of 14 out-of-scope questions answered confidently
# were redirected and 1 ward question, at 0.01 4 ward questions; every redirect that helped was at
# 0.94 or more, while spaced hiragana, which e5 reads poorly, reaches 0.89 with unrelated questions)
REDIRECT_MARGIN = 0.02
REDIRECT_MIN_SIMILARITY = 0.92
MAX_QUERY_CHARS = 1000  # a resident's question fits; a pasted document is cut, not embedded whole


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    dense: float
    lexical: float


@dataclass
class SearchResult:
    query: str
    decision: str  # answer | clarify | fallback | redirect
    hits: list[Hit] = field(default_factory=list)
    index_version: str = ""
    lang: str | None = None
    redirect: Redirect | None = None  # who handles it, for decision "redirect"

    @property
    def candidates(self) -> list[Hit]:
        """The entries to offer: one for answer, the close ones for clarify, the nearest for fallback."""
        return self.hits[:1] if self.decision != "clarify" else self._close

    _close: list[Hit] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict:
        return {
            "query": self.query, "decision": self.decision,
            "lang": self.lang, "results": [{"id": h.entry.id, "score": round(h.score, 4)} for h in self.hits],
            **({"redirect": self.redirect.id} if self.redirect else {}),
        }


def entry_questions(e: Entry) -> str:
    """An entry's main question in every language: what a redirect word is checked against. Answers
    and keyword phrasings name a passport as a document to bring (「国外からの転入 持ち物 パスポート」);
    an entry about passports would name it in its question."""
    return "\n".join([e.question, *(tr.question for tr in e.translations.values())])


def fallback_threshold(thresholds: dict, lang: str | None) -> float:
    """e5 scores a query higher against texts in its own language, so each language whose held-out
    questions allowed it has its own measured threshold; others use the pooled one."""
    return (thresholds.get("fallback_by_lang") or {}).get(lang or "", thresholds["fallback"])


def decide(scores: list[float], thresholds: dict, lang: str | None = None,
           spoken: bool = False) -> tuple[str, int]:
    """(decision, how many candidates to offer) from the sorted fused scores.

    A spoken question (the phone line's transcript) has its own measured thresholds where the index
    carries them: transcripts misheard into another procedure's words score like real questions, so
    below `answer` the caller is offered the nearest procedures as numbered choices instead. They
    were measured on Japanese transcripts, so other languages keep their own."""
    cut = thresholds.get("spoken") if spoken and lang == "ja" else None
    if cut:
        if not scores or scores[0] < cut["fallback"]:
            return "fallback", 0
        if scores[0] < cut["answer"]:
            return "clarify", len([s for s in scores[: thresholds.get("clarify_max", 3)] if s >= cut["fallback"]])
    elif not scores or scores[0] < fallback_threshold(thresholds, lang):
        return "fallback", 0
    close = [s for s in scores[: thresholds.get("clarify_max", 3)] if scores[0] - s < thresholds["margin"]]
    if len(close) > 1:
        return "clarify", len(close)
    return "answer", 1


class Searcher:
    """Scores queries against one loaded index with one embedder."""

    def __init__(self, index: Index, embedder: Embedder, thresholds: dict | None = None):
        if embedder.spec != index.manifest["embedder"] or embedder.dim != index.manifest["dim"]:
            raise IndexInvalid(f"{index.path}: built with {index.manifest['embedder']} "
                               f"(dim {index.manifest['dim']}), but the embedder is {embedder.spec} (dim {embedder.dim})")
        self.index, self.embedder = index, embedder
        self.thresholds = {**DEFAULT_THRESHOLDS, **index.thresholds, **(thresholds or {})}

    def candidates(self, query: str, mode: str = "hybrid", lang: str | None = None,
                   q: np.ndarray | None = None) -> tuple[np.ndarray, dict[int, np.ndarray]]:
        """BM25 scores for every entry, and for each candidate entry its text similarities, best first.

        Candidates are the entries of the nearest FAISS rows plus the best lexical matches; their
        similarities are then computed exactly over all their texts. The lexical terms include the
        ward vocabulary's words for a Japanese question's everyday words. `q` is the query's
        vector if the caller has embedded it already.
        """
        idx, n = self.index, len(self.index.entries)
        terms = tokenize(query)
        if (lang or detect_language(query)) == "ja":
            terms += [t for word in idx.vocabulary.terms_for(query) for t in tokenize(word)]
        lexical = idx.bm25.scores(terms) if mode != "dense" else np.zeros(n, dtype=np.float32)
        if mode == "lexical":
            return lexical, {}
        q = self.embedder.embed_queries([query])[0] if q is None else q
        _, rows = idx.vectors.search(q[None, :], min(DENSE_CANDIDATE_ROWS, idx.vectors.ntotal))
        entries = {idx.texts[r].entry for r in rows[0] if r >= 0}
        if mode == "hybrid":
            entries |= {int(e) for e in np.argsort(-lexical)[:LEXICAL_CANDIDATES] if lexical[e] > 0}
        return lexical, {e: -np.sort(-(idx.matrix[idx.rows_of_entry[e]] @ q)) for e in entries}

    @staticmethod
    def fuse(lexical: np.ndarray, sims: dict[int, np.ndarray], mode: str, dense_k: int,
             weight: float) -> tuple[np.ndarray, np.ndarray]:
        """(fused, dense) over all entries; entries that are not candidates get -inf.

        An entry's dense score is the mean of its `dense_k` best text similarities: one lucky
        phrasing counts for less than several that agree (measured: English MRR +0.09 for k=3).
        """
        if mode == "lexical":
            return lexical.copy(), np.zeros_like(lexical)
        dense = np.full(len(lexical), -np.inf, dtype=np.float32)
        for e, s in sims.items():
            dense[e] = s[:dense_k].mean()
        return (dense + weight * lexical if mode == "hybrid" else dense.copy()), dense

    def score_all(self, query: str, mode: str = "hybrid", lang: str | None = None,
                  q: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fused, dense, lexical) scores over all entries; non-candidates are -inf."""
        lexical, sims = self.candidates(query, mode, lang, q)
        fused, dense = self.fuse(lexical, sims, mode, self.thresholds["dense_k"], self.thresholds["lexical_weight"])
        return fused, dense, lexical

    def search(self, query: str, k: int = 5, mode: str = "hybrid", lang: str | None = None,
               spoken: bool = False) -> SearchResult:
        """`lang` is the query's language if the caller knows it; otherwise it is detected. `spoken`:
        the query is a speech transcript (decided with the spoken thresholds)."""
        query = (query or "").strip()[:MAX_QUERY_CHARS]
        if not query:
            return SearchResult(query, "fallback", [], self.index.version)
        lang = lang or detect_language(query)
        matched, hits, nearest = self._read(query, k, mode, lang)
        lang = "ja" if matched != query else lang
        decision, n_close = decide([h.score for h in hits], self.thresholds, lang, spoken)
        # A matter the ward does not handle (a passport, national income tax): name who does. By
        # meaning, when the question is nearer one of a redirect's example questions than to any
        # entry's texts; by a word only when the index is not confident, and unless the best entry's
        # questions speak of it (measured on the test half, a word overriding confident answers
        # redirected ward questions that merely mention a passport: 「運転免許もパスポートもない祖父の実印登録」).
        redirect = None
        if nearest and hits and nearest[1] >= REDIRECT_MIN_SIMILARITY and nearest[1] > hits[0].dense + REDIRECT_MARGIN:
            redirect = nearest[0]
        elif decision != "answer":
            redirect = self.index.redirects.match(query, entry_questions(hits[0].entry) if hits else "")
        if redirect is not None:
            decision, n_close = "redirect", 0
        result = SearchResult(query, decision, hits, self.index.version, lang, redirect)
        result._close = hits[:n_close]
        return result

    def matched_text(self, query: str, mode: str = "hybrid") -> str:
        """The text the index is searched with: the query, or its kana if it is romaji and that scores higher."""
        return self._read(query, 1, mode, detect_language(query))[0]

    def _read(self, query: str, k: int, mode: str, lang: str | None):
        """(text searched, hits, nearest redirect by meaning) for the query or its kana reading."""
        hits, nearest = self._hits(query, k, mode, lang)
        kana = to_kana(query)
        if kana:  # romaji Japanese: its kana reading is what the index can match
            kana_hits, kana_nearest = self._hits(kana, k, mode, "ja")
            if kana_hits and (not hits or kana_hits[0].score > hits[0].score):
                return kana, kana_hits, kana_nearest
        return query, hits, nearest

    def _hits(self, query: str, k: int, mode: str, lang: str | None):
        q = self.embedder.embed_queries([query])[0] if mode != "lexical" else None
        fused, dense, lexical = self.score_all(query, mode, lang, q)
        order = [int(i) for i in np.argsort(-fused)[:k] if np.isfinite(fused[i])]
        hits = [Hit(self.index.entries[i], float(fused[i]), float(dense[i]), float(lexical[i])) for i in order]
        return hits, (self.index.nearest_redirect(q) if q is not None else None)


class Retriever:
    """The long-lived search service: follows an index root's `current`, reloading without a gap.

    A new version is loaded beside the old one and swapped in with one assignment; if it cannot be
    opened, the error is logged and the old version keeps answering.
    """

    def __init__(self, root: Path | str, embedder: Embedder | None = None, threads: int = 1):
        self.root = Path(root)
        self._threads = threads
        self._embedders: dict[str, Embedder] = {}
        if embedder is not None:
            self._embedders[embedder.spec] = embedder
        self._lock = threading.Lock()
        self._searcher = self._load(resolve_version(self.root))
        self.last_reload_error: str | None = None

    @classmethod
    def open(cls, root: Path | str | None = None, **kw) -> "Retriever":
        return cls(root or current().index, **kw)

    def _load(self, version_dir: Path) -> Searcher:
        index = Index.open(version_dir)
        spec = index.manifest["embedder"]
        if spec not in self._embedders:
            self._embedders[spec] = load_embedder(spec, threads=self._threads)
        return Searcher(index, self._embedders[spec])

    @property
    def index(self) -> Index:
        return self._searcher.index

    @property
    def ward(self):
        return self._searcher.index.ward

    @property
    def embedder(self) -> Embedder:
        """The embedder of the version being served (staff tools group residents' questions with it)."""
        return self._searcher.embedder

    def maybe_reload(self) -> bool:
        """Switch to the root's current version if it changed. Returns True when it switched."""
        try:
            target = resolve_version(self.root)
        except IndexInvalid as e:
            self.last_reload_error = str(e)
            return False
        if target == self._searcher.index.path.resolve():
            return False
        with self._lock:
            if target == self._searcher.index.path.resolve():
                return False
            try:
                searcher = self._load(target)
            except Exception as e:  # keep serving the old index whatever went wrong
                self.last_reload_error = f"kept {self._searcher.index.version}: {e}"
                log.error("index reload refused: %s", self.last_reload_error)
                return False
            self._searcher = searcher
            self.last_reload_error = None
            log.info("index switched to %s", searcher.index.version)
            return True

    def search(self, query: str, k: int = 5, mode: str = "hybrid", lang: str | None = None,
               spoken: bool = False) -> SearchResult:
        return self._searcher.search(query, k, mode, lang, spoken)

    def entry(self, entry_id: str) -> Entry | None:
        i = self._searcher.index.by_id.get(entry_id)
        return self._searcher.index.entries[i] if i is not None else None
