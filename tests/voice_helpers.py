"""Helpers for the voice tests: a fake Rasa webhook and a real SIP caller (SIPp, Debian's sip-tester).

SIPp places the call from an XML scenario: it sends the INVITE/ACK/BYE, streams the caller's voice
as G.711 RTP (`rtp_stream` of a raw μ-law file) and presses keys by replaying the RFC 2833 PCAPs
it ships. The SDP it offers points the callee's media at an RTP port of the test, which records
what the caller hears.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

SIPP = shutil.which("sipp")
DTMF_PCAPS = Path("/usr/share/sip-tester")


def free_port(kind=socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WARD_PHONE = "03-0555-1111"
FALLBACK_TEXT = "申し訳ありません。ご質問に合うご案内が見つかりませんでした。"
HANDOFF_TEXT = ("うまくお答えできず申し訳ありません。\n"
                f"職員がお答えします。区役所の代表電話 {WARD_PHONE}（平日 8時30分〜17時15分）にお電話ください。")


def as_rest(replies, to: str, channel: str) -> list[dict]:
    """What Rasa's REST webhook returns for these bot/messages.py replies sent to `channel` (Rasa cuts a
    text at blank lines, and sends a message's custom payload after its text)."""
    from bot.messages import utterances

    out: list[dict] = []
    for reply in replies:
        for kw in utterances(reply, channel):
            if kw.get("buttons"):
                out.append({"recipient_id": to, "text": kw["text"], "buttons": kw["buttons"]})
            elif kw.get("text"):
                out += [{"recipient_id": to, "text": part} for part in kw["text"].strip().split("\n\n")]
            if kw.get("json_message"):
                out.append({"recipient_id": to, "custom": kw["json_message"]})
    return out


class FaqStandIn:
    """Answers like action_answer_faq, from a dict of keyword → answer text, in the form of the channel
    the client declares: an answer (and the screen-only feedback question), or a fallback carrying
    Rasa's fallback_count for this sender; the second miss in a row is Rasa's handoff with the number."""

    def __init__(self, answers: dict[str, str], fallback: str = FALLBACK_TEXT):
        self.answers, self.fallback = answers, fallback
        self.fallback_count: dict[str, int] = {}  # Rasa's slot, per conversation

    def replies(self, sender: str, message: str) -> list:
        from bot.messages import Answer, Fallback, Handoff, HandoffReason, Text

        text = next((v for k, v in self.answers.items() if k in message), None)
        if text is not None:
            self.fallback_count[sender] = 0
            section = {"key": "sodaigomi", "name": "粗大ごみ受付センター", "phone": "03-0555-1230", "counter": "", "hours": ""}
            return [Answer(decision="answer", faq_id="gomi-006", category="ごみ", question="粗大ごみ", answer=text,
                           section=section, documents=[], fee=None, url=None, updated=None, lang="ja",
                           index_version="", body=text),
                    Text("この回答で解決しましたか？", [{"title": "はい", "payload": "/feedback_good"},
                                                 {"title": "いいえ", "payload": "/feedback_bad"}])]
        count = self.fallback_count.get(sender, 0) + 1
        if count >= 2:
            self.fallback_count[sender] = 0
            return [Handoff(message=HANDOFF_TEXT, reason=HandoffReason.FALLBACKS, main_phone=WARD_PHONE,
                            main_hours="平日 8時30分〜17時15分")]
        self.fallback_count[sender] = count
        return [Fallback(message=self.fallback, section=None, main_phone=WARD_PHONE, fallback_count=count)]

    def rest(self, sender: str, message: str, channel: str) -> list[dict]:
        return as_rest(self.replies(sender, message), sender, channel)


class FakeRasa:
    """A REST webhook answering like the FAQ action (FaqStandIn). Every request body is recorded."""

    def __init__(self, answers: dict[str, str], fallback: str = FALLBACK_TEXT):
        self.requests: list[dict] = []
        self.faq = FaqStandIn(answers, fallback)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.requests.append(body)
                channel = (body.get("metadata") or {}).get("channel") or "rest"
                msgs = outer.faq.rest(body["sender"], body.get("message", ""), channel)
                data = json.dumps(msgs).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/webhooks/rest/webhook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


