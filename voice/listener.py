"""From a stream of caller audio to recognised utterances: VAD events plus speculative recognition.

Recognition starts at the first short pause (`pause` event) on the audio so far; if the caller
stays quiet until the end of the utterance, that result is used, so most of the end-of-utterance
wait overlaps with recognition. If they start talking again the early result is thrown away. Recognised text then has near-miss
ward terms snapped back (voice.vocabulary.correct: 「育大ごみ」 → 粗大ごみ) before anyone reads it.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .asr import Recognizer
from .vad import FRAME_SECONDS, Segmenter, VadConfig
from .vocabulary import correct


@dataclass
class Utterance:
    text: str
    audio_seconds: float
    speech_end: float  # monotonic time of the last voiced frame
    asr_seconds: float
    raw: str = ""  # the recogniser's own text, before ward terms were corrected


class Listener:
    def __init__(self, recognizer: Recognizer, rate: int, on_start: Callable[[], None],
                 on_utterance: Callable[[Utterance], None], vad: VadConfig | None = None, lang: str = "ja"):
        self.rec, self.rate, self.lang = recognizer, rate, lang
        self.vad = Segmenter(rate, vad or VadConfig())
        self.on_start, self.on_utterance = on_start, on_utterance
        self._spec: asyncio.Future | None = None
        self._spec_len = -1
        self.enabled = True

    @property
    def in_speech(self) -> bool:
        return self.vad.in_speech

    def _recognise(self, audio: np.ndarray) -> asyncio.Future:
        loop = asyncio.get_running_loop()

        def run():
            t = time.perf_counter()
            raw = self.rec.transcribe(audio, self.rate)
            return raw, correct(raw, self.lang), time.perf_counter() - t

        return loop.run_in_executor(None, run)

    def feed(self, pcm: np.ndarray) -> None:
        """Call from the event loop with each received chunk."""
        if not self.enabled:
            return
        for ev in self.vad.feed(pcm):
            if ev.kind == "start":
                self.on_start()
            elif ev.kind == "pause":
                self._spec, self._spec_len = self._recognise(ev.audio), len(ev.audio)
            elif ev.kind == "resume":
                self._spec, self._spec_len = None, -1
            elif ev.kind == "end":
                quiet = self.vad.config.end_silence if len(ev.audio) else 0
                speech_end = time.monotonic() - quiet
                fut = self._spec if (self._spec is not None and self._spec_len == len(ev.audio)) \
                    else self._recognise(ev.audio)
                self._spec, self._spec_len = None, -1
                asyncio.ensure_future(self._deliver(fut, len(ev.audio) / self.rate, speech_end))

    async def _deliver(self, fut, seconds: float, speech_end: float) -> None:
        raw, text, asr_seconds = await fut
        self.on_utterance(Utterance(text, seconds, speech_end, asr_seconds, raw))


__all__ = ["Listener", "Utterance", "FRAME_SECONDS"]
