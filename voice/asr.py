"""Speech recognition behind one interface, with streaming partial and final results.

    rec = whisper_recognizer()            # or vosk_recognizer()
    stream = rec.stream(rate=8000)
    partial = stream.accept(pcm)          # str | None while audio comes in
    text = stream.final()                 # the utterance's text

Whisper (packaged base model, ja/en) recognises one utterance at a time, so its partials are
re-decodes of the audio so far (opt-in: they cost CPU). Vosk decodes incrementally and gives
partials for free. Recognised text goes to Rasa as is: the retriever already matches tolerantly.
"""
from __future__ import annotations
from knowledge.settings import current as settings

import json
import logging
import re
import threading
from functools import cached_property

import numpy as np

from .audio import resample

log = logging.getLogger(__name__)
WHISPER_RATE = 16000
THREADS = settings().asr_threads
BEAM = settings().asr_beam  # 5 lowers CER by ~3 points for ~40% more CPU


class Stream:
    def accept(self, pcm: np.ndarray) -> str | None:
        raise NotImplementedError

    def final(self) -> str:
        raise NotImplementedError


class Recognizer:
    name = "base"

    def stream(self, rate: int = 16000) -> Stream:
        raise NotImplementedError

    def transcribe(self, pcm: np.ndarray, rate: int = 16000) -> str:
        s = self.stream(rate)
        s.accept(pcm)
        return s.final()


# A small Whisper sometimes gets stuck repeating a word (「秘託、秘託、秘託、…」) on unclear audio.
_LOOP = re.compile(r"(\D{2,8}?)(?:[、,\s]*\1){4,}")


def collapse_loops(text: str) -> str:
    """A phrase said five or more times in a row, once (digits are left alone: 1111 is a number)."""
    return _LOOP.sub(r"\1", text)


# ---- Whisper (faster-whisper, CTranslate2 int8 on CPU) -------------------------------------------
class WhisperRecognizer(Recognizer):
    name = "whisper"

    def __init__(self, lang: str = "ja", model_dir: str | None = None, hints: bool = True,
                 partial_every: float | None = None):
        self.lang = "ja" if lang.startswith("ja") else lang
        self._model_dir = model_dir
        self.hints = hints
        self.partial_every = partial_every  # seconds of new audio between partial re-decodes
        self._lock = threading.Lock()

    @cached_property
    def model(self):
        from faster_whisper import WhisperModel

        from .models import whisper_model_dir

        return WhisperModel(str(self._model_dir or whisper_model_dir()), device="cpu", compute_type="int8",
                            cpu_threads=THREADS)

    @cached_property
    def prompt(self) -> str | None:
        from .vocabulary import whisper_prompt

        return whisper_prompt(self.lang) if self.hints else None

    def decode(self, pcm16k: np.ndarray) -> str:
        if len(pcm16k) < WHISPER_RATE // 5:
            return ""
        audio = pcm16k.astype(np.float32) / 32768.0
        with self._lock:
            segments, _info = self.model.transcribe(
                audio, language=self.lang, beam_size=BEAM, without_timestamps=True,
                condition_on_previous_text=False, initial_prompt=self.prompt, vad_filter=False,
                temperature=0.0)
            text = "".join(s.text for s in segments if s.no_speech_prob < 0.8)
        return collapse_loops(text.strip())

    def stream(self, rate: int = 16000) -> "WhisperStream":
        return WhisperStream(self, rate)

    def warm_up(self) -> None:
        self.decode(np.zeros(WHISPER_RATE, np.int16) + 1)


class WhisperStream(Stream):
    def __init__(self, rec: WhisperRecognizer, rate: int):
        self.rec, self.rate = rec, rate
        self.chunks: list[np.ndarray] = []
        self._since_partial = 0

    def accept(self, pcm: np.ndarray) -> str | None:
        self.chunks.append(resample(pcm, self.rate, WHISPER_RATE))
        self._since_partial += len(pcm)
        if self.rec.partial_every and self._since_partial >= self.rec.partial_every * self.rate:
            self._since_partial = 0
            return self.rec.decode(np.concatenate(self.chunks))
        return None

    def final(self) -> str:
        return self.rec.decode(np.concatenate(self.chunks)) if self.chunks else ""


