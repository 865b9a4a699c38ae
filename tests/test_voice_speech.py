"""Speech models: TTS → ASR round trips (phone numbers, amounts, dates), the Vosk code path, the VAD.

Japanese speech comes from Open JTalk (pyopenjtalk-plus) and is read back by the packaged Whisper
base model; the Vosk path runs with the only Vosk model on the registry (Korean).
"""
from __future__ import annotations

import re
import unicodedata

import numpy as np
import pytest

from voice.audio import silence

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def speaker():
    from voice.tts import Speaker

    return Speaker()


@pytest.fixture(scope="module")
def whisper():
    from voice.asr import whisper_recognizer

    return whisper_recognizer("ja")


def plain(text: str) -> str:
    """NFKC, no punctuation or spaces, for comparing digits and words."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s、。,.\-ー・?？!！]", "", t)


def test_packaged_whisper_model_is_assembled_and_verified():
    from voice.models import WHISPER_BIN_SIZE, whisper_model_dir

    d = whisper_model_dir()
    assert (d / "model.bin").stat().st_size == WHISPER_BIN_SIZE
    assert (d / ".verified").read_text().strip() == "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
    assert {p.name for p in d.iterdir()} >= {"model.bin", "config.json", "tokenizer.json", "vocabulary.json"}


@pytest.mark.parametrize("text, expect", [
    # Phone numbers are read digit by digit in groups; Whisper writes them back as digits.
    ("電話番号は03-0555-1201です。", ["03", "1201"]),
    ("代表電話は03-0555-1111です。", ["03", "1111"]),
    # Amounts and dates: 1,000円 and 2026-10-01 would be misread without normalisation.
    ("粗大ごみの手数料は、1点400円から2,800円です。", ["400円", "2800円"]),
    ("料金は¥2,500です。", ["2500円"]),
    ("受付は2026-04-15の午前9時からです。", ["4月15日", "9時"]),
    ("平日の8:30から17:15まで受け付けています。", ["8時30分", "17時15分"]),
])
def test_japanese_tts_round_trip(speaker, whisper, text, expect):
    pcm, rate = speaker.speak(text, "ja", 16000)
    heard = plain(whisper.transcribe(pcm, rate))
    assert all(plain(e) in heard for e in expect), heard


def test_round_trip_survives_the_phone_line(speaker, whisper):
    """8 kHz μ-law, as on the phone: the number still comes back."""
    from voice.audio import ulaw_decode, ulaw_encode

    pcm, rate = speaker.speak("電話番号は03-0555-1201です。", "ja", 8000)
    heard = plain(whisper.transcribe(ulaw_decode(ulaw_encode(pcm)), rate))
    assert "1201" in heard, heard


def test_english_piper_voice_reads_numbers_back(speaker):
    from voice.asr import whisper_recognizer
    from voice.tts import PiperEngine

    assert isinstance(speaker.engine("en"), PiperEngine)
    pcm, rate = speaker.speak("Please call 03-0555-1111. The fee is 1,000円.", "en", 16000)
    heard = whisper_recognizer("en").transcribe(pcm, rate)
    assert "1111" in plain(heard) and "1000" in plain(heard) and "yen" in heard.lower(), heard


def test_espeak_voice_speaks_other_languages(speaker):
    from voice.tts import EspeakEngine

    assert isinstance(speaker.engine("ko"), EspeakEngine)
    pcm, rate = speaker.speak("안녕하세요. 주민등록 등본을 받고 싶어요.", "ko", 16000)
    assert len(pcm) > rate and np.abs(pcm).max() > 1000


def test_vosk_code_path_with_the_korean_model(speaker):
    from voice.asr import vosk_recognizer

    rec = vosk_recognizer(lang="ko")
    pcm, rate = speaker.speak("안녕하세요. 주민등록 등본을 받고 싶어요.", "ko", 16000)
    stream = rec.stream(rate)
    partials = [stream.accept(pcm[i:i + 3200]) for i in range(0, len(pcm), 3200)]
    final = stream.final()
    assert any(partials), "no partial results while streaming"
    assert final and re.search(r"[\uac00-\ud7a3]", final), final  # Hangul out


def test_vosk_phrase_list_restricts_decoding(speaker):
    """Closed questions: decoding limited to the given phrases (the way ward vocabulary reaches Vosk)."""
    from voice.asr import VoskRecognizer

    phrases = ["주민등록 등본", "쓰레기 수거", "여권 신청"]
    rec = VoskRecognizer(phrases=phrases, lang="ko")
    pcm, rate = speaker.speak("주민등록 등본", "ko", 16000)
    assert rec.transcribe(pcm, rate) == "주민등록 등본"


def test_vosk_model_directory_comes_from_configuration(tmp_path, monkeypatch):
    from voice import models

    monkeypatch.delenv("MADOGUCHI_VOSK_MODEL", raising=False)
    monkeypatch.setattr(models, "CACHE", tmp_path)
    assert models.vosk_model_dir("ko").name == "model"  # the packaged Korean model
    with pytest.raises(models.ModelMissing, match="vosk-ja"):
        models.vosk_model_dir("ja")  # no Japanese model is packaged: docs/voice.md says where it goes
    (tmp_path / "vosk-ja" / "am").mkdir(parents=True)
    (tmp_path / "vosk-ja" / "am" / "final.mdl").write_bytes(b"")
    assert models.vosk_model_dir("ja") == tmp_path / "vosk-ja"
    monkeypatch.setenv("MADOGUCHI_VOSK_MODEL_JA", str(tmp_path / "missing"))
    with pytest.raises(models.ModelMissing, match="not a Vosk model"):
        models.vosk_model_dir("ja")


def test_vad_finds_start_pause_and_end(speaker):
    from voice.vad import Segmenter

    speech, rate = speaker.speak("粗大ごみを出したいです", "ja", 8000)
    noise = (np.random.default_rng(0).normal(0, 30, rate * 2)).astype(np.int16)  # line hiss
    audio = np.concatenate([noise, speech, noise])
    seg = Segmenter(rate)
    events = []
    for i in range(0, len(audio), 160):
        events += [(e.kind, i / rate, e.audio) for e in seg.feed(audio[i:i + 160])]
    kinds = [k for k, _, _ in events]
    assert kinds[0] == "start" and kinds[-1] == "end" and kinds.count("end") == 1, kinds
    start_t, end_t = events[0][1], events[-1][1]
    loud = np.flatnonzero(np.abs(speech) > 1000) / rate  # where the voice really is (Open JTalk adds lead-in)
    onset, offset = 2.0 + loud[0], 2.0 + loud[-1]
    assert onset - 0.1 < start_t < onset + 0.2
    assert offset + 0.4 < end_t < offset + 1.0  # end_silence = 0.6 s
    assert abs(len(events[-1][2]) / rate - (offset - onset)) < 0.5


def test_vad_ignores_hiss_and_clicks():
    from voice.vad import Segmenter

    rate = 8000
    audio = np.random.default_rng(1).normal(0, 30, rate * 3).astype(np.int16)
    audio[8000:8040] = 20000  # a 5 ms click
    seg = Segmenter(rate)
    assert seg.feed(audio) == []


def test_vad_max_utterance_cuts_endless_speech():
    from voice.vad import Segmenter, VadConfig

    rate = 8000
    tone = (np.sin(np.arange(rate * 5) * 2 * np.pi * 300 / rate) * 8000).astype(np.int16)
    events = Segmenter(rate, VadConfig(max_utterance=2.0)).feed(np.concatenate([silence(1, rate), tone]))
    assert [e.kind for e in events][:2] == ["start", "end"]
