"""Rasa's replies (bot/messages.py, channel "line": the text form with whole payloads beside it) as
LINE message objects of line-bot-sdk v3, validated by the SDK's own models."""
from __future__ import annotations

from typing import Any, Iterable

from linebot.v3.messaging import (FlexContainer, FlexMessage, Message, PostbackAction, QuickReply,
                                  QuickReplyItem, TextMessage)

from bot.messages import Kind
from knowledge.languages import LANGUAGES
from knowledge.texts import text as ward_text

MAX_MESSAGES = 5       # per reply or push request (Messaging API)
MAX_QUICK = 13         # quick reply items
MAX_LABEL = 20         # a quick reply button's label
MAX_TEXT = 5000        # a text message
MAX_ALT = 400          # a Flex message's altText
MAX_DATA = 300         # a postback's data


def _cut(s: str, n: int) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def quick_reply(buttons: Iterable[dict]) -> QuickReply | None:
    """Buttons as postbacks: the payload goes back to Rasa as the message, the title shows in the chat."""
    items = [QuickReplyItem(action=PostbackAction(label=_cut(b["title"], MAX_LABEL), data=str(b["payload"])[:MAX_DATA],
                                                   displayText=_cut(b["title"], MAX_DATA)))
             for b in buttons if b.get("title") and b.get("payload")][:MAX_QUICK]
    return QuickReply(items=items) if items else None


def language_buttons() -> list[dict]:
    return [{"title": name, "payload": f'/change_language{{"language":"{code}"}}'} for code, name in LANGUAGES.items()]


def _row(label: str, value: str) -> dict:
    return {"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        {"type": "text", "text": label, "size": "sm", "color": "#555555", "flex": 2, "wrap": True},
        {"type": "text", "text": value, "size": "sm", "color": "#111111", "flex": 5, "wrap": True}]}


def answer_bubble(a: dict) -> dict:
    """A structured answer: the question, the ward's answer, the section with a call button, hours,
    documents, fee and the page's link (the same fields the web widget shows)."""
    lang, sec = a.get("lang") or "ja", a.get("section") or {}
    t = lambda key: ward_text(lang, key)  # noqa: E731
    facts = [_row(t("section"), sec["name"])] if sec.get("name") else []
    facts += [_row(t("counter"), sec["counter"])] if sec.get("counter") else []
    facts += [_row(t("hours"), sec["hours"])] if sec.get("hours") else []
    facts += [_row(t("fee"), a["fee"])] if a.get("fee") else []
    docs = [{"type": "text", "text": "・" + _cut(d, 200), "size": "sm", "wrap": True} for d in a.get("documents") or []]
    body = [{"type": "text", "text": _cut(a.get("note") + "\n" + a["answer"] if a.get("note") else a["answer"], 1800),
             "wrap": True, "size": "md"}]
    if facts:
        body += [{"type": "separator", "margin": "md"}, {"type": "box", "layout": "vertical", "spacing": "sm",
                                                          "margin": "md", "contents": facts}]
    if docs:
        body += [{"type": "text", "text": t("documents"), "size": "sm", "weight": "bold", "margin": "md"}, *docs]
    footer = []
    phone = "".join(c for c in str(sec.get("phone") or "") if c.isdigit())
    if phone:
        footer.append({"type": "button", "style": "primary", "height": "sm",
                       "action": {"type": "uri", "label": _cut(f"{t('phone')} {sec['phone']}", 40), "uri": f"tel:{phone}"}})
    if a.get("url", "") and str(a["url"]).startswith("https://"):
        footer.append({"type": "button", "style": "link", "height": "sm",
                       "action": {"type": "uri", "label": _cut(t("url"), 40), "uri": a["url"]}})
    bubble: dict[str, Any] = {
        "type": "bubble", "size": "mega",
        "header": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": _cut(a.get("question") or "", 300), "weight": "bold", "wrap": True}]},
        "body": {"type": "box", "layout": "vertical", "spacing": "sm", "contents": body},
    }
    if footer:
        bubble["footer"] = {"type": "box", "layout": "vertical", "spacing": "sm", "contents": footer}
    return bubble


def messages(replies: list[dict]) -> list[Message]:
    """One Rasa turn as at most five LINE messages; the last one carries the turn's buttons as quick
    replies (LINE shows quick replies only on the last message)."""
    out: list[Message] = []
    texts: list[str] = []
    buttons: list[dict] = []
    for r in replies:
        custom = r.get("custom") if isinstance(r.get("custom"), dict) else {}
        buttons += r.get("buttons") or []
        if custom.get("type") == Kind.ANSWER.value and custom.get("answer"):
            if texts:
                out.append(TextMessage(text=_cut("\n\n".join(texts), MAX_TEXT)))
                texts = []
            out.append(FlexMessage(altText=_cut(r.get("text") or custom["answer"], MAX_ALT),
                                   contents=FlexContainer.from_dict(answer_bubble(custom))))
        elif r.get("text"):
            texts.append(r["text"])
    if texts:
        out.append(TextMessage(text=_cut("\n\n".join(texts), MAX_TEXT)))
    if len(out) > MAX_MESSAGES:  # the overflow's texts join the fifth message
        head, rest = out[: MAX_MESSAGES - 1], out[MAX_MESSAGES - 1:]
        joined = "\n\n".join(m.text if isinstance(m, TextMessage) else m.alt_text for m in rest)
        out = head + [TextMessage(text=_cut(joined, MAX_TEXT))]
    if out and buttons:
        long_titles = [b for b in buttons if len(str(b.get("title", ""))) > MAX_LABEL]
        if long_titles and isinstance(out[-1], TextMessage):  # the whole titles, numbered, in the text
            listing = "\n".join(f"{i}. {b['title']}" for i, b in enumerate(buttons[:MAX_QUICK], 1))
            out[-1] = TextMessage(text=_cut(out[-1].text + "\n" + listing, MAX_TEXT))
            buttons = [{**b, "title": f"{i}. {b['title']}"} for i, b in enumerate(buttons, 1)]
        out[-1].quick_reply = quick_reply(buttons)
    return out
