"""Voice figures as JSON: speech recognition, speech synthesis and the phone line's turn latency.

  * ASR: real-time factor and character error rate of the packaged Whisper base model on N held-out
    ward questions (benchmarks/heldout/ja, not the "none" set) synthesised by Open JTalk, at 16 kHz
    (browser) and 8 kHz G.711 μ-law (phone); CER before and after ward-term correction
    (voice.vocabulary.correct), on NFKC text without punctuation.
  * TTS: real-time factor of the line's own voice (Open JTalk at 0.85) reading the answers of those
    questions' entries, and the time to the first sentence (what a caller waits for).
  * Turn latency: calls over SIP/RTP on loopback to the phone line, backed by the real Rasa stack
    (bot/launch.py) unless --rasa is given: the time from the end of the caller's speech (the last
    voiced 20 ms packet sent) to the first voiced packet of the reply. Target: < 1.5 s on 2 cores.

  .venv/bin/python benchmarks/voice.py [--n 60] [--calls 6] [--skip-latency] [--rasa WEBHOOK]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import sys
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from voice.audio import resample, rms_dbfs, ulaw_decode, ulaw_encode  # noqa: E402
from voice.vocabulary import _edit_distance, correct  # noqa: E402

VOICED_DBFS = -40.0


def heldout(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """(entry id, question) pairs from the held-out ward questions, shuffled once, n of them."""
    rows = []
    for path in sorted((REPO / "benchmarks" / "heldout" / "ja").glob("*.tsv")):
        if path.name.startswith("_"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1].strip():
                rows.append((parts[0], parts[1].strip()))
    random.Random(seed).shuffle(rows)
    return rows[:n]


def plain(text: str) -> str:
    return re.sub(r"[^\w]", "", unicodedata.normalize("NFKC", text))


def cer(refs: list[str], hyps: list[str]) -> float:
    errors = sum(_edit_distance(plain(r), plain(h)) for r, h in zip(refs, hyps))
    return round(errors / max(sum(len(plain(r)) for r in refs), 1), 4)


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))], 3) if s else float("nan")


def bench_asr(questions: list[str], caller) -> dict:
    from voice.asr import whisper_recognizer

    rec = whisper_recognizer("ja")
    rec.warm_up()
    audio16 = [caller.speak(q, "ja", 16000)[0] for q in questions]
    audio8 = [ulaw_decode(ulaw_encode(resample(a, 16000, 8000))) for a in audio16]  # the phone line
    out = {}
    for name, audios, rate in (("16k", audio16, 16000), ("8k_ulaw", audio8, 8000)):
        hyps, spent = [], 0.0
        for a in audios:
            t = time.perf_counter()
            hyps.append(rec.transcribe(a, rate))
            spent += time.perf_counter() - t
        seconds = sum(len(a) for a in audios) / rate
        out[name] = {"rtf": round(spent / seconds, 3), "cer": cer(questions, hyps),
                     "cer_corrected": cer(questions, [correct(h) for h in hyps]),
                     "audio_seconds": round(seconds, 1), "mean_utterance_seconds": round(seconds / len(audios), 2)}
    return out


def bench_tts(texts: list[str]) -> dict:
    from voice.tts import Speaker

    speaker = Speaker()
    speaker.speak("はい。", "ja", 8000)  # load the voice
    spent, seconds, first = 0.0, 0.0, []
    for text in texts:
        t = time.perf_counter()
        chunks = speaker.speak_iter(text, "ja", 8000)
        chunk = next(chunks)
        first.append(time.perf_counter() - t)
        total = len(chunk) + sum(len(c) for c in chunks)
        spent += time.perf_counter() - t
        seconds += total / 8000
    return {"engine": "pyopenjtalk-plus", "speed": speaker._ja.speed, "rtf": round(spent / seconds, 3),
            "first_sentence_seconds_mean": round(statistics.mean(first), 3),
            "first_sentence_seconds_p90": pct(first, 90), "texts": len(texts), "audio_seconds": round(seconds, 1)}


# ---- Turn latency: a minimal SIP/RTP caller on loopback -------------------------------------------
class Caller:
    """Places one call: INVITE/ACK, sends RTP paced at 20 ms, records when voiced packets arrive."""

    def __init__(self, port: int):
        self.server = ("127.0.0.1", port)
        self.sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sip.bind(("127.0.0.1", 0))
        self.sip.settimeout(10)
        self.rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.rtp.bind(("127.0.0.1", 0))
        self.rtp.settimeout(0.1)
        self.call_id = f"bench-{random.getrandbits(40):x}"
        self.voiced: list[float] = []  # arrival times of voiced reply packets
        self.remote_rtp: tuple[str, int] | None = None
        self.stop = False

    def _msg(self, method: str, cseq: int, body: str = "", to_tag: str = "") -> bytes:
        sp, rp = self.sip.getsockname()[1], self.rtp.getsockname()[1]
        hdr = [f"{method} sip:madoguchi@127.0.0.1:{self.server[1]} SIP/2.0",
               f"Via: SIP/2.0/UDP 127.0.0.1:{sp};branch=z9hG4bK{random.getrandbits(32):x}",
               f"From: <sip:bench@127.0.0.1:{sp}>;tag=b{rp}", f"To: <sip:madoguchi@127.0.0.1>{to_tag}",
               f"Call-ID: {self.call_id}", f"CSeq: {cseq} {method}", f"Contact: <sip:bench@127.0.0.1:{sp}>",
               "Max-Forwards: 70"]
        if body:
            hdr.append("Content-Type: application/sdp")
        hdr.append(f"Content-Length: {len(body.encode())}")
        return ("\r\n".join(hdr) + "\r\n\r\n" + body).encode()

    def dial(self) -> None:
        rp = self.rtp.getsockname()[1]
        sdp = f"v=0\r\no=b 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {rp} RTP/AVP 0\r\n"
        self.sip.sendto(self._msg("INVITE", 1, sdp), self.server)
        while True:
            data = self.sip.recv(8192).decode()
            if data.startswith("SIP/2.0 200"):
                break
        self.to_tag = ";tag=" + re.search(r"^To:.*;tag=([^;\s]+)", data, re.M).group(1)
        port = int(re.search(r"m=audio (\d+)", data).group(1))
        self.remote_rtp = ("127.0.0.1", port)
        self.sip.sendto(self._msg("ACK", 1, to_tag=self.to_tag), self.server)
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self) -> None:
        while not self.stop:
            try:
                data = self.rtp.recv(2048)
            except socket.timeout:
                continue
            if len(data) > 12 and rms_dbfs(ulaw_decode(data[12:])) > VOICED_DBFS:
                self.voiced.append(time.monotonic())

    def wait_quiet(self, quiet: float = 1.0, timeout: float = 40) -> None:
        """Until the greeting (or any speech) has been followed by `quiet` seconds of silence."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.voiced and time.monotonic() - self.voiced[-1] > quiet:
                return
            time.sleep(0.05)
        raise TimeoutError("the line never went quiet")

    def speak(self, pcm8k: np.ndarray) -> float:
        """Send the audio in real time; returns the monotonic time its last voiced packet left."""
        data = ulaw_encode(pcm8k)
        seq, ts, last_voiced = 0, 0, 0.0
        start = time.monotonic()
        for i in range(0, len(data), 160):
            frame = data[i:i + 160].ljust(160, b"\xff")
            pkt = bytes([0x80, 0]) + seq.to_bytes(2, "big") + ts.to_bytes(4, "big") + b"\x00\x00\x00\x2a" + frame
            target = start + i / 8000
            time.sleep(max(0.0, target - time.monotonic()))
            self.rtp.sendto(pkt, self.remote_rtp)
            if rms_dbfs(pcm8k[i:i + 160]) > VOICED_DBFS:
                last_voiced = time.monotonic()
            seq, ts = seq + 1, ts + 160
        self._seq, self._ts = seq, ts
        return last_voiced

    def keep_silent(self, seconds: float) -> None:
        end, frame = time.monotonic() + seconds, b"\xff" * 160
        while time.monotonic() < end:
            pkt = bytes([0x80, 0]) + self._seq.to_bytes(2, "big") + self._ts.to_bytes(4, "big") + b"\x00\x00\x00\x2a"
            self.rtp.sendto(pkt + frame, self.remote_rtp)
            self._seq, self._ts = (self._seq + 1) & 0xFFFF, self._ts + 160
            time.sleep(0.02)

    def hang_up(self) -> None:
        self.sip.sendto(self._msg("BYE", 2, to_tag=self.to_tag), self.server)
        self.stop = True
        time.sleep(0.2)
        self.sip.close()
        self.rtp.close()


