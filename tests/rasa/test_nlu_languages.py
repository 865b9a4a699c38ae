"""Intent routing in every ward language, on held-out examples (tests/rasa/lang/test_nlu_<lang>.yml).

`rasa test nlu` loads TensorFlow and the model once per run (~35 s); here the trained model is loaded
once and every language's examples are parsed by it. Each language must reach a weighted F1 of 0.85
(issue 5's bar for routing non-Japanese messages correctly). The per-language report is written to
results/nlu-<lang>/intent_report.json like `rasa test nlu` does, so scripts/nlu_scores.py reads both.
"""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "models" / "madoguchi.tar.gz"
LANG_DIR = Path(__file__).parent / "lang"
MIN_WEIGHTED_F1 = 0.85

if not MODEL.exists():
    pytest.skip("no trained model: run `make train`", allow_module_level=True)


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def examples(path: Path) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples]


def languages() -> list[str]:
    return sorted(p.stem.removeprefix("test_nlu_") for p in LANG_DIR.glob("test_nlu_*.yml"))


@pytest.mark.parametrize("lang", languages())
def test_intents_are_routed_in_each_language(agent, lang):
    from sklearn.metrics import classification_report

    data = examples(LANG_DIR / f"test_nlu_{lang}.yml")
    assert len(data) >= 30, f"{lang}: too few held-out examples to measure"

    async def predict():
        return [(await agent.parse_message(text))["intent"]["name"] for text, _ in data]

    predicted = asyncio.run(predict())
    gold = [intent for _, intent in data]
    report = classification_report(gold, predicted, output_dict=True, zero_division=0)
    out = REPO / "results" / f"nlu-{lang}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "intent_report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    errors = [(text, g, p) for (text, g), p in zip(data, predicted) if g != p]
    assert report["weighted avg"]["f1-score"] >= MIN_WEIGHTED_F1, f"{lang}: misrouted {errors}"
