"""The FAQ entry model: what the ward says about one procedure, and who answers the phone for it."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

# The ward's languages besides Japanese (ISO 639-1; zh is simplified Chinese).
TRANSLATION_LANGS = ("en", "zh", "ko", "vi", "ne", "pt", "es", "tl")
STATUSES = ("draft", "published")


@dataclass(frozen=True)
class SectionText:
    """A section's name, counter and hours in one language."""

    name: str
    counter: str
    hours: str


@dataclass(frozen=True)
class Section:
    """A ward section (担当課): the one place a phone number, counter and hours are written."""

    key: str
    name: str
    phone: str
    counter: str
    hours: str
    translations: dict[str, SectionText] = field(default_factory=dict, compare=False)

    def text(self, lang: str = "ja") -> SectionText:
        """Name, counter and hours in `lang`, or in Japanese where that language is missing."""
        return self.translations.get(lang) or SectionText(self.name, self.counter, self.hours)

    # Shorthand the tests use.
    name_en = property(lambda self: self.text("en").name)


@dataclass(frozen=True)
class WardText:
    name: str
    main_hours: str
    address: str


@dataclass(frozen=True)
class Ward:
    name: str
    lg_code: str
    main_phone: str
    main_hours: str
    address: str
    url: str
    sections: dict[str, Section]
    translations: dict[str, WardText] = field(default_factory=dict, compare=False)

    def text(self, lang: str = "ja") -> WardText:
        return self.translations.get(lang) or WardText(self.name, self.main_hours, self.address)


@dataclass(frozen=True)
class Translation:
    question: str
    answer: str
    documents: tuple[str, ...] = ()
    # Other ways residents ask in this language: short, everyday phrasings next to the formal question.
    alt_questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    category: str
    question: str
    answer: str
    section: Section
    status: str = "published"
    updated: str = ""  # YYYY-MM-DD
    alt_questions: tuple[str, ...] = ()
    easy_answer: str = ""
    documents: tuple[str, ...] = ()
    fee: str | None = None
    url: str = ""
    counter_override: str | None = None
    hours_override: str | None = None
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def counter(self) -> str:
        return self.counter_override or self.section.counter

    @property
    def hours(self) -> str:
        return self.hours_override or self.section.hours

    @property
    def published(self) -> bool:
        return self.status == "published"

    def question_in(self, lang: str) -> str | None:
        if lang == "ja":
            return self.question
        tr = self.translations.get(lang)
        return tr.question if tr else None

    def to_dict(self) -> dict:
        """Plain data (section flattened to its key) for the index snapshot and the API."""
        d = dataclasses.asdict(self)
        d["section"] = self.section.key
        d["alt_questions"] = list(self.alt_questions)
        d["documents"] = list(self.documents)
        d["translations"] = {
            lang: {"question": t.question, "answer": t.answer, "documents": list(t.documents),
                   **({"alt_questions": list(t.alt_questions)} if t.alt_questions else {})}
            for lang, t in sorted(self.translations.items())
        }
        return d

    @classmethod
    def from_dict(cls, d: dict, sections: dict[str, Section]) -> "Entry":
        d = dict(d)
        d["section"] = sections[d["section"]]
        d["alt_questions"] = tuple(d.get("alt_questions") or ())
        d["documents"] = tuple(d.get("documents") or ())
        d["translations"] = {
            lang: Translation(t["question"], t["answer"], tuple(t.get("documents") or ()),
                              tuple(t.get("alt_questions") or ()))
            for lang, t in (d.get("translations") or {}).items()
        }
        return cls(**d)
