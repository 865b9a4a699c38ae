"""Routing must not mislead: what decides that a message is an emergency.

DIET sometimes reads an ordinary procedure question as `emergency` (a family-register extract, a
furniture-fixing subsidy), and sometimes misses a real one. This component runs after the
classifiers: a message with an emergency word (bot/emergency_terms.py) is `emergency` whatever DIET
said; DIET's own `emergency` stands only at `trust` confidence or above, else the message goes to
the knowledge index as `ask_faq`. config.yml sets `trust: 0.0` (DIET's emergency always stands):
a strict gate cut emergency recall to 0.66 because the keyword net alone misses many real messages,
and DIET's confidence on its false emergencies (0.99–1.0) leaves no threshold between the two
(benchmarks/routing.py).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.emergency_terms import EMERGENCY_RE

EMERGENCY, PROCEDURE = "emergency", "ask_faq"
NEVER_TRUSTED = 1.01  # above any confidence: DIET's emergency alone never stands


def guarded_intent(text: str, intent: str, confidence: float, trust: float) -> str:
    """The intent to act on: an emergency word always wins; DIET's `emergency` stands on its own only
    at `trust` confidence or above (measured by benchmarks/routing.py), else the index answers."""
    if EMERGENCY_RE.search(text or ""):
        return EMERGENCY
    if intent == EMERGENCY and confidence < trust:
        return PROCEDURE
    return intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmergencyGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"trust": NEVER_TRUSTED}

    def __init__(self, trust: float) -> None:
        self.trust = float(trust)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EmergencyGuard":
        return cls(config["trust"])  # Rasa merges get_default_config() into config

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get("name")
            new = guarded_intent(message.get(TEXT) or "", name, float(intent.get("confidence") or 0.0),
                                 self.trust)
            if new != name:
                confidence = max(float(intent.get("confidence") or 0.0), 0.5)
                message.set(INTENT, {"name": new, "confidence": confidence}, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != new]
                message.set(INTENT_RANKING_KEY, [{"name": new, "confidence": confidence}] + ranking,
                            add_to_output=True)
        return messages
