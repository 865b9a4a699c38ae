"""Japanese-aware word tokens for the lexical (BM25) half of retrieval.

fugashi + unidic-lite splits Japanese; words are reduced to their dictionary form (lemma) so that
「出せますか」 and 「出したい」 meet at 出す. Particles, auxiliaries, symbols and light verbs are
dropped: they carry no topic. Other scripts come out of MeCab as space-separated words, lowercased.

Japanese text also yields reading trigrams (`~` + three katakana of its reading, words joined per
run): ひっこし and 引っ越し, じつ いん and 実印, or a misconversion like 住民表 and 住民票 share
them even where MeCab splits the kana differently or the lemma differs.
"""
from __future__ import annotations

import re
import threading
import unicodedata

import fugashi

# Bumped whenever tokens change: an index stores BM25 statistics of the tokens it was built with.
VERSION = 3

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
# Hangul and Devanagari words: MeCab treats them as symbols, so they are split here instead.
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+")
_DEVANAGARI = re.compile(r"[\u0900-\u0963\u0966-\u097f]+")
# Nepali postpositions written joined to the word (घरमा, कार्यालयबाट): stripped so forms meet.
_NE_SUFFIXES = ("हरूलाई", "हरूको", "हरूमा", "हरू", "हरु", "लाई", "बाट", "देखि", "सम्म", "भन्दा", "को", "का", "की",
                "मा", "ले", "द्वारा")
_NE_STOP = set("म मेरो हामी हाम्रो तपाईं तपाईँ के कसरी कहाँ कुन कहिले हो छ छन् र वा पनि यो त्यो यसको भने कि "
               "गर्न गर्ने गर्नुपर्छ गर्नु हुन्छ सक्छु सक्छ चाहन्छु पर्छ".split())
_local = threading.local()
# Parts of speech whose reading does not belong to the topic; symbols are kept because MeCab
# tags unknown kana fragments (じ つ いん) as 記号.
_NO_READING_POS = {"助詞", "助動詞", "補助記号", "空白"}
_KATAKANA = re.compile(r"^[\u30a1-\u30faー]+$")
# Kana that are written interchangeably in readings: ヅ/ズ, ヂ/ジ, ヲ/オ, small vowels, long marks.
_READING_FOLD = str.maketrans({"ヅ": "ズ", "ヂ": "ジ", "ヲ": "オ", "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ",
                               "ォ": "オ", "ヮ": "ワ", "ー": None})
READING_N = 3  # measured on the dev split: trigrams beat bigrams (bigrams match too many words)


def tagger() -> fugashi.Tagger:
    """This thread's MeCab tagger (unidic-lite), shared by tokens and furigana."""
    # MeCab taggers are not thread-safe (the action server answers concurrently): one per thread.
    t = getattr(_local, "tagger", None)
    if t is None:
        t = _local.tagger = fugashi.Tagger()
    return t


def normalize(text: str) -> str:
    """NFKC folds full-width letters/digits and half-width kana; lowercase for Latin scripts."""
    return unicodedata.normalize("NFKC", text).lower()


def _stem_latin(word: str) -> str:
    """Strip the commonest inflections of English/Portuguese/Spanish/Tagalog words so that
    moving/move/moved or certificates/certificate meet. Deliberately crude: BM25 only needs the
    forms of one word to collide, not a linguistically right stem."""
    if not word.isascii() or not word.isalpha() or len(word) <= 3:
        return word
    word = _strip_tagalog(word)
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _hangul_tokens(word: str) -> list[str]:
    """Character bigrams: Korean joins particles to nouns (주민표를, 주민표가), bigrams still meet."""
    return [word] if len(word) <= 2 else [word[i:i + 2] for i in range(len(word) - 1)]


def _nepali_token(word: str) -> str | None:
    if word in _NE_STOP:
        return None
    for suffix in _NE_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            return word[: -len(suffix)]
    return word


# Tagalog verb prefixes (magbayad, nagbabayad, pagbabayad → bayad). Applied to every Latin word: a
# stray English or Portuguese cut is harmless because queries and documents are cut the same way.
_TL_PREFIXES = ("makapag", "nakapag", "magpa", "nagpa", "pagpa", "ipag", "mag", "nag", "pag")


def _strip_tagalog(word: str) -> str:
    for prefix in _TL_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix):].lstrip("-")
            break
    if len(word) >= 6 and word[:2] == word[2:4]:  # reduplicated first syllable: babayad → bayad
        word = word[2:]
    return word


def reading_runs(text: str) -> list[str]:
    """The katakana readings of the text's Japanese content words, joined into runs between
    particles (so a word split in two still reads as one)."""
    runs, cur = [], []
    for word in tagger()(normalize(text)):
        kana = word.feature.kana
        if word.feature.pos1 in _NO_READING_POS or not kana or not _KATAKANA.match(kana):
            if cur:
                runs.append("".join(cur))
                cur = []
            continue
        cur.append(kana.translate(_READING_FOLD))
    if cur:
        runs.append("".join(cur))
    return [r for r in runs if r]


def reading_tokens(text: str) -> list[str]:
    n, out = READING_N, []
    for run in reading_runs(text):
        out += ["~" + run] if len(run) <= n else ["~" + run[i:i + n] for i in range(len(run) - n + 1)]
    return out


def tokenize(text: str) -> list[str]:
    return word_tokens(text) + reading_tokens(text)


def word_tokens(text: str) -> list[str]:
    text = normalize(text)
    out: list[str] = []
    for m in _HANGUL.finditer(text):
        out += _hangul_tokens(m.group())
    for m in _DEVANAGARI.finditer(text):
        tok = _nepali_token(m.group())
        if tok:
            out.append(tok)
    text = _DEVANAGARI.sub(" ", _HANGUL.sub(" ", text))
    for word in tagger()(text):
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
