"""Voice building blocks without models: speech text, G.711, RTP/DTMF, SIP parsing, the call dialogue."""
from __future__ import annotations

import asyncio
import struct

import numpy as np
import pytest

from voice import sip
from voice.audio import resample, ulaw_decode, ulaw_encode
from voice.dialogue import Dialogue, Input
from voice.listener import Utterance
from voice.phone_texts import asks_repeat
from voice.rasa_client import to_reply
from voice.rtp import DtmfReceiver, RtpSender, parse_rtp
from voice.speech_text import normalise, sentences
from voice_helpers import WARD_PHONE, FaqStandIn


@pytest.mark.parametrize("text, spoken", [
    ("電話: 03-0555-1201", "電話は、ぜろ・さん、ぜろ・ごー・ごー・ごー、いち・にー・ぜろ・いち"),
    ("1,000円", "1000円"),
    ("¥2,500", "2500円"),
    ("2026-10-01 更新", "2026年10月1日 更新"),
    ("9:00〜17:30", "9時から17時30分"),
    ("救急車は119番", "救急車はいち・いち・きゅう番"),
    ("詳しくは: https://www.city.wakaba.example/x/", "詳しくは、区のホームページ"),
    ("1点400円から", "1点、400円から"),  # not イッテンヨンゼロゼロエン (a decimal point)
    ("受付センター（電話 03ー0555ー1201）", "受付センター、電話、ぜろ・さん、ぜろ・ごー・ごー・ごー、いち・にー・ぜろ・いち"),
])
def test_japanese_text_is_normalised_for_speech(text, spoken):
    assert normalise(text, "ja") == spoken


def test_english_phone_numbers_are_read_digit_by_digit():
    assert "zero three, zero five five five, one one one one" in normalise("Call 03-0555-1111.", "en")


def test_sentences_split_for_pauses():
    assert sentences("お電話ありがとうございます。ご用件をどうぞ。\n担当: 区民課", "ja") == [
        "お電話ありがとうございます。", "ご用件をどうぞ。", "担当は、区民課"]


def test_ulaw_round_trip_and_resampling():
    t = np.arange(8000) / 8000
    x = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16)
    y = ulaw_decode(ulaw_encode(x))
    assert np.max(np.abs(y.astype(int) - x)) < 300  # μ-law step at this level
    assert ulaw_encode(np.zeros(1, np.int16)) == b"\xff"
    up = resample(x, 8000, 16000)
    assert len(up) == 16000 and np.corrcoef(up[::2][100:-100], x[100:-100])[0, 1] > 0.99


def test_rtp_packets_and_dtmf_events_reported_once():
    s = RtpSender()
    p = parse_rtp(s.packet(b"\xff" * 160))
    assert p.pt == 0 and len(p.payload) == 160 and p.marker
    dtmf = DtmfReceiver()
    digits = []
    for ts, event in ((1000, 9), (2000, 0)):
        for i in range(6):  # start, continuations, three end packets
            payload = struct.pack("!BBH", event, 0x80 if i >= 3 else 0, 160 * (i + 1))
            pkt = parse_rtp(struct.pack("!BBHII", 0x80, 101, i, ts, 1) + payload)
            digits.append(dtmf.feed(pkt))
    assert [d for d in digits if d] == ["9", "0"]


