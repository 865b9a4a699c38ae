"""Speech synthesis behind one interface: `Speaker.speak(text, lang)` → (int16 audio, rate).

Japanese: Open JTalk via pyopenjtalk-plus (bundled dictionary and voice, reads kanji offline),
slowed to 0.85 and with a pause after every sentence, for elderly callers. English: the packaged
Piper voice (much more natural than espeak). Other languages: espeak-ng through pyttsx3.
Text is normalised first (voice.speech_text): phone numbers digit by digit, dates, times, amounts.
"""
from __future__ import annotations
from knowledge.settings import current as settings

import contextlib
import io
import logging
import os
import re
import tempfile
import threading
import time
import uuid
from functools import cached_property
from typing import Iterator

import numpy as np

from .audio import read_wav, resample, silence, to_int16, trim
from .speech_text import sentences

log = logging.getLogger(__name__)

JA_SPEED = settings().tts_ja_speed
SENTENCE_PAUSE = 0.7  # seconds after each sentence: clear pauses for elderly callers
CLAUSE_PAUSE = 0.2  # after a clause synthesised on its own (Open JTalk's own pause at 、 is about this)
CLAUSE_MIN, CLAUSE_SPLIT = 12, 30  # split sentences longer than 30 characters at 、 into clauses of 12+


def clauses(sentence: str) -> list[str]:
    """A long Japanese sentence cut after 「、」 into pieces of at least CLAUSE_MIN characters."""
    if len(sentence) <= CLAUSE_SPLIT:
        return [sentence]
    out: list[str] = []
    for piece in re.split(r"(?<=、)", sentence):
        # Numbers read digit by digit (ぜろ・さん、…) stay in one piece: apart, their rhythm is lost.
        if out and (len(out[-1]) < CLAUSE_MIN or len(piece) < CLAUSE_MIN // 2 or "・" in out[-1] + piece):
            out[-1] += piece
        elif piece:
            out.append(piece)
    return out
ESPEAK_RATE = 140  # words per minute; espeak's default 200 is too fast on the phone
# Languages the assistant offers (knowledge/texts.py) and the held-out sets, as espeak-ng voices.
ESPEAK_VOICES = {"zh": "cmn", "ko": "ko", "vi": "vi", "es": "es", "pt": "pt", "tl": "tl", "ne": "ne", "en": "en-us"}


_OPENJTALK_LOCK = threading.Lock()  # pyopenjtalk keeps one global HTS engine per process


class OpenJTalkEngine:
    rate = 48000

    def __init__(self, speed: float = JA_SPEED):
        self.speed = speed
        self._lock = _OPENJTALK_LOCK

    def synth(self, sentence: str) -> np.ndarray:
        import pyopenjtalk

        with self._lock:
            x, _sr = pyopenjtalk.tts(sentence, speed=self.speed)
        return to_int16(x)


class PiperEngine:
    def __init__(self, length_scale: float = 1.1):
        self.length_scale = length_scale  # > 1: a little slower than the voice's default
        self._lock = threading.Lock()

    @cached_property
    def voice(self):
        from piper import PiperVoice

        from .models import piper_voice

        onnx, cfg = piper_voice()
        return PiperVoice.load(onnx, cfg)

    @property
    def rate(self) -> int:
        return self.voice.config.sample_rate

    def synth(self, sentence: str) -> np.ndarray:
        from piper import SynthesisConfig

        with self._lock:
            chunks = list(self.voice.synthesize(sentence, SynthesisConfig(length_scale=self.length_scale)))
        return np.concatenate([c.audio_int16_array for c in chunks]) if chunks else np.zeros(0, np.int16)


class EspeakEngine:
    """espeak-ng through pyttsx3 (one engine per process; pyttsx3 is not thread-safe)."""

    rate = 22050
    _lock = threading.Lock()

    def __init__(self, lang: str):
        self.lang = lang

    @cached_property
    def engine(self):
        import pyttsx3

        engine = pyttsx3.init("espeak")
        return engine

    def _voice_id(self) -> str | None:
        want = ESPEAK_VOICES.get(self.lang, self.lang)
        for v in self.engine.getProperty("voices"):
            if v.id == want or v.id.endswith("/" + want) or want in (v.languages or []):
                return v.id
        return None

    _dir = tempfile.mkdtemp(prefix="madoguchi-espeak-")

    def synth(self, sentence: str) -> np.ndarray:
        # pyttsx3's espeak driver writes the file from a callback, possibly after runAndWait() has
        # returned, and prints a line for each file: own file per call, wait for it, silence stdout.
        with self._lock, contextlib.redirect_stdout(io.StringIO()):
            path = os.path.join(self._dir, f"{uuid.uuid4().hex}.wav")
            vid = self._voice_id()
            if vid:
                self.engine.setProperty("voice", vid)
            self.engine.setProperty("rate", ESPEAK_RATE)
            self.engine.save_to_file(sentence, path)
            self.engine.runAndWait()
            for _ in range(100):
                if os.path.exists(path) and os.path.getsize(path) > 44:
                    break
                time.sleep(0.02)
            x, sr = read_wav(path)
            os.unlink(path)
        return resample(x, sr, self.rate)


class Speaker:
    """Picks the engine per language; engines load on first use and are reused."""

    def __init__(self, ja_speed: float = JA_SPEED, pause: float = SENTENCE_PAUSE, english: str = "piper"):
        self.pause = pause
        self._ja = OpenJTalkEngine(ja_speed)
        self._english = english
        self._engines: dict[str, object] = {}

    def engine(self, lang: str):
        key = "ja" if lang.startswith("ja") else lang
        if key not in self._engines:
            if key == "ja":
                self._engines[key] = self._ja
            elif key == "en" and self._english == "piper":
                self._engines[key] = PiperEngine()
            else:
                self._engines[key] = EspeakEngine(key)
        return self._engines[key]

    def speak_iter(self, text: str, lang: str = "ja", rate: int | None = None) -> Iterator[np.ndarray]:
        """One chunk per sentence or long clause (followed by its pause), so playback can start after
        the first: a 60-character sentence takes Open JTalk ~0.6 s, its first clause ~0.15 s."""
        eng = self.engine(lang)
        out_rate = rate or eng.rate
        for s in sentences(text, lang):
            parts = clauses(s) if lang.startswith("ja") else [s]
            for i, part in enumerate(parts):
                pause = self.pause if i == len(parts) - 1 else CLAUSE_PAUSE
                pcm = trim(eng.synth(part), eng.rate)  # our pauses replace the engines' own silences
                yield np.concatenate([resample(pcm, eng.rate, out_rate), silence(pause, out_rate)])

    def speak(self, text: str, lang: str = "ja", rate: int | None = None) -> tuple[np.ndarray, int]:
        rate = rate or self.engine(lang).rate
        chunks = list(self.speak_iter(text, lang, rate))
        return (np.concatenate(chunks) if chunks else silence(0.2, rate)), rate


_default: Speaker | None = None


def default_speaker() -> Speaker:
    global _default
    if _default is None:
        _default = Speaker()
    return _default
