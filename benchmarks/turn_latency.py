"""Turn latency over the REST webhook: p50/p95 and throughput at concurrency 1 and 8, plus RSS.

Starts the action server and Rasa on free ports (bot/launch.py) with the current model and index,
sends N held-out Japanese questions (benchmarks/heldout/ja/*.tsv) as new conversations, and prints
JSON. Target on 2 cores: p95 < 100 ms at concurrency 1.

  .venv/bin/python benchmarks/turn_latency.py [--n 300] [--concurrency 1 8] [--url WEBHOOK]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import launch  # noqa: E402


def heldout_questions(n: int, seed: int = 7) -> list[str]:
    rows = []
    for path in sorted((REPO / "benchmarks" / "heldout" / "ja").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].strip():
                rows.append(parts[1].strip())
    random.Random(seed).shuffle(rows)
    return (rows * (n // max(len(rows), 1) + 1))[:n]


def turn(webhook: str, text: str, sender: str) -> float:
    req = urllib.request.Request(webhook, json.dumps({"sender": sender, "message": text}).encode(),
                                 {"Content-Type": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        replies = json.load(r)
    elapsed = time.perf_counter() - t
    if not replies:
        raise RuntimeError(f"no reply to {text!r}")
    return elapsed


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def run(webhook: str, questions: list[str], concurrency: int, tag: str) -> dict:
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = list(pool.map(lambda iq: turn(webhook, iq[1], f"bench-{tag}-{iq[0]}"), enumerate(questions)))
    wall = time.perf_counter() - start
    ms = [x * 1000 for x in latencies]
    return {"concurrency": concurrency, "turns": len(ms), "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1), "mean_ms": round(statistics.mean(ms), 1),
            "max_ms": round(max(ms), 1), "throughput_per_s": round(len(ms) / wall, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--url", help="an already running REST webhook (RSS is then not measured)")
    ap.add_argument("--index", help="MADOGUCHI_INDEX for the action server (default var/index)")
    args = ap.parse_args(argv)

    questions = heldout_questions(args.n)
    stack = None if args.url else launch.start(index=args.index)
    webhook = args.url or stack.webhook
    try:
        for i in range(5):  # warm-up: model loading and first-call costs are not turn latency
            turn(webhook, questions[i], f"bench-warmup-{i}")
        out = {"questions": len(questions), "source": "benchmarks/heldout/ja", "runs": []}
        for c in args.concurrency:
            out["runs"].append(run(webhook, questions, c, f"c{c}"))
        if stack is not None:
            out["rss_mb"] = {"rasa": round(launch.rss_mb(stack.rasa.pid), 1),
                             "action_server": round(launch.rss_mb(stack.actions.pid), 1)}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    finally:
        if stack is not None:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
