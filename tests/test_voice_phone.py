"""Real SIP calls on loopback: SIPp calls the phone line, speaks or presses keys, and the test
records what the caller hears. Four calls run at the same time against one PhoneServer and a fake
Rasa (the answer test against the real Rasa stack is tests/test_voice_e2e.py):
  * keys: 9 repeats (the greeting with the emergency notice), 0 gives the operator's number, and
    a key press cuts off what is playing;
  * silence: two reprompts, then a goodbye and the server hangs up (BYE);
  * 「もう一度」 spoken during the greeting: barge-in stops it, and it is repeated; Rasa is not asked;
  * not understood twice: the second miss adds the operator's number.
"""
from __future__ import annotations

import asyncio
import re
import threading
import unicodedata
from pathlib import Path

import pytest

from voice_helpers import SIPP, FakeRasa, SippCall, Step, caller_speech, caller_voice

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(SIPP is None, reason="needs sipp (scripts/system_deps.sh sip-tester)")]

NOTICE = "大雨警報が出ています。"


def plain(text: str) -> str:
    return re.sub(r"[\s、。,.\-・]", "", unicodedata.normalize("NFKC", text))


class ServerThread:
    """A PhoneServer on its own event loop in a thread (the test thread drives SIPp)."""

    def __init__(self, rasa_url: str, silence_timeout: float, notice: str | None = None):
        from voice.phone import PhoneServer

        self.server = PhoneServer("127.0.0.1", 0, rasa_url, silence_timeout=silence_timeout,
                                  notice_fn=lambda lang: notice)
        self.server.warm_up()
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.server.start())
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def events(self, call_id: str | None = None, kind: str | None = None) -> list[dict]:
        return [e for e in list(self.server.events)
                if (call_id is None or e["call"] == call_id) and (kind is None or e["event"] == kind)]

    def call_of(self, sipp: SippCall) -> str:
        """The Call-ID SIPp used (from its message trace)."""
        m = re.search(r"^Call-ID:\s*(\S+)", sipp.messages(), re.M)
        assert m, sipp.messages()
        return m.group(1)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def transcribe(pcm) -> str:
    from voice.asr import transcribe_long, whisper_recognizer

    return transcribe_long(whisper_recognizer("ja"), pcm, 8000)


def say_wav(path: Path, text: str) -> Path:
    return caller_voice(path, caller_speech(text, 8000))


@pytest.fixture(scope="module")
def phone_line():
    rasa = FakeRasa({"ごみ": "粗大ごみは粗大ごみ受付センターに申し込みます。"})
    st = ServerThread(rasa.url, silence_timeout=2.0, notice=NOTICE)
    yield st, rasa
    st.stop()
    rasa.close()


def test_keys_silence_repeat_and_misses_on_four_simultaneous_calls(phone_line, tmp_path):
    st, rasa = phone_line
    host, port = "127.0.0.1", st.server.port
    again = say_wav(tmp_path / "again.ulaw", "もう一度お願いします。")
    weather = say_wav(tmp_path / "weather.ulaw", "明日の天気はどうですか。")
    calls = {
        "keys": SippCall(tmp_path / "keys", host, port, [
            Step("pause", 3), Step("key", 9), Step("pause", 5), Step("key", 0), Step("pause", 16), Step("bye")]),
        "silent": SippCall(tmp_path / "silent", host, port, [Step("wait_bye", 90)]),
        "again": SippCall(tmp_path / "again", host, port, [
            Step("pause", 2), Step("speak", again), Step("pause", 14), Step("bye")]),
        "misses": SippCall(tmp_path / "misses", host, port, [
            Step("pause", 1), Step("speak", weather), Step("pause", 10), Step("speak", weather),
            Step("pause", 22), Step("bye")]),
    }
    try:
        codes = {name: c.wait(timeout=150) for name, c in calls.items()}
    finally:
        for c in calls.values():
            c.stop()
    assert codes == dict.fromkeys(calls, 0), {n: c.errors()[-2000:] for n, c in calls.items()}
    ids = {name: st.call_of(c) for name, c in calls.items()}
    assert len(set(ids.values())) == 4

    # Keys: RFC 2833 events, acted on, each cutting off what was playing; never sent to Rasa.
    ev = st.events(ids["keys"])
    assert [e["digit"] for e in ev if e["event"] == "dtmf"] == ["9", "0"]
    said = {e["event"]: e["text"] for e in ev if e["event"] in ("greeting", "repeat", "operator")}
    assert said["greeting"].startswith(NOTICE) and said["repeat"] == said["greeting"]
    assert "03-0555-1111" in said["operator"]
    assert [e["interrupted"] for e in ev if e["event"] == "played"][:2] == [True, True]
    pressed_0 = next(e["t"] for e in ev if e["event"] == "dtmf" and e["digit"] == "0")
    heard = plain(transcribe(calls["keys"].recorder.audio(since=pressed_0)))
    assert "1111" in heard, heard  # the operator's number, read digit by digit, came down the line

    # Silence: two reprompts, a goodbye, our BYE (SIPp's scenario waited for it and answered 200).
    ev = st.events(ids["silent"])
    assert [e["event"] for e in ev if e["event"] in ("reprompt", "goodbye", "bye_sent")] == \
        ["reprompt", "reprompt", "goodbye", "bye_sent"]
    goodbye_t = next(e["t"] for e in ev if e["event"] == "goodbye")
    heard = plain(transcribe(calls["silent"].recorder.audio(since=goodbye_t)))
    assert "ありがとうございました" in heard or "終わります" in heard, heard

    # 「もう一度」 during the greeting: barge-in, then the greeting again.
    ev = st.events(ids["again"])
    kinds = [e["event"] for e in ev]
    assert "barge_in" in kinds and kinds.index("barge_in") < kinds.index("repeat"), kinds
    assert next(e for e in ev if e["event"] == "played")["interrupted"] is True
    assert next(e["text"] for e in ev if e["event"] == "repeat").startswith(NOTICE)

    # Not understood twice: Rasa's fallback, then the fallback with the operator's number.
    asked = [r for r in rasa.requests if r["sender"] == ids["misses"]]
    assert len(asked) == 2 and all(r["metadata"] == {"channel": "phone"} for r in asked), asked
    answers = [e["text"] for e in st.events(ids["misses"], "answer")]
    assert len(answers) == 2 and "03-0555-1111" not in answers[0] and "03-0555-1111" in answers[1], answers
    assert all(r["sender"] != ids["keys"] and r["sender"] != ids["again"] for r in rasa.requests)
