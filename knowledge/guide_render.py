"""How a guide's checklist is shown: the widget's payload, text for text channels and the phone, and
the printable page. Every procedure's counter, hours, documents, fee and link come from its entry
(knowledge/render.py), in the resident's language; the guide adds only the deadline and its notes.
"""
from __future__ import annotations

import datetime as dt
import html

from .guides import Guide, Item, by_counter, text_in
from .languages import content_lang
from .render import _content, section_of
from .texts import text

_WEEKDAYS_JA = "月火水木金土日"


def date_text(day: dt.date, lang: str) -> str:
    """A deadline as residents read dates: 2026年4月11日（土） in Japanese, ISO elsewhere (unambiguous)."""
    if content_lang(lang) == "ja":
        return f"{day.year}年{day.month}月{day.day}日（{_WEEKDAYS_JA[day.weekday()]}）"
    return day.isoformat()


def deadline_text(item: Item, guide: Guide, lang: str) -> str | None:
    if item.deadline is not None:
        key = "guide_deadline_before" if item.before else "guide_deadline"
        return text(lang, key, date=date_text(item.deadline, lang))
    rule = item.deadline_rule
    if rule is not None and rule.days and not rule.before:
        anchor = guide.question(rule.anchor)
        return text(lang, "guide_deadline_rule", days=rule.days,
                    anchor=text_in(anchor.text, lang).rstrip("？?") if anchor else rule.anchor)
    return None


def checklist_payload(guide: Guide, items: list[Item], entries_by_id: dict, lang: str, print_url: str,
                      change_payload: str) -> dict:
    """GuideChecklist's fields (bot/messages.py): the items grouped by counter, in the order to go."""
    groups = []
    for section_key, _counter, group in by_counter(items):
        first = entries_by_id[group[0].entry_id]
        sec = section_of(first, lang)
        rows = []
        for item in group:
            entry = entries_by_id[item.entry_id]
            question, _answer, documents, _note = _content(entry, lang)
            rows.append({
                "faq_id": entry.id, "title": question, "deadline": item.deadline.isoformat() if item.deadline else None,
                "deadline_text": deadline_text(item, guide, lang), "overdue": item.overdue, "online": item.online,
                "documents": list(documents), "fee": entry.fee, "url": entry.url,
                "notes": item.note_texts(lang) + ([text(lang, "guide_overdue")] if item.overdue else []),
            })
        groups.append({**sec, "items": rows})
    title = text_in(guide.title, lang)
    return {"guide": guide.id, "title": title, "message": text(lang, "guide_checklist", title=title),
            "groups": groups, "print_url": print_url, "print_label": text(lang, "guide_print"),
            "change_label": text(lang, "guide_change"), "change_payload": change_payload, "lang": lang}


def checklist_texts(payload: dict) -> list[str]:
    """One text per counter: where to go, then each procedure with its deadline, documents and fee."""
    lang = payload["lang"]
    out = []
    for n, g in enumerate(payload["groups"], 1):
        lines = [f"{n}. {g['name']}（{g['counter']}）", f"{text(lang, 'phone')}: {g['phone']} / {text(lang, 'hours')}: {g['hours']}"]
        for item in g["items"]:
            lines.append(f"■ {item['title']}")
            if item["deadline_text"]:
                lines.append(f"  {item['deadline_text']}")
            lines.extend(f"  ※{note}" for note in item["notes"])
            if item["documents"]:
                lines.append(f"  {text(lang, 'documents')}: " + "、".join(item["documents"]))
            if item["fee"]:
                lines.append(f"  {text(lang, 'fee')}: {item['fee']}")
            if item["online"]:
                lines.append(f"  {text(lang, 'guide_online')}" + (f": {item['url']}" if item["url"] else ""))
        out.append("\n".join(lines))
    return out


def print_page(payload: dict, qr_svg: str = "") -> str:
    """The printable checklist: a self-contained page (no script, no external resource, no login)."""
    lang = payload["lang"]
    e = html.escape
    parts = [f"<!doctype html><html lang=\"{e(lang)}\"><head><meta charset=\"utf-8\">",
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
             f"<title>{e(payload['title'])}</title><style>",
             "body{font-family:sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;line-height:1.6;color:#111}",
             "h1{font-size:1.4rem}h2{font-size:1.15rem;border-bottom:2px solid #333;margin-top:1.5rem}",
             "li{margin:.5rem 0}.deadline{font-weight:bold}.overdue{color:#a00000}.qr{float:right;width:8rem}",
             "@media print{.qr{width:6rem}a{color:#000}}</style></head><body><main>",
             f"<h1>{e(payload['title'])}</h1>"]
    if qr_svg:
        parts.append(f"<div class=\"qr\" role=\"img\" aria-label=\"QR: {e(payload['print_url'])}\">{qr_svg}</div>")
    parts.append(f"<p>{e(payload['message'])}</p>")
    for n, g in enumerate(payload["groups"], 1):
        parts.append(f"<section><h2>{n}. {e(g['name'])}（{e(g['counter'])}）</h2>")
        parts.append(f"<p>{e(text(lang, 'phone'))}: <a href=\"tel:{e(g['phone'])}\">{e(g['phone'])}</a> / "
                     f"{e(text(lang, 'hours'))}: {e(g['hours'])}</p><ul>")
        for item in g["items"]:
            parts.append(f"<li><input type=\"checkbox\" aria-label=\"{e(item['title'])}\"> <strong>{e(item['title'])}</strong>")
            if item["deadline_text"]:
                cls = "deadline overdue" if item["overdue"] else "deadline"
                parts.append(f"<br><span class=\"{cls}\">{e(item['deadline_text'])}</span>")
            for note in item["notes"]:
                parts.append(f"<br>※{e(note)}")
            if item["documents"]:
                parts.append(f"<br>{e(text(lang, 'documents'))}: {e('、'.join(item['documents']))}")
            if item["fee"]:
                parts.append(f"<br>{e(text(lang, 'fee'))}: {e(item['fee'])}")
            if item["online"]:
                parts.append(f"<br>{e(text(lang, 'guide_online'))}")
            if item["url"]:
                parts.append(f"<br><a href=\"{e(item['url'])}\">{e(item['url'])}</a>")
            parts.append("</li>")
        parts.append("</ul></section>")
    parts.append("</main></body></html>")
    return "".join(parts)
