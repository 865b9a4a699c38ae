"""Start the action server and `rasa run` on free localhost ports (for the e2e test and benchmarks).

Standard library only, so that either venv can import it. `make run` uses scripts/run_assistant.sh.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RASA = REPO / ".venv-rasa" / "bin" / "rasa"
ACTIONS_PYTHON = REPO / ".venv" / "bin" / "python"
MODEL = REPO / "models" / "madoguchi.tar.gz"
START_TIMEOUT = 300  # Rasa loads TensorFlow and the model: ~30 s alone, longer on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@dataclass
class Stack:
    actions: subprocess.Popen
    rasa: subprocess.Popen
    actions_port: int
    rasa_port: int
    logdir: Path
    _files: list = field(default_factory=list, repr=False)

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    def say(self, text: str, sender: str, timeout: float = 60) -> list[dict]:
        req = urllib.request.Request(self.webhook, json.dumps({"sender": sender, "message": text}).encode(),
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)

    def log_tail(self, name: str, chars: int = 3000) -> str:
        path = self.logdir / f"{name}.log"
        return path.read_text(errors="replace")[-chars:] if path.exists() else ""

    def stop(self) -> None:
        for proc in (self.rasa, self.actions):
            if proc.poll() is None:
                proc.terminate()
        for proc in (self.rasa, self.actions):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for f in self._files:
            f.close()


def tracker_store_yaml(url: str) -> str:
    """endpoints.yml's `tracker_store` for an SQLAlchemy URL: Rasa's own SQL tracker store, so a restart
    of Rasa or the action server loses no conversation (SQLite file, or PostgreSQL by URL)."""
    from urllib.parse import unquote, urlsplit

    u = urlsplit(url)
    dialect = u.scheme.split("+")[0]
    if dialect == "sqlite":
        db = url.split("///", 1)[1] if "///" in url else "rasa.db"
        if db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        fields = {"dialect": "sqlite", "db": db}
    else:
        fields = {"dialect": dialect, "url": u.hostname or "localhost", "port": u.port,
                  "db": u.path.lstrip("/") or "rasa", "username": unquote(u.username or ""),
                  "password": unquote(u.password or "")}
    lines = ["tracker_store:", "  type: SQL"]
    lines += [f"  {k}: {json.dumps(v)}" for k, v in fields.items() if v not in (None, "")]
    return "\n".join(lines) + "\n"


def rasa_api_flags(token: str | None) -> list[str]:
    """Rasa's HTTP API (trackers, model replacement) only behind a token; with none it is off, and only
    the channels (the REST webhook residents' browsers use) are served."""
    return ["--enable-api", "--auth-token", token] if token else []


def start(index: str | Path | None = None, model: Path = MODEL, logdir: Path | None = None,
          actions_python: str | Path = ACTIONS_PYTHON, rasa_port: int | None = None,
          actions_port: int | None = None, api_token: str | None = None, tracker_db: str | None = None) -> Stack:
    """Action server + Rasa (guarded REST channel) on localhost ports (free ones unless given); waits
    until both answer. The action server listens on loopback only: Rasa is its one client.
    `api_token`: Rasa's HTTP API behind this token (default $MADOGUCHI_RASA_API_TOKEN; none: off).
    `tracker_db`: where conversations are kept (default $MADOGUCHI_TRACKER_DB, var/tracker.db)."""
    logdir = Path(logdir or tempfile.mkdtemp(prefix="madoguchi-"))
    logdir.mkdir(parents=True, exist_ok=True)
    actions_port, rasa_port = actions_port or free_port(), rasa_port or free_port()
    from knowledge.settings import current  # standard library only, like this module

    if api_token is None:
        api_token = current().rasa_api_token
    tracker_db = tracker_db or current().tracker_db
    endpoints = logdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
                         + tracker_store_yaml(tracker_db), encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false",
           "SANIC_HOST": "127.0.0.1"}  # rasa_sdk binds 0.0.0.0 unless told (it has no --host option)
    if index is not None:
        env["MADOGUCHI_INDEX"] = str(index)
    files = [(logdir / "actions.log").open("wb"), (logdir / "rasa.log").open("wb")]
    actions = subprocess.Popen([str(actions_python), "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
                               cwd=REPO, env=env, stdout=files[0], stderr=subprocess.STDOUT)
    rasa = subprocess.Popen([str(RASA), "run", "-m", str(model), "-i", "127.0.0.1", "-p", str(rasa_port),
                             "--cors", "*", "--credentials", "credentials.yml", "--endpoints", str(endpoints),
                             *rasa_api_flags(api_token)],
                            cwd=REPO, env=env, stdout=files[1], stderr=subprocess.STDOUT)
    stack = Stack(actions, rasa, actions_port, rasa_port, logdir, files)
    deadline = time.monotonic() + START_TIMEOUT
    for name, proc, url in (("actions", actions, f"http://127.0.0.1:{actions_port}/health"),
                            ("rasa", rasa, f"http://127.0.0.1:{rasa_port}/")):
        while not _up(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                stack.stop()
                raise RuntimeError(f"{name} did not start ({url}):\n{stack.log_tail(name)}")
            time.sleep(1)
    return stack


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":  # python bot/launch.py [RASA_PORT ACTIONS_PORT]: start (free ports by default), print them
    sys.path.insert(0, str(REPO))  # run as a script: the project's packages (knowledge.settings)
    ports = [int(a) for a in sys.argv[1:3]]
    s = start(rasa_port=ports[0] if ports else None, actions_port=ports[1] if len(ports) > 1 else None,
              logdir=Path(os.environ["MADOGUCHI_LOG_DIR"]) if os.environ.get("MADOGUCHI_LOG_DIR") else None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `finally` stops both servers
    print(json.dumps({"webhook": s.webhook, "logs": str(s.logdir)}), flush=True)
    try:
        s.actions.wait()
    except KeyboardInterrupt:
        pass
    finally:
        s.stop()
        sys.exit(0)
