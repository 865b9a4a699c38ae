"""Just enough SIP (RFC 3261) over UDP to answer calls directly on a trusted network.

A UAS: INVITE → 100 Trying, 180 Ringing, 200 OK with an SDP answer (PCMU/8000 and RFC 4733
telephone-event), retransmitted until ACK; BYE and CANCEL answered; OPTIONS and REGISTER get 200 so
softphones that probe are happy; the server can also hang up (BYE). No authentication, no TCP/TLS:
the endpoint listens on loopback or behind the ward's PBX/SBC, which does those jobs.
(pyVoIP was considered: it is a client that registers with a PBX and does not take direct calls.)
"""
from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field

SIP_VERSION = "SIP/2.0"
USER_AGENT = "madoguchi-voice/0.1"
PT_PCMU = 0
PT_DTMF = 101


def token(n: int = 10) -> str:
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=n))


@dataclass
class SipMessage:
    first_line: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""

    @property
    def is_request(self) -> bool:
        return not self.first_line.startswith(SIP_VERSION)

    @property
    def method(self) -> str:
        return self.first_line.split(" ", 1)[0] if self.is_request else ""

    @property
    def status(self) -> int:
        return int(self.first_line.split(" ")[1]) if not self.is_request else 0

    def get(self, name: str, default: str = "") -> str:
        names = {name.lower(), COMPACT.get(name.lower(), name.lower())}
        for k, v in self.headers:
            if k.lower() in names:
                return v
        return default

    def get_all(self, name: str) -> list[str]:
        names = {name.lower(), COMPACT.get(name.lower(), name.lower())}
        return [v for k, v in self.headers if k.lower() in names]

    def encode(self) -> bytes:
        body = self.body.encode()
        lines = [self.first_line] + [f"{k}: {v}" for k, v in self.headers if k.lower() != "content-length"]
        lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


COMPACT = {"via": "v", "from": "f", "to": "t", "call-id": "i", "contact": "m", "content-type": "c",
           "content-length": "l"}


def parse(data: bytes) -> SipMessage:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("utf-8", "replace").split("\r\n")
    msg = SipMessage(lines[0].strip())
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and msg.headers:  # folded header
            k, v = msg.headers[-1]
            msg.headers[-1] = (k, v + " " + line.strip())
        elif ":" in line:
            k, v = line.split(":", 1)
            msg.headers.append((k.strip(), v.strip()))
    msg.body = body.decode("utf-8", "replace")
    return msg


def response(req: SipMessage, code: int, reason: str, to_tag: str | None = None, body: str = "",
             extra: list[tuple[str, str]] | None = None) -> SipMessage:
    """A response copying Via, From, To (with our tag), Call-ID and CSeq from the request."""
    headers = [("Via", v) for v in req.get_all("Via")]
    to = req.get("To")
    if to_tag and ";tag=" not in to:
        to += f";tag={to_tag}"
    headers += [("From", req.get("From")), ("To", to), ("Call-ID", req.get("Call-ID")), ("CSeq", req.get("CSeq")),
                ("User-Agent", USER_AGENT)]
    headers += extra or []
    if body:
        headers.append(("Content-Type", "application/sdp"))
    return SipMessage(f"{SIP_VERSION} {code} {reason}", headers, body)


def uri_of(header: str) -> str:
    m = re.search(r"<([^>]+)>", header)
    return (m.group(1) if m else header.split(";")[0]).strip()


def host_port(uri: str, default_port: int = 5060) -> tuple[str, int]:
    m = re.match(r"sips?:(?:[^@]+@)?([^:;>]+)(?::(\d+))?", uri)
    if not m:
        raise ValueError(f"bad SIP URI {uri!r}")
    return m.group(1), int(m.group(2) or default_port)


@dataclass
class RemoteMedia:
    host: str
    port: int
    pcmu: bool
    dtmf_pt: int | None


def parse_sdp(sdp: str) -> RemoteMedia:
    host, port, pts, dtmf_pt = "", 0, [], None
    for line in sdp.splitlines():
        line = line.strip()
        if line.startswith("c=") and "IP4" in line:
            host = line.split()[-1]
        elif line.startswith("m=audio"):
            parts = line.split()
            port, pts = int(parts[1]), [int(p) for p in parts[3:] if p.isdigit()]
        elif line.startswith("a=rtpmap:") and "telephone-event/8000" in line:
            dtmf_pt = int(line.split(":", 1)[1].split()[0])
    return RemoteMedia(host, port, PT_PCMU in pts, dtmf_pt if dtmf_pt in pts else None)


def sdp_answer(ip: str, rtp_port: int, dtmf_pt: int | None, session_id: int) -> str:
    fmts = f"{PT_PCMU}" + (f" {dtmf_pt}" if dtmf_pt is not None else "")
    lines = ["v=0", f"o=madoguchi {session_id} {session_id} IN IP4 {ip}", "s=madoguchi", f"c=IN IP4 {ip}", "t=0 0",
             f"m=audio {rtp_port} RTP/AVP {fmts}", "a=rtpmap:0 PCMU/8000", "a=ptime:20"]
    if dtmf_pt is not None:
        lines += [f"a=rtpmap:{dtmf_pt} telephone-event/8000", f"a=fmtp:{dtmf_pt} 0-15"]
    lines.append("a=sendrecv")
    return "\r\n".join(lines) + "\r\n"


def bye_request(invite: SipMessage, our_tag: str, local: tuple[str, int], cseq: int) -> tuple[SipMessage, tuple[str, int]]:
    """A BYE from the callee: From/To swapped, sent to the caller's Contact."""
    target = uri_of(invite.get("Contact") or invite.get("From"))
    to_tag_from = invite.get("To")
    our_from = to_tag_from + (f";tag={our_tag}" if ";tag=" not in to_tag_from else "")
    headers = [("Via", f"SIP/2.0/UDP {local[0]}:{local[1]};branch=z9hG4bK{token()};rport"),
               ("Max-Forwards", "70"), ("From", our_from), ("To", invite.get("From")),
               ("Call-ID", invite.get("Call-ID")), ("CSeq", f"{cseq} BYE"), ("User-Agent", USER_AGENT)]
    return SipMessage(f"BYE {target} {SIP_VERSION}", headers), host_port(target)
