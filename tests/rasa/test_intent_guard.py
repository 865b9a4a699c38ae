"""bot/intent_guard.py: `emergency` only with an emergency word, whatever DIET said."""
import pytest

from bot.intent_guard import NEVER_TRUSTED, guarded_intent


@pytest.mark.parametrize("text", [
    "戸籍謄本を取りたいのですが、どこに行けばいいですか",   # misread as emergency by DIET once
    "家具の転倒防止器具の補助はありますか",
    "保育料はいくらですか",
])
def test_a_procedure_question_read_as_emergency_goes_to_the_knowledge_base(text):
    assert guarded_intent(text, "emergency", 1.0, NEVER_TRUSTED) == "ask_faq"


@pytest.mark.parametrize("text", ["父が倒れて意識がありません", "please call an ambulance", "불이 났어요"])
def test_an_emergency_word_is_an_emergency_whatever_the_classifier_said(text):
    for intent in ("ask_faq", "greet", "nlu_fallback", "emergency"):
        assert guarded_intent(text, intent, 0.99, 0.9) == "emergency"


def test_other_intents_are_left_alone():
    assert guarded_intent("こんにちは", "greet", 0.9, NEVER_TRUSTED) == "greet"
    assert guarded_intent("人と話したい", "ask_human", 0.9, NEVER_TRUSTED) == "ask_human"


def test_a_confident_emergency_without_a_keyword_stands():
    assert guarded_intent("うちの人の様子がおかしい", "emergency", 0.97, 0.9) == "emergency"
    assert guarded_intent("うちの人の様子がおかしい", "emergency", 0.6, 0.9) == "ask_faq"
