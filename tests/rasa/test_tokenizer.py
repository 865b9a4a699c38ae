"""The Japanese tokenizer: words, lemmas and exact character offsets, as DIET and the featurizers see them."""
import pytest
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.tokenizer import JapaneseTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return JapaneseTokenizer(JapaneseTokenizer.get_default_config())


def tokens(tokenizer, text):
    return tokenizer.tokenize(Message({TEXT: text}), TEXT)


def test_splits_words_without_spaces(tokenizer):
    assert [t.text for t in tokens(tokenizer, "転入届はどこで出せますか")] == ["転入", "届", "は", "どこ", "で", "出せ", "ます", "か"]


def test_lemmas_unify_inflections(tokenizer):
    by_text = {t.text: t.lemma for t in tokens(tokenizer, "出せますか")}
    assert by_text["出せ"] == "出す"
    assert {t.lemma for t in tokens(tokenizer, "出したい")} >= {"出す"}


def test_loanword_gloss_is_dropped_from_lemma(tokenizer):
    assert [t.lemma for t in tokens(tokenizer, "メール")] == ["メール"]


@pytest.mark.parametrize("text", [
    "転入届は　どこで出せますか？",            # full-width space and punctuation
    " マイナンバー カードを なくした ",        # ASCII spaces, leading and trailing
    "ABC123の住民票、2通ください。",           # Latin letters, digits, comma
    "粗大ごみ😀を出したい!!",                  # emoji inside
    "안녕하세요 住民票 Tiếng Việt",            # other scripts the ward's residents use
])
def test_offsets_point_at_the_token_text(tokenizer, text):
    toks = tokens(tokenizer, text)
    assert toks
    for t in toks:
        assert text[t.start:t.end] == t.text
    assert [t.start for t in toks] == sorted(t.start for t in toks)
    assert all(a.end <= b.start for a, b in zip(toks, toks[1:]))


def test_whitespace_and_punctuation_are_not_tokens(tokenizer):
    assert [t.text for t in tokens(tokenizer, "はい。　、！")] == ["はい"]


def test_symbol_only_text_stays_one_token(tokenizer):
    toks = tokens(tokenizer, " 😀😀 ")
    assert [(t.text, t.start, t.end) for t in toks] == [("😀😀", 1, 3)]
    assert tokens(tokenizer, "   ") == []


def test_long_input_is_tokenized_in_full(tokenizer):
    text = "住民票を取りたいです。" * 1000
    toks = tokens(tokenizer, text)
    assert toks[-1].end == len(text) - 1  # everything but the final 。


def test_training_data_gets_text_and_intent_tokens(tokenizer):
    data = TrainingData([Message({TEXT: "粗大ごみを出したい", INTENT: "ask_faq"})])
    tokenizer.process_training_data(data)
    msg = data.training_examples[0]
    assert [t.text for t in msg.get(TOKENS_NAMES[TEXT])] == ["粗大", "ごみ", "を", "出し", "たい"]
    assert [t.text for t in msg.get(TOKENS_NAMES[INTENT])] == ["ask_faq"]


@pytest.mark.parametrize("text, words", [
    ("Where can I get my residence certificate?", ["Where", "can", "I", "get", "my", "residence", "certificate"]),
    ("주민등록등본을 받고 싶어요", ["주민등록등본을", "받고", "싶어요"]),          # MeCab tags Hangul as symbols
    ("मलाई निवास प्रमाणपत्र चाहिन्छ।", ["मलाई", "निवास", "प्रमाणपत्र", "चाहिन्छ"]),  # Devanagari likewise
    ("Tôi muốn đăng ký chuyển đến", ["Tôi", "muốn", "đăng", "ký", "chuyển", "đến"]),
    ("¿Dónde puedo obtener el certificado?", ["Dónde", "puedo", "obtener", "el", "certificado"]),
])
def test_other_scripts_split_into_whitespace_words(tokenizer, text, words):
    toks = tokens(tokenizer, text)
    assert [t.text for t in toks] == words
    for t in toks:
        assert text[t.start:t.end] == t.text
