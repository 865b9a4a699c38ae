"""Only the channels are open to residents' browsers: Rasa's HTTP API is off without a token and
refuses requests without it when one is configured, and the action server listens on loopback only.
The servers are started as `make run` starts them (bot/launch.py, called by scripts/run_assistant.sh)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import start_rasa_stack

TOKEN = "test-token-not-a-secret"


def call(method: str, url: str, body: bytes | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, body, {"Content-Type": "application/json"}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def listening_addresses(port: int) -> set[str]:
    """The local addresses of listening TCP sockets on `port` (/proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.rsplit(":", 1)
            if state == "0A" and int(p, 16) == port:  # 0A: LISTEN
                found.add(addr)
    return found


@pytest.fixture(scope="module", params=[None, TOKEN], ids=["no-token", "token"])
def stack(request, sample_index, tmp_path_factory):
    s = start_rasa_stack(sample_index, tmp_path_factory.mktemp("edge"), api_token=request.param or "")
    yield s, request.param
    s.stop()


def test_a_residents_tracker_and_the_model_are_out_of_reach(stack):
    s, token = stack
    base = f"http://127.0.0.1:{s.rasa_port}"
    assert s.say("住民票がほしい", "edge-resident")  # the channel works
    for method, path, body in (("GET", "/conversations/edge-resident/tracker", None),
                               ("PUT", "/model", b'{"model_file": "/tmp/x.tar.gz"}'),
                               ("POST", "/conversations/edge-resident/messages", b'{"text": "x", "sender": "user"}')):
        status, text = call(method, base + path, body)
        # No token configured: the API is not there. A token configured: refused without it.
        assert status == (404 if token is None else 401), (method, path, status, text[:200])
        assert "住民票" not in text
    if token:
        status, text = call("GET", f"{base}/conversations/edge-resident/tracker?token={TOKEN}")
        assert status == 200 and json.loads(text)["sender_id"] == "edge-resident"


def test_the_action_server_listens_on_loopback_only(stack):
    s, _ = stack
    addrs = listening_addresses(s.actions_port)
    assert addrs and addrs <= {"0100007F", "00000000000000000000000001000000"}, addrs  # 127.0.0.1 / ::1
