"""Romaji Japanese is read as kana; other Latin-script languages are left alone."""
import pytest

from knowledge.romaji import to_kana


@pytest.mark.parametrize("text, kana", [
    ("juuminhyou wo toritai", "じゅうみんひょう を とりたい"),
    ("taifū de ie ga shinsui shita", "たいふう で いえ が しんすい した"),   # macron → long vowel
    ("mai nanba- ka-do", "まい なんばー かーど"),                            # hyphen → ー
    ("GOMI NO HI", "ごみ の ひ"),
])
def test_romaji_becomes_kana(text, kana):
    assert to_kana(text) == kana


@pytest.mark.parametrize("text", [
    "I want to move", "Paano kumuha ng sertipiko ng paninirahan", "¿Dónde está la oficina?",
    "Tôi muốn chuyển nhà", "住民票", "", "123 456",
])
def test_other_text_is_not_romaji(text):
    assert to_kana(text) is None
