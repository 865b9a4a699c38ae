"""Language detection edge cases: one-word messages, romaji Japanese, mixed text, scripts."""
import pytest

from knowledge.languages import detect, is_romaji_japanese


@pytest.mark.parametrize("text,lang", [
    ("転入届はどこで出せますか", "ja"),
    ("はい", "ja"),                                   # kana alone is enough
    ("My Numberカードをなくしました", "ja"),            # mixed, but kana decides
    ("juminhyo ga hoshii desu", "ja"),                # romaji Japanese
    ("sodai gomi wo dashitai", "ja"),
    ("我想办理转入手续", "zh"),
    ("주민등록등본을 받고 싶어요", "ko"),
    ("मलाई निवास प्रमाणपत्र चाहिन्छ", "ne"),              # Devanagari: lingua has no Nepali
    ("Where can I get my residence certificate?", "en"),
    ("Tôi muốn đăng ký chuyển đến", "vi"),
    ("Onde posso pegar o atestado de residência?", "pt"),
    ("¿Dónde puedo obtener el certificado de residencia?", "es"),
    ("Saan ako kukuha ng sertipiko ng paninirahan?", "tl"),
])
def test_detects_the_ward_languages(text, lang):
    assert detect(text) == lang


@pytest.mark.parametrize("text", ["ok", "hi", "住民票", "🙂🙂🙂", "", "   ", "12345", "?!"])
def test_says_nothing_when_the_message_cannot_tell(text):
    assert detect(text) is None  # the conversation keeps its current language


def test_romaji_needs_grammar_words_and_romaji_syllables():
    assert is_romaji_japanese("koseki tohon ga hoshii")
    assert not is_romaji_japanese("where is the office")
    assert not is_romaji_japanese("hoshii")  # one word is not enough
