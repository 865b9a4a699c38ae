"""The LINE bridge (bot/line) end to end: signed webhook requests in, the real Rasa stack and
action server, and the production SDK client out to a local stand-in of the Messaging API
(tests/line_standin.py) that validates every request with the SDK's models."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import httpx
import pytest

from line_standin import TOKEN, StandIn
from support import serve_app, start_rasa_stack

pytestmark = [pytest.mark.slow, pytest.mark.rasa]

SECRET = "test-channel-secret"
USER = "U" + "4af4980629" * 3 + "ab"  # a LINE user id's shape


@pytest.fixture(scope="module")
def rasa(sample_index, tmp_path_factory):
    stack = start_rasa_stack(sample_index, tmp_path_factory.mktemp("line"))
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def standin():
    return StandIn()


@pytest.fixture(scope="module")
def line_api(standin):
    yield from serve_app(standin.app())


@pytest.fixture(scope="module")
def bridge(rasa, line_api):
    from bot.line.bridge import create_app
    from knowledge.settings import Settings, current

    cfg = Settings(**{**current().__dict__, "line_secret": SECRET, "line_token": TOKEN, "line_api": line_api,
                      "line_data_api": line_api, "rasa_url": rasa.webhook})
    app = create_app(cfg)
    for url in serve_app(app):
        yield url, app


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


_n = [0]


def event(kind: str, **fields) -> dict:
    _n[0] += 1
    base = {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000), "webhookEventId": f"01H{_n[0]:023d}",
            "deliveryContext": {"isRedelivery": False}, "source": {"type": "user", "userId": fields.pop("user", USER)}}
    if kind != "unfollow":
        base["replyToken"] = fields.pop("replyToken", f"token-{_n[0]}")
    return {**base, **fields}


def text_event(text: str, **kw) -> dict:
    return event("message", message={"type": "text", "id": f"m{_n[0]}", "quoteToken": "q", "text": text}, **kw)


def post(bridge, events: list[dict], signature: str | None = "sign", body: bytes | None = None) -> httpx.Response:
    url, _ = bridge
    raw = body if body is not None else json.dumps({"destination": "Ubot", "events": events}, ensure_ascii=False).encode()
    headers = {"content-type": "application/json"}
    if signature == "sign":
        headers["x-line-signature"] = sign(raw)
    elif signature is not None:
        headers["x-line-signature"] = signature
    return httpx.post(f"{url}/line/webhook", content=raw, headers=headers, timeout=30)


def delivered(standin, bridge, count_before: int, n: int = 1, timeout: float = 90) -> list[dict]:
    """The requests the bridge sent to LINE since `count_before`, once `n` events have been handled."""
    _, app = bridge
    deadline = time.time() + timeout
    while time.time() < deadline and len(app.state.outcomes) < count_before + n:
        time.sleep(0.2)
    assert len(app.state.outcomes) >= count_before + n, app.state.outcomes
    return app.state.outcomes[count_before:]


def last_sent(standin, kind: str = "reply") -> dict:
    return standin.sent(kind)[-1]["body"]


def all_text(body: dict) -> str:
    return "\n".join(m.get("text") or m.get("altText") or "" for m in body["messages"])


def test_only_a_valid_signature_is_processed(bridge, standin):
    _, app = bridge
    before, sent_before = len(app.state.outcomes), len(standin.sent())
    body = json.dumps({"destination": "Ubot", "events": [text_event("住民票")]}, ensure_ascii=False).encode()
    assert post(bridge, [], signature=None, body=body).status_code == 401
    assert post(bridge, [], signature=sign(body, "another-secret"), body=body).status_code == 401
    altered = body.replace("住民票".encode(), "印鑑登録".encode())  # the signature of the original body
    assert post(bridge, [], signature=sign(body), body=altered).status_code == 401
    assert post(bridge, [], signature="not base64!", body=body).status_code == 401
    time.sleep(1)
    assert len(app.state.outcomes) == before and len(standin.sent()) == sent_before  # nothing processed
    assert post(bridge, [], signature=sign(b'{"destination":"U","events":[]}'),
                body=b'{"destination":"U","events":[]}').status_code == 200  # LINE's verify request


def test_a_question_gets_the_answer_as_a_flex_card_with_a_call_button(bridge, standin, sample_retriever):
    _, app = bridge
    n = len(app.state.outcomes)
    token = standin.issue_token("tok-answer")
    assert post(bridge, [text_event("粗大ごみの申し込み方法を教えてください", replyToken=token)]).status_code == 200
    assert delivered(standin, bridge, n) == ["reply"]
    body = last_sent(standin)
    assert body["replyToken"] == token
    flex = [m for m in body["messages"] if m["type"] == "flex"]
    assert flex, body
    card = json.dumps(flex[0]["contents"], ensure_ascii=False)
    assert "tel:" in card and "粗大ごみ" in card, card
    # the quick replies of 解決しましたか？ are postbacks
    quick = body["messages"][-1].get("quickReply", {}).get("items", [])
    assert quick and all(i["action"]["type"] == "postback" for i in quick), body["messages"][-1]


def test_an_ambiguous_question_offers_quick_replies_and_a_postback_answers_one(bridge, standin):
    _, app = bridge
    n = len(app.state.outcomes)
    post(bridge, [text_event("ごみ", replyToken=standin.issue_token("tok-clarify"), user="U" + "1" * 32)])
    delivered(standin, bridge, n)
    items = last_sent(standin)["messages"][-1]["quickReply"]["items"]
    assert len(items) >= 2 and all(len(i["action"]["label"]) <= 20 for i in items)
    data = items[1]["action"]["data"]
    assert data.startswith("/ask_faq")
    post(bridge, [event("postback", postback={"data": data}, replyToken=standin.issue_token("tok-pick"),
                        user="U" + "1" * 32)])
    delivered(standin, bridge, n + 1)
    picked = json.loads(data[len("/ask_faq"):])["faq_id"]
    assert any(m["type"] == "flex" for m in last_sent(standin)["messages"]), (picked, last_sent(standin))


def test_a_follower_is_greeted_with_the_languages_and_a_chosen_language_sticks(bridge, standin):
    from knowledge.texts import TEXTS

    _, app = bridge
    user = "U" + "2" * 32
    n = len(app.state.outcomes)
    post(bridge, [event("follow", follow={"isUnblocked": False}, replyToken=standin.issue_token("tok-follow"), user=user)])
    delivered(standin, bridge, n)
    body = last_sent(standin)
    labels = [i["action"]["label"] for i in body["messages"][-1]["quickReply"]["items"]]
    assert "English" in labels and "Tiếng Việt" in labels and len(labels) == 10, labels
    english = next(i for i in body["messages"][-1]["quickReply"]["items"] if i["action"]["label"] == "English")
    post(bridge, [event("postback", postback={"data": english["action"]["data"]},
                        replyToken=standin.issue_token("tok-en"), user=user)])
    delivered(standin, bridge, n + 1)
    assert TEXTS["en"]["language_set"] in all_text(last_sent(standin))
    post(bridge, [text_event("ごみ", replyToken=standin.issue_token("tok-en2"), user=user)])
    delivered(standin, bridge, n + 2)
    assert TEXTS["en"]["clarify"] in all_text(last_sent(standin)), last_sent(standin)  # still English


def test_a_sticker_gets_please_type_and_an_expired_token_a_push(bridge, standin):
    _, app = bridge
    n = len(app.state.outcomes)
    post(bridge, [event("message", message={"type": "sticker", "id": "s1", "quoteToken": "q", "packageId": "446",
                                            "stickerId": "1988", "stickerResourceType": "STATIC"},
                        replyToken=standin.issue_token("tok-sticker"))])
    delivered(standin, bridge, n)
    assert "文字で入力" in all_text(last_sent(standin))
    pushes = len(standin.sent("push"))
    post(bridge, [text_event("住民票の写しがほしい", replyToken="expired-token")])  # never issued: LINE says 400
    assert delivered(standin, bridge, n + 1)[-1] == "push"  # refused as a reply, then pushed
    assert standin.sent("refused_reply")[-1]["body"]["replyToken"] == "expired-token"
    assert len(standin.sent("push")) == pushes + 1 and last_sent(standin, "push")["to"] == USER
    assert standin.sent("invalid") == []  # every request the SDK client sent passed the SDK's models


def test_the_line_user_id_never_reaches_rasa(bridge, rasa):
    from bot.line.bridge import pseudonym

    tracker = (rasa.logdir / "tracker.db")
    data = tracker.read_bytes() if tracker.exists() else b""
    logs = b"".join(p.read_bytes() for p in rasa.logdir.glob("*.log"))
    assert USER.encode() not in data and USER.encode() not in logs
    assert pseudonym(SECRET, USER).encode() in data or not data
