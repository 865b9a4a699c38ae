"""What test modules share besides fixtures (importing conftest itself is ambiguous: tests/rasa has one too)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DATA = REPO / "knowledge" / "data"


def start_rasa_stack(index: Path, logdir: Path, **kw):
    """The action server and `rasa run` (bot/launch.py) on free ports, for the end-to-end tests.

    Skips without the Rasa venv or a trained model, unless MADOGUCHI_REQUIRE_RASA=1 (make test sets
    it), which makes that a failure. The action server inherits os.environ (e.g. MADOGUCHI_DB).
    """
    from bot import launch

    missing = [str(p) for p in (launch.RASA, launch.MODEL) if not p.exists()]
    if missing:
        reason = f"needs {', '.join(missing)} (run `make train`)"
        if os.environ.get("MADOGUCHI_REQUIRE_RASA") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        # Each stack keeps its conversations in its own file: fixed test sender ids must not meet the
        # state an earlier run left in var/tracker.db.
        kw.setdefault("tracker_db", f"sqlite:///{Path(logdir) / 'tracker.db'}")
        return launch.start(index=index, logdir=logdir, actions_python=sys.executable, **kw)
    except RuntimeError as e:
        pytest.fail(str(e))


def write_published_version(root: Path, name: str, phone: str, entries=()) -> Path:
    """An index version as admin/publishing.py leaves it, as far as run-time readers read it
    (knowledge/published.py): the sample ward with another main phone, and `entries`."""
    import dataclasses
    import json

    from knowledge.kb import load_ward, ward_to_dict

    ward = dataclasses.replace(load_ward(), main_phone=phone)
    version = root / "versions" / name
    version.mkdir(parents=True)
    snap = {"ward": ward_to_dict(ward), "entries": [e.to_dict() for e in entries]}
    (version / "entries.json").write_text(json.dumps(snap, ensure_ascii=False), encoding="utf-8")
    (version / "manifest.json").write_text(json.dumps({"version": name, "vocabulary": [], "redirects": []}),
                                           encoding="utf-8")
    return version


def point_current(root: Path, version: Path) -> None:
    """Point root/current at `version` with one rename, as a publish does."""
    link = root / ".current-new"
    os.symlink(os.path.relpath(version, root), link)
    os.replace(link, root / "current")



# --- browser tests ------------------------------------------------------------------------------------

AXE = REPO / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"  # scripts/node_deps.sh
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.2 AA violations on a Playwright page (skips when npm could not install it)."""
    import subprocess

    if not AXE.exists():
        subprocess.run([str(REPO / "scripts" / "node_deps.sh")], check=False)
    if not AXE.exists():
        pytest.skip("axe-core is missing: run scripts/node_deps.sh (npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in result["violations"]]


def serve_app(app):
    """An ASGI app under uvicorn on a free loopback port, in a thread: a generator yielding its base
    URL (use with `yield from` in a fixture); the server stops when the generator is closed."""
    import threading
    import time

    import uvicorn

    from bot.launch import free_port

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