class RtpRecorder:
    """A UDP port that keeps the μ-law payload of every PCMU packet it receives, with arrival times."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.packets: list[tuple[float, bytes]] = []
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                data, _ = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            if len(data) > 12 and data[1] & 0x7F == 0:
                self.packets.append((time.time(), data[12:]))

    def stop(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()

    def audio(self, since: float | None = None) -> np.ndarray:
        """What the caller heard (8 kHz int16), from wall-clock time `since` on (server events carry `t`)."""
        from voice.audio import ulaw_decode

        data = b"".join(p for t, p in self.packets if since is None or t >= since)
        return ulaw_decode(data)


@dataclass
class Step:
    kind: str  # "pause" | "speak" | "key" | "bye" | "wait_bye"
    arg: object = None


HEADERS = """Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:madoguchi@[remote_ip]:[remote_port]>{peer}
Call-ID: [call_id]
Contact: <sip:caller@[local_ip]:[local_port]>
Max-Forwards: 70"""


def scenario(steps: list[Step], record_port: int) -> str:
    """A UAC scenario: INVITE offering PCMU + telephone-event (media to `record_port`), ACK, steps."""
    sdp = ("v=0\no=caller 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [media_ip]\nt=0 0\n"
           f"m=audio {record_port} RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\n"
           "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\n")
    out = ['<?xml version="1.0" encoding="ISO-8859-1" ?>', '<scenario name="madoguchi caller">',
           '<send retrans="500"><![CDATA[',
           "INVITE sip:madoguchi@[remote_ip]:[remote_port] SIP/2.0", HEADERS.format(peer=""),
           "CSeq: 1 INVITE", "Content-Type: application/sdp", "Content-Length: [len]", "", sdp + "]]></send>",
           '<recv response="100" optional="true"/>', '<recv response="180" optional="true"/>',
           '<recv response="200" rtd="true"/>',
           "<send><![CDATA[", "ACK sip:madoguchi@[remote_ip]:[remote_port] SIP/2.0",
           HEADERS.format(peer="[peer_tag_param]"), "CSeq: 1 ACK", "Content-Length: 0", "", "]]></send>"]
    for s in steps:
        if s.kind == "pause":
            out.append(f'<pause milliseconds="{int(s.arg * 1000)}"/>')
        elif s.kind == "speak":  # raw μ-law, played once from SIPp's media port
            out.append(f'<nop><action><exec rtp_stream="{s.arg},1,0"/></action></nop>')
        elif s.kind == "key":
            name = {"#": "pound", "*": "star"}.get(str(s.arg), s.arg)  # SIPp's file names
            out.append(f'<nop><action><exec play_pcap_audio="{DTMF_PCAPS}/dtmf_2833_{name}.pcap"/></action></nop>')
        elif s.kind == "bye":
            out += ['<send retrans="500"><![CDATA[', "BYE sip:madoguchi@[remote_ip]:[remote_port] SIP/2.0",
                    HEADERS.format(peer="[peer_tag_param]"), "CSeq: 2 BYE", "Content-Length: 0", "", "]]></send>",
                    '<recv response="200"/>']
        elif s.kind == "wait_bye":  # the callee hangs up
            out += [f'<recv request="BYE" timeout="{int(s.arg * 1000)}"/>', "<send><![CDATA[",
                    "SIP/2.0 200 OK", "[last_Via:]", "[last_From:]", "[last_To:]", "[last_Call-ID:]", "[last_CSeq:]",
                    "Content-Length: 0", "", "]]></send>"]
    out.append("</scenario>")
    return "\n".join(out) + "\n"


class SippCall:
    """One SIPp process placing one call to `uri_host:port` and running `steps`; the test records."""

    def __init__(self, workdir: Path, host: str, port: int, steps: list[Step], timeout: float = 120):
        self.dir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.recorder = RtpRecorder()
        (workdir / "caller.xml").write_text(scenario(steps, self.recorder.port), encoding="latin-1")
        self.log = (workdir / "sipp.log").open("wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [SIPP, f"{host}:{port}", "-sf", "caller.xml", "-m", "1", "-i", "127.0.0.1",
             "-p", str(free_port(socket.SOCK_DGRAM)), "-mp", str(_even_free_port()), "-nostdin",
             "-timeout", f"{int(timeout)}s", "-trace_err", "-trace_msg"],
            cwd=workdir, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 180) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.recorder.stop()
            self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.recorder.stop()
        if not self.log.closed:
            self.log.close()

    def messages(self) -> str:
        """SIPp's trace of the SIP messages sent and received."""
        return "".join(p.read_text(errors="replace") for p in self.dir.glob("*_messages.log"))

    def errors(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.dir.glob("*_errors.log"))


def _even_free_port() -> int:
    """SIPp's media port (RTP even, RTCP the next one)."""
    while True:
        p = free_port(socket.SOCK_DGRAM)
        if p % 2 == 0 and p < 65000:
            return p


def caller_voice(path: Path, pcm8k: np.ndarray) -> Path:
    """The caller's voice as the raw μ-law that SIPp's rtp_stream sends unchanged."""
    from voice.audio import ulaw_encode

    path.write_bytes(ulaw_encode(pcm8k))
    return path


_caller = None


def caller_speech(text: str, rate: int = 8000) -> np.ndarray:
    """A caller's question, synthesised by Open JTalk at normal speed (the line itself speaks slower)."""
    global _caller
    from voice.tts import Speaker

    if _caller is None:
        _caller = Speaker(ja_speed=1.0, pause=0.2)
    return _caller.speak(text, "ja", rate)[0]
