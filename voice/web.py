"""Browser voice: a websocket that takes microphone audio and answers with transcripts and speech.

    python -m voice web --port 8090

GET /tts?text=…&lang=ja → audio/wav (the widget's "read aloud" button). Pages on localhost may call
it from script (CORS); the websocket refuses pages from any other origin (a browser sends Origin).
WS  /ws: the client sends one JSON `{"type": "start", "sender": "…", "lang": "ja", "format": "pcm16"|"webm",
"rate": 16000}`, then binary audio frames.
  * pcm16 (16-bit little-endian mono): the server's VAD finds the end of each utterance itself;
  * webm/ogg (MediaRecorder): the client sends `{"type": "end"}` when the user stops; the recording is
    decoded with PyAV (FFmpeg) and recognised as one utterance.
For each utterance the server sends `{"type": "transcript", "text"}`, then `{"type": "reply", "messages": […]}`
(Rasa's messages unchanged: "web-voice" is a text channel, so texts and payload markers, bot/messages.py)
and one binary frame: the spoken answer as WAV. `{"type": "vad", "state": "speech"}` is sent when speech starts (the widget can stop its
own playback: barge-in).
"""

import asyncio
import json
import logging
import re

import numpy as np

from bot.messages import WEB_VOICE

from .asr import recognizer
from .audio import decode_any, wav_bytes
from .listener import Listener, Utterance
from .rasa_client import DEFAULT_WEBHOOK, RasaClient
from .tts import default_speaker
from .vocabulary import correct

log = logging.getLogger(__name__)
WEB_RATE = 22050  # synthesised speech for the browser: better than phone quality, still small
MAX_TEXT = 2000
LOCAL_ORIGIN = r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?"


def local_origin(origin: str | None) -> bool:
    """No Origin (not a browser) or a page served from this machine."""
    return origin is None or re.fullmatch(LOCAL_ORIGIN, origin) is not None


def create_app(rasa_url: str = DEFAULT_WEBHOOK, speaker=None, recognizer_factory=None):
    from fastapi import FastAPI, Query, WebSocket, WebSocketDisconnect
    from fastapi.middleware.cors import CORSMiddleware
    from fastapi.responses import Response

    app = FastAPI(title="madoguchi voice")
    app.add_middleware(CORSMiddleware, allow_origin_regex=LOCAL_ORIGIN, allow_methods=["GET"], allow_headers=["*"])
    speaker = speaker or default_speaker()
    rasa = RasaClient(rasa_url, channel=WEB_VOICE)
    get_recognizer = recognizer_factory or (lambda lang: recognizer(lang=lang))

    def synth_wav(text: str, lang: str) -> bytes:
        pcm, rate = speaker.speak(text[:MAX_TEXT], lang, WEB_RATE)
        return wav_bytes(pcm, rate)

    @app.get("/tts")
    async def tts(text: str = Query(..., min_length=1, max_length=MAX_TEXT), lang: str = "ja"):
        data = await asyncio.get_running_loop().run_in_executor(None, synth_wav, text, lang)
        return Response(data, media_type="audio/wav")

    @app.get("/health")
    async def health():
        return {"ok": True}

    @app.websocket("/ws")
    async def ws(socket: WebSocket):
        if not local_origin(socket.headers.get("origin")):
            await socket.close(code=1008)  # policy violation: another site's page
            return
        await socket.accept()
        loop = asyncio.get_running_loop()
        try:
            start = json.loads(await socket.receive_text())
        except (WebSocketDisconnect, ValueError):
            return
        sender = str(start.get("sender") or "web-voice")
        lang = str(start.get("lang") or "ja")
        fmt = start.get("format", "pcm16")
        rate = int(start.get("rate", 16000))
        rec = get_recognizer(lang)
        utterances: asyncio.Queue[Utterance] = asyncio.Queue()

        async def answer(text: str) -> None:
            await socket.send_json({"type": "transcript", "text": text})
            if not text.strip():
                return
            reply = await rasa.ask(sender, text, lang)
            await socket.send_json({"type": "reply", "messages": reply.raw})
            speech = reply.text  # without the screen-only feedback question
            if speech:
                await socket.send_bytes(await loop.run_in_executor(None, synth_wav, speech, lang))

        async def speech_started():
            await socket.send_json({"type": "vad", "state": "speech"})

        listener = Listener(rec, rate, lambda: asyncio.ensure_future(speech_started()), utterances.put_nowait,
                            lang=lang)
        buffered: list[bytes] = []

        async def consume():
            while True:
                utt = await utterances.get()
                await answer(utt.text)

        consumer = asyncio.ensure_future(consume())
        try:
            while True:
                msg = await socket.receive()
                if msg.get("type") == "websocket.disconnect":
                    break
                if msg.get("bytes") is not None:
                    if fmt == "pcm16":
                        listener.feed(np.frombuffer(msg["bytes"], dtype="<i2").astype(np.int16))
                    else:
                        buffered.append(msg["bytes"])
                elif msg.get("text"):
                    ctl = json.loads(msg["text"])
                    if ctl.get("type") == "end":
                        if buffered:
                            data, buffered[:] = b"".join(buffered), []
                            pcm = await loop.run_in_executor(None, decode_any, data, 16000)
                            text = await loop.run_in_executor(None, rec.transcribe, pcm, 16000)
                            await answer(correct(text, lang))
                        else:  # pcm16: flush whatever the VAD still holds
                            listener.feed(np.zeros(int(rate * 1.0), np.int16))
        except WebSocketDisconnect:
            pass
        finally:
            await asyncio.sleep(0)
            consumer.cancel()

    return app
