"""How an FAQ entry is shown: a readable text for any channel, and structured fields for the widget."""
from __future__ import annotations

from .furigana import ruby_segments
from .languages import EASY, LANGUAGES, content_lang
from .texts import text


def _content(entry, lang: str) -> tuple[str, str, tuple[str, ...], str | None]:
    """(question, answer, documents, note key) in the resident's language.

    An entry not yet translated into the resident's language is given in やさしい日本語 (the
    standard Japanese if it has none) followed by the English translation, and the note key names
    the sentence that says so in the resident's language.
    """
    if lang == EASY and entry.easy_answer:
        return entry.question, entry.easy_answer, tuple(entry.documents), None
    cl = content_lang(lang)
    if cl == "ja":
        return entry.question, entry.answer, tuple(entry.documents), None
    tr = entry.translations.get(cl)
    if tr is not None:
        return tr.question, tr.answer, tuple(tr.documents or entry.documents), None
    easy = entry.easy_answer or entry.answer
    en = entry.translations.get("en") if cl != "en" else None
    if en is not None:
        return en.question, f"{easy}\n\n{en.answer}", tuple(en.documents or entry.documents), "no_translation"
    return entry.question, easy, tuple(entry.documents), "no_translation_easy_only"


def question_of(entry, lang: str) -> str:
    return _content(entry, lang)[0]


def section_of(entry, lang: str) -> dict:
    """The answering section's name, phone, counter and hours (entry overrides applied)."""
    st = entry.section.text(content_lang(lang))
    translated = content_lang(lang) != "ja" and content_lang(lang) in entry.section.translations
    return {
        "key": entry.section.key,
        "name": st.name,
        "phone": entry.section.phone,
        # An entry's own counter/hours override is written in Japanese only.
        "counter": entry.counter if (entry.counter_override or not translated) else st.counter,
        "hours": entry.hours if (entry.hours_override or not translated) else st.hours,
    }


def answer_payload(entry, lang: str = "ja", decision: str = "answer", index_version: str = "") -> dict:
    """The structured answer the web widget renders (sent as a custom/json message)."""
    question, answer, documents, note = _content(entry, lang)
    payload = {
        "type": "faq_answer",
        "decision": decision,
        "faq_id": entry.id,
        "category": entry.category,
        "question": question,
        "answer": answer,
        "section": section_of(entry, lang),
        "documents": list(documents),
        "fee": entry.fee,
        "url": entry.url,
        "updated": entry.updated,
        "lang": lang,
        "index_version": index_version,
    }
    if note:
        payload["note"] = text(lang, note)
        payload["content_langs"] = [EASY, "en"] if note == "no_translation" else [EASY]
    if note or content_lang(lang) == "ja":  # Japanese text (ja, ja-easy or no translation)
        payload["ruby"] = ruby_segments(answer)  # furigana for the web widget's reading aid
    return payload


def answer_text(payload: dict) -> str:
    """The same answer as plain text, for channels that show only text (and for `repeat`)."""
    lang, sec = payload["lang"], payload["section"]
    lines = [payload["answer"], ""]
    lines.append(f"{text(lang, 'section')}: {sec['name']}")
    lines.append(f"{text(lang, 'phone')}: {sec['phone']}")
    lines.append(f"{text(lang, 'counter')}: {sec['counter']}")
    lines.append(f"{text(lang, 'hours')}: {sec['hours']}")
    if payload["documents"]:
        lines.append(f"{text(lang, 'documents')}:")
        lines.extend(f"・{d}" for d in payload["documents"])
    if payload["fee"]:
        lines.append(f"{text(lang, 'fee')}: {payload['fee']}")
    if payload["url"]:
        lines.append(f"{text(lang, 'url')}: {payload['url']}")
    if payload["updated"]:
        lines.append(f"（{text(lang, 'updated', date=payload['updated'])}）")
    return "\n".join(lines)


def resident_text(payload: dict) -> str:
    """The whole answer as a text-only channel shows it (the note on a missing translation first)."""
    body = answer_text(payload)
    return f"{payload['note']}\n{body}" if payload.get("note") else body


def previews(entry) -> list[dict]:
    """What residents are told in each language a resident can choose: the staff preview."""
    return [{"lang": lang, "name": name, "html_lang": content_lang(lang) if not payload.get("note") else "ja",
             "question": payload["question"], "text": resident_text(payload), "note": payload.get("note")}
            for lang, name in LANGUAGES.items() for payload in [answer_payload(entry, lang)]]


def clarify_buttons(entries, lang: str) -> list[dict]:
    """One button per candidate; its payload makes the next turn answer exactly that entry."""
    return [{"title": question_of(e, lang), "payload": f'/ask_faq{{"faq_id":"{e.id}"}}'} for e in entries]


def feedback_buttons(lang: str) -> list[dict]:
    return [{"title": text(lang, "yes_solved"), "payload": "/feedback_good"},
            {"title": text(lang, "no_solved"), "payload": "/feedback_bad"}]
