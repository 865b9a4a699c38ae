"""Routing must not mislead: what decides that a message is an emergency.

DIET sometimes reads an ordinary procedure question as `emergency` (a family-register extract, a
furniture-fixing subsidy: 100 of 3,560 held-out procedure questions, at confidence 0.6–1.0), and it
also catches real emergencies that no keyword list names (benchmarks/routing.py). So this component,
after the classifiers, acts on the two signals differently:
  * a message with an emergency word (bot/emergency_terms.py) is `emergency` whatever DIET said:
    the 119/110 guidance at once, no retrieval;
  * DIET's `emergency` alone stands only at `trust` confidence or above (by default never); below it
    the message goes to the knowledge index as `ask_faq`, with DIET's `emergency` kept second in the
    intent ranking, and actions/faq.py puts the 119/110 line before the answer — or gives the full
    guidance when the index has no answer.
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
                # DIET's own confidence, unchanged: a demoted emergency is then recognisable downstream
                # as ranking [ask_faq c, emergency c] (actions/faq.py possible_emergency), where a plain
                # ask_faq with emergency second would have two different confidences.
                confidence = float(intent.get("confidence") or 0.0)
                message.set(INTENT, {"name": new, "confidence": confidence}, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != new]
                message.set(INTENT_RANKING_KEY, [{"name": new, "confidence": confidence}] + ranking,
                            add_to_output=True)
        return messages
