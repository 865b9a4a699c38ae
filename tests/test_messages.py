"""bot/messages.py: every payload type, the form each channel gets, and that every client handles
what the actions can send (the widget renders each type, the voice client reads the kinds it acts on)."""
from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest
import yaml

from bot import messages
from bot.messages import (Answer, Clarify, Emergency, Fallback, GuideChecklist, GuideQuestion, Handoff, HandoffReason,
                          Kind, Language, Notice, Payload, Redirect, Text, utterances)
from support import REPO

WIDGET = REPO / "web" / "widget" / "madoguchi-widget.js"
RASA_CLIENT = REPO / "voice" / "rasa_client.py"
TEXT_CHANNELS = ["", "rest", "phone", "web-voice", "socketio", "line"]

SECTION = {"key": "sodaigomi", "name": "粗大ごみ受付センター", "phone": "03-0555-1230", "counter": "本庁舎2階", "hours": "平日"}
SAMPLES: dict[Kind, Payload] = {
    Kind.ANSWER: Answer(decision="answer", faq_id="gomi-001", category="ごみ", question="粗大ごみの出し方",
                        answer="受付センターに申し込みます。\n\n処理券を貼ります。", section=SECTION, documents=["処理券"],
                        fee="400円", url="https://www.city.wakaba.example/gomi/", updated="2026-10-01", lang="pt",
                        index_version="v1", note="Esta resposta ainda não foi traduzida.",
                        content_langs=["ja-easy", "en"], ruby=[["受付", "うけつけ"]],
                        body="受付センターに申し込みます。\n\n担当: 粗大ごみ受付センター"),
    Kind.CLARIFY: Clarify(message="どれについてですか？", candidates=[
        {"faq_id": "a-1", "question": "住民票の写し", "payload": '/ask_faq{"faq_id":"a-1"}'},
        {"faq_id": "a-2", "question": "印鑑登録", "payload": '/ask_faq{"faq_id":"a-2"}'}]),
    Kind.REDIRECT: Redirect(message="旅券課にお問い合わせください。", redirect="passport", name="旅券課",
                            main_phone="03-0555-1111"),
    Kind.FALLBACK: Fallback(message="見つかりませんでした。", section=SECTION, main_phone="03-0555-1111", fallback_count=1),
    Kind.HANDOFF: Handoff(message="代表電話 03-0555-1111 にお電話ください。", reason=HandoffReason.FALLBACKS,
                          main_phone="03-0555-1111", main_hours="平日", section=SECTION),
    Kind.EMERGENCY: Emergency(guidance="【緊急の場合】119番", numbers=[{"number": "119", "for": "火事・救急"}]),
    Kind.LANGUAGE: Language(lang="en", message="I will answer in English."),
    Kind.NOTICE: Notice(message="【緊急のお知らせ】避難所を開設しました", id=3, text="避難所を開設しました", lang="ja",
                        expires="2099-01-01T00:00:00Z"),
    Kind.GUIDE_QUESTION: GuideQuestion(guide="moving-in", question="dog", qtype="yesno", message="犬を飼っていますか（3/9）",
                                       options=[{"title": "はい", "payload": "はい"}, {"title": "いいえ", "payload": "いいえ"}],
                                       step=3, total=9),
    Kind.GUIDE_CHECKLIST: GuideChecklist(
        guide="moving-in", title="引っ越してきた", message="あなたの手続き一覧です。",
        groups=[{**SECTION, "items": [{"faq_id": "hikkoshi-001", "title": "転入届", "deadline": "2026-04-11",
                                        "deadline_text": "期限：2026年4月11日（土）まで", "overdue": False, "online": False,
                                        "documents": ["本人確認書類"], "fee": None, "url": None, "notes": []}]}],
        print_url="http://localhost:5005/webhooks/rest/guide/moving-in/abc?lang=ja", print_label="印刷用ページ",
        change_label="答えを変える", change_payload='/start_guide{"guide":"moving-in","change":"*"}', lang="ja",
        body=["1. 粗大ごみ受付センター（本庁舎2階）\n■ 転入届"]),
}


