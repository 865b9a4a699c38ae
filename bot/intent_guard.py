"""Routing must not mislead: an `emergency` intent needs an emergency word.

DIET sometimes reads an ordinary procedure question as `emergency` (a family-register extract, a
furniture-fixing subsidy): the resident would be told to call 119 instead of getting the answer.
Real emergencies use words that procedure questions do not (救急車, 倒れた, "not breathing"…), which
bot/emergency_terms.py lists in every ward language. This component runs after the classifiers:
an `emergency` intent on a message without such a word becomes `ask_faq`, so the knowledge index
answers it; a message with such a word is `emergency` whatever DIET said. Recall therefore rests
on the keyword net, which tests/test_languages.py checks against emergency messages in every
language.
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


def guarded_intent(text: str, intent: str, confidence: float = 0.0, trust: float = 1.01) -> str:
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
        return {"trust": 1.01}  # above 1: DIET's emergency alone never stands

    def __init__(self, trust: float) -> None:
        self.trust = float(trust)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EmergencyGuard":
        return cls(config.get("trust", 1.01))

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
