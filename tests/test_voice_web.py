"""Browser voice: GET /tts (the widget's read-aloud button) and the /ws websocket (microphone audio
in, transcript + Rasa's reply + spoken answer out), with the real speech models and a fake Rasa."""
from __future__ import annotations

import json
import re
import unicodedata

import numpy as np
import pytest

from voice_helpers import FakeRasa, caller_speech

pytestmark = pytest.mark.slow


def plain(text: str) -> str:
    return re.sub(r"[\s、。,.\-・?？]", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def rasa():
    r = FakeRasa({"粗大ごみ": "粗大ごみは粗大ごみ受付センターに電話で申し込みます。"})
    yield r
    r.close()


@pytest.fixture(scope="module")
def client(rasa):
    from fastapi.testclient import TestClient

    from voice.web import create_app

    with TestClient(create_app(rasa.url)) as c:
        yield c


def test_tts_returns_a_wav_that_reads_the_number_back(client):
    from voice.asr import whisper_recognizer
    from voice.audio import read_wav

    r = client.get("/tts", params={"text": "代表電話は03-0555-1111です。", "lang": "ja"},
                   headers={"Origin": "http://localhost:8080"})
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    assert r.headers["access-control-allow-origin"] == "http://localhost:8080"
    pcm, rate = read_wav(r.content)
    assert "1111" in plain(whisper_recognizer("ja").transcribe(pcm, rate))


def test_tts_cors_only_for_local_pages_and_text_is_required(client):
    r = client.get("/tts", params={"text": "はい"}, headers={"Origin": "https://example.org"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    assert client.get("/tts").status_code == 422


def test_websocket_turns_speech_into_transcript_reply_and_spoken_answer(client, rasa):
    rate = 16000
    speech = caller_speech("粗大ごみの申し込み方法を教えてください。", rate)
    audio = np.concatenate([np.zeros(rate // 2, np.int16), speech, np.zeros(rate, np.int16)])
    with client.websocket_connect("/ws", headers={"Origin": "http://127.0.0.1:8080"}) as ws:
        ws.send_text(json.dumps({"type": "start", "sender": "browser-1", "lang": "ja", "format": "pcm16",
                                 "rate": rate}))
        for i in range(0, len(audio), rate // 10):  # 100 ms chunks, as a microphone sends them
            ws.send_bytes(audio[i:i + rate // 10].astype("<i2").tobytes())
        got = [ws.receive_json() for _ in range(3)]
        wav = ws.receive_bytes()
    assert got[0] == {"type": "vad", "state": "speech"}
    assert got[1]["type"] == "transcript" and "粗大ごみ" in got[1]["text"], got[1]
    assert got[2]["type"] == "reply" and "受付センター" in got[2]["messages"][0]["text"]
    asked = [r for r in rasa.requests if r["sender"] == "browser-1"]
    assert len(asked) == 1 and asked[0]["metadata"]["channel"] == "web-voice"
    assert wav[:4] == b"RIFF" and len(wav) > 22050  # the answer, spoken (over a second of audio)


def test_websocket_refuses_other_sites(client):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as e:
        with client.websocket_connect("/ws", headers={"Origin": "https://example.org"}) as ws:
            ws.receive_text()
    assert e.value.code == 1008