def test_every_kind_has_one_payload_class_and_a_sample():
    assert set(messages.PAYLOADS) == set(Kind) == set(SAMPLES)
    for kind, sample in SAMPLES.items():
        assert type(sample) is messages.PAYLOADS[kind] and sample.custom()["type"] == kind.value


def test_the_module_needs_no_rasa_and_loads_in_both_venvs():
    code = "import sys, bot.messages; print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk')))"
    pythons = [sys.executable] + [str(p) for p in [REPO / ".venv-rasa" / "bin" / "python"] if p.exists()]
    for python in pythons:
        out = subprocess.run([python, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]", python


# --- what each channel gets ------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(Kind))
def test_the_web_widget_gets_the_payload_and_no_text_twin(kind):
    reply = SAMPLES[kind]
    sent = utterances(reply, "web")
    assert [m["json_message"] for m in sent] == [reply.custom()]
    texts = [m.get("text") for m in sent if m.get("text")]
    # only what the payload does not carry: the emergency guidance (as domain.yml's utter_emergency)
    assert texts == ([reply.plain()] if reply.TEXT_BESIDE else [])


@pytest.mark.parametrize("channel", TEXT_CHANNELS)
@pytest.mark.parametrize("kind", list(Kind))
def test_text_channels_get_the_whole_text_and_a_marker(kind, channel):
    reply = SAMPLES[kind]
    sent = utterances(reply, channel)
    assert "\n".join(m["text"] for m in sent if m.get("text")) == reply.plain()
    markers = [m["json_message"] for m in sent if m.get("json_message")]
    full = reply.custom()
    if channel in messages.FULL_PAYLOAD_CHANNELS:  # LINE draws cards from the whole payload
        assert markers == [full] and "json_message" in sent[-1]
        return
    assert markers == [reply.marker()] and "json_message" in sent[-1]
    assert markers[0] == {k: v for k, v in full.items() if k not in reply.DISPLAY}
    assert markers[0]["type"] == kind.value


def test_an_answer_on_a_text_channel_is_the_note_then_the_text_then_the_marker():
    answer = SAMPLES[Kind.ANSWER]
    sent = utterances(answer, "rest")
    assert [m.get("text") for m in sent] == [answer.note, answer.body]
    assert sent[-1]["json_message"] == {"type": "faq_answer", "decision": "answer", "faq_id": "gomi-001",
                                        "category": "ごみ", "lang": "pt", "index_version": "v1"}
    assert answer.repeat() == f"{answer.note}\n{answer.body}"
    web = utterances(answer, "web")[0]["json_message"]  # the note travels in the payload
    assert web["note"] == answer.note and web["ruby"] == [["受付", "うけつけ"]] and "body" not in web


def test_choices_are_buttons_on_text_channels_and_candidates_on_the_web():
    clarify = SAMPLES[Kind.CLARIFY]
    (sent,) = utterances(clarify, "phone")
    assert sent["buttons"] == [{"title": c["question"], "payload": c["payload"]} for c in clarify.candidates]
    assert sent["json_message"]["candidates"] == list(clarify.candidates)  # the ids, for programs
    assert clarify.repeat() == "どれについてですか？\n・住民票の写し\n・印鑑登録"
    assert "buttons" not in utterances(clarify, "web")[0]
    assert utterances(Text("はい", [{"title": "a", "payload": "/x"}]), "web") == \
        [{"text": "はい", "buttons": [{"title": "a", "payload": "/x"}]}]  # a plain text is the same everywhere


def test_optional_fields_are_left_out_and_enums_sent_as_strings():
    handoff = Handoff(message="m", reason=HandoffReason.ASKED, main_phone="1", main_hours="h")
    assert handoff.custom() == {"type": "handoff", "message": "m", "reason": "asked", "main_phone": "1",
                                "main_hours": "h"}
    assert Fallback(message="m", section=None, main_phone="1", fallback_count=1).custom()["section"] is None
    assert Language(lang="en").custom() == {"type": "language", "lang": "en"}


def test_answers_agree_with_knowledge_render(tiny_kb):
    from knowledge.kb import load_entries, load_ward
    from knowledge.render import answer_payload, answer_text, resident_text

    entries = load_entries(tiny_kb, load_ward(tiny_kb))
    for entry in entries:
        for lang in ("ja", "ja-easy", "en", "pt"):
            payload = answer_payload(entry, lang, "answer", "v1")
            answer = Answer.from_render(payload, body=answer_text(payload))
            assert answer.custom() == payload and answer.plain() == resident_text(payload)
    with pytest.raises(TypeError):  # a field render adds must be added here too, not dropped
        Answer.from_render(dict(payload, colour="red"), body="")


def test_outcome_reads_a_turn_in_either_form():
    def rest(kind, channel):
        return [{"custom": m["json_message"]} for m in utterances(SAMPLES[kind], channel) if m.get("json_message")]

    for channel in ("web", "rest"):
        assert messages.outcome(rest(Kind.ANSWER, channel)) == ("answer", ["gomi-001"])
        assert messages.outcome(rest(Kind.CLARIFY, channel)) == ("clarify", ["a-1", "a-2"])
        assert messages.outcome(rest(Kind.FALLBACK, channel)) == ("fallback", [])
        assert messages.outcome(rest(Kind.HANDOFF, channel)) == ("fallback", [])  # after repeated misses
        assert messages.outcome(rest(Kind.EMERGENCY, channel) + rest(Kind.ANSWER, channel))[0] == "emergency"
    asked = Handoff(message="m", reason=HandoffReason.ASKED, main_phone="1", main_hours="h")
    assert messages.outcome([{"custom": asked.marker()}]) == ("handoff", [])
    assert messages.outcome([{"text": "こんにちは"}]) == ("other", [])


# --- every producer and consumer agrees with the module ----------------------------------------------

def test_the_widget_renders_every_payload_type():
    js = WIDGET.read_text(encoding="utf-8")
    table = re.search(r"const RENDER = \{(.*?)\n  \};", js, re.S)
    assert table, "the widget's RENDER table (one renderer per payload type) is missing"
    keys = set(re.findall(r"^\s*(\w+):", table.group(1), re.M))
    assert keys == {k.value for k in Kind}
    assert "twins" not in js  # the widget no longer guesses which texts duplicate an answer


def test_the_voice_client_reads_the_kinds_it_acts_on():
    source = RASA_CLIENT.read_text(encoding="utf-8")
    for kind in messages.VOICE_KINDS:
        assert f"Kind.{kind.name}" in source, kind
    for path in (RASA_CLIENT, REPO / "voice" / "dialogue.py"):  # no payload type spelt out
        assert not re.search(rf"""["']({'|'.join(k.value for k in Kind)})["']""", path.read_text(encoding="utf-8"))


def test_no_payload_type_is_spelt_out_in_the_actions():
    found = []
    for path in sorted((REPO / "actions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for m in re.finditer(r"""["']type["']\s*:\s*["'](\w+)["']|(?:\[["']type["']\]|get\(["']type["']\))\s*==\s*["'](\w+)["']"""
                             rf"""|["']({'|'.join(k.value for k in Kind if k.value.startswith('faq_'))})["']""", source):
            found.append((path.name, next(g for g in m.groups() if g)))
    # ActionChangeLanguage (actions/conversation.py) is left as it is: it belongs to another change.
    assert found == [("conversation.py", Kind.LANGUAGE.value)], found


def test_domain_custom_payloads_are_the_modules():
    domain = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
    checked = 0
    for name, variations in domain["responses"].items():
        for variation in variations:
            if "custom" not in variation:
                continue
            payload = Payload.from_custom(variation["custom"])  # a known type, with exactly its fields
            assert payload.custom() == variation["custom"], name
            if payload.TEXT_BESIDE:
                assert variation.get("text"), f"{name}: its text goes beside the payload in every channel"
            checked += 1
    assert checked >= 10  # utter_emergency in every ward language


def test_an_unknown_field_or_type_is_refused():
    with pytest.raises(ValueError):
        Payload.from_custom({"type": "faq_handoff"})  # merged into handoff
    with pytest.raises(TypeError):
        Payload.from_custom({"type": "emergency", "numbers": [], "colour": "red"})
    assert all(dataclasses.is_dataclass(cls) for cls in messages.PAYLOADS.values())
