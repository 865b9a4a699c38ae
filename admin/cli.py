"""`python -m admin …` — the staff side from the command line.

  serve [--host H] [--port P]          the admin web app (seeds the store and builds the index if needed)
  index                                make the index serve the current release (seeding an empty store
                                       from knowledge/data first); what `make index` and `make run` call
  publish-files --reason R             publish knowledge/data's ward.yml, vocabulary.yml, redirects.yml and guides/
  create-user NAME --role ROLE         password from $MADOGUCHI_PASSWORD or asked for
  set-password NAME                    a new password for NAME (a forgotten one); the same way
  seed [--data DIR]                    load knowledge/data as the first release (only into an empty store)
  releases                             list releases (* marks the current one)
  rollback RELEASE_ID [--reason R]     serve an earlier release again; waits for the index
  export [--out FILE]                  the published entries as the standard FAQ CSV
  import FILE [--yes] [--retire-missing]   show the diff; with --yes create the drafts
  purge [--days N] [--dry-run]         delete conversations last active more than N days ago (default
                                       $MADOGUCHI_RETENTION_DAYS, 90) and older unanswered/disliked
                                       questions, after folding them into the analytics; run it daily
  delete-conversation ID --reason R    delete one conversation (a resident's request) from the tracker store
  report --out DIR [--days N]          the analytics of the last N days (default 30): DIR/report.html (charts
                                       inline, nothing external) and the open-data CSV files (docs/open-data.md)

The store is $MADOGUCHI_DB (default var/madoguchi.db in the repository), the index $MADOGUCHI_INDEX
(default var/index), the conversations Rasa's tracker store $MADOGUCHI_TRACKER_DB (default
var/tracker.db). The store owns what residents are told: knowledge/data seeds an empty store and
is the import/export format, and nothing but a release moves the served index. Shell access to the
server counts as admin; the audit log names you as cli:<user>.
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from knowledge.kb import KBError
from knowledge.settings import current as current_settings


def _context(data: Path):
    from knowledge.store import Store

    from .publishing import Publisher
    from .workflow import Actor, Workflow

    store = Store()
    _seed(store, data)  # every command works on a seeded store
    ward = store.published_ward(data)
    return store, ward, Workflow(store, ward, Publisher(store, ward)), Actor(f"cli:{getpass.getuser()}", "admin")


def _seed(store, data: Path) -> None:
    from knowledge.store import seed_from_yaml

    rel = seed_from_yaml(store, data)
    if rel is not None:
        print(f"seeded release {rel} from {data}", file=sys.stderr)


def _conversations(args) -> int:
    """purge and delete-conversation: the tracker store and the staff store, no index or seeding needed."""
    from knowledge.store import Store

    from .conversations import Conversations
    from .workflow import Actor, NotFound

    convs = Conversations(Store())
    actor = Actor(f"cli:{getpass.getuser()}", "admin")
    try:
        if args.cmd == "purge":
            result = convs.purge(args.days, actor=actor.username, dry_run=args.dry_run)
            print(result.summary())
            return 0
        events = convs.delete(actor, args.sender_id, args.reason)
        print(f"deleted conversation {args.sender_id} ({events} events)")
        return 0
    except (NotFound, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        convs.dispose()


def _report(args, store, wf) -> int:
    import time

    from . import analytics, analytics_report

    if args.days < 1:
        print("error: --days must be at least 1", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    embedder = None if args.no_embedder else wf.publisher.embedder
    report = analytics.build(store, analytics.tracker_engine(), args.days, embedder=embedder)
    paths = analytics_report.write(report, args.out)
    print(f"{report.start} – {report.end}: {report.totals['conversations']} conversations, "
          f"{report.totals['questions']} questions; wrote {len(paths)} files to {args.out} "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m admin", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=current_settings().data)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8001)
    s = sub.add_parser("create-user")
    s.add_argument("username")
    s.add_argument("--role", choices=("editor", "approver", "admin"), required=True)
    s = sub.add_parser("set-password")
    s.add_argument("username")
    sub.add_parser("seed")
    sub.add_parser("index")
    s = sub.add_parser("publish-files")
    s.add_argument("--reason", required=True)
    sub.add_parser("releases")
    s = sub.add_parser("rollback")
    s.add_argument("release", type=int)
    s.add_argument("--reason", default="")
    s = sub.add_parser("export")
    s.add_argument("--out", type=Path)
    s = sub.add_parser("import")
    s.add_argument("file", type=Path)
    s.add_argument("--yes", action="store_true", help="create the drafts (default: show the diff only)")
    s.add_argument("--retire-missing", action="store_true", help="also draft retirement of entries not in the file")
    s = sub.add_parser("purge", help="delete what is older than the retention (idempotent; run it daily)")
    s.add_argument("--days", type=int, default=None, help="retention in days (default $MADOGUCHI_RETENTION_DAYS, 90)")
    s.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    s = sub.add_parser("report", help="the analytics as one HTML file and open-data CSV files")
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--days", type=int, default=30)
    s.add_argument("--no-embedder", action="store_true",
                   help="group unanswered questions by identical text (no model is loaded)")
    s = sub.add_parser("delete-conversation", help="delete one conversation by its sender id")
    s.add_argument("sender_id")
    s.add_argument("--reason", required=True)
    args = p.parse_args(argv)

    from .workflow import Conflict, Forbidden, Invalid

    try:
        if args.cmd in ("purge", "delete-conversation"):
            return _conversations(args)
        store, ward, wf, actor = _context(args.data)
        if args.cmd == "serve":
            import uvicorn

            from .app import create_app

            if wf.publisher.recover():
                print("releases interrupted by the last stop were marked failed: publish them again", file=sys.stderr)
            print(f"index: {wf.publisher.ensure_index()}", file=sys.stderr)
            app = create_app(store, ward, wf.publisher)
            uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False)
            return 0
        if args.cmd == "create-user":
            password = os.environ.get("MADOGUCHI_PASSWORD") or getpass.getpass(f"password for {args.username}: ")
            wf.create_user(actor, args.username, password, args.role)
            print(f"created {args.username} ({args.role})")
            return 0
        if args.cmd == "set-password":
            password = os.environ.get("MADOGUCHI_PASSWORD")
            confirm = password
            if password is None:
                password = getpass.getpass(f"new password for {args.username}: ")
                confirm = getpass.getpass("again: ")
            wf.change_password(actor, args.username, password, confirm)
            print(f"password of {args.username} changed: their open sessions have ended")
            return 0
        if args.cmd == "seed":
            return 0  # done by _context
        if args.cmd == "index":
            if wf.publisher.recover():
                print("releases interrupted by the last stop were marked failed: publish them again", file=sys.stderr)
            print(f"index: {wf.publisher.ensure_index()}", file=sys.stderr)
            return 0
        if args.cmd == "publish-files":
            from knowledge.store import yaml_files

            rel_id, future = wf.publish_files(actor, yaml_files(args.data), args.reason)
            rel = future.result()
            print(f"release {rel_id}: {rel.status} {rel.index_version or ''} {rel.error}")
            return 0 if rel.status == "published" else 1
        if args.cmd == "report":
            return _report(args, store, wf)
        if args.cmd == "releases":
            from sqlalchemy import select

            from knowledge.store import Release

            with store.session() as s:
                current = store.current_release(s)
                for r in s.scalars(select(Release).order_by(Release.id)):
                    mark = "*" if current and r.id == current.id else " "
                    print(f"{mark} {r.id:4d}  {r.kind:8s} {r.status:9s} {r.created_at:%Y-%m-%d %H:%M}  "
                          f"{len(r.revision_ids):4d} entries  {r.created_by}  {r.index_version or ''}  {r.error}")
            return 0
        if args.cmd == "rollback":
            rel_id, future = wf.rollback(actor, args.release, args.reason)
            rel = future.result()
            print(f"release {rel_id}: {rel.status} {rel.index_version or ''} {rel.error}")
            return 0 if rel.status == "published" else 1
        if args.cmd == "export":
            data = wf.export()
            if args.out:
                args.out.write_bytes(data)
                print(f"wrote {args.out}", file=sys.stderr)
            else:
                sys.stdout.buffer.write(data)
            return 0
        if args.cmd == "import":
            batch = wf.import_preview(actor, args.file.name, args.file.read_bytes())
            from knowledge.store import ImportBatch

            with store.session() as s:
                diff = s.get(ImportBatch, batch).diff
            for kind in ("new", "changed", "absent", "unchanged"):
                ids = diff[kind]
                print(f"{kind}: {len(ids)}" + (f" ({', '.join(ids[:10])}{' …' if len(ids) > 10 else ''})" if ids and kind != "unchanged" else ""))
            if not args.yes:
                print("preview only: nothing applied (add --yes to create the drafts)")
                wf.import_cancel(actor, batch)
                return 0
            created = wf.import_apply(actor, batch, retire_missing=args.retire_missing)
            print(f"created {len(created)} draft revision(s); submit them for review in the admin app")
            return 0
    except Invalid as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print("nothing was changed", file=sys.stderr)
        return 1
    except (Forbidden, Conflict, KBError, OSError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 2
