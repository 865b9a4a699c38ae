"""手続きナビ in the conversation (actions/guide.py), driven as Rasa drives a form: action_guide_start,
then for each message validate_guide_form and, while guide_step is empty, action_ask_guide_step;
when it is set, action_guide_checklist. Slots carry over from turn to turn as in the tracker store.
The guides and entries are the YAML's (no published index here)."""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import guide as g

SLOTS = {"language": "ja", "language_locked": False, "guide_id": None, "guide_answers": None,
         "guide_history": None, "guide_mode": None, "guide_step": None, "last_answer": None}


@pytest.fixture(autouse=True)
def yaml_release(tmp_path, monkeypatch):
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "no-index"))  # published.py reads knowledge/data
    monkeypatch.setattr(g, "today", lambda: dt.date(2026, 4, 1))
    from knowledge import published

    monkeypatch.setattr(published, "_cached", None)


class Conversation:
    def __init__(self, lang: str = "ja", channel: str | None = None) -> None:
        self.slots = {**SLOTS, "language": lang}
        self.channel = channel
        self.active = False
        self.log: list[list[dict]] = []

    def _tracker(self, text: str, intent: str, entities=()) -> Tracker:
        events = [{"event": "user", "text": text, "metadata": {"channel": self.channel}}] if self.channel else []
        return Tracker(sender_id="guide-test", slots=dict(self.slots),
                       latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9},
                                       "entities": list(entities)},
                       events=events, paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")

    def _run(self, action, trk: Tracker) -> list[dict]:
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, trk, {}))
        for e in events:
            if e["event"] == "slot":
                self.slots[e["name"]] = e["value"]
        return dispatcher.messages

    def say(self, text: str, intent: str = "nlu_fallback", entities=()) -> list[dict]:
        """One resident message: what the bot sends back, as Rasa would run the actions."""
        trk = self._tracker(text, intent, entities)
        out: list[dict] = []
        if not self.active:
            out += self._run(g.ActionGuideStart(), trk)
            self.active = True
        else:
            out += self._run(g.ValidateGuideForm(), trk)
        if self.slots["guide_step"] is None:
            out += self._run(g.ActionAskGuideStep(), self._tracker(text, intent, entities))
        if self.slots["guide_step"] is not None:  # the form ends
            self.active = False
            out += self._run(g.ActionGuideChecklist(), self._tracker(text, intent, entities))
        self.log.append(out)
        return out

    def start(self, text: str, **entities) -> list[dict]:
        return self.say(text, "start_guide", [{"entity": k, "value": v} for k, v in entities.items()])


def question_of(messages) -> dict | None:
    for m in messages:
        custom = m.get("custom") or {}
        if custom.get("type") == "guide_question":
            return custom
    return None


def checklist_of(messages) -> dict | None:
    return next((m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "guide_checklist"), None)


def test_moving_in_by_buttons_and_free_text_ends_with_a_checklist_by_counter():
    c = Conversation(channel="web")
    first = question_of(c.start("引っ越してきました、手続きを全部教えてください"))
    assert first and first["guide"] == "moving-in" and first["question"] == "from"
    assert "スキップ" not in first["message"] and {o["title"] for o in first["options"]} >= {"やめる", "わからない"}
    answers = {"from": "ほかの道府県", "moving_date": "先週の土曜日", "foreign_national": "いいえ", "household": "3人",
               "children_preschool": "1人", "children_school": "子どもは1人", "nursery": "はい", "dog": "はい",
               "insurance": "国民健康保険", "pension_national": "いいえ", "my_number_card": "はい",
               "elderly": "いいえ", "disability": "いいえ", "vehicle": "いいえ"}
    done = None
    for _ in range(20):
        q = question_of(c.log[-1])
        if q is None:
            done = checklist_of(c.log[-1])
            break
        c.say(answers.get(q["question"], "わからない"))
    assert done is not None, c.log[-1]
    ids = [i["faq_id"] for grp in done["groups"] for i in grp["items"]]
    assert "hikkoshi-001" in ids and "inu-003" in ids and len(ids) == len(set(ids))
    tennyu = next(i for grp in done["groups"] for i in grp["items"] if i["faq_id"] == "hikkoshi-001")
    assert tennyu["deadline"] == (dt.date.fromisoformat(c.slots["guide_answers"]["moving_date"])
                                  + dt.timedelta(days=14)).isoformat()
    assert done["print_url"].startswith("http") and "/webhooks/rest/guide/moving-in/" in done["print_url"]
    assert c.slots["guide_answers"]["children_school"] == 1 and c.slots["guide_answers"]["dog"] is True