def bench_latency(questions: list[str], caller_voice, webhook: str | None) -> dict:
    from voice.phone import PhoneServer

    stack = None
    if webhook is None:
        from bot import launch

        stack = launch.start()
        webhook = stack.webhook
    server = PhoneServer("127.0.0.1", 0, webhook, notice_fn=lambda lang: None)
    server.warm_up()
    loop = asyncio.new_event_loop()
    loop.run_until_complete(server.start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    latencies, server_side, asr = [], [], []
    try:
        for q in questions:
            caller = Caller(server.port)
            caller.dial()
            caller.wait_quiet()
            n_before = len(caller.voiced)
            speech_end = caller.speak(caller_voice.speak(q, "ja", 8000)[0])
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                after = [t for t in caller.voiced[n_before:] if t > speech_end]
                if after:
                    latencies.append(after[0] - speech_end)
                    break
                caller.keep_silent(0.1)
            caller.hang_up()
            time.sleep(0.5)
        for e in server.events:
            if e["event"] == "turn_latency":
                server_side.append(e["seconds"])
            elif e["event"] == "heard":
                asr.append(e["asr_seconds"])
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        if stack:
            stack.stop()
    return {"calls": len(questions), "answered": len(latencies),
            "caller_measured_seconds": {"p50": pct(latencies, 50), "p90": pct(latencies, 90),
                                        "max": round(max(latencies), 3) if latencies else None,
                                        "mean": round(statistics.mean(latencies), 3) if latencies else None},
            "server_measured_p50": pct(server_side, 50), "asr_seconds_p50": pct(asr, 50),
            "vad_end_silence": 0.6, "target_seconds": 1.5}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60, help="held-out questions for ASR (>= 50)")
    ap.add_argument("--tts-texts", type=int, default=20)
    ap.add_argument("--calls", type=int, default=6, help="phone calls for the turn latency")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--rasa", default=None, help="a running Rasa webhook instead of starting bot/launch.py")
    a = ap.parse_args()

    from knowledge.kb import load_entries, load_ward, published
    from voice.tts import Speaker

    rows = heldout(a.n)
    caller = Speaker(ja_speed=1.0, pause=0.2)  # a caller talks at normal speed
    result = {"cores": os.cpu_count(), "asr_engine": "faster-whisper base int8 (packaged), greedy, ward prompt",
              "questions": len(rows)}
    result["asr"] = bench_asr([q for _, q in rows], caller)
    entries = {e.id: e for e in published(load_entries(ward=load_ward()))}
    answers = list(dict.fromkeys(entries[fid].answer for fid, _ in rows if fid in entries))[:a.tts_texts]
    result["tts"] = bench_tts(answers)
    if not a.skip_latency:
        # Short questions, as callers ask them; the same ones every run.
        short = [q for _, q in rows if len(q) <= 30][:a.calls]
        result["turn_latency"] = bench_latency(short, caller, a.rasa)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
