"""The guides' rules against households written without seeing them (JSON): exact checklists, item
precision/recall (conditional items count as listed) and deadlines, per scenario file.

    .venv/bin/python benchmarks/guides.py
tests/data/guide_scenarios.yml has shaped the rules (a regression guard, tests/test_guide_scenarios.py);
tests/data/guide_scenarios_heldout.yml has not: it is the measure.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from knowledge.guides import checklist, load_guides  # noqa: E402
from knowledge.kb import load_entries, load_ward  # noqa: E402


def _iso(v):
    return v.isoformat() if isinstance(v, dt.date) else v


def score(path: Path, guides, entries, ward) -> dict:
    scenarios = yaml.safe_load(path.read_text(encoding="utf-8"))
    exact = tp = fp = fn = dl_ok = dl_n = 0
    misses = []
    for s in scenarios:
        answers = {k: _iso(v) for k, v in (s.get("answers") or {}).items()}
        items = {i.entry_id: i for i in checklist(guides[s["guide"]], answers, entries,
                                                  dt.date.fromisoformat(_iso(s["today"])), ward=ward)}
        got, want = set(items), set(s["expected"])
        tp, fp, fn, exact = tp + len(got & want), fp + len(got - want), fn + len(want - got), exact + (got == want)
        if got != want:
            misses.append({"name": s["name"], "extra": sorted(got - want), "missing": sorted(want - got)})
        for eid, day in (s.get("deadlines") or {}).items():
            dl_n += 1
            dl_ok += eid in items and items[eid].deadline == dt.date.fromisoformat(_iso(day))
    return {"scenarios": len(scenarios), "exact": exact, "precision": round(tp / max(tp + fp, 1), 3),
            "recall": round(tp / max(tp + fn, 1), 3), "deadlines": f"{dl_ok}/{dl_n}", "differences": misses}


if __name__ == "__main__":
    ward = load_ward()
    entries = {e.id: e for e in load_entries(ward=ward)}
    guides = load_guides()
    print(json.dumps({name: score(REPO / "tests" / "data" / name, guides, entries, ward)
                      for name in ("guide_scenarios.yml", "guide_scenarios_heldout.yml")}, ensure_ascii=False, indent=1))
