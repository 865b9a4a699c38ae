"""Start the action server and `rasa run` on free localhost ports (for the e2e test and benchmarks).

Standard library only, so that either venv can import it. `make run` uses scripts/run_assistant.sh.
"""
from __future__ import annotations

import json
import os
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


def start(index: str | Path | None = None, model: Path = MODEL, logdir: Path | None = None,
          actions_python: str | Path = ACTIONS_PYTHON) -> Stack:
    """Action server + Rasa (guarded REST channel) on free ports; waits until both answer."""
    logdir = Path(logdir or tempfile.mkdtemp(prefix="madoguchi-"))
    logdir.mkdir(parents=True, exist_ok=True)
    actions_port, rasa_port = free_port(), free_port()
    endpoints = logdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n', encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "RASA_TELEMETRY_ENABLED": "false"}
    if index is not None:
        env["MADOGUCHI_INDEX"] = str(index)
    files = [(logdir / "actions.log").open("wb"), (logdir / "rasa.log").open("wb")]
    actions = subprocess.Popen([str(actions_python), "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
                               cwd=REPO, env=env, stdout=files[0], stderr=subprocess.STDOUT)
    rasa = subprocess.Popen([str(RASA), "run", "-m", str(model), "-i", "127.0.0.1", "-p", str(rasa_port),
                             "--credentials", "credentials.yml", "--endpoints", str(endpoints)],
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


if __name__ == "__main__":  # python bot/launch.py: start on free ports and print them
    s = start()
    print(json.dumps({"webhook": s.webhook, "logs": str(s.logdir)}), flush=True)
    try:
        s.actions.wait()
    except KeyboardInterrupt:
        pass
    finally:
        s.stop()
        sys.exit(0)
