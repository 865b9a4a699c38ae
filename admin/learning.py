"""The learning loop: what residents asked that the assistant did not answer well, grouped for staff.

Two sources: questions that ended in a fallback (`Unanswered`) and answers a resident rated
unhelpful (`Disliked`). Questions that mean the same thing are grouped by the embedder the index is
built with (cosine similarity of their query embeddings, greedy around the most frequent question),
and each group comes with the entries nearest to it. Accepting a group adds the wordings staff keep as new
phrasings of the chosen entry, as a draft: it reaches residents only through review and publish, like
any other edit. Nothing here changes what residents are told.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select

from knowledge.entry import TRANSLATION_LANGS
from knowledge.languages import content_lang
from knowledge.search import Retriever
from knowledge.store import Disliked, Store, Unanswered, utcnow

GROUP_SIMILARITY = 0.88  # e5 query-query cosine: paraphrases of one procedure sit above, neighbours below
NEAREST = 3
KINDS = {"unanswered": Unanswered, "disliked": Disliked}


@dataclass(frozen=True)
class Item:
    kind: str  # unanswered | disliked
    id: int
    text: str
    lang: str
    faq_id: str | None  # the nearest entry (unanswered) or the entry that did not help (disliked)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass
class Group:
    items: list[Item]
    nearest: list[tuple[str, str, float]] = field(default_factory=list)  # (entry id, question, score)

    @property
    def question(self) -> str:
        """The group's most asked wording."""
        return Counter(i.text for i in self.items).most_common(1)[0][0]

    @property
    def lang(self) -> str:
        return Counter(i.lang for i in self.items).most_common(1)[0][0] or "ja"

    @property
    def wordings(self) -> list[str]:
        """Each distinct wording once, most asked first (what the page proposes to add)."""
        return [t for t, _ in Counter(i.text for i in self.items).most_common()]

    @property
    def disliked(self) -> list[str]:
        return sorted({i.faq_id for i in self.items if i.kind == "disliked" and i.faq_id})


def open_items(store: Store, limit: int = 500) -> list[Item]:
    """The newest questions nobody has handled yet, of both kinds."""
    with store.session() as s:
        un = s.scalars(select(Unanswered).where(Unanswered.handled_by.is_(None)).order_by(Unanswered.id.desc())
                       .limit(limit)).all()
        dis = s.scalars(select(Disliked).where(Disliked.handled_by.is_(None)).order_by(Disliked.id.desc())
                        .limit(limit)).all()
    return ([Item("unanswered", q.id, q.text, q.lang, q.top_id) for q in un]
            + [Item("disliked", d.id, d.text, d.lang, d.faq_id) for d in dis])


def group(items: list[Item], retriever: Retriever, threshold: float = GROUP_SIMILARITY,
          nearest: int = NEAREST) -> list[Group]:
    """Items that ask the same thing, largest group first, each with its `nearest` entries (0: only the
    grouping, which needs the retriever's embedder alone; admin/analytics.py counts groups that way)."""
    if not items:
        return []
    texts = sorted({i.text for i in items})
    vecs = retriever.embedder.embed(texts, "query")
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    row = {t: n for n, t in enumerate(texts)}
    freq = Counter(i.text for i in items)
    left = sorted(texts, key=lambda t: (-freq[t], t))
    groups: list[Group] = []
    while left:
        seed = left[0]
        sims = vecs[[row[t] for t in left]] @ vecs[row[seed]]
        members = {t for t, sim in zip(left, sims) if sim >= threshold}
        left = [t for t in left if t not in members]
        groups.append(Group([i for i in items if i.text in members]))
    for g in groups if nearest else ():
        hits = retriever.search(g.question, k=nearest, lang=content_lang(g.lang)).hits
        g.nearest = [(h.entry.id, h.entry.question_in(content_lang(g.lang)) or h.entry.question, round(h.score, 3))
                     for h in hits]
    return sorted(groups, key=lambda g: (-len(g.items), g.question))


def add_phrasings(form: dict, phrasings: list[str], lang: str) -> dict:
    """The edit form of an entry with `phrasings` added to the phrasings of the resident's language
    (the Japanese list when the entry has no translation into it: the embedder is multilingual)."""
    lang = content_lang(lang)
    key = f"{lang}_alt_questions" if lang in TRANSLATION_LANGS and form.get(f"{lang}_question") else "alt_questions"
    lines = [line for line in (form.get(key) or "").splitlines() if line.strip()]
    lines += [p for p in dict.fromkeys(phrasings) if p not in lines]
    return {**form, key: "\n".join(lines)}


def mark_handled(s, refs: list[str], actor: str) -> list[dict]:
    """Mark the referenced items handled inside session `s`; returns what they were (for the audit log)."""
    done = []
    for ref in refs:
        kind, _, num = ref.partition(":")
        model = KINDS.get(kind)
        row = s.get(model, int(num)) if model is not None and num.isdigit() else None
        if row is not None and not row.handled_by:
            row.handled_by, row.handled_at = actor, utcnow()
            done.append({"ref": ref, "text": row.text})
    return done
