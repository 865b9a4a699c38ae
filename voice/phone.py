"""The phone line: a SIP endpoint that answers calls and runs a Dialogue on each.

    python -m voice phone --port 5060 [--host 127.0.0.1] [--rasa URL]

Media: G.711 μ-law 8 kHz RTP both ways, 20 ms frames; silence is sent while nothing is said, so
the caller's jitter buffer and recorders keep a steady clock. Received audio goes through the VAD
and recogniser (voice.listener); the start of caller speech stops playback (barge-in), and so does
a key press (RFC 4733 telephone-event).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import time
from collections import deque
from pathlib import Path

import numpy as np

from bot.messages import PHONE

from . import sip
from .asr import Recognizer, recognizer
from .audio import ulaw_decode, ulaw_encode
from .dialogue import SILENCE_TIMEOUT, Dialogue, Input
from .listener import Listener, Utterance
from .rasa_client import DEFAULT_WEBHOOK, RasaClient
from .rtp import FRAME_SAMPLES, RATE, DtmfReceiver, RtpSender, parse_rtp
from .tts import Speaker, default_speaker
from .vad import VadConfig
from .vocabulary import correct

log = logging.getLogger(__name__)
SILENCE_FRAME = b"\xff" * FRAME_SAMPLES  # μ-law zero
MAX_RTP_GAP = 0.1  # seconds without caller packets that count as silence


class _Udp(asyncio.DatagramProtocol):
    def __init__(self, on_packet):
        self.on_packet = on_packet
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        try:
            self.on_packet(data, addr)
        except Exception:
            log.exception("packet handling failed")


class PhoneCall:
    """One answered call: RTP in and out, the listener, and the CallIO the Dialogue uses."""

    def __init__(self, server: "PhoneServer", invite: sip.SipMessage, addr, remote: sip.RemoteMedia):
        self.server, self.invite, self.sip_addr, self.remote = server, invite, addr, remote
        self.call_id = invite.get("Call-ID")
        self.tag = sip.token()
        self.inputs: asyncio.Queue[Input] = asyncio.Queue()
        self.frames: deque[bytes] = deque()
        self.playing = asyncio.Event()
        self.interrupted = asyncio.Event()
        self.ended = False
        self.acked = asyncio.Event()
        self.sender = RtpSender()
        self.dtmf = DtmfReceiver()
        self.pending_asr = 0
        self.last_audio = time.monotonic()
        self.turn_started: float | None = None  # speech end of the utterance being answered
        self.latencies: list[float] = []
        self.listener = Listener(server.recognizer, RATE, self._on_speech_start, self._on_utterance, server.vad,
                                 server.lang)
        self.rtp: _Udp | None = None

    async def open_rtp(self) -> int:
        loop = asyncio.get_running_loop()
        transport, proto = await loop.create_datagram_endpoint(lambda: _Udp(self._on_rtp),
                                                               local_addr=(self.server.host, 0))
        self.rtp = proto
        return transport.get_extra_info("sockname")[1]

    # ---- incoming media ----
    def _on_rtp(self, data: bytes, addr) -> None:
        pkt = parse_rtp(data)
        if pkt is None or self.ended:
            return
        if self.remote.dtmf_pt is not None and pkt.pt == self.remote.dtmf_pt:
            digit = self.dtmf.feed(pkt)
            if digit:
                self._stop_playback()
                self.inputs.put_nowait(Input("dtmf", digit))
        elif pkt.pt == sip.PT_PCMU:
            self.last_audio = time.monotonic()
            self.listener.feed(ulaw_decode(pkt.payload))

    def _fill_gap(self) -> None:
        """No caller audio for a while (phones that stop sending in silence, lost packets): the gap
        is silence, so a caller who stopped talking is still heard to have stopped."""
        missing = time.monotonic() - self.last_audio
        if self.listener.in_speech and missing > MAX_RTP_GAP:
            self.listener.feed(np.zeros(int(missing * RATE), np.int16))
            self.last_audio = time.monotonic()

    def _on_speech_start(self) -> None:
        self.pending_asr += 1
        if self.playing.is_set():
            self.server.log(self.call_id, "barge_in")
            self._stop_playback()

    def _on_utterance(self, utt: Utterance) -> None:
        self.pending_asr = max(0, self.pending_asr - 1)
        self.turn_started = utt.speech_end
        self.inputs.put_nowait(Input("speech", utt))

    def _stop_playback(self) -> None:
        self.frames.clear()
        self.interrupted.set()

    # ---- outgoing media ----
    async def pump(self) -> None:
        """Send one 20 ms frame every 20 ms (speech or silence) until the call ends."""
        loop = asyncio.get_running_loop()
        dest = (self.remote.host, self.remote.port)
        next_t = loop.time()
        while not self.ended:
            if self.frames:
                frame = self.frames.popleft()
                if self.turn_started is not None:  # first reply audio after the caller stopped
                    self.latencies.append(time.monotonic() - self.turn_started)
                    self.server.log(self.call_id, "turn_latency", seconds=round(self.latencies[-1], 3))
                    self.turn_started = None
            else:
                frame = SILENCE_FRAME
                self.playing.clear()
            if self.rtp and self.rtp.transport:
                self.rtp.transport.sendto(self.sender.packet(frame), dest)
            self._fill_gap()
            next_t += FRAME_SAMPLES / RATE
            await asyncio.sleep(max(0.0, next_t - loop.time()))

    async def say(self, text: str) -> bool:
        """Synthesise sentence by sentence and queue frames; playback starts after the first sentence."""
        self.interrupted.clear()
        loop = asyncio.get_running_loop()
        chunks = self.server.speaker.speak_iter(text, self.server.lang, RATE)
        while not self.interrupted.is_set() and not self.ended:
            pcm = await loop.run_in_executor(None, next, chunks, None)
            if pcm is None or self.interrupted.is_set():
                break
            data = ulaw_encode(pcm)
            for i in range(0, len(data), FRAME_SAMPLES):
                self.frames.append(data[i:i + FRAME_SAMPLES].ljust(FRAME_SAMPLES, b"\xff"))
            self.playing.set()
        while self.frames and not self.interrupted.is_set() and not self.ended:
            await asyncio.sleep(0.02)
        return self.interrupted.is_set()

    async def next_input(self, timeout: float) -> Input | None:
        while True:
            try:
                return await asyncio.wait_for(self.inputs.get(), timeout)
            except asyncio.TimeoutError:
                if self.ended:
                    return Input("hangup")
                if self.listener.in_speech or self.pending_asr:
                    timeout = 1.0  # the caller is talking or being recognised: not silence
                    continue
                return None

    async def hangup(self) -> None:
        if self.ended:
            return
        await asyncio.sleep(0.3)  # let the last frames leave
        self.ended = True
        self.server.send_bye(self)
        self.close()

    def remote_hangup(self) -> None:
        self.ended = True
        self.inputs.put_nowait(Input("hangup"))
        self.close()

    def close(self) -> None:
        if self.rtp and self.rtp.transport:
            self.rtp.transport.close()


class PhoneServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 5060, rasa_url: str = DEFAULT_WEBHOOK,
                 lang: str = "ja", speaker: Speaker | None = None, recognizer_: Recognizer | None = None,
                 silence_timeout: float = SILENCE_TIMEOUT, vad: VadConfig | None = None,
                 notice_fn=None, log_path: str | Path | None = None):
        self.host, self.port, self.lang = host, port, lang
        self.rasa = RasaClient(rasa_url, channel=PHONE)
        self.speaker = speaker or default_speaker()
        self.recognizer = recognizer_ or recognizer(lang=lang)
        self.silence_timeout = silence_timeout
        self.vad = vad
        self.notice_fn = notice_fn or _active_notice
        self.calls: dict[str, PhoneCall] = {}
        self.events: list[dict] = []
        self.log_path = Path(log_path) if log_path else None
        self.transport: asyncio.DatagramTransport | None = None
        self._cseq = random.randint(1, 1000)
        self.tasks: set[asyncio.Task] = set()

    def log(self, call_id: str, kind: str, **kw) -> None:
        ev = {"call": call_id, "t": round(time.time(), 3), "event": kind, **kw}
        self.events.append(ev)
        if self.log_path:
            with self.log_path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(ev, ensure_ascii=False) + "\n")

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.transport, _ = await loop.create_datagram_endpoint(lambda: _Udp(self._on_sip),
                                                                local_addr=(self.host, self.port))
        self.port = self.transport.get_extra_info("sockname")[1]
        log.info("phone line listening on sip:%s:%d", self.host, self.port)

    def warm_up(self) -> None:
        """Load the recogniser and synthesiser before the first call, not during it."""
        if hasattr(self.recognizer, "warm_up"):
            self.recognizer.warm_up()
        correct("はい", self.lang)  # loads the dictionary and the ward terms' readings
        self.speaker.speak("はい。" if self.lang.startswith("ja") else "Yes.", self.lang)

    def send(self, msg: sip.SipMessage, addr) -> None:
        if self.transport:
            self.transport.sendto(msg.encode(), addr)

    def _on_sip(self, data: bytes, addr) -> None:
        if not data.strip():
            return  # keep-alive
        msg = sip.parse(data)
        if not msg.is_request:
            return  # responses to our BYE
        method, call_id = msg.method, msg.get("Call-ID")
        call = self.calls.get(call_id)
        if method == "INVITE":
            if call is not None:  # re-INVITE or retransmission: same answer
                self.send(sip.response(msg, 200, "OK", call.tag, call.sdp), addr)
            else:
                self._spawn(self._answer(msg, addr))
        elif method == "ACK":
            if call:
                call.acked.set()
        elif method == "BYE":
            self.send(sip.response(msg, 200, "OK"), addr)
            if call:
                self.log(call_id, "bye_received")
                call.remote_hangup()
        elif method == "CANCEL":
            self.send(sip.response(msg, 200, "OK"), addr)
        elif method in ("OPTIONS", "REGISTER"):
            self.send(sip.response(msg, 200, "OK", sip.token(),
                                   extra=[("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS")]), addr)
        else:
            self.send(sip.response(msg, 501, "Not Implemented"), addr)

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _answer(self, invite: sip.SipMessage, addr) -> None:
        remote = sip.parse_sdp(invite.body)
        if not remote.pcmu or not remote.port:
            self.send(sip.response(invite, 488, "Not Acceptable Here"), addr)
            return
        if not remote.host or remote.host == "0.0.0.0":
            remote.host = addr[0]
        self.send(sip.response(invite, 100, "Trying"), addr)
        call = PhoneCall(self, invite, addr, remote)
        self.calls[call.call_id] = call
        rtp_port = await call.open_rtp()
        call.sdp = sip.sdp_answer(self.host, rtp_port, remote.dtmf_pt, random.randint(1, 2**31))
        contact = [("Contact", f"<sip:madoguchi@{self.host}:{self.port}>"),
                   ("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS")]
        ok = sip.response(invite, 200, "OK", call.tag, call.sdp, contact)
        # Never the From header: it carries the caller's number (and often a name).
        self.log(call.call_id, "answered")
        for wait in (0.5, 1, 2, 4, 4, 4):  # RFC 3261 T1 doubling until ACK
            self.send(ok, addr)
            try:
                await asyncio.wait_for(call.acked.wait(), wait)
                break
            except asyncio.TimeoutError:
                continue
        else:
            self.log(call.call_id, "no_ack")
            call.ended = True
            call.close()
            return
        pump = asyncio.ensure_future(call.pump())
        notice = self.notice_fn(self.lang)
        dialogue = Dialogue(call.call_id, call, self.rasa, self.lang, self.silence_timeout, notice, self.events)
        try:
            await dialogue.run()
        except Exception:
            log.exception("call %s failed", call.call_id)
            await call.hangup()
        finally:
            call.ended = True
            pump.cancel()
            self.log(call.call_id, "ended", latencies=[round(x, 3) for x in call.latencies])
            self.calls.pop(call.call_id, None)

    def send_bye(self, call: PhoneCall) -> None:
        self._cseq += 1
        bye, dest = sip.bye_request(call.invite, call.tag, (self.host, self.port), self._cseq)
        self.log(call.call_id, "bye_sent")
        self.send(bye, dest)

    async def serve_forever(self) -> None:
        await self.start()
        await asyncio.Event().wait()


def _active_notice(lang: str) -> str | None:
    try:
        from knowledge.store import active_notice

        return active_notice(lang)
    except Exception:
        log.exception("could not read the emergency notice")
        return None


def main(host: str, port: int, rasa_url: str, lang: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    os.makedirs("var/log", exist_ok=True)
    server = PhoneServer(host, port, rasa_url, lang, log_path="var/log/phone-calls.jsonl")
    server.warm_up()
    print(f"madoguchi phone line: sip:madoguchi@{host}:{port} (Rasa: {rasa_url})", flush=True)
    asyncio.run(server.serve_forever())
