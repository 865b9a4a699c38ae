"""Japanese-aware word tokens for the lexical (BM25) half of retrieval.

fugashi + unidic-lite splits Japanese; words are reduced to their dictionary form (lemma) so that
「出せますか」 and 「出したい」 meet at 出す. Particles, auxiliaries, symbols and light verbs are
dropped: they carry no topic. Other scripts come out of MeCab as space-separated words, lowercased.
"""
from __future__ import annotations

import threading
import unicodedata

import fugashi

_CONTENT_POS = {"名詞", "動詞", "形容詞", "形状詞", "接尾辞", "接頭辞"}
_LIGHT_LEMMAS = {
    "する", "為る", "ある", "有る", "在る", "いる", "居る", "なる", "成る", "できる", "出来る", "思う", "言う",
    "おる", "居る", "くださる", "下さる", "いただく", "頂く", "もらう", "貰う", "よい", "良い", "いい",
    "こと", "事", "もの", "物", "ため", "為", "方", "とき", "時", "よう", "様", "ところ", "所", "の", "ん",
    "お", "御", "ご", "さん", "様",
}
# Function words of the ward's other languages that MeCab tags as nouns; IDF would mostly
# discount them, but a short query is scored better without them.
_FOREIGN_STOP = set(
    "a an the i my me we our you your is are was be been do does did can could how what where when which who "
    "to of in on at for from with and or if it this that there have has need want please about "
    "tôi của và có là không được ở cho một các những này đó thì làm "
    "o a os as de da do das dos em no na um uma para por que eu meu minha se é como onde "
    "el la los las del en un una por para que yo mi mis es cómo dónde "
    "ang ng sa mga ko ako ba na at si ay para paano saan".split()
)
_local = threading.local()


def _tagger() -> fugashi.Tagger:
    # MeCab taggers are not thread-safe; one per thread.
    tagger = getattr(_local, "tagger", None)
    if tagger is None:
        tagger = _local.tagger = fugashi.Tagger()
    return tagger


def normalize(text: str) -> str:
    """NFKC folds full-width letters/digits and half-width kana; lowercase for Latin scripts."""
    return unicodedata.normalize("NFKC", text).lower()


def _stem_latin(word: str) -> str:
    """Strip the commonest inflections of English/Portuguese/Spanish/Tagalog words so that
    moving/move/moved or certificates/certificate meet. Deliberately crude: BM25 only needs the
    forms of one word to collide, not a linguistically right stem."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def tokenize(text: str) -> list[str]:
    out: list[str] = []
    for word in _tagger()(normalize(text)):
        f = word.feature
        if f.pos1 not in _CONTENT_POS:
            continue
        lemma = f.lemma if f.lemma and f.lemma != "*" else word.surface
        lemma = lemma.split("-")[0]  # unidic marks some lemmas like 「コピー-copy」
        if lemma in _LIGHT_LEMMAS or word.surface in _FOREIGN_STOP:
            continue
        if len(lemma) == 1 and lemma.isascii():
            continue
        out.append(_stem_latin(lemma))
    return out
