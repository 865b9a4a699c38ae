"""Decision thresholds measured on held-out questions, not guessed.

The thresholds are fitted on the dev half of the held-out questions (knowledge/heldout.py: the
existing set and the blind styles set, with and without an answer); benchmarks/retrieval.py reports
the test half, so they are never tuned on the questions they are judged on.

The thresholds maximise a utility that reflects a ward's priorities: a wrong answer costs twice what
a right one earns, because misinformation about a procedure sends a resident to the wrong counter.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from .heldout import NONE, STYLES_DIR, Question, load_heldout
from .search import DEFAULT_THRESHOLDS, Retriever, decide

CALIBRATION_FILE = Path(__file__).resolve().parent / "calibration.json"
LEXICAL_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)
UTILITY = {
    ("in", "answer", True): 1.0, ("in", "answer", False): -2.0,
    ("in", "clarify", True): 0.5, ("in", "clarify", False): -0.5, ("in", "fallback", None): -0.5,
    ("out", "fallback", None): 1.0, ("out", "clarify", None): -0.5, ("out", "answer", None): -2.0,
}


DENSE_KS = (1, 2, 3, 4)
MIN_LANG_NEGATIVES, MIN_LANG_POSITIVES = 3, 10


def _components(searcher, questions: list[Question]):
    """Per question, the candidates' raw scores (computed once, re-fused for every setting)."""
    texts = [searcher.matched_text(q.text) for q in questions]
    return [searcher.candidates(t, "hybrid", "ja" if t != q.text else None) for t, q in zip(texts, questions)]


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


def utility(questions, ranked_lists, thresholds, spoken: bool = False) -> float:
    total = 0.0
    for q, (ranked, scores) in zip(questions, ranked_lists):
        decision, n = decide(scores, thresholds, q.lang, spoken)
        if q.entry_id == NONE:
            total += UTILITY[("out", decision, None)]
        elif decision == "fallback":
            total += UTILITY[("in", "fallback", None)]
        else:
            total += UTILITY[("in", decision, q.entry_id in ranked[:n])]
    return total / max(len(questions), 1)


def calibrate(retriever: Retriever, questions: list[Question] | None = None) -> dict:
    questions = questions or load_heldout() + load_heldout(STYLES_DIR)
    questions = [q for q in questions if q.split == "dev"]
    spoken = [q for q in questions if q.source]  # the phone line's transcripts: their own thresholds
    questions = [q for q in questions if not q.source]
    if not any(q.entry_id == NONE for q in questions) or not any(q.entry_id != NONE for q in questions):
        raise ValueError("calibration needs held-out questions both with and without an answer")
    searcher = retriever._searcher
    comps = _components(searcher, questions)
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
    if any(q.entry_id == NONE for q in spoken) and any(q.entry_id != NONE for q in spoken):
        th["spoken"] = _spoken_thresholds(searcher, spoken, th)
    u = utility(questions, ranked, th)
    th["measured"] = {
        "date": dt.date.today().isoformat(), "dev_questions": len(questions),
        "dev_without_answer": sum(q.entry_id == NONE for q in questions),
        "dev_mrr_mean_over_languages": round(_mrr(questions, searcher, comps, dense_k, weight), 4),
        "dev_utility": round(u, 4),
        "index_version": retriever.index.version,
    }
    return th


def _spoken_thresholds(searcher, questions: list[Question], th: dict) -> dict:
    """Fallback and answer bars for speech transcripts, with the text fit's weights: below `answer`
    the caller chooses among the nearest procedures (measured: a misheard question scores like a
    clear one, so the text thresholds answer it wrongly)."""
    ranked = [_ranked(searcher, c, th["dense_k"], th["lexical_weight"]) for c in _components(searcher, questions)]
    top_scores = [s[0] for _, s in ranked if s]
    tops = np.linspace(min(top_scores), max(top_scores), 60)
    best = max(((f, a) for f in tops for a in tops if a >= f),
               key=lambda fa: (utility(questions, ranked, {**th, "spoken": {"fallback": float(fa[0]), "answer": float(fa[1])}},
                                       spoken=True), -fa[1]))
    return {"fallback": round(float(best[0]), 4), "answer": round(float(best[1]), 4),
            "dev_questions": len(questions), "dev_without_answer": sum(q.entry_id == NONE for q in questions)}


def load(embedder_spec: str, path: Path = CALIBRATION_FILE) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get(embedder_spec, {})


def save(embedder_spec: str, thresholds: dict, path: Path = CALIBRATION_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[embedder_spec] = thresholds
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
