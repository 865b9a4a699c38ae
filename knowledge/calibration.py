"""Decision thresholds measured on held-out questions, not guessed.

Held-out questions live in benchmarks/heldout/<lang>/<category>.tsv as `entry id<TAB>question`;
`_none.tsv` holds questions the ward's FAQ does not answer (id `none`). Each question falls, by a
stable hash, into the dev half (used here) or the test half (reported by benchmarks/retrieval.py),
so the thresholds are never tuned on the questions they are judged on.

The thresholds maximise a utility that reflects a ward's priorities: a wrong answer costs twice what
a right one earns, because misinformation about a procedure sends a resident to the wrong counter.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .search import DEFAULT_THRESHOLDS, Retriever, decide

REPO = Path(__file__).resolve().parent.parent
HELDOUT_DIR = REPO / "benchmarks" / "heldout"
CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
NONE = "none"
LEXICAL_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)
UTILITY = {
    ("in", "answer", True): 1.0, ("in", "answer", False): -2.0,
    ("in", "clarify", True): 0.5, ("in", "clarify", False): -0.5, ("in", "fallback", None): -0.5,
    ("out", "fallback", None): 1.0, ("out", "clarify", None): -0.5, ("out", "answer", None): -2.0,
}


@dataclass(frozen=True)
class Question:
    lang: str
    entry_id: str  # "none" for out-of-scope
    text: str

    @property
    def split(self) -> str:
        h = hashlib.sha256(f"{self.entry_id}\t{self.text}".encode()).digest()[0]
        return "dev" if h % 2 == 0 else "test"


def load_heldout(root: Path = HELDOUT_DIR, langs: list[str] | None = None) -> list[Question]:
    out: list[Question] = []
    if not root.is_dir():
        return out
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if langs and lang_dir.name not in langs:
            continue
        for path in sorted(lang_dir.glob("*.tsv")):
            out += read_questions(path)
    return out


def read_questions(path: Path) -> list[Question]:
    """One held-out file (`entry id<TAB>question`); its folder names the language."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and "\t" in line:
            eid, text = line.split("\t", 1)
            out.append(Question(path.parent.name, eid.strip(), text.strip()))
    return out


DENSE_KS = (1, 2, 3, 4)
MIN_LANG_NEGATIVES, MIN_LANG_POSITIVES = 3, 10


def _components(retriever: Retriever, questions: list[Question]):
    """Per question, the candidates' raw scores (computed once, re-fused for every setting)."""
    searcher = retriever._searcher
    return searcher, [searcher.candidates(q.text, "hybrid") for q in questions]


def _ranked(searcher, comp, dense_k, weight, k=5):
    fused, _ = searcher.fuse(*comp, "hybrid", dense_k, weight)
    order = [i for i in np.argsort(-fused)[:k] if np.isfinite(fused[i])]
    return [searcher.index.entries[i].id for i in order], [float(fused[i]) for i in order]


def _mrr(questions, searcher, comps, dense_k, weight) -> float:
    """Mean over languages of each language's MRR, so Japanese's larger share does not decide alone."""
    per_lang: dict[str, list[float]] = {}
    for q, comp in zip(questions, comps):
        if q.entry_id == NONE:
            continue
        ranked, _ = _ranked(searcher, comp, dense_k, weight)
        per_lang.setdefault(q.lang, []).append(1.0 / (ranked.index(q.entry_id) + 1) if q.entry_id in ranked else 0.0)
    return float(np.mean([np.mean(v) for v in per_lang.values()])) if per_lang else 0.0


def utility(questions, ranked_lists, thresholds) -> float:
    total = 0.0
    for q, (ranked, scores) in zip(questions, ranked_lists):
        decision, n = decide(scores, thresholds, q.lang)
        if q.entry_id == NONE:
            total += UTILITY[("out", decision, None)]
        elif decision == "fallback":
            total += UTILITY[("in", "fallback", None)]
        else:
            total += UTILITY[("in", decision, q.entry_id in ranked[:n])]
    return total / max(len(questions), 1)


def calibrate(retriever: Retriever, questions: list[Question] | None = None) -> dict:
    questions = [q for q in (questions or load_heldout()) if q.split == "dev"]
    if not any(q.entry_id == NONE for q in questions) or not any(q.entry_id != NONE for q in questions):
        raise ValueError("calibration needs held-out questions both with and without an answer")
    searcher, comps = _components(retriever, questions)
    dense_k, weight = max(((k, w) for k in DENSE_KS for w in LEXICAL_WEIGHTS),
                          key=lambda kw: _mrr(questions, searcher, comps, *kw))
    ranked = [_ranked(searcher, c, dense_k, weight) for c in comps]
    tops = sorted({round(s[0], 3) for _, s in ranked if s})
    best = None
    for fallback in np.linspace(min(tops), max(tops), 80):
        for margin in (0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05):
            th = {**DEFAULT_THRESHOLDS, "dense_k": dense_k, "lexical_weight": weight, "fallback": float(fallback),
                  "margin": margin}
            u = utility(questions, ranked, th)
            if best is None or u > best[0]:
                best = (u, th)
    u, th = best
    # Per language, where its dev half has enough questions with and without an answer.
    by_lang = {}
    for lang in sorted({q.lang for q in questions}):
        idx = [i for i, q in enumerate(questions) if q.lang == lang]
        qs, rk = [questions[i] for i in idx], [ranked[i] for i in idx]
        if sum(q.entry_id == NONE for q in qs) < MIN_LANG_NEGATIVES or sum(q.entry_id != NONE for q in qs) < MIN_LANG_POSITIVES:
            continue
        lang_tops = sorted({round(s[0], 3) for _, s in rk if s})
        by_lang[lang] = round(float(max(np.linspace(min(lang_tops), max(lang_tops), 80),
                                        key=lambda f: (utility(qs, rk, {**th, "fallback": float(f)}), -f))), 4)
    th = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in th.items()}
    th["fallback_by_lang"] = by_lang
    u = utility(questions, ranked, th)
    th["measured"] = {
        "date": dt.date.today().isoformat(), "dev_questions": len(questions),
        "dev_without_answer": sum(q.entry_id == NONE for q in questions),
        "dev_mrr_mean_over_languages": round(_mrr(questions, searcher, comps, dense_k, weight), 4),
        "dev_utility": round(u, 4),
        "index_version": retriever.index.version,
    }
    return th


def load(embedder_spec: str, path: Path = CALIBRATION_FILE) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get(embedder_spec, {})


def save(embedder_spec: str, thresholds: dict, path: Path = CALIBRATION_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[embedder_spec] = thresholds
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
