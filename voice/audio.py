"""PCM helpers: int16 mono arrays, resampling, G.711 μ-law and WAV files.

Everything inside voice/ passes audio as (numpy int16 mono array, sample rate). numpy only: the
rates we meet are 48 kHz (Open JTalk), 22.05 kHz (Piper, espeak), 16 kHz (ASR, browser) and 8 kHz
(telephone), and a windowed-sinc low-pass before decimation is all a phone line needs.
"""
from __future__ import annotations

import io
import wave
from functools import lru_cache
from math import gcd

import numpy as np


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float in [-1, 1] or int16-scaled floats (Open JTalk) to int16, clipped."""
    x = np.asarray(x)
    if x.dtype == np.int16:
        return x
    if x.dtype.kind == "f" and np.abs(x).max(initial=0) <= 1.0:
        x = x * 32767.0
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


@lru_cache(maxsize=16)
def _lowpass(cutoff: float, taps: int = 63) -> np.ndarray:
    """Windowed-sinc FIR; cutoff as a fraction of the sample rate (0..0.5)."""
    n = np.arange(taps) - (taps - 1) / 2
    h = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    return h / h.sum()


def resample(x: np.ndarray, sr_in: int, sr_out: int) -> np.ndarray:
    """Resample int16 mono audio; exact for integer ratios, linear interpolation after a low-pass otherwise."""
    x = to_int16(x)
    if sr_in == sr_out or len(x) == 0:
        return x
    f = x.astype(np.float64)
    g = gcd(sr_in, sr_out)
    up, down = sr_out // g, sr_in // g
    if up == 1:  # integer decimation
        f = np.convolve(f, _lowpass(0.45 / down), mode="same")[::down]
    elif down == 1 and up <= 6:  # integer interpolation: zero-stuff then low-pass
        z = np.zeros(len(f) * up)
        z[::up] = f * up
        f = np.convolve(z, _lowpass(0.45 / up), mode="same")
    else:
        if sr_out < sr_in:
            f = np.convolve(f, _lowpass(0.45 * sr_out / sr_in), mode="same")
        t = np.arange(int(len(f) * sr_out / sr_in)) * (sr_in / sr_out)
        f = np.interp(t, np.arange(len(f)), f)
    return to_int16(f)


# ---- G.711 μ-law (RTP payload type 0) ------------------------------------------------------------
_BIAS, _CLIP = 0x84, 32635


def _build_ulaw_tables() -> tuple[np.ndarray, np.ndarray]:
    dec = np.zeros(256, dtype=np.int16)
    for i in range(256):
        u = ~i & 0xFF
        sign, exp, mant = u & 0x80, (u >> 4) & 0x07, u & 0x0F
        s = (((mant << 3) + _BIAS) << exp) - _BIAS
        dec[i] = -s if sign else s
    enc = np.zeros(65536, dtype=np.uint8)
    for v in range(-32768, 32768):
        sign = 0x80 if v < 0 else 0
        m = min(-v if v < 0 else v, _CLIP) + _BIAS
        exp = 7
        mask = 0x4000
        while exp > 0 and not (m & mask):
            exp -= 1
            mask >>= 1
        mant = (m >> (exp + 3)) & 0x0F
        enc[v & 0xFFFF] = ~(sign | (exp << 4) | mant) & 0xFF
    return enc, dec


_ULAW_ENC, _ULAW_DEC = _build_ulaw_tables()


def ulaw_encode(pcm: np.ndarray) -> bytes:
    return _ULAW_ENC[to_int16(pcm).view(np.uint16)].tobytes()


def ulaw_decode(data: bytes) -> np.ndarray:
    return _ULAW_DEC[np.frombuffer(data, dtype=np.uint8)]


# ---- WAV ----------------------------------------------------------------------------------------
def wav_bytes(pcm: np.ndarray, sr: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(to_int16(pcm).tobytes())
    return buf.getvalue()


def write_wav(path, pcm: np.ndarray, sr: int) -> None:
    with open(path, "wb") as f:
        f.write(wav_bytes(pcm, sr))


def read_wav(path_or_bytes) -> tuple[np.ndarray, int]:
    """Mono int16 from a 16-bit WAV (first channel of a stereo file)."""
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, (bytes, bytearray)) else str(path_or_bytes)
    with wave.open(src, "rb") as w:
        sr, ch, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError(f"only 16-bit WAV is supported, got {8 * width}-bit")
    x = np.frombuffer(raw, dtype=np.int16)
    return (x[::ch].copy() if ch > 1 else x.copy()), sr


def decode_any(data: bytes, sr_out: int = 16000) -> np.ndarray:
    """Audio in any container/codec the browser sends (webm/opus, ogg, wav) as int16 mono at sr_out."""
    if data[:4] == b"RIFF":
        x, sr = read_wav(data)
        return resample(x, sr, sr_out)
    import av  # PyAV (FFmpeg), a dependency of faster-whisper

    out = []
    with av.open(io.BytesIO(data)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=sr_out)
        for frame in container.decode(audio=0):
            for f in resampler.resample(frame):
                out.append(f.to_ndarray().reshape(-1))
        for f in resampler.resample(None):
            out.append(f.to_ndarray().reshape(-1))
    return np.concatenate(out).astype(np.int16) if out else np.zeros(0, np.int16)


def silence(seconds: float, sr: int) -> np.ndarray:
    return np.zeros(int(seconds * sr), dtype=np.int16)


def rms_dbfs(pcm: np.ndarray) -> float:
    if len(pcm) == 0:
        return -120.0
    r = np.sqrt(np.mean(pcm.astype(np.float64) ** 2))
    return 20 * np.log10(max(r, 1e-3) / 32768)


def trim(pcm: np.ndarray, sr: int, lead: float = 0.05, tail: float = 0.1, floor_dbfs: float = -45.0) -> np.ndarray:
    """Cut silence at both ends down to `lead`/`tail` seconds. Open JTalk starts every utterance with
    ~0.5 s of silence: on the phone that is half a second more the caller waits for each answer."""
    frame = max(1, sr // 100)
    n = len(pcm) // frame
    if n == 0:
        return pcm
    levels = np.sqrt(np.mean(pcm[:n * frame].astype(np.float64).reshape(n, frame) ** 2, axis=1))
    loud = np.flatnonzero(levels > 32768 * 10 ** (floor_dbfs / 20))
    if len(loud) == 0:
        return pcm[:0]
    start = max(0, loud[0] * frame - int(lead * sr))
    end = min(len(pcm), (loud[-1] + 1) * frame + int(tail * sr))
    return pcm[start:end]
