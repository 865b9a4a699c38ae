"""Ward vocabulary for recogniser hints: section names, categories and procedure names from the KB.

Whisper takes it as `initial_prompt` (it biases spelling: 粗大ごみ, not 組大ゴミ); Vosk models with a
dynamic graph can take it as a phrase list. The published release is read (knowledge/published.py),
not copied: the terms are worked out again once a publish changes it, so new entries count.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# Words that name a procedure or document: the things residents ask for by name.
_PROCEDURE = re.compile(r"[一-龥ァ-ヴー]{2,}(?:届|証明書|カード|手当|保険|ごみ|登録|申請|助成|相談|写し)")


def _release():
    try:
        from knowledge.published import release

        return release()
    except Exception:  # hints are a nicety; recognition works without them
        return None


def ward_terms(lang: str = "ja", limit: int = 40) -> tuple[str, ...]:
    """The most asked-about procedure names, then section and category names of the published
    entries (Japanese only)."""
    if not lang.startswith("ja"):
        return ()
    rel = _release()
    return _terms(rel, limit) if rel is not None else ()


@lru_cache(maxsize=4)
def _terms(rel, limit: int) -> tuple[str, ...]:
    ward, entries = rel.ward, rel.entries
    counts: Counter[str] = Counter()
    for e in entries:
        for text in (e.question, *e.alt_questions):
            counts.update(_PROCEDURE.findall(text))
    # 手続きナビ first: callers ask for it by name (without it Whisper hears 手続き鍋)
    terms = ["手続きナビ"] if rel.guides else []
    terms += [t for t, _ in counts.most_common(limit)]
    terms += [s.name.split("（")[0] for s in ward.sections.values()]
    terms += [p for e in entries for p in re.split(r"[・と]", e.category)]
    return tuple(dict.fromkeys(terms))  # unique, in order


def whisper_prompt(lang: str = "ja", max_chars: int = 160) -> str | None:
    """A short, natural-looking prompt: Whisper copies the style and spelling of its prompt."""
    terms = ward_terms(lang)
    if not terms:
        return None
    out = "若葉区役所のご案内です。"
    for t in terms:
        if len(out) + len(t) + 1 > max_chars:
            break
        out += t + "、"
    return out.rstrip("、") + "。"


# ---- Tolerant matching: snap near-miss spellings of ward terms back to the term ------------------
# Whisper base writes 「育大ごみ」 for 粗大ごみ and 「住民上」 for 住民票. A span of the recognised text
# (a whole compound of 1–6 content words) that is not itself a term is replaced
# by the ward term it is closest to, by spelling or by reading, when that term is unambiguous and
# close enough.
_EDGE_POS = {"助詞", "助動詞", "記号", "フィラー"}
_COMPOUND_POS = {"名詞", "接頭詞"}  # a span never starts or ends inside a compound noun
MIN_READING_SIMILARITY = 0.8  # 住民上 → 住民票 (ジューミンジョー ~ ジューミンヒョー)
MIN_SPELLING_SIMILARITY = 0.75  # 育大ごみ → 粗大ごみ; only for spans of 4+ characters (住民税 ≠ 住民票)
MAX_SPAN_WORDS = 6


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _similarity(a: str, b: str) -> float:
    return 1 - _edit_distance(a, b) / max(len(a), len(b), 1)


def _reading(text: str) -> str:
    import pyopenjtalk

    return "".join(f["pron"] for f in pyopenjtalk.run_frontend(text)).replace("’", "")


def _term_readings(lang: str) -> tuple[tuple[str, str], ...]:
    return _readings(ward_terms(lang))


@lru_cache(maxsize=4)
def _readings(terms: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    # Short terms (ごみ, 戸籍) are left alone: a two-character neighbour is too often another word.
    return tuple((t, _reading(t)) for t in terms if len(t) >= 3 and " " not in t and "の" not in t)


def correct(text: str, lang: str = "ja") -> str:
    """Recognised text with near-miss ward terms replaced (Japanese only; other text unchanged)."""
    if not lang.startswith("ja") or not text.strip():
        return text
    terms = _term_readings(lang)
    if not terms:
        return text
    import pyopenjtalk

    words = [(f["string"], f["pron"].replace("’", ""), f["pos"]) for f in pyopenjtalk.run_frontend(text)]
    known = {t for t, _ in terms}
    fixes: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        best: tuple[float, int, str] | None = None
        for n in range(MAX_SPAN_WORDS, 0, -1):
            span = words[i:i + n]
            if len(span) < n or any(w[2] in _EDGE_POS for w in span):
                continue
            if (i + n < len(words) and words[i + n][2] in _COMPOUND_POS) or \
                    (i > 0 and words[i - 1][2] in _COMPOUND_POS and span[0][2] in _COMPOUND_POS):
                continue
            surface, reading = "".join(w[0] for w in span), "".join(w[1] for w in span)
            if surface in known or len(surface) < 2:
                continue
            scored = sorted(((_score(surface, reading, t, r), t) for t, r in terms), reverse=True)
            (score, term), runner_up = scored[0], scored[1][0] if len(scored) > 1 else 0.0
            if score > 0 and score > runner_up and surface not in term and (best is None or score > best[0]):
                best = (score, n, term, surface)
        if best:
            fixes.append((best[3], best[2]))
            i += best[1]
        else:
            i += 1
    # The frontend normalises what it reads (？, 三十); replace in the original text instead.
    for wrong, term in fixes:
        text = text.replace(wrong, term, 1)
    return text


def _score(surface: str, reading: str, term: str, term_reading: str) -> float:
    """How surely `surface` is a misrecognised `term` (0: not at all)."""
    by_reading = _similarity(reading, term_reading)
    by_spelling = _similarity(surface, term) if len(surface) >= 4 else 0.0
    ok = by_reading >= MIN_READING_SIMILARITY or by_spelling >= MIN_SPELLING_SIMILARITY
    return max(by_reading, by_spelling) if ok else 0.0
