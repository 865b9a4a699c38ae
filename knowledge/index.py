"""The search index: a versioned, self-verifying directory, swapped in atomically.

    <root>/current -> versions/<version>      (a symlink, replaced with one rename)
    <root>/versions/<version>/manifest.json   model, KB content hash, build time, file hashes, thresholds
                              entries.json    the ward and the entries this index answers with, and the
                                              procedure guides served with them (knowledge/guides.py)
                              texts.json      which entry and kind each vector row belongs to
                              vectors.faiss   FAISS inner-product index over normalised vectors
                              bm25.json       lexical index over entry documents

A build writes a new version directory, opens and checks it, and only then points `current` at it;
readers that hold the old version keep serving it. Opening verifies every file against the manifest,
so a truncated or edited index is refused with a message instead of answering wrongly.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from .bm25 import BM25
from .embedders import Embedder
from .entry import Entry, Ward
from .guides import digest as guides_digest
from .kb import content_hash, ward_from_dict, ward_to_dict
from .tokens import VERSION as TOKENS_VERSION, tokenize
from .redirects import Redirect, Redirects
from .vocabulary import Vocabulary

FORMAT = 2  # 2: redirects' example questions embedded (redirects.npy)
HNSW_ABOVE = 50_000  # vectors; exact (flat) search is fast enough below this
KEEP_VERSIONS = 10
FILES = ("entries.json", "texts.json", "vectors.faiss", "bm25.json", "redirects.npy")


class IndexInvalid(RuntimeError):
    """The index directory is missing, corrupt, or was built for something else."""


@dataclass(frozen=True)
class Text:
    entry: int  # position in Index.entries
    kind: str  # question | alt | answer | tq (translated question)
    lang: str


def entry_texts(e: Entry) -> list[tuple[str, str, str, str]]:
    """(text, kind, lang, embedding role) for what residents' questions are matched against.

    Questions in every language carry the retrieval; the Japanese answer adds its details. Translated
    and easy-Japanese answers are left to BM25: measured on held-out questions they changed MRR by
    under 0.01 while making the build six times slower (an answer costs ~7 questions to embed).
    """
    rows = [(e.question, "question", "ja", "query")]
    rows += [(q, "alt", "ja", "query") for q in e.alt_questions]
    rows.append((e.answer, "answer", "ja", "passage"))
    rows += [(q, "tq", lang, "query") for lang, tr in sorted(e.translations.items())
             for q in (tr.question, *tr.alt_questions)]
    return rows


def lexical_document(e: Entry) -> list[str]:
    # Questions are what residents' words resemble; the answer adds the vocabulary of the procedure.
    parts = [e.question, *e.alt_questions, e.answer, e.easy_answer, e.category]
    parts += [t for tr in e.translations.values() for t in (tr.question, *tr.alt_questions, tr.answer)]
    return [tok for p in parts for tok in tokenize(p)]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Index:
    """A loaded, verified index version."""

    def __init__(self, path: Path, manifest: dict, ward: Ward, entries: list[Entry], texts: list[Text],
                 vectors: faiss.Index, bm25: BM25, redirect_vectors: np.ndarray | None = None):
        self.path, self.manifest, self.ward = path, manifest, ward
        self.entries, self.texts, self.vectors, self.bm25 = entries, texts, vectors, bm25
        rows: list[list[int]] = [[] for _ in entries]
        for row, t in enumerate(texts):
            rows[t.entry].append(row)
        self.rows_of_entry = [np.array(r, dtype=np.int64) for r in rows]
        self.by_id = {e.id: i for i, e in enumerate(entries)}
        self.vocabulary = Vocabulary.from_list(manifest.get("vocabulary"))
        self.redirects = Redirects.from_list(manifest.get("redirects"))
        self.redirect_vectors = redirect_vectors
        self.redirect_of_row = np.array([n for n, _ in self.redirects.questions()], dtype=np.int64)
        # The stored vectors as a numpy view (no copy), for exact similarities of candidate entries.
        flat = faiss.downcast_index(vectors.storage) if hasattr(vectors, "storage") else vectors
        self.matrix = faiss.rev_swig_ptr(flat.get_xb(), vectors.ntotal * vectors.d).reshape(vectors.ntotal, vectors.d)

    @property
    def version(self) -> str:
        return self.manifest["version"]

    @property
    def thresholds(self) -> dict:
        return self.manifest.get("thresholds") or {}

    @classmethod
    def open(cls, path: Path | str) -> "Index":
        path = resolve_version(path)
        manifest_path = path / "manifest.json"
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise IndexInvalid(f"{manifest_path}: unreadable manifest: {e}") from e
        if manifest.get("format") != FORMAT:
            raise IndexInvalid(f"{path}: index format {manifest.get('format')!r}, this code reads {FORMAT}: rebuild it")
        for name in FILES:
            file = path / name
            expected = manifest.get("files", {}).get(name)
            if not file.is_file():
                raise IndexInvalid(f"{path}: {name} is missing")
            if _sha256(file) != expected:
                raise IndexInvalid(f"{path}: {name} does not match its manifest hash (corrupt or edited): rebuild")
        try:
            snap = json.loads((path / "entries.json").read_text(encoding="utf-8"))
            ward = ward_from_dict(snap["ward"])
            entries = [Entry.from_dict(d, ward.sections) for d in snap["entries"]]
            texts = [Text(*t) for t in json.loads((path / "texts.json").read_text(encoding="utf-8"))]
            vectors = faiss.read_index(str(path / "vectors.faiss"))
            bm25 = BM25.from_dict(json.loads((path / "bm25.json").read_text(encoding="utf-8")))
            redirect_vectors = np.load(path / "redirects.npy", allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
            raise IndexInvalid(f"{path}: unreadable index: {type(e).__name__}: {e}") from e
        if vectors.ntotal != len(texts) or vectors.d != manifest.get("dim"):
            raise IndexInvalid(f"{path}: {vectors.ntotal} vectors of dim {vectors.d} for {len(texts)} texts "
                               f"(manifest dim {manifest.get('dim')})")
        n_rq = len(Redirects.from_list(manifest.get("redirects")).questions())
        if redirect_vectors.shape != (n_rq, manifest.get("dim")):
            raise IndexInvalid(f"{path}: {redirect_vectors.shape} redirect vectors for {n_rq} redirect questions")
        if bm25.n_docs != len(entries) or manifest.get("n_entries") != len(entries):
            raise IndexInvalid(f"{path}: entry counts disagree (bm25 {bm25.n_docs}, entries {len(entries)})")
        if manifest.get("tokens", 1) != TOKENS_VERSION:
            raise IndexInvalid(f"{path}: built with word tokens version {manifest.get('tokens', 1)}, this code makes "
                               f"version {TOKENS_VERSION}: rebuild it (python -m knowledge build)")
        if content_hash(entries, ward) != manifest.get("kb_hash"):
            raise IndexInvalid(f"{path}: entries do not match the manifest's knowledge-base hash")
        if "efSearch" in manifest:
            faiss.ParameterSpace().set_index_parameter(vectors, "efSearch", manifest["efSearch"])
        return cls(path, manifest, ward, entries, texts, vectors, bm25, redirect_vectors)

    def nearest_redirect(self, q: np.ndarray) -> tuple[Redirect, float] | None:
        """The redirect whose example question is nearest the query vector, and that similarity."""
        if not len(self.redirect_of_row):
            return None
        sims = self.redirect_vectors @ q
        row = int(np.argmax(sims))
        return self.redirects.items[self.redirect_of_row[row]], float(sims[row])



def resolve_version(path: Path | str) -> Path:
    """A version directory itself, or the one an index root's `current` points to."""
    path = Path(path)
    if (path / "manifest.json").exists():
        return path
    current = path / "current"
    if current.is_symlink() or current.exists():
        return current.resolve()
    raise IndexInvalid(f"{path}: no index here (no manifest.json and no 'current' version): "
                       f"build one with `python -m knowledge build --out {path}`")


