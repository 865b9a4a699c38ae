"""The ward's vocabulary: everyday words residents use, mapped to the words the entries use.

knowledge/data/vocabulary.yml is edited by staff like the entries:

    - means: 粗大ごみ
      words: [タンス, ソファー, 自転車]
      when: [捨てる, 処分]      # optional: only if one of these is in the question too

A Japanese question that contains one of `words` (and one of `when`, if given) is searched with
`means` added to its lexical terms, so "タンスを捨てたい" meets the oversized-garbage entry that never
names a wardrobe, while "タンスが倒れないように" (furniture fixing) is left alone. Only the lexical half
is expanded: measured on the dev split, adding the term to the embedded text moved more questions
away from their entry than towards it. Matching is on NFKC-folded, lowercased text
and katakana is folded to hiragana, so one spelling covers たんす/タンス. The list is validated when the
index is built (`file:line: field: reason`), and the built index carries the list it was built with,
so a published version always searches with the vocabulary it was reviewed with.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jaconv

from .kb import DATA_DIR, KBError, Problem, read_item_list

FILE_NAME = "vocabulary.yml"


def fold(text: str) -> str:
    return jaconv.kata2hira(unicodedata.normalize("NFKC", text).lower())


MIN_WORD_CHARS = 2  # one kanji (机) also occurs inside unrelated words (手机, a phone in Chinese)


@dataclass(frozen=True)
class Term:
    means: str
    words: tuple[str, ...]
    when: tuple[str, ...] = ()


class Vocabulary:
    def __init__(self, terms: list[Term]):
        self.terms = terms
        self._folded = [(t.means, fold(t.means), [fold(w) for w in t.words], [fold(w) for w in t.when])
                        for t in terms]

    def terms_for(self, text: str) -> list[str]:
        """The ward's words for the everyday words the text contains (each once)."""
        folded = fold(text)
        return list(dict.fromkeys(
            means for means, f_means, words, when in self._folded
            if f_means not in folded and any(w in folded for w in words) and (not when or any(w in folded for w in when))))

    def to_list(self) -> list[dict]:
        return [{"means": t.means, "words": list(t.words), **({"when": list(t.when)} if t.when else {})}
                for t in self.terms]

    @classmethod
    def from_list(cls, items: list[dict] | None) -> "Vocabulary":
        return cls([Term(i["means"], tuple(i["words"]), tuple(i.get("when", ()))) for i in items or []])


def load_vocabulary(data_dir: Path | str = DATA_DIR, entries=None) -> Vocabulary:
    """Read and validate the vocabulary; with `entries`, each `means` must occur in one of them
    (a term the entries never use would steer questions nowhere)."""
    path = Path(data_dir) / FILE_NAME
    raw = read_item_list(path, "vocabulary", "{means, words}")
    problems: list[Problem] = []
    texts = None
    if entries is not None:
        texts = [fold(" ".join([e.question, *e.alt_questions, e.answer])) for e in entries]
    terms, owner = [], {}
    for item in raw:
        if not isinstance(item, dict):
            problems.append(Problem(str(path), 0, "vocabulary", f"not a {{means, words}} item: {item!r}"))
            continue
        line, lines = item.get("__line__", 0), item.get("__lines__", {})
        unknown = sorted(k for k in item if not k.startswith("__") and k not in ("means", "words", "when"))
        if unknown:
            problems.append(Problem(str(path), line, unknown[0], "unknown field (expected means, words, when)"))
        means, words, when = item.get("means"), item.get("words"), item.get("when", [])
        if not isinstance(means, str) or not means.strip():
            problems.append(Problem(str(path), lines.get("means", line), "means", "must be a non-empty string"))
            continue
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(Problem(str(path), lines.get("words", line), "words", "must be a list of non-empty strings"))
            continue
        if not isinstance(when, list) or not all(isinstance(w, str) and w.strip() for w in when):
            problems.append(Problem(str(path), lines.get("when", line), "when", "must be a list of non-empty strings"))
            continue
        for w in words:
            f = fold(w)
            if len(f.strip()) < MIN_WORD_CHARS:
                problems.append(Problem(str(path), lines.get("words", line), "words",
                                        f"{w!r} is too short to match safely (it occurs inside other words)"))
            elif f == fold(means):
                problems.append(Problem(str(path), lines.get("words", line), "words", f"{w!r} is the term itself"))
            elif f in owner and owner[f] != means:
                problems.append(Problem(str(path), lines.get("words", line), "words",
                                        f"{w!r} already means {owner[f]!r}"))
            owner.setdefault(f, means)
        if texts is not None and not any(fold(means) in t for t in texts):
            problems.append(Problem(str(path), lines.get("means", line), "means",
                                    f"{means!r} occurs in no entry's question or answer"))
        terms.append(Term(means.strip(), tuple(w.strip() for w in words), tuple(w.strip() for w in when)))
    if problems:
        raise KBError(problems)
    return Vocabulary(terms)
