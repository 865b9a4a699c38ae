"""RTP for one call: G.711 μ-law (PT 0) at 8 kHz in 20 ms packets, and RFC 4733 DTMF events."""
from __future__ import annotations

import random
import struct
from dataclasses import dataclass

FRAME_SAMPLES = 160  # 20 ms at 8 kHz
RATE = 8000
DTMF_EVENTS = "0123456789*#ABCD"


@dataclass
class RtpPacket:
    pt: int
    seq: int
    ts: int
    ssrc: int
    marker: bool
    payload: bytes


def parse_rtp(data: bytes) -> RtpPacket | None:
    if len(data) < 12 or data[0] >> 6 != 2:
        return None
    cc, ext = data[0] & 0x0F, data[0] & 0x10
    offset = 12 + 4 * cc
    if ext and len(data) >= offset + 4:
        offset += 4 + 4 * struct.unpack("!H", data[offset + 2:offset + 4])[0]
    end = len(data)
    if data[0] & 0x20:  # padding
        end -= data[-1]
    seq, ts, ssrc = struct.unpack("!HII", data[2:12])
    return RtpPacket(data[1] & 0x7F, seq, ts, ssrc, bool(data[1] & 0x80), data[offset:end])


class RtpSender:
    def __init__(self, pt: int = 0):
        self.pt = pt
        self.seq = random.randint(0, 0xFFFF)
        self.ts = random.randint(0, 0xFFFFFFFF)
        self.ssrc = random.randint(0, 0xFFFFFFFF)
        self.first = True

    def packet(self, payload: bytes) -> bytes:
        hdr = struct.pack("!BBHII", 0x80, self.pt | (0x80 if self.first else 0), self.seq, self.ts, self.ssrc)
        self.first = False
        self.seq = (self.seq + 1) & 0xFFFF
        self.ts = (self.ts + FRAME_SAMPLES) & 0xFFFFFFFF
        return hdr + payload


class DtmfReceiver:
    """RFC 4733: one digit per key press, reported on its first packet.

    A press is sent as several packets with the same timestamp and a growing duration, and its end
    packet three times. A new press has a new timestamp, another event code, or (a phone that
    replays the same press) a duration that went back down."""

    def __init__(self):
        self._key: tuple[int, int, int] | None = None
        self._duration = 0

    def feed(self, pkt: RtpPacket) -> str | None:
        if len(pkt.payload) < 4:
            return None
        event, duration = pkt.payload[0], struct.unpack("!H", pkt.payload[2:4])[0]
        if event >= len(DTMF_EVENTS):
            return None
        key = (pkt.ssrc, pkt.ts, event)
        new = key != self._key or duration < self._duration
        self._key, self._duration = key, duration
        return DTMF_EVENTS[event] if new else None