def build(entries: list[Entry], ward: Ward, root: Path | str, embedder: Embedder,
          thresholds: dict | None = None, progress: bool = False, swap: bool = True,
          vocabulary: Vocabulary | None = None, redirects: Redirects | None = None,
          release: int | None = None, guides: list[dict] | None = None) -> Path:
    """Build a new version under root/versions/ and (by default) make it current. Returns its path.
    The version carries the ward vocabulary and redirects it is searched with (vocabulary.py,
    redirects.py), so a published version never mixes with files edited since. `release`: the staff
    store's release it is built for (admin/publishing.py), recorded so nothing else swaps over it.
    `guides`: the release's procedure guides as plain data (knowledge.guides.guides_to_list, validated by
    the caller), served from entries.json; the manifest names their digest."""
    if not entries:
        raise ValueError("no published entries to index")
    root = Path(root)
    (root / "versions").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    kb_hash = content_hash(entries, ward)
    stamp = dt.datetime.now(dt.timezone.utc)
    version = f"{stamp:%Y%m%dT%H%M%S%f}-{kb_hash[:8]}"
    tmp = root / "versions" / f".building-{version}-{os.getpid()}"
    tmp.mkdir()
    try:
        rows = [(i, r) for i, e in enumerate(entries) for r in entry_texts(e)]
        vecs = np.zeros((len(rows), embedder.dim), dtype=np.float32)
        for role in ("query", "passage"):
            idx = [n for n, (_, r) in enumerate(rows) if r[3] == role]
            if idx:
                vecs[idx] = embedder.embed([rows[n][1][0] for n in idx], role, progress=progress)
        if len(rows) > HNSW_ABOVE:
            index = faiss.IndexHNSWFlat(embedder.dim, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
        else:
            index = faiss.IndexFlatIP(embedder.dim)
        index.add(vecs)
        faiss.write_index(index, str(tmp / "vectors.faiss"))
        texts = [[i, r[1], r[2]] for i, r in rows]
        (tmp / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        snap = {"ward": ward_to_dict(ward), "entries": [e.to_dict() for e in entries], "guides": list(guides or [])}
        (tmp / "entries.json").write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
        redirects = redirects or Redirects([])
        rq = [q for _, q in redirects.questions()]
        rvecs = embedder.embed(rq, "query") if rq else np.zeros((0, embedder.dim), dtype=np.float32)
        np.save(tmp / "redirects.npy", np.ascontiguousarray(rvecs, dtype=np.float32), allow_pickle=False)
        bm25 = BM25().fit([lexical_document(e) for e in entries])
        (tmp / "bm25.json").write_text(json.dumps(bm25.to_dict(), ensure_ascii=False), encoding="utf-8")
        manifest = {
            "format": FORMAT, "version": version, "built_at": stamp.isoformat(timespec="seconds"),
            "embedder": embedder.spec, "dim": embedder.dim, "kb_hash": kb_hash, "tokens": TOKENS_VERSION,
            "n_entries": len(entries), "n_texts": len(rows),
            "faiss": "hnsw" if len(rows) > HNSW_ABOVE else "flat",
            "build_seconds": round(time.perf_counter() - started, 3),
            "thresholds": thresholds or {},
            "vocabulary": (vocabulary or Vocabulary([])).to_list(),
            "redirects": redirects.to_list(),
            "guides": guides_digest(guides),
            "files": {name: _sha256(tmp / name) for name in FILES},
            "release": release,
        }
        if manifest["faiss"] == "hnsw":
            manifest["efSearch"] = 128
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        Index.open(tmp)  # refuse to publish anything we could not read back
        final = root / "versions" / version
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if swap:
        make_current(root, final)
        prune(root)
    return final


def make_current(root: Path | str, version_dir: Path | str) -> None:
    """Point root/current at version_dir with one atomic rename (readers never see a gap)."""
    root, version_dir = Path(root), Path(version_dir)
    Index.open(version_dir)  # never point `current` at something unreadable
    link = root / f".current-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(version_dir, root), link)
    os.replace(link, root / "current")


def versions(root: Path | str) -> list[Path]:
    vdir = Path(root) / "versions"
    return sorted(p for p in vdir.iterdir() if p.is_dir() and not p.name.startswith(".")) if vdir.is_dir() else []


def prune(root: Path | str, keep: int = KEEP_VERSIONS) -> None:
    """Drop the oldest versions beyond `keep`, never the current one."""
    root = Path(root)
    current = (root / "current").resolve()
    old = [v for v in versions(root) if v.resolve() != current]
    for v in old[: max(0, len(old) - (keep - 1))]:
        shutil.rmtree(v, ignore_errors=True)
