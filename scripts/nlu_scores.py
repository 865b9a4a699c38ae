"""Per-language intent scores of `rasa test nlu` runs, as JSON: results/nlu-<lang>/intent_report.json.

    python scripts/nlu_scores.py [--results results] [--min 0.85]

With --min, exits 1 when a language's weighted F1 is below it (the issue's bar for routing a
language's messages correctly). Standard library only: runs in either venv.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def scores(results: Path) -> dict[str, dict]:
    out = {}
    for report in sorted(results.glob("nlu*/intent_report.json")):
        lang = report.parent.name.removeprefix("nlu").removeprefix("-") or "ja"
        r = json.loads(report.read_text(encoding="utf-8"))
        out[lang] = {"examples": r["weighted avg"]["support"], "accuracy": round(r["accuracy"], 3),
                     "weighted_f1": round(r["weighted avg"]["f1-score"], 3)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default="results", type=Path)
    ap.add_argument("--min", type=float, default=None, help="fail when a language's weighted F1 is below this")
    args = ap.parse_args()
    table = scores(args.results)
    print(json.dumps(table, ensure_ascii=False, indent=1))
    low = [lang for lang, s in table.items() if args.min is not None and s["weighted_f1"] < args.min]
    if low:
        print(f"below {args.min}: {', '.join(low)}", file=sys.stderr)
    return 1 if low or not table else 0


if __name__ == "__main__":
    sys.exit(main())
