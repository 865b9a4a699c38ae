"""A Rasa tokenizer for Japanese: MeCab (fugashi) with the UniDic dictionary (unidic-lite).

Japanese has no spaces between words, so the built-in WhitespaceTokenizer sees one token per
sentence. MeCab splits words and gives UniDic's lemma (出せ → 出す), which lets the word-level
featurizer see 出せますか and 出したい as the same verb. Every token keeps its exact character
offsets in the original text (entity extraction and the tests rely on them).

Residents also write English, Korean, Nepali, Vietnamese… MeCab keeps space-separated words of
those scripts whole, but tags Hangul and Devanagari as symbols (補助記号); a token is therefore
dropped only when it has no letter or digit in any script, never because of its part of speech.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import regex

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

# A letter or digit in any script: tokens without one (spaces, punctuation, emoji) carry no meaning
# for intent classification.
_HAS_WORD = regex.compile(r"[\p{L}\p{N}]")
_WORD_RUN = regex.compile(r"[\p{L}\p{M}\p{N}]+")  # letters with their combining marks (Devanagari vowel signs)


def _lemma(word) -> Optional[str]:
    """UniDic's lemma without its loanword gloss (メール-mail → メール); None for unknown words."""
    lemma = getattr(word.feature, "lemma", None)
    if not lemma or lemma == "*":
        return None
    return lemma.split("-", 1)[0] or None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class JapaneseTokenizer(Tokenizer):
    """Splits Japanese text into MeCab words with UniDic lemmas and exact character offsets."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return ["ja"]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["fugashi", "unidic_lite"]

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        import fugashi  # imported here so that Rasa can list the component without MeCab

        self._tagger = fugashi.Tagger()

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "JapaneseTokenizer":
        return cls(config)

    def words(self, text: Text) -> List[Token]:
        """MeCab words of `text` as tokens, whitespace, punctuation and emoji left out."""
        tokens: List[Token] = []
        cursor = 0
        for word in self._tagger(text):
            surface = word.surface
            start = text.find(surface, cursor)
            if not surface or start < 0:  # MeCab never rewrites text, but never trust offsets blindly
                continue
            cursor = start + len(surface)
            if not _HAS_WORD.search(surface):
                continue
            pieces = list(_WORD_RUN.finditer(surface))
            if len(pieces) == 1 and pieces[0].group() == surface:
                tokens.append(Token(surface, start, cursor, lemma=_lemma(word) or surface))
            else:  # e.g. Devanagari with its danda (चाहिन्छ।), which MeCab keeps as one unknown run
                tokens.extend(Token(m.group(), start + m.start(), start + m.end()) for m in pieces)
        return tokens

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        text = message.get(attribute) or ""
        tokens = self.words(text)
        if not tokens and text.strip():
            # Only symbols or emoji: keep them as one token, as Rasa's whitespace tokenizer does.
            stripped = text.strip()
            start = text.find(stripped)
            tokens = [Token(stripped, start, start + len(stripped))]
        return self._apply_token_pattern(tokens)
