"""How much the learning loop improves answers, measured on dev only (the test half is not touched).

    .venv/bin/python benchmarks/learning.py [--index var/index] [--out FILE]

The dev half of the blind questions (benchmarks/heldout_styles/, written questions; the phone
transcripts are left out) is replayed against the served index. The in-scope questions it does not
answer correctly are the residents' failures: half of them (by a stable hash: "learned") are recorded
as residents would leave them — a fallback as an unanswered question, a wrong answer as a 👎 — in a
scratch copy of the staff store; the other half ("unseen") is kept back. The learning page's groups
are then accepted as staff would: for each group, the entry most of its questions are about (what a
person reading them knows), with the wordings about that entry as new phrasings; the other
wordings stay open for the next visit of the page (three visits). Another user publishes.
Figures, before and after the publish:
  - learned: the recorded questions themselves (the loop's direct effect, expected to be high);
  - unseen: the kept-back failures (does one accepted phrasing help other residents' wordings?);
  - kept: dev questions answered correctly before (regressions);
  - out_of_scope_answered: dev questions the ward has no answer for that get an answer (false answers).
Also how often the page's nearest entries already held the right one (top 1 / top 3), and group purity.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from admin import learning  # noqa: E402
from admin.publishing import Publisher  # noqa: E402
from admin.workflow import Actor, Workflow  # noqa: E402
from knowledge.heldout import NONE, STYLES_DIR, read_questions  # noqa: E402
from knowledge.kb import load_ward  # noqa: E402
from knowledge.search import Retriever  # noqa: E402
from knowledge.store import Store, seed_from_yaml  # noqa: E402

EDITOR, APPROVER = Actor("bench-editor", "editor"), Actor("bench-approver", "approver")
ROUNDS = 3


def dev_questions() -> list:
    qs = []
    for path in sorted(STYLES_DIR.glob("*/*.tsv")):
        qs += [q for q in read_questions(path) if q.split == "dev" and not q.source]
    return qs


def correct(result, q) -> bool:
    return result.decision == "answer" and [h.entry.id for h in result.candidates] == [q.entry_id]


def rate(retriever: Retriever, qs: list) -> dict:
    if not qs:
        return {"n": 0}
    ok = sum(correct(retriever.search(q.text, lang=None), q) for q in qs)
    return {"n": len(qs), "answered_correctly": ok, "rate": round(ok / len(qs), 4)}


def out_of_scope(retriever: Retriever, qs: list) -> dict:
    answered = sum(retriever.search(q.text).decision == "answer" for q in qs)
    return {"n": len(qs), "answered": answered, "rate": round(answered / max(len(qs), 1), 4)}


def half(q) -> str:
    return "learned" if hashlib.sha256(q.text.encode()).digest()[0] % 2 == 0 else "unseen"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, default=REPO / "var" / "index", help="the served index to start from")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="learning-bench-"))
    try:
        root = tmp / "index"
        shutil.copytree(args.index, root, symlinks=True)
        store = Store(f"sqlite:///{tmp / 'store.db'}")
        seed_from_yaml(store, index_root=root)
        ward = load_ward()
        publisher = Publisher(store, ward, root)
        publisher.ensure_index()
        wf = Workflow(store, ward, publisher)
        for actor in (EDITOR, APPROVER):
            wf.create_user(Actor("bench", "admin"), actor.username, "bench password 123", actor.role)
        retriever = Retriever(root, embedder=publisher.embedder)

        qs = dev_questions()
        in_scope = [q for q in qs if q.entry_id != NONE]
        none = [q for q in qs if q.entry_id == NONE]
        results = {q: retriever.search(q.text) for q in in_scope}
        failed = [q for q in in_scope if not correct(results[q], q)]
        kept = [q for q in in_scope if correct(results[q], q)]
        learned = [q for q in failed if half(q) == "learned"]
        unseen = [q for q in failed if half(q) == "unseen"]
        before = {"learned": rate(retriever, learned), "unseen": rate(retriever, unseen), "kept": rate(retriever, kept),
                  "out_of_scope_answered": out_of_scope(retriever, none)}

        # Residents leave them behind: a fallback or clarify → unanswered, a wrong answer → 👎.
        label = {}
        for q in learned:
            r = results[q]
            if r.decision == "answer":
                store.record_disliked(q.text, r.hits[0].entry.id, q.lang, "bench")
            else:
                top = r.hits[0] if r.hits else None
                store.record_unanswered(q.text, q.lang, "bench", "", top.entry.id if top else None,
                                        top.score if top else None)
            label[q.text] = q.entry_id
        # Staff take each group's majority entry and keep the wordings about it; the others stay open
        # and are grouped again on the next visit of the page (at most ROUNDS visits).
        proposals, purity, revisions, n_groups = Counter(), [], [], 0
        for _ in range(ROUNDS):
            groups = learning.group(learning.open_items(store), publisher.retriever())
            if not groups:
                break
            for g in groups:
                n_groups += 1
                votes = Counter(label[i.text] for i in g.items)
                entry_id, n = votes.most_common(1)[0]
                purity.append(n / len(g.items))
                near = [eid for eid, _, _ in g.nearest]
                proposals["nearest_top1_right" if near[:1] == [entry_id] else
                          "nearest_top3_right" if entry_id in near else "right_entry_not_shown"] += 1
                mine = [i for i in g.items if label[i.text] == entry_id]
                rev = wf.accept_phrasings(EDITOR, [i.ref for i in mine], entry_id, [i.text for i in mine], g.lang)
                revisions.append(rev.entry_id)
        # Several groups can land on one entry: publish each entry's latest revision.
        with store.session() as s:
            heads = store.heads(s)
            to_publish = sorted({heads[eid].id for eid in revisions})
        rel = wf.publish(APPROVER, to_publish, "benchmarks/learning.py")[1].result()
        retriever.maybe_reload()
        after = {"learned": rate(retriever, learned), "unseen": rate(retriever, unseen), "kept": rate(retriever, kept),
                 "out_of_scope_answered": out_of_scope(retriever, none)}
        print_out = {
            "split": "dev", "questions": {"in_scope": len(in_scope), "failed": len(failed), "out_of_scope": len(none)},
            "groups_accepted": n_groups, "mean_group_purity": round(sum(purity) / max(len(purity), 1), 3),
            "proposals": dict(proposals), "entries_changed": len(to_publish), "release": rel.status,
            "before": before, "after": after, "seconds": round(time.perf_counter() - started, 1),
        }
        text = json.dumps(print_out, ensure_ascii=False, indent=2)
        print(text)
        if args.out:
            args.out.write_text(text + "\n", encoding="utf-8")
        publisher.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
