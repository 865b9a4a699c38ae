"""python -m voice phone|web|say — the phone line, the browser voice server, or a WAV from text."""
from __future__ import annotations
from knowledge.settings import current as settings

import argparse
import os
import sys

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m voice")
    sub = p.add_subparsers(dest="cmd", required=True)
    ph = sub.add_parser("phone", help="answer SIP calls (UDP) and talk to Rasa")
    ph.add_argument("--host", default="127.0.0.1")
    ph.add_argument("--port", type=int, default=5060)
    ph.add_argument("--rasa", default=settings().rasa_url)
    ph.add_argument("--lang", default="ja")
    web = sub.add_parser("web", help="websocket + /tts for the browser widget")
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=8090)
    web.add_argument("--rasa", default=settings().rasa_url)
    say = sub.add_parser("say", help="synthesise text to a WAV file")
    say.add_argument("text")
    say.add_argument("--lang", default="ja")
    say.add_argument("--rate", type=int, default=None)
    say.add_argument("-o", "--out", default="-")
    a = p.parse_args(argv)
    if a.cmd == "phone":
        from .phone import main as phone_main

        phone_main(a.host, a.port, a.rasa, a.lang)
    elif a.cmd == "web":
        import uvicorn

        from .web import create_app

        uvicorn.run(create_app(a.rasa), host=a.host, port=a.port)
    elif a.cmd == "say":
        from .audio import wav_bytes
        from .tts import default_speaker

        pcm, rate = default_speaker().speak(a.text, a.lang, a.rate)
        data = wav_bytes(pcm, rate)
        if a.out == "-":
            sys.stdout.buffer.write(data)
        else:
            open(a.out, "wb").write(data)


if __name__ == "__main__":
    main()
