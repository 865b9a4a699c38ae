"""What residents get over the whole path (NLU intent → action → retrieval decision), as JSON.

    .venv/bin/python benchmarks/whole_path.py [--split test|dev] [--index var/index]

Starts the action server and `rasa run` (bot/launch.py) and sends every held-out question of the
split (benchmarks/heldout*/, procedure and out-of-scope) and every held-out emergency message
(benchmarks/heldout_routing/) as a new conversation's first message over the REST webhook, then
counts per group what came back:
  answer_correct / answer_wrong   a confident answer with the right / another entry
  clarify_with / clarify_without  "did you mean" with / without the right entry
  fallback                        the section's phone (no answer)
  redirect                        who handles it instead of the ward (redirects.py)
  emergency                       the full 119/110 guidance (for a procedure question: a false alarm)
  handoff / other                 a bare handoff, or small talk / a language switch: not searched
and, for emergencies, `recall`: the 119/110 numbers were shown (full guidance or the line before an
answer). Needs `make train` and an index.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot import launch  # noqa: E402
from bot.messages import outcome as turn_outcome  # noqa: E402
from knowledge.texts import TEXTS  # noqa: E402
from knowledge.heldout import HELDOUT_DIR, NONE, ROUTING_DIR, STYLES_DIR, read_questions  # noqa: E402

CAVEATS = {t["emergency_caveat"] for t in TEXTS.values()}  # the 119/110 line before an answer
GROUPS = (("heldout", HELDOUT_DIR), ("styles", STYLES_DIR), ("routing", ROUTING_DIR))


def outcome(replies: list[dict]) -> tuple[str, list[str], bool]:
    """(what came back, entry ids offered, whether 119 was shown) for one turn."""
    kind, ids = turn_outcome(replies)  # from the payload markers (bot/messages.py)
    return kind, ids, kind == "emergency" or any((r.get("text") or "") in CAVEATS for r in replies)


def row(results) -> dict:
    counts: Counter = Counter()
    for q, kind, ids, _ in results:
        if kind == "answer":
            kind = "answer_correct" if ids == [q.entry_id] else "answer_wrong"
        elif kind == "clarify":
            kind = "clarify_with" if q.entry_id in ids else "clarify_without"
        counts[kind] += 1
    n = len(results)
    out = {"n": n, **dict(sorted(counts.items()))}
    if results and results[0][0].entry_id not in (NONE, "emergency"):
        out["right_first"] = round(sum(1 for q, _, ids, _ in results if ids[:1] == [q.entry_id]) / n, 4)
        out["wrong_confident_rate"] = round(counts["answer_wrong"] / n, 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--index", default=str(REPO / "var" / "index"))
    args = ap.parse_args()
    questions = [(group, f"{p.parent.name}/{p.stem}", q) for group, root in GROUPS
                 for p in sorted(root.glob("*/*.tsv")) for q in read_questions(p) if q.split == args.split]
    with tempfile.TemporaryDirectory() as logs:
        stack = launch.start(index=args.index, logdir=Path(logs), actions_python=sys.executable)
        try:
            t = time.perf_counter()
            results = [(g, f, q, *outcome(stack.say(q.text, f"bench-{i}"))) for i, (g, f, q) in enumerate(questions)]
            seconds = time.perf_counter() - t
        finally:
            stack.stop()
    procedure = [(q, k, ids, s) for g, f, q, k, ids, s in results if q.entry_id not in (NONE, "emergency")]
    outside = [(q, k, ids, s) for g, f, q, k, ids, s in results if q.entry_id == NONE]
    emergencies = [(q, k, ids, s) for g, f, q, k, ids, s in results if q.entry_id == "emergency"]
    by_file: dict[str, list] = {}
    for g, f, q, k, ids, s in results:
        if g != "routing" and q.entry_id != NONE:
            by_file.setdefault(f"{g}:{f.split('/')[0]}" if g == "heldout" else f, []).append((q, k, ids, s))
    n_proc = max(len(procedure), 1)
    report = {
        "split": args.split, "turns": len(results), "seconds": round(seconds, 1),
        "procedure_questions": row(procedure),
        "false_emergency_rate": round(sum(k == "emergency" for _, k, _, _ in procedure) / n_proc, 4),
        "not_searched_rate": round(sum(k in ("handoff", "other") for _, k, _, _ in procedure) / n_proc, 4),
        "caveat_before_answer_rate": round(sum(s and k != "emergency" for _, k, _, s in procedure) / n_proc, 4),
        "out_of_scope": row(outside),
        "out_of_scope_answered_rate": round(sum(k == "answer" for _, k, _, _ in outside) / max(len(outside), 1), 4),
        "emergencies": {**row(emergencies),
                        "recall_119_shown": round(sum(s for *_, s in emergencies) / max(len(emergencies), 1), 4),
                        "missed": [(q.lang, q.text, k) for q, k, _, s in emergencies if not s]},
        "false_emergency_examples": [(q.lang, q.text) for q, k, _, _ in procedure if k == "emergency"][:20],
        "not_searched_examples": [(q.lang, q.text, k) for q, k, _, _ in procedure if k in ("handoff", "other")][:20],
        "rows": {f: row(rs) for f, rs in sorted(by_file.items())},
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
