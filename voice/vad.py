"""End-of-utterance detection from frame energy with an adaptive noise floor.

WebRTC's VAD is not packaged here; on a phone line (G.711, little background noise) an energy
detector with hysteresis does the job: speech starts after a few loud frames in a row and ends
after `end_silence` seconds below the threshold. A `pause` event at `pause_silence` lets the caller
of the segmenter start recognising early (speculatively) to cut turn latency.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FRAME_SECONDS = 0.02


@dataclass
class VadConfig:
    threshold_db: float = 10.0  # above the noise floor
    min_level_dbfs: float = -45.0  # never call anything quieter than this speech
    start_frames: int = 3  # 60 ms of voice to start (a click or a breath is shorter)
    pause_silence: float = 0.25
    end_silence: float = 0.6
    pre_roll: float = 0.2  # audio kept from before the start, so the first syllable is not cut
    max_utterance: float = 15.0


@dataclass
class Event:
    kind: str  # "start" | "pause" | "resume" | "end"
    audio: np.ndarray | None = None  # the utterance so far ("pause") or all of it ("end")


@dataclass
class Segmenter:
    """Feed int16 audio of any length; get start/pause/resume/end events."""

    rate: int = 16000
    config: VadConfig = field(default_factory=VadConfig)

    def __post_init__(self):
        self.frame = int(self.rate * FRAME_SECONDS)
        self.noise_db = -60.0
        self.in_speech = False
        self._pending = np.zeros(0, np.int16)
        self._pre: list[np.ndarray] = []
        self._utt: list[np.ndarray] = []
        self._loud_run = 0
        self._quiet_frames = 0
        self._paused = False

    def reset(self) -> None:
        self.__post_init__()

    @staticmethod
    def level(frame: np.ndarray) -> float:
        r = np.sqrt(np.mean(frame.astype(np.float64) ** 2)) if len(frame) else 0.0
        return 20 * np.log10(max(r, 1e-3) / 32768)

    def is_voice(self, db: float) -> bool:
        return db > max(self.noise_db + self.config.threshold_db, self.config.min_level_dbfs)

    def feed(self, pcm: np.ndarray) -> list[Event]:
        events: list[Event] = []
        buf = np.concatenate([self._pending, pcm.astype(np.int16)])
        n = len(buf) // self.frame * self.frame
        self._pending = buf[n:]
        for i in range(0, n, self.frame):
            events.extend(self._frame(buf[i:i + self.frame]))
        return events

    def _frame(self, frame: np.ndarray) -> list[Event]:
        c = self.config
        db = self.level(frame)
        voice = self.is_voice(db)
        if not self.in_speech:
            # The floor follows quiet frames quickly and loud ones slowly.
            self.noise_db += (0.1 if db < self.noise_db else 0.01) * (db - self.noise_db)
            self._pre.append(frame)
            self._pre = self._pre[-int(c.pre_roll / FRAME_SECONDS) - c.start_frames:]
            self._loud_run = self._loud_run + 1 if voice else 0
            if self._loud_run >= c.start_frames:
                self.in_speech, self._utt, self._pre = True, list(self._pre), []
                self._quiet_frames, self._paused = 0, False
                return [Event("start")]
            return []
        self._utt.append(frame)
        if voice:
            self._quiet_frames = 0
            if self._paused:
                self._paused = False
                return [Event("resume")]
            if len(self._utt) * FRAME_SECONDS >= c.max_utterance:
                return [self._end()]
            return []
        self._quiet_frames += 1
        quiet = self._quiet_frames * FRAME_SECONDS
        if quiet >= c.end_silence:
            return [self._end()]
        if quiet >= c.pause_silence and not self._paused:
            self._paused = True
            return [Event("pause", self._audio())]
        return []

    def _audio(self) -> np.ndarray:
        keep = len(self._utt) - max(0, self._quiet_frames - 5)  # trailing silence beyond 100 ms is dropped
        return np.concatenate(self._utt[:keep]) if keep > 0 else np.zeros(0, np.int16)

    def _end(self) -> Event:
        audio = self._audio()
        self.in_speech, self._utt, self._loud_run = False, [], 0
        return Event("end", audio)
