"""The custom actions against a real index of the sample knowledge base (no stubbed retrieval)."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.retrieval as retrieval
from actions.conversation import ActionChangeLanguage, ActionFeedback, ActionHandoff, ActionRepeat
from actions.faq import ActionAnswerFaq
from knowledge.texts import TEXTS
from support import REPO

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("real_index")]  # actions use the sample index

SLOTS = {"language": "ja", "fallback_count": 0.0, "awaiting_feedback": False,
         "last_answer": None, "last_faq_id": None, "faq_id": None}


def tracker(text: str, intent: str = "ask_faq", entities=(), channel: str | None = None, **slots) -> Tracker:
    """No channel: Rasa REST without metadata (a text channel). channel="web": the widget's metadata."""
    events = [{"event": "user", "text": text, "metadata": {"channel": channel}}] if channel else []
    return Tracker(
        sender_id="test", slots={**SLOTS, **slots},
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities)},
        events=events, paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


def run(action, trk: Tracker):
    """(messages, {slot: value} set by the action)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def customs(messages) -> list[dict]:
    return [m["custom"] for m in messages if m.get("custom")]


def first_query_with(retriever, decision: str, queries: list[str]) -> str:
    for q in queries:
        if retriever.search(q).decision == decision:
            return q
    pytest.fail(f"none of {queries} gives '{decision}' with this index: the test queries need updating")


def test_answer_gives_entry_section_and_asks_for_feedback(real_index):
    query = "粗大ごみの申し込み方法を教えてください"
    result = real_index.search(query)
    assert result.decision == "answer" and result.hits[0].entry.section.key == "sodaigomi"
    entry = result.hits[0].entry
    messages, slots = run(ActionAnswerFaq(), tracker(query))
    body = texts(messages)
    for part in (entry.answer, entry.section.name, entry.section.phone, entry.counter, entry.hours, entry.url, entry.updated):
        assert part in body
    for doc in entry.documents:
        assert doc in body
    marker = customs(messages)[0]  # a text channel: the text, and the payload without what it says
    assert marker == {"type": "faq_answer", "decision": "answer", "faq_id": entry.id, "category": entry.category,
                      "lang": "ja", "index_version": result.index_version}
    last = messages[-1]
    assert last["text"] == "この回答で解決しましたか？"
    assert [b["payload"] for b in last["buttons"]] == ["/feedback_good", "/feedback_bad"]
    assert slots["last_faq_id"] == entry.id and slots["awaiting_feedback"] is True and slots["fallback_count"] == 0
    assert entry.answer in slots["last_answer"]
    # The web widget: the whole payload, no text twin of it; the same feedback question and slots.
    web, web_slots = run(ActionAnswerFaq(), tracker(query, channel="web"))
    payload = web[0]["custom"]
    assert not web[0].get("text") and texts(web).strip() == "この回答で解決しましたか？"
    assert payload["type"] == "faq_answer" and payload["faq_id"] == entry.id and payload["answer"] == entry.answer
    assert payload["section"]["phone"] == entry.section.phone and payload["documents"] == list(entry.documents)
    assert payload["fee"] == entry.fee and payload["url"] == entry.url and payload["updated"] == entry.updated
    assert web[-1]["buttons"] == last["buttons"] and web_slots == slots


def test_clarify_offers_up_to_three_candidates_as_buttons(real_index):
    query = first_query_with(real_index, "clarify", ["住民票", "印鑑登録", "避難所", "転入届はどこで出せますか"])
    expected = [h.entry for h in real_index.search(query).candidates]
    messages, slots = run(ActionAnswerFaq(), tracker(query))
    buttons = messages[0]["buttons"]
    assert 2 <= len(buttons) <= 3
    assert [b["title"] for b in buttons] == [e.question for e in expected[:3]]
    assert [json.loads(b["payload"].removeprefix("/ask_faq"))["faq_id"] for b in buttons] == [e.id for e in expected[:3]]
    assert customs(messages)[0]["type"] == "faq_clarify"
    assert slots["awaiting_feedback"] is False
    web, _ = run(ActionAnswerFaq(), tracker(query, channel="web"))  # one payload with the question and the choices
    assert len(web) == 1 and not web[0]["text"] and not web[0]["buttons"]
    assert web[0]["custom"]["message"] == messages[0]["text"]
    assert [(c["question"], c["payload"]) for c in web[0]["custom"]["candidates"]] == \
        [(b["title"], b["payload"]) for b in buttons]


def test_a_phone_caller_chooses_where_a_typed_question_would_be_answered(real_index):
    # Transcripts misheard into another procedure's words score like clear questions, so the phone
    # line (channel "phone" in the message metadata) answers only above the spoken threshold.
    queries = ["足腰が弱ってきたんだが", "毎日のご飯を届けてくれるところ", "子どもが熱を出した"]
    query = next((q for q in queries if real_index.search(q).decision == "answer"
                  and real_index.search(q, spoken=True).decision == "clarify"), None)
    assert query, "no query lies between the text and spoken answer thresholds: update the queries"
    phone = tracker(query)
    phone.events = [{"event": "user", "text": query, "metadata": {"channel": "phone"}}]
    messages, _ = run(ActionAnswerFaq(), phone)
    assert customs(messages)[0]["type"] == "faq_clarify" and messages[0]["buttons"]
    messages, _ = run(ActionAnswerFaq(), tracker(query))  # typed on the website: answered
    assert customs(messages)[0]["type"] == "faq_answer"


def test_clarify_button_answers_exactly_that_entry(real_index):
    entry = real_index.entry("hikkoshi-001")
    trk = tracker('/ask_faq{"faq_id":"hikkoshi-001"}', entities=[{"entity": "faq_id", "value": "hikkoshi-001"}])
    messages, slots = run(ActionAnswerFaq(), trk)
    assert entry.answer in texts(messages)
    assert customs(messages)[0]["faq_id"] == "hikkoshi-001" and customs(messages)[0]["decision"] == "selected"
    assert slots["last_faq_id"] == "hikkoshi-001" and slots["faq_id"] is None


def test_unknown_faq_id_falls_back_instead_of_failing():
    trk = tracker('/ask_faq{"faq_id":"nothing-999"}', entities=[{"entity": "faq_id", "value": "nothing-999"}])
    messages, slots = run(ActionAnswerFaq(), trk)
    assert "見つかりませんでした" in texts(messages) and slots["fallback_count"] == 1


def test_fallback_apologises_hints_and_names_the_nearest_section(real_index):
    query = "今日の天気は"
    result = real_index.search(query)
    assert result.decision == "fallback"
    section = result.hits[0].entry.section
    messages, slots = run(ActionAnswerFaq(), tracker(query))
    body = texts(messages)
    assert "申し訳ありません" in body and "言い換えて" in body
    assert section.name in body and section.phone in body
    assert slots["fallback_count"] == 1
    assert customs(messages)[-1] == {"type": "faq_fallback", "main_phone": retrieval.ward().main_phone, "fallback_count": 1}


def test_second_fallback_in_a_row_hands_over_with_the_main_number(ward):
    messages, slots = run(ActionAnswerFaq(), tracker("今日の天気は", fallback_count=1.0))
    body = texts(messages)
    assert ward.main_phone in body and ward.main_hours in body
    assert customs(messages) == [{"type": "handoff", "reason": "fallbacks", "main_phone": ward.main_phone}]
    assert slots["fallback_count"] == 0
    web, _ = run(ActionAnswerFaq(), tracker("今日の天気は", fallback_count=1.0, channel="web"))
    assert len(web) == 1 and not web[0]["text"] and web[0]["custom"]["message"] == body
    assert web[0]["custom"]["main_hours"] == ward.main_hours and web[0]["custom"]["section"]["phone"]


def test_an_answer_resets_the_fallback_count():
    _, slots = run(ActionAnswerFaq(), tracker("粗大ごみの申し込み方法を教えてください", fallback_count=1.0))
    assert slots["fallback_count"] == 0


def test_out_of_scope_is_declined_politely():
    messages, slots = run(ActionAnswerFaq(), tracker("今日の天気は", intent="out_of_scope"))
    assert "お答えできません" in texts(messages)
    assert "fallback_count" not in slots


@pytest.mark.parametrize("text", ["人が倒れた、救急車を", "家が燃えている", "泥棒に入られました"])
def test_emergency_words_never_reach_retrieval(text, monkeypatch):
    async def no_search(*a, **k):
        raise AssertionError("an emergency went to retrieval")

    monkeypatch.setattr(retrieval, "search", no_search)
    messages, _ = run(ActionAnswerFaq(), tracker(text))
    assert len(messages) == 1 and messages[0]["text"] == TEXTS["ja"]["emergency"]


def test_handoff_gives_main_number_and_hours(ward):
    messages, slots = run(ActionHandoff(), tracker("職員と話したい", intent="ask_human", fallback_count=1.0))
    assert ward.main_phone in texts(messages) and ward.main_hours in texts(messages)
    assert customs(messages) == [{"type": "handoff", "reason": "asked", "main_phone": ward.main_phone}]
    assert slots["fallback_count"] == 0 and slots["last_answer"] == texts(messages)


def test_repeat_sends_the_last_answer_again():
    answer_msgs, slots = run(ActionAnswerFaq(), tracker("粗大ごみの申し込み方法を教えてください"))
    messages, _ = run(ActionRepeat(), tracker("もう一回言って", intent="repeat", last_answer=slots["last_answer"]))
    assert texts(messages) == slots["last_answer"]
    assert texts(answer_msgs).startswith(slots["last_answer"])
    messages, _ = run(ActionRepeat(), tracker("もう一回", intent="repeat"))
    assert "まだ" in texts(messages)


def test_bad_feedback_gives_the_sections_phone(real_index, ward):
    entry = real_index.entry("hikkoshi-001")
    messages, slots = run(ActionFeedback(), tracker("役に立たなかった", intent="feedback_bad", last_faq_id="hikkoshi-001"))
    assert entry.section.phone in texts(messages) and entry.section.name in texts(messages)
    messages, _ = run(ActionFeedback(), tracker("役に立たなかった", intent="feedback_bad"))
    assert ward.main_phone in texts(messages)


def test_yes_and_no_count_as_feedback_only_after_the_question():
    messages, _ = run(ActionFeedback(), tracker("はい", intent="affirm", awaiting_feedback=True))
    assert messages[0]["text"] == TEXTS["ja"]["feedback_good"]
    messages, _ = run(ActionFeedback(), tracker("いいえ", intent="deny", awaiting_feedback=True, last_faq_id="hikkoshi-001"))
    assert "申し訳ありません" in texts(messages)
    messages, slots = run(ActionFeedback(), tracker("いいえ", intent="deny"))
    assert "ほかにご質問" in texts(messages) and slots["awaiting_feedback"] is False


def test_language_change_then_answer_in_english(real_index):
    _, slots = run(ActionChangeLanguage(), tracker("英語でお願いします", intent="change_language"))
    assert slots["language"] == "en"
    entry = real_index.entry("juminhyo-001")
    trk = tracker('/ask_faq{"faq_id":"juminhyo-001"}', entities=[{"entity": "faq_id", "value": "juminhyo-001"}], language="en")
    messages, _ = run(ActionAnswerFaq(), trk)
    assert entry.translations["en"].answer in texts(messages)
    assert entry.section.name_en in texts(messages) and messages[-1]["text"] == "Did this answer your question?"


def test_unclear_language_request_offers_buttons():
    messages, slots = run(ActionChangeLanguage(), tracker("言語を変えたい", intent="change_language"))
    assert len(messages[0]["buttons"]) >= 5 and "language" not in slots


def test_missing_index_still_gives_the_main_phone(tmp_path, monkeypatch, ward):
    monkeypatch.setattr(retrieval, "_retriever", None)
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "no-index"))
    messages, _ = run(ActionAnswerFaq(), tracker("住民票の写しがほしい"))
    assert ward.main_phone in texts(messages) and "申し訳ありません" in texts(messages)


def test_importing_actions_loads_no_model():
    """Sanic 25 crashes when torch is imported with the actions module: retrieval must load lazily."""
    code = "import sys, actions; bad = {'torch', 'knowledge.search', 'faiss'} & set(sys.modules); print(sorted(bad))"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def demoted_emergency(text: str) -> Tracker:
    """What bot/intent_guard.py sends when DIET alone read `emergency`: ask_faq, emergency second."""
    trk = tracker(text)
    trk.latest_message["intent_ranking"] = [{"name": "ask_faq", "confidence": 0.97},
                                            {"name": "emergency", "confidence": 0.97}]
    return trk


def test_emergency_second_in_an_ordinary_ranking_adds_no_119_line(real_index):
    trk = tracker("粗大ごみの申し込み方法を教えてください")
    trk.latest_message["intent_ranking"] = [{"name": "ask_faq", "confidence": 0.81},
                                            {"name": "emergency", "confidence": 0.12}]
    messages, _ = run(ActionAnswerFaq(), trk)
    assert TEXTS["ja"]["emergency_caveat"] not in texts(messages)


def test_diet_only_emergency_gets_the_119_line_and_still_its_answer(real_index):
    query = "粗大ごみの申し込み方法を教えてください"
    messages, _ = run(ActionAnswerFaq(), demoted_emergency(query))
    assert messages[0]["text"] == TEXTS["ja"]["emergency_caveat"]
    assert any(c["type"] == "faq_answer" for c in customs(messages))


def test_diet_only_emergency_without_an_answer_gets_the_full_guidance(real_index):
    query = first_query_with(real_index, "fallback", ["ドアの外に誰かいる気がする", "へんな音がずっとしている、こわい", "もうだめかもしれない"])
    messages, _ = run(ActionAnswerFaq(), demoted_emergency(query))
    kinds = [c["type"] for c in customs(messages)]
    assert kinds[0] == "emergency" and "119" in texts(messages)


def test_a_matter_someone_else_handles_names_who(real_index, ward):
    messages, _ = run(ActionAnswerFaq(), tracker("パスポートを新しく作りたいのですが"))
    redirect = next(c for c in customs(messages) if c["type"] == "faq_redirect")
    assert redirect["redirect"] == "passport" and "旅券課" in texts(messages)
    assert ward.main_phone in texts(messages)
    assert not any(c["type"] == "faq_answer" for c in customs(messages))


@pytest.mark.parametrize("action, intent, query", [
    (ActionHandoff(), "ask_human", "粗大ごみの申し込み方法を教えてください"),
    (ActionRepeat(), "repeat", "粗大ごみの申し込み方法を教えてください"),
    (ActionChangeLanguage(), "change_language", "Please answer in English. How do I apply for oversized garbage collection?"),
])
def test_a_procedure_question_misread_by_nlu_still_gets_its_answer(real_index, action, intent, query):
    messages, _ = run(action, tracker(query, intent=intent))
    answer = next(c for c in customs(messages) if c["type"] == "faq_answer")
    assert real_index.entry(answer["faq_id"]).section.key == "sodaigomi"


def test_small_talk_stays_small_talk():
    from actions.smalltalk import ActionGreet

    messages, _ = run(ActionGreet(), tracker("こんにちは、よろしくお願いします", intent="greet"))
    assert texts(messages) == TEXTS["ja"]["greet"]


def test_a_question_read_as_bot_challenge_gets_the_sections_number_and_the_trained_phrasings_get_the_reply(
        real_index):
    """DIET takes some unseen questions for bot_challenge; without a word asking who answers, the
    message is answered as any question (here: no answer, so the fallback with its phone number)."""
    import yaml

    from actions.smalltalk import ASKS_WHO_RE, ActionIamabot

    miss = first_query_with(real_index, "fallback", ["しゃこしょうめいってどこでとるんだっけ",
                                                     "ふつうしゃのじどうしゃぜいのはらいかたがわからない"])
    messages, slots = run(ActionIamabot(), tracker(miss, intent="bot_challenge"))
    assert [c["type"] for c in customs(messages)] == ["faq_fallback"] and slots["fallback_count"] == 1.0, messages
    messages, _ = run(ActionIamabot(), tracker("あなたはロボットですか", intent="bot_challenge"))
    assert texts(messages) == TEXTS["ja"]["iamabot"]
    files = [REPO / "nlu_data" / "nlu.yml", *sorted((REPO / "nlu_data" / "lang").glob("*.yml"))]
    trained = [line.strip()[2:] for f in files for item in yaml.safe_load(f.read_text(encoding="utf-8"))["nlu"]
               if item.get("intent") == "bot_challenge" for line in item["examples"].splitlines() if line.strip()]
    assert len(trained) > 90 and [t for t in trained if not ASKS_WHO_RE.search(t)] == []