# ---- Vosk (Kaldi; incremental) --------------------------------------------------------------------
class VoskRecognizer(Recognizer):
    """Vosk with the model for `lang` found by voice.models.vosk_model_dir (official ja/en models:
    docs/voice.md; the packaged Korean model otherwise). Vosk cannot bias free decoding, so ward
    vocabulary is used as a phrase list only for closed questions (`phrases`: decoding restricted to
    those phrases plus [unk], which models with a dynamic graph, the small ones, support); open
    questions rely on voice.vocabulary.correct afterwards."""

    name = "vosk"

    def __init__(self, model_dir: str | None = None, phrases: list[str] | None = None, lang: str | None = None):
        self._model_dir = model_dir
        self.phrases = phrases
        self.lang = lang

    @cached_property
    def model(self):
        import vosk

        from .models import vosk_model_dir

        vosk.SetLogLevel(-1)
        return vosk.Model(str(self._model_dir or vosk_model_dir(self.lang)))

    def stream(self, rate: int = 16000) -> "VoskStream":
        return VoskStream(self, rate)


class VoskStream(Stream):
    def __init__(self, rec: VoskRecognizer, rate: int):
        import vosk

        self.rate = rate
        if rec.phrases:
            self.kaldi = vosk.KaldiRecognizer(rec.model, rate, json.dumps([*rec.phrases, "[unk]"], ensure_ascii=False))
        else:
            self.kaldi = vosk.KaldiRecognizer(rec.model, rate)
        self.done: list[str] = []  # segments Vosk already closed at its own endpoints

    def accept(self, pcm: np.ndarray) -> str | None:
        if self.kaldi.AcceptWaveform(pcm.astype(np.int16).tobytes()):
            self.done.append(json.loads(self.kaldi.Result()).get("text", ""))
            return " ".join(t for t in self.done if t)
        partial = json.loads(self.kaldi.PartialResult()).get("partial", "")
        return " ".join(t for t in [*self.done, partial] if t)

    def final(self) -> str:
        self.done.append(json.loads(self.kaldi.FinalResult()).get("text", ""))
        return " ".join(t for t in self.done if t).strip()


_shared: dict[tuple, Recognizer] = {}
_shared_lock = threading.Lock()


def whisper_recognizer(lang: str = "ja", **kw) -> WhisperRecognizer:
    """One loaded model per (engine, language) per process."""
    with _shared_lock:
        key = ("whisper", lang, tuple(sorted(kw.items())))
        if key not in _shared:
            _shared[key] = WhisperRecognizer(lang, **kw)
        return _shared[key]  # type: ignore[return-value]


def vosk_recognizer(model_dir: str | None = None, lang: str | None = None) -> VoskRecognizer:
    with _shared_lock:
        key = ("vosk", model_dir, lang)
        if key not in _shared:
            _shared[key] = VoskRecognizer(model_dir, lang=lang)
        return _shared[key]  # type: ignore[return-value]


def recognizer(engine: str | None = None, lang: str = "ja") -> Recognizer:
    """MADOGUCHI_ASR=whisper (default) or vosk (needs a Vosk model for `lang`, see docs/voice.md)."""
    engine = engine or settings().asr
    return vosk_recognizer(lang=lang) if engine == "vosk" else whisper_recognizer(lang)


def transcribe_long(rec: Recognizer, pcm: np.ndarray, rate: int) -> str:
    """A long recording (a call) cut at pauses by the VAD and recognised piece by piece.

    Whisper works in 30 s windows and drops windows it judges silent; a call recording with long
    gaps is better recognised one utterance at a time."""
    from .vad import Segmenter, VadConfig

    seg = Segmenter(rate, VadConfig(end_silence=0.8))
    pieces = [e.audio for e in seg.feed(np.concatenate([pcm, np.zeros(rate, np.int16)])) if e.kind == "end"]
    return " ".join(t for t in (rec.transcribe(p, rate) for p in pieces if len(p) > rate // 4) if t)