INVITE = (
    "INVITE sip:madoguchi@127.0.0.1:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc;rport\r\n"
    "From: <sip:caller@127.0.0.1>;tag=111\r\nTo: <sip:madoguchi@127.0.0.1>\r\n"
    "Call-ID: call-1\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:5070>\r\n"
    "Content-Type: application/sdp\r\n\r\n"
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 8 0 101\r\na=rtpmap:101 telephone-event/8000\r\n")


def test_sip_invite_answer_and_bye():
    inv = sip.parse(INVITE.encode())
    assert inv.method == "INVITE" and inv.get("call-id") == "call-1"
    media = sip.parse_sdp(inv.body)
    assert (media.host, media.port, media.pcmu, media.dtmf_pt) == ("127.0.0.1", 40000, True, 101)
    ok = sip.parse(sip.response(inv, 200, "OK", "srv", sip.sdp_answer("127.0.0.1", 42000, 101, 7)).encode())
    assert ok.status == 200 and ok.get("To").endswith(";tag=srv") and "m=audio 42000 RTP/AVP 0 101" in ok.body
    bye, dest = sip.bye_request(inv, "srv", ("127.0.0.1", 5060), 2)
    assert bye.first_line == "BYE sip:caller@127.0.0.1:5070 SIP/2.0" and dest == ("127.0.0.1", 5070)
    assert bye.get("From").endswith("tag=srv") and bye.get("To") == inv.get("From")


def test_repeat_phrases():
    assert asks_repeat("もう一度お願いします") and asks_repeat("もう一回言って")
    assert not asks_repeat("粗大ごみを出したいです")


class FakeIO:
    def __init__(self, inputs):
        self.inputs, self.said, self.hung_up = list(inputs), [], False

    async def say(self, text):
        self.said.append(text)
        return False

    async def next_input(self, timeout):
        return self.inputs.pop(0) if self.inputs else Input("hangup")

    async def hangup(self):
        self.hung_up = True


ANSWER_TEXT = "粗大ごみは受付センターに申し込みます。"


class FakeRasaClient:
    """Answers messages mentioning ごみ, falls back on anything else, counting the misses and handing
    over at the second as the FAQ action does (in the phone channel's form, bot/messages.py)."""

    def __init__(self):
        self.asked = []
        self.faq = FaqStandIn({"ごみ": ANSWER_TEXT})

    async def ask(self, sender, text, lang=None):
        self.asked.append((sender, text))
        return to_reply(self.faq.rest(sender, text, "phone"))


def speech(text, seconds=1.0):
    return Input("speech", Utterance(text, seconds, 0.0, 0.1))


def run_dialogue(inputs, notice=None):
    io, rasa = FakeIO(inputs), FakeRasaClient()
    d = Dialogue("call-x", io, rasa, notice=notice)
    asyncio.run(d.run())
    return io, rasa, d


def test_screen_only_feedback_question_is_not_spoken():
    reply = to_reply(FaqStandIn({"ごみ": ANSWER_TEXT}).rest("call-x", "粗大ごみ", "phone"))
    assert reply.text == ANSWER_TEXT and reply.buttons == []
    assert reply.kinds == ["faq_answer"] and not reply.failed
    assert reply.fallback_count == 0 and not reply.handed_over


def test_rasas_misses_are_read_from_its_markers():
    faq = FaqStandIn({})
    first, second = (to_reply(faq.rest("call-y", "天気", "phone")) for _ in range(2))
    assert (first.kinds, first.fallback_count, first.handed_over) == (["faq_fallback"], 1, False)
    assert (second.kinds, second.fallback_count, second.handed_over) == (["handoff"], 0, True)
    assert WARD_PHONE not in first.text and WARD_PHONE in second.text


def test_notice_is_said_before_the_greeting_and_silence_ends_politely():
    io, _, d = run_dialogue([None, None, None], notice="大雨特別警報が出ています。")
    assert io.said[0].startswith("大雨特別警報が出ています。") and "自動音声案内" in io.said[0]
    kinds = [e["event"] for e in d.events if e["event"] not in ("played",)]
    assert kinds == ["greeting", "reprompt", "reprompt", "goodbye", "hangup"] and io.hung_up


def test_answer_repeat_and_operator():
    io, rasa, _ = run_dialogue([speech("粗大ごみを出したい"), Input("dtmf", "9"), speech("もう一度お願いします"),
                                Input("dtmf", "0")])
    assert rasa.asked == [("call-x", "粗大ごみを出したい")]
    answer = io.said[1]
    assert answer == "粗大ごみは受付センターに申し込みます。"
    assert io.said[2] == answer and io.said[3] == answer
    assert WARD_PHONE in io.said[4]


def test_silence_counter_resets_after_the_caller_speaks():
    io, _, d = run_dialogue([None, speech("粗大ごみ"), None, None, speech("ありがとう")])
    assert [e["event"] for e in d.events].count("goodbye") == 0


def test_not_understood_twice_gives_the_operator_number():
    # Nothing recognisable twice (a cough is too short to count), then the count starts again.
    io, rasa, _ = run_dialogue([speech("", 1.5), speech("", 0.2), speech("", 2.0), speech("", 1.5)])
    assert rasa.asked == [] and "聞き取れません" in io.said[1] and WARD_PHONE in io.said[2]
    assert "聞き取れません" in io.said[3] and WARD_PHONE not in io.said[3]
    # Rasa found no answer twice in a row: Rasa's own handoff has the number (the line adds nothing);
    # an answer resets Rasa's count.
    io, rasa, d = run_dialogue([speech("天気"), speech("ラーメン"), speech("天気"), speech("粗大ごみ"), speech("天気")])
    assert [WARD_PHONE in t for t in io.said[1:]] == [False, True, False, False, False]
    assert io.said[2].count(WARD_PHONE) == 1


@pytest.mark.parametrize("inputs", [
    [speech("", 1.5), speech("天気")],  # not heard (Rasa never knew), then Rasa's first miss
    [speech("天気"), speech("", 1.5)],  # Rasa's first miss, then not heard
])
def test_a_miss_rasa_never_heard_counts_with_rasas_own(inputs):
    io, rasa, _ = run_dialogue(inputs)
    assert len(rasa.asked) == 1 and WARD_PHONE not in io.said[1] and WARD_PHONE in io.said[2]


def test_dtmf_same_press_replayed_counts_twice():
    dtmf = DtmfReceiver()
    press = [parse_rtp(struct.pack("!BBHII", 0x80, 101, i, 5000, 7) + struct.pack("!BBH", 9, 0x80 if i > 2 else 0,
                                                                                     160 * (i + 1)))
             for i in range(5)]
    assert [dtmf.feed(p) for p in press + press] == ["9", None, None, None, None] * 2


@pytest.mark.parametrize("heard, meant", [
    ("育大ごみを直接持っていくと安くなるって本当?", "粗大ごみを直接持っていくと安くなるって本当?"),
    ("住民上の写しがほしい", "住民票の写しがほしい"),
    ("介護保健の申請", "介護保険の申請"),
    ("自動手当はいつ振り込まれますか", "児童手当はいつ振り込まれますか"),
    # Left alone: real words close to a term, shorter wordings, numbers and punctuation.
    ("住民税が引き落とされてなかった。", "住民税が引き落とされてなかった。"),
    ("若葉区の課税証明を頼みたい", "若葉区の課税証明を頼みたい"),
    ("30人で集まれる部屋を借りたい?", "30人で集まれる部屋を借りたい?"),
])
def test_recognised_text_is_matched_to_ward_terms_tolerantly(heard, meant):
    from voice.vocabulary import correct

    assert correct(heard) == meant


def test_whisper_repetition_loops_are_collapsed_but_numbers_kept():
    from voice.asr import collapse_loops

    assert collapse_loops("秘託、秘託、秘託、秘託、秘託、秘託をください") == "秘託をください"
    assert collapse_loops("電話は03-0555-1111です") == "電話は03-0555-1111です"
    assert collapse_loops("はいはい、わかりました") == "はいはい、わかりました"
