"""Who handles what the ward does not: passports, national income tax, unemployment benefit…

knowledge/data/redirects.yml, edited by staff like the entries:

    - id: passport
      words: [パスポート, 旅券, passport, 护照, 여권]
      unless: [持って, 本人確認, 転入, bring]   # optional: the word is only a document here
      questions: [パスポートを作りたい, I want to apply for a passport]   # optional: matched by meaning
      name: {ja: 東京都 旅券課（パスポートセンター）, en: Tokyo Metropolitan Passport Section}

A question that names one of `words` is told who handles it, instead of being answered with an
unrelated entry, unless it also names one of `unless` (「転入届にパスポートを持っていく？」 is the
ward's question) or the best entry's own questions name the word. Words are matched on NFKC-folded, lowercased text, katakana as hiragana.
`questions` are embedded with the index: a question closer in meaning to one of them than to any
entry is redirected even when the index would answer it (「パスポートを作りたい」 is nearer a
passport question than the moving-in entry that lists a passport among the documents).
Validated when the index is built (`file:line: field: reason`); the index carries the list.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .kb import DATA_DIR, KBError, Problem, read_item_list
from .vocabulary import MIN_WORD_CHARS, fold

FILE_NAME = "redirects.yml"
FIELDS = ("id", "words", "name", "unless", "questions")


@dataclass(frozen=True)
class Redirect:
    id: str
    words: tuple[str, ...]
    name: dict  # language → who handles it; "ja" always present
    unless: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()

    def name_in(self, lang: str) -> str:
        """The name in this language, else English, else Japanese."""
        return self.name.get(lang) or self.name.get("en") or self.name["ja"]

    def to_dict(self) -> dict:
        return {"id": self.id, "words": list(self.words), "name": dict(self.name),
                **({"unless": list(self.unless)} if self.unless else {}),
                **({"questions": list(self.questions)} if self.questions else {})}


class Redirects:
    def __init__(self, items: list[Redirect]):
        self.items = items
        self._folded = [(r, [fold(w) for w in r.words], [fold(w) for w in r.unless]) for r in items]

    def match(self, query: str, entry_questions: str = "") -> Redirect | None:
        """The redirect the query names, unless its context words say otherwise or the best entry's
        questions name the same word."""
        q, e = fold(query), fold(entry_questions)
        for r, words, unless in self._folded:
            named = [w for w in words if w in q]
            if named and not any(w in q for w in unless) and not any(w in e for w in named):
                return r
        return None

    def to_list(self) -> list[dict]:
        return [r.to_dict() for r in self.items]

    @classmethod
    def from_list(cls, items: list[dict] | None) -> "Redirects":
        return cls([Redirect(i["id"], tuple(i["words"]), dict(i["name"]), tuple(i.get("unless", ())),
                             tuple(i.get("questions", ()))) for i in items or []])

    def questions(self) -> list[tuple[int, str]]:
        """(position of the redirect, question) for every example question, in order."""
        return [(n, q) for n, r in enumerate(self.items) for q in r.questions]


def load_redirects(data_dir: Path | str = DATA_DIR) -> Redirects:
    path = Path(data_dir) / FILE_NAME
    raw = read_item_list(path, "redirects", "{id, words, name}")
    problems: list[Problem] = []
    items, seen_ids, seen_words = [], set(), {}
    for item in raw:
        if not isinstance(item, dict):
            problems.append(Problem(str(path), 0, "redirects", f"not an {{id, words, name}} item: {item!r}"))
            continue
        line, lines = item.get("__line__", 0), item.get("__lines__", {})
        unknown = sorted(k for k in item if not k.startswith("__") and k not in FIELDS)
        if unknown:
            problems.append(Problem(str(path), line, unknown[0], f"unknown field (expected {', '.join(FIELDS)})"))
        rid, words, name = item.get("id"), item.get("words"), item.get("name")
        unless, questions = item.get("unless", []), item.get("questions", [])
        if not isinstance(rid, str) or not rid.strip():
            problems.append(Problem(str(path), lines.get("id", line), "id", "must be a non-empty string"))
            continue
        if rid in seen_ids:
            problems.append(Problem(str(path), lines.get("id", line), "id", f"duplicate id {rid!r}"))
        seen_ids.add(rid)
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            problems.append(Problem(str(path), lines.get("words", line), "words", "must be a list of non-empty strings"))
            continue
        for w in words:
            f = fold(w)
            if len(f.strip()) < MIN_WORD_CHARS:
                problems.append(Problem(str(path), lines.get("words", line), "words", f"{w!r} is too short to match safely"))
            elif f in seen_words and seen_words[f] != rid:
                problems.append(Problem(str(path), lines.get("words", line), "words",
                                        f"{w!r} already redirects to {seen_words[f]!r}"))
            seen_words.setdefault(f, rid)
        if not isinstance(name, dict) or not isinstance(name.get("ja"), str) or not name["ja"].strip():
            problems.append(Problem(str(path), lines.get("name", line), "name", "needs at least a Japanese name (ja)"))
            continue
        if not isinstance(unless, list) or not all(isinstance(w, str) and w.strip() for w in unless):
            problems.append(Problem(str(path), lines.get("unless", line), "unless", "must be a list of non-empty strings"))
            continue
        if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
            problems.append(Problem(str(path), lines.get("questions", line), "questions",
                                    "must be a list of non-empty strings"))
            continue
        names = {k: str(v).strip() for k, v in name.items() if not k.startswith("__")}
        items.append(Redirect(rid.strip(), tuple(w.strip() for w in words), names, tuple(w.strip() for w in unless),
                              tuple(q.strip() for q in questions)))
    if problems:
        raise KBError(problems)
    return Redirects(items)
