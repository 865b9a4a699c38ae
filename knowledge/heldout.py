"""The held-out questions: files, their dev/test split, and one reader (no heavy imports, so the
Rasa venv's benchmarks/routing.py can use it too).

benchmarks/heldout/<lang>/<category>.tsv and, written blind to the entries' phrasings,
benchmarks/heldout_styles/<lang>/<style>.tsv and benchmarks/heldout_routing/<lang>/emergency.tsv hold
`entry id<TAB>question` (id `none`: the ward's FAQ has no answer; `emergency`: a real emergency).
Each question falls, by a stable hash, into the dev half (for tuning) or the test half (for
reporting), fixed when the files were written. A derived question (the phone line's transcript of a
synthesised question, `ja/asr.tsv`) has a third column, the question it came from, and falls in
that question's half, so a dev transcript never carries a test question.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HELDOUT_DIR = REPO / "benchmarks" / "heldout"
STYLES_DIR = REPO / "benchmarks" / "heldout_styles"  # blind questions in residents' own styles
ROUTING_DIR = REPO / "benchmarks" / "heldout_routing"  # blind emergency messages
NONE = "none"


@dataclass(frozen=True)
class Question:
    lang: str
    entry_id: str  # "none" for out-of-scope
    text: str
    source: str = ""  # the question this one was derived from, if any: its split is this one's

    @property
    def split(self) -> str:
        h = hashlib.sha256(f"{self.entry_id}\t{self.source or self.text}".encode()).digest()[0]
        return "dev" if h % 2 == 0 else "test"


def load_heldout(root: Path = HELDOUT_DIR, langs: list[str] | None = None) -> list[Question]:
    out: list[Question] = []
    if not root.is_dir():
        return out
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if langs and lang_dir.name not in langs:
            continue
        for path in sorted(lang_dir.glob("*.tsv")):
            out += read_questions(path)
    return out


def read_questions(path: Path) -> list[Question]:
    """One held-out file (`entry id<TAB>question[<TAB>source question]`); its folder names the language."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and "\t" in line:
            eid, text, *source = line.split("\t", 2)
            out.append(Question(path.parent.name, eid.strip(), text.strip(), (source or [""])[0].strip()))
    return out