def test_back_skip_stop_and_resume_keep_the_answers():
    c = Conversation()
    c.start("手続きナビ", guide="birth")
    c.say("2026-03-30")
    assert question_of(c.log[-1])["question"] != "birth_date"
    second = question_of(c.log[-1])["question"]
    c.say("戻る")
    assert question_of(c.log[-1])["question"] == "birth_date" and "birth_date" not in c.slots["guide_answers"]
    c.say("3月30日")
    c.say("わからない")
    # skipped (or its 「わからない」 choice), not lost
    assert c.slots["guide_answers"][second] in (None, "unsure")
    stopped = c.say("やめる")
    assert any("続き" in (m.get("text") or "") for m in stopped) and c.slots["guide_mode"] == "stopped"
    kept = dict(c.slots["guide_answers"])
    resumed = c.start("ナビの続きをしたい")
    assert c.slots["guide_answers"] == kept and question_of(resumed)["question"] not in kept


def test_changing_an_answer_asks_only_that_question_again():
    c = Conversation(lang="en", channel="web")
    c.start("guide", guide="marriage")
    for _ in range(12):
        q = question_of(c.log[-1])
        if q is None:
            break
        c.say({"marriage_date": "2026-05-10", "moving": "No move", "insurance": "2"}.get(q["question"], "No"))
    first = checklist_of(c.log[-1])
    assert first and first["lang"] == "en"
    which = question_of(c.start(first["change_label"], guide="marriage", change="*"))
    assert which["question"] == "change" and any(o["payload"].endswith('"change":"name_change"}') for o in which["options"])
    again = question_of(c.say("/start_guide", "start_guide", [{"entity": "guide", "value": "marriage"},
                                                              {"entity": "change", "value": "name_change"}]))
    assert again["question"] == "name_change"
    c.say("Yes")
    while (q := question_of(c.log[-1])) is not None:  # the questions that only apply now (ask_if)
        c.say("No")
    assert checklist_of(c.log[-1]) is not None and c.slots["guide_answers"]["name_change"] is True


def test_an_emergency_during_the_guide_gets_119_and_stops_it():
    c = Conversation()
    c.start("手続きナビ", guide="moving-out")
    out = c.say("火事です！")
    assert any("119" in (m.get("text") or "") for m in out) and c.slots["guide_mode"] == "stopped"
    assert checklist_of(out) is None


def test_an_unclear_answer_is_asked_again_with_a_hint():
    c = Conversation()
    c.start("手続きナビ", guide="childcare")
    q = question_of(c.log[-1])
    out = c.say("うーん")
    assert "わかりませんでした" in " ".join(m.get("text") or "" for m in out)
    assert question_of(out)["question"] == q["question"]


def test_a_request_naming_no_guide_offers_the_guides():
    c = Conversation()
    pick = question_of(c.start("手続きナビを使いたい"))
    assert pick["question"] == "guide" and len([o for o in pick["options"] if "/start_guide" in o["payload"]]) == 7
    chosen = question_of(c.say("/start_guide", "start_guide", [{"entity": "guide", "value": "death"}]))
    assert chosen["guide"] == "death"


def test_a_text_channel_gets_the_checklist_one_counter_at_a_time_with_the_printable_link():
    c = Conversation()  # REST without metadata, the phone line: text and buttons
    c.start("手続きナビ", guide="moving-within")
    while (q := question_of(c.log[-1])) is not None:  # the marker beside the text names the question
        assert q["qtype"] and "message" not in q  # what a person reads is in the text, not the marker
        c.say({"date": "4月5日", "number": "1人"}.get(q["qtype"], "はい" if q["qtype"] == "yesno" else "1"))
    out = c.log[-1]
    texts = [m.get("text") or "" for m in out]
    counters = [t for t in texts if t[:2].rstrip(".").isdigit()]
    assert counters and all("■" in t for t in counters), texts
    assert "/webhooks/rest/guide/moving-within/" in texts[-1]
    assert out[-1]["buttons"][0]["payload"].startswith("/start_guide")


@pytest.mark.parametrize("n, lang", enumerate(["ja-easy", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl"]))
def test_a_guide_can_be_answered_by_typing_in_each_language(n, lang):
    """A guide to its checklist in the resident's language (each guide in one language or two),
    every answer typed as the words its button shows (so each language's yes/no and choice words
    are understood), dates as ISO."""
    from knowledge.published import published_guides

    guides = published_guides()
    for guide in [guides[n % len(guides)]]:
        c = Conversation(lang=lang, channel="web")
        c.start("/start_guide", guide=guide.id)
        for _ in range(20):
            q = question_of(c.log[-1])
            if q is None:
                break
            assert q["guide"] == guide.id and q["message"], (lang, q)
            if q["qtype"] == "date":
                c.say("2026-03-25")
            elif q["qtype"] == "number":
                c.say("1")
            else:  # the first answer's words (not the controls after the answers)
                c.say(q["options"][0]["title"])
                assert question_of(c.log[-1]) is None or question_of(c.log[-1])["question"] != q["question"], \
                    (lang, guide.id, q["question"], q["options"][0]["title"], c.log[-1])
        done = checklist_of(c.log[-1])
        assert done is not None and done["lang"] == lang, (lang, guide.id, c.log[-1])
        assert done["groups"] and all(i["title"] for grp in done["groups"] for i in grp["items"])
