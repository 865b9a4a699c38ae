"""Routing before retrieval, printed as JSON (run in the Rasa venv, after `make train`):

    .venv-rasa/bin/python benchmarks/routing.py [--model models/madoguchi.tar.gz]

Every held-out procedure question (benchmarks/heldout*/<lang>/, not `none`) is parsed by the trained
model as a new conversation's first message would be; the report counts those sent away from the
knowledge base: `emergency` (the 119/110 guidance, no retrieval), `ask_human` and small talk intents
(whose actions still search a question-like message: actions/faq.py `offer_answer`), and how many
went to the index as DIET-only emergencies (bot/intent_guard.py: answered with the 119/110 line
first). Recall is measured on the blind emergency messages of benchmarks/heldout_routing (the
`--split`, default test; the keyword net was widened on dev) and on the emergency examples of the
NLU test sets (tests/rasa/), none of which the model was trained on. What residents finally get is
measured over the whole path by benchmarks/whole_path.py.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TO_KB = {"ask_faq", "ask_faq+119", "nlu_fallback", "out_of_scope"}


def procedure_questions() -> list[tuple[str, str]]:
    out = []
    for root in (REPO / "benchmarks/heldout", REPO / "benchmarks/heldout_styles"):
        for path in sorted(root.glob("*/*.tsv")):
            for line in path.read_text(encoding="utf-8").splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and parts[-2].strip() != "none":
                    out.append((path.parent.name, parts[-1].strip()))
    return out


def emergency_messages(split: str) -> list[tuple[str, str]]:
    from knowledge.heldout import ROUTING_DIR, read_questions

    out = [(q.lang, q.text) for p in sorted(ROUTING_DIR.glob("*/*.tsv"))
           for q in read_questions(p) if q.split == split]
    for path in sorted((REPO / "tests/rasa").rglob("test_nlu*.yml")):
        lang = path.stem.replace("test_nlu_", "").replace("test_nlu", "ja")
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if block.get("intent") == "emergency":
                out += [(lang, l[2:].strip()) for l in block["examples"].splitlines() if l.startswith("- ")]
    return out


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(REPO / "models/madoguchi.tar.gz"))
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    args = ap.parse_args()
    from rasa.core.agent import Agent

    agent = Agent.load(args.model)

    async def route(text: str) -> tuple[str, str, float]:
        """(intent acted on — `ask_faq+119` for a DIET-only emergency —, DIET's intent, its confidence)."""
        parsed = await agent.parse_message(text)
        ranking = parsed.get("intent_ranking") or []
        name = parsed["intent"]["name"]
        demoted = (name == "ask_faq" and len(ranking) > 1 and ranking[1]["name"] == "emergency"
                   and ranking[0]["confidence"] == ranking[1]["confidence"])
        diet = ranking[1] if demoted else parsed["intent"]
        return ("ask_faq+119" if demoted else name), diet["name"], float(diet["confidence"])

    procedures = procedure_questions()
    proc_routes = [await route(q) for _, q in procedures]
    routed = [(lang, q, r[0]) for (lang, q), r in zip(procedures, proc_routes)]
    away = Counter(i for _, _, i in routed if i not in TO_KB)
    emergencies = emergency_messages(args.split)
    emer_routes = [await route(q) for _, q in emergencies]
    caught = [(lang, q, r[0]) for (lang, q), r in zip(emergencies, emer_routes)]
    missed = [(lang, q, i) for lang, q, i in caught if i not in ("emergency", "ask_faq+119")]
    n = max(len(routed), 1)
    diet_proc = [r[1:] for r in proc_routes]
    diet_emer = [r[1:] for r in emer_routes]
    diet_false = sum(i == "emergency" for i, _ in diet_proc)
    diet_missed = sum(i != "emergency" for i, _ in diet_emer)
    print(json.dumps({
        "procedure_questions": len(routed),
        "false_emergency": away.get("emergency", 0),
        "false_emergency_rate": round(away.get("emergency", 0) / n, 4),
        "sent_away_from_kb": dict(away),
        "sent_away_rate": round(sum(away.values()) / n, 4),
        "examples_sent_away": [(l, q, i) for l, q, i in routed if i not in TO_KB][:30],
        "diet_only_emergency_to_index": sum(i == "ask_faq+119" for _, _, i in routed),
        "emergency_messages": len(caught), "emergency_split": args.split,
        "emergency_by_keyword": sum(i == "emergency" for _, _, i in caught),
        "emergency_recall": round(1 - len(missed) / max(len(caught), 1), 4),
        "emergency_missed": missed,
        "without_guard": {"false_emergency": diet_false,
                          "emergency_recall": round(1 - diet_missed / max(len(caught), 1), 4),
                          # where bot/intent_guard.py's `trust` could sit: DIET's confidences
                          "confidence_false_emergencies": sorted(round(c, 3) for i, c in diet_proc if i == "emergency"),
                          "confidence_true_emergencies": sorted(round(c, 3) for i, c in diet_emer if i == "emergency")},
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    asyncio.run(main())
