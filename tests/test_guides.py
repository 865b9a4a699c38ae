"""手続きナビ: the guides as data (knowledge/data/guides, knowledge/guides.py), the checklist engine, free-text
answers in ten languages (knowledge/guide_answers.py), the printable page's answers token, and guides
carried in a staff release and read back at run time (knowledge/published.py)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from knowledge import guides as gd
from knowledge.guides import SKIP, GuideError, TokenError
from knowledge.kb import load_entries, load_ward
from knowledge.languages import LANGUAGES
from tests.support import SAMPLE_DATA

TODAY = dt.date(2026, 3, 20)  # a Friday
WARD = load_ward(SAMPLE_DATA)
ENTRIES = {e.id: e for e in load_entries(SAMPLE_DATA, WARD) if e.published}
GUIDES = gd.load_guides(SAMPLE_DATA)


def ids(items):
    return [i.entry_id for i in items]


# ---- the committed guides --------------------------------------------------------------------------------

SCHEMA = {  # /tmp/guides/questions.md, the answer schema the guides implement: id -> type, in order
    "moving-in": "from:choice moving_date:date foreign_national:yesno household:number children_preschool:number "
                 "children_school:number nursery:yesno dog:yesno insurance:choice pension_national:yesno "
                 "my_number_card:yesno elderly:yesno disability:yesno vehicle:yesno",
    "moving-out": "to:choice moving_date:date already_moved:yesno foreign_national:yesno children_preschool:number "
                  "children_school:number dog:yesno insurance:choice my_number_card:yesno elderly:yesno "
                  "disability:yesno big_garbage:yesno",
    "moving-within": "moving_date:date children_school:number children_preschool:number dog:yesno insurance:choice "
                     "my_number_card:yesno disability:yesno big_garbage:yesno",
    "birth": "birth_date:date insurance:choice foreign_national:yesno nursery:yesno pension_national:yesno",
    "death": "date_of_death:date insurance:choice pension:yesno care_insurance:yesno seal_registered:yesno "
             "my_number_card:yesno disability:yesno dog:yesno householder:yesno spouse:yesno",
    "marriage": "marriage_date:date foreign_national:yesno moving:choice name_change:yesno my_number_card:yesno "
                "insurance:choice seal_registered:yesno",
    "childcare": "start_date:date child_age:number facility:choice parental_leave:yesno sick_child:yesno "
                 "single_parent:yesno",
}
CHOICES = {("moving-in", "from"): ["tokyo", "other_prefecture", "abroad"],
           ("moving-out", "to"): ["tokyo", "other_prefecture", "abroad"],
           ("death", "insurance"): ["national", "late_elderly", "employer", "unsure"],
           ("marriage", "moving"): ["none", "within", "into", "out"],
           ("childcare", "facility"): ["licensed", "unlicensed", "temporary", "after_school"]}
ASK_IF = {("moving-in", "nursery"): {"children_preschool": {"min": 1}},
          ("marriage", "my_number_card"): {"name_change": True}, ("marriage", "seal_registered"): {"name_change": True}}


def test_the_committed_guides_implement_the_answer_schema_in_ten_languages():
    assert list(GUIDES) == ["moving-in", "moving-out", "moving-within", "birth", "death", "marriage", "childcare"]
    for gid, schema in SCHEMA.items():
        g = GUIDES[gid]
        assert [f"{q.id}:{q.type}" for q in g.questions] == schema.split(), gid
        for q in g.questions:
            assert set(q.text) == set(LANGUAGES), (gid, q.id)
            assert q.ask_if == ASK_IF.get((gid, q.id), {}), (gid, q.id)
            if q.type == "choice":
                want = CHOICES.get((gid, q.id), ["national", "employer", "unsure"])
                assert [c.value for c in q.choices] == want, (gid, q.id)
                assert all(set(c.label) == set(LANGUAGES) for c in q.choices)
        assert set(g.title) == set(g.intro) == set(LANGUAGES)
        assert g.procedures and all(p.entry in ENTRIES for p in g.procedures)


def test_the_guides_round_trip_through_plain_data():
    data = gd.guides_to_list(GUIDES)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    again = gd.guides_from_list(data, entry_ids=ENTRIES, sections=WARD.sections)
    assert again == GUIDES and gd.guides_to_list(again) == data
    assert gd.digest(data) == gd.digest(gd.guides_to_list(again)) and gd.digest([]) is None


# ---- validation: file:line: field: reason ------------------------------------------------------------------

def _langs(text: str) -> str:
    return "{" + ", ".join(f"{lang}: {text}" for lang in LANGUAGES) + "}"


TINY_GUIDE = f"""\
id: tiny-guide
title: {_langs("Tiny")}
intro: {_langs("Tiny intro")}
questions:
  - id: moving_date
    type: date
    text: {_langs("When")}
  - id: where
    type: choice
    text: {_langs("Where")}
    choices:
      - value: near
        label: {_langs("Near")}
      - value: far
        label: {_langs("Far")}
  - id: big
    type: yesno
    ask_if: {{where: near}}
    text: {_langs("Big garbage")}
procedures:
  - entry: tiny-001
    deadline: {{from: moving_date, days: 14}}
  - entry: tiny-002
    when: {{big: true}}
"""


def _write_guide(data_dir, text: str, name: str = "tiny-guide"):
    (data_dir / "guides").mkdir(exist_ok=True)
    path = data_dir / "guides" / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_guide_loads(tiny_kb):
    _write_guide(tiny_kb, TINY_GUIDE)
    g = gd.load_guides(tiny_kb)["tiny-guide"]
    assert [q.id for q in g.questions] == ["moving_date", "where", "big"]
    assert g.procedures[0].deadline == gd.Deadline("moving_date", 14)
    assert g.question("big").ask_if == {"where": "near"}


@pytest.mark.parametrize("old, new, marker, field, reason", [
    ("entry: tiny-002", "entry: tiny-099", "entry: tiny-099", "procedures[1].entry", "unknown entry 'tiny-099'"),
    ("entry: tiny-002", "entry: tiny-003", "entry: tiny-003", "procedures[1].entry", "no published entry"),  # a draft
    ("when: {big: true}", "when: {size: true}", "when: {size", "procedures[1].when.size", "unknown question 'size'"),
    ("ask_if: {where: near}", "ask_if: {big: true}", "ask_if: {big", "questions.big.ask_if.big",
     "only earlier questions"),
    ("type: yesno", "type: boolean", "type: boolean", "questions.big.type", "'boolean' is not one of yesno"),
    ("ask_if: {where: near}", "ask_if: {where: nearby}", "ask_if: {where: nearby", "questions.big.ask_if.where",
     "'nearby' is not a choice of where (near, far)"),
    ("when: {big: true}", "when: {big: 1}", "when: {big: 1", "procedures[1].when.big", "must be true or false"),
    ("when: {big: true}", "when: {moving_date: 2026-04-01}", "when: {moving_date", "procedures[1].when.moving_date",
     "is a date: use {min_days_ago: N}"),
    ("deadline: {from: moving_date, days: 14}", "deadline: {from: where, days: 14}", "deadline: {from: where",
     "procedures[0].deadline.from", "must be a date question of this guide (moving_date)"),
    ("deadline: {from: moving_date, days: 14}", "deadline: {from: moving_date, days: -3}", "days: -3",
     "procedures[0].deadline.days", "≥ 0"),
    ("id: tiny-guide", "id: other-guide", "id: other-guide", "id", "must match the file name (tiny-guide.yml)"),
    ("id: big\n", "id: big\n    colour: red\n", "colour: red", "questions.big.colour", "unknown field"),
])
def test_each_kind_of_mistake_is_reported_where_it_is(tiny_kb, old, new, marker, field, reason):
    assert old in TINY_GUIDE
    text = TINY_GUIDE.replace(old, new, 1)
    path = _write_guide(tiny_kb, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if marker in row)
    with pytest.raises(GuideError) as e:
        gd.load_guides(tiny_kb)
    shown = [str(p) for p in e.value.problems]
    assert any(s.startswith(f"{path}:{line}: {field}: ") and reason in s for s in shown), shown


def test_missing_language_text_is_named(tiny_kb):
    no_tl = "{" + ", ".join(f"{lang}: Big garbage" for lang in LANGUAGES if lang != "tl") + "}"
    text = TINY_GUIDE.replace(f"text: {_langs('Big garbage')}", f"text: {no_tl}")
    path = _write_guide(tiny_kb, text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "text: {ja: Big garbage" in row)
    with pytest.raises(GuideError) as e:
        gd.load_guides(tiny_kb)
    assert f"{path}:{line}: questions.big.text: missing tl" in [str(p) for p in e.value.problems]


def test_a_number_that_differs_between_languages_is_refused(tiny_kb):
    note = "{" + ", ".join(f"{lang}: 手数料は{300 if lang != 'vi' else 350}円" for lang in LANGUAGES) + "}"
    text = TINY_GUIDE.replace("    when: {big: true}\n", f"    when: {{big: true}}\n    note: {note}\n")
    _write_guide(tiny_kb, text)
    with pytest.raises(GuideError) as e:
        gd.load_guides(tiny_kb)
    assert any("procedures[1].note.vi: numbers differ from ja" in str(p) for p in e.value.problems)


def test_every_problem_of_a_file_is_reported_at_once(tiny_kb):
    text = TINY_GUIDE.replace("entry: tiny-002", "entry: tiny-099").replace("type: yesno", "type: bool")
    _write_guide(tiny_kb, text)
    with pytest.raises(GuideError) as e:
        gd.load_guides(tiny_kb)
    fields = {p.field for p in e.value.problems}
    assert {"procedures[1].entry", "questions.big.type"} <= fields


def test_no_guides_directory_means_no_guides(tiny_kb):
    assert gd.load_guides(tiny_kb) == {}


# ---- next_question and ask_if ---------------------------------------------------------------------------------

def test_next_question_follows_the_order_and_honours_ask_if():
    g = GUIDES["moving-in"]
    answers: dict = {}
    asked = []
    script = {"from": "tokyo", "moving_date": "2026-03-15", "foreign_national": False, "household": 2,
              "children_preschool": 0, "children_school": 1, "dog": False, "insurance": "employer",
              "pension_national": False, "my_number_card": True, "elderly": False, "disability": False, "vehicle": False}
    while (q := gd.next_question(g, answers)) is not None:
        asked.append(q.id)
        answers[q.id] = script[q.id]
    assert "nursery" not in asked and asked[0] == "from" and len(asked) == len(g.questions) - 1
    # with a preschool child, or an unknown number of them, the nursery question is asked
    assert gd.next_question(g, {**{k: script[k] for k in asked[:6]}, "children_preschool": 1}).id == "nursery"
    assert gd.next_question(g, {**{k: script[k] for k in asked[:6]}, "children_preschool": None}).id == "nursery"


def test_a_skipped_question_is_not_asked_again_and_a_changed_answer_drops_what_no_longer_applies():
    g = GUIDES["marriage"]
    answers = {"marriage_date": None, "foreign_national": False, "moving": "none", "name_change": True}
    assert gd.next_question(g, answers).id == "my_number_card"
    answers.update(my_number_card=True, insurance="employer", seal_registered=True)
    assert gd.next_question(g, answers) is None
    changed = {**answers, "name_change": False}  # the resident went back and changed it
    assert gd.applicable(g, changed) == {"marriage_date": None, "foreign_national": False, "moving": "none",
                                         "name_change": False, "insurance": "employer"}
    assert not {"mynumber-014", "juminhyo-021"} & set(ids(gd.checklist(g, changed, ENTRIES, TODAY, WARD)))


# ---- free-text answers ----------------------------------------------------------------------------------------

Q = {q.id: q for q in GUIDES["moving-in"].questions}
YESNO = [("はい", "ja", True), ("飼っていません", "ja", False), ("わからない", "ja", SKIP), ("いない", "ja-easy", False),
         ("yes", "en", True), ("No, we don't", "en", False), ("not sure", "en", SKIP),
         ("有", "zh", True), ("没有", "zh", False), ("不知道", "zh", SKIP),
         ("네", "ko", True), ("없어요", "ko", False), ("모르겠어요", "ko", SKIP),
         ("Có", "vi", True), ("không có", "vi", False), ("không biết", "vi", SKIP), ("khong", "vi", False),
         ("हो", "ne", True), ("छैन", "ne", False), ("थाहा छैन", "ne", SKIP),
         ("Sim", "pt", True), ("Não", "pt", False), ("não sei", "pt", SKIP), ("tenho um cachorro no apartamento", "pt", True),
         ("Sí", "es", True), ("No", "es", False), ("no sé", "es", SKIP),
         ("Oo", "tl", True), ("Wala", "tl", False), ("hindi ko alam", "tl", SKIP),
         ("yes", "vi", True), ("犬のこと", "ja", None), ("maybe later", "en", SKIP), ("🐶", "en", None)]
NUMBERS = [("子どもは2人", "ja", 2), ("２人", "ja", 2), ("二人です", "ja", 2), ("ふたり", "ja-easy", 2), ("いません", "ja", 0),
           ("1人もいません", "ja", 0), ("two", "en", 2), ("none", "en", 0), ("3 kids", "en", 3), ("两个", "zh", 2),
           ("没有", "zh", 0), ("3명", "ko", 3), ("두 명", "ko", 2), ("한 명도 없어요", "ko", 0), ("hai đứa", "vi", 2),
           ("दुई जना", "ne", 2), ("२", "ne", 2), ("dois", "pt", 2), ("nenhum", "pt", 0), ("dos hijos", "es", 2),
           ("dalawang anak", "tl", 2), ("wala", "tl", 0), ("わからない", "ja", SKIP), ("たくさん", "ja", None)]
DATES = [("来月10日", "ja", "2026-04-10"), ("4月1日", "ja", "2026-04-01"), ("2026-04-01", "en", "2026-04-01"),
         ("明日", "ja", "2026-03-21"), ("あした", "ja-easy", "2026-03-21"), ("昨日", "ja", "2026-03-19"),
         ("next Monday", "en", "2026-03-23"), ("来週の金曜日", "ja", "2026-03-27"), ("今月末", "ja", "2026-03-31"),
         ("四月一日", "ja", "2026-04-01"), ("令和8年4月1日", "ja", "2026-04-01"), ("3日後", "ja", "2026-03-23"),
         ("in 3 days", "en", "2026-03-23"), ("April 1st", "en", "2026-04-01"), ("4/1", "en", "2026-04-01"),
         ("1/4", "es", "2026-04-01"), ("1/4", "vi", "2026-04-01"), ("25/12", "en", "2025-12-25"),
         ("下个月10号", "zh", "2026-04-10"), ("下周一", "zh", "2026-03-23"), ("明天", "zh", "2026-03-21"),
         ("4월 1일", "ko", "2026-04-01"), ("다음 달 10일", "ko", "2026-04-10"), ("내일", "ko", "2026-03-21"),
         ("ngày 1 tháng 4", "vi", "2026-04-01"), ("thứ hai tuần sau", "vi", "2026-03-23"), ("ngày mai", "vi", "2026-03-21"),
         ("भोलि", "ne", "2026-03-21"), ("अप्रिल 1", "ne", "2026-04-01"), ("amanhã", "pt", "2026-03-21"),
         ("1 de abril", "pt", "2026-04-01"), ("próxima segunda", "pt", "2026-03-23"), ("mañana", "es", "2026-03-21"),
         ("el próximo lunes", "es", "2026-03-23"), ("bukas", "tl", "2026-03-21"), ("Abril 1", "tl", "2026-04-01"),
         ("sa susunod na Lunes", "tl", "2026-03-23"), ("10日", "ja", "2026-03-10"), ("まだ決まっていない", "ja", SKIP),
         ("そのうち", "ja", None)]
CHOICE = [("1", "ja", "tokyo"), ("2番", "ja", "other_prefecture"), ("二番", "ja", "other_prefecture"), ("海外", "ja", "abroad"),
          ("大阪から", "ja", "other_prefecture"), ("京都", "ja", "other_prefecture"), ("東京都の八王子", "ja", "tokyo"),
          ("the second", "en", "other_prefecture"), ("from Osaka", "en", "other_prefecture"), ("3", "en", "abroad"),
          ("国外", "zh", "abroad"), ("해외", "ko", "abroad"), ("nước ngoài", "vi", "abroad"), ("विदेश", "ne", "abroad"),
          ("exterior", "pt", "abroad"), ("el extranjero", "es", "abroad"), ("ibang bansa", "tl", "abroad"),
          ("abroad", "ja", "abroad"), ("5", "ja", None), ("わからない", "ja", SKIP)]


@pytest.mark.parametrize("text, lang, want", YESNO)
def test_yes_no_in_ten_languages(text, lang, want):
    assert gd.parse_answer(Q["dog"], text, lang, TODAY) == want


@pytest.mark.parametrize("text, lang, want", NUMBERS)
def test_numbers_in_ten_languages(text, lang, want):
    assert gd.parse_answer(Q["children_school"], text, lang, TODAY) == want


@pytest.mark.parametrize("text, lang, want", DATES)
def test_dates_relative_to_today_in_ten_languages(text, lang, want):
    assert gd.parse_answer(Q["moving_date"], text, lang, TODAY) == want


@pytest.mark.parametrize("text, lang, want", CHOICE)
def test_choices_by_number_label_or_word(text, lang, want):
    assert gd.parse_answer(Q["from"], text, lang, TODAY) == want


def test_a_dont_know_answer_picks_the_unknown_choice_and_past_or_future_dates_follow_the_question():
    assert gd.parse_answer(Q["insurance"], "わからない", "ja", TODAY) == "unsure"
    assert gd.parse_answer(Q["insurance"], "会社の保険", "ja", TODAY) == "employer"
    birth = GUIDES["birth"].question("birth_date")
    assert gd.parse_answer(birth, "3月25日", "ja", TODAY) == "2025-03-25"  # a birth is in the past
    assert gd.parse_answer(birth, "月曜日", "ja", TODAY) == "2026-03-16"
    start = GUIDES["childcare"].question("start_date")
    assert gd.parse_answer(start, "3月1日", "ja", TODAY) == "2027-03-01"  # a start date is ahead
    assert gd.parse_answer(start, "来月から", "ja", TODAY) == "2026-04-01"
    age = GUIDES["childcare"].question("child_age")
    assert [gd.parse_answer(age, t, "ja", TODAY) for t in ("3歳", "6か月", "1歳6か月")] == [3, 0, 1]


# ---- the checklist ------------------------------------------------------------------------------------------

FAMILY = {"from": "other_prefecture", "moving_date": "2026-03-15", "foreign_national": False, "household": 4,
          "children_preschool": 1, "children_school": 1, "nursery": True, "dog": True, "insurance": "national",
          "pension_national": True, "my_number_card": True, "elderly": False, "disability": False, "vehicle": False}


def test_moving_in_with_two_children_and_a_dog_in_order_of_where_to_go():
    items = gd.checklist(GUIDES["moving-in"], FAMILY, ENTRIES, TODAY, WARD)
    groups = [(section, ids(group)) for section, _counter, group in gd.by_counter(items)]
    assert groups == [
        ("kumin", ["hikkoshi-001", "hikkoshi-013"]),  # 1st floor first: the moving-in notice
        ("mynumber", ["mynumber-014"]),
        ("kokuho", ["kokuho-002"]),
        ("kosodate", ["kosodate-006", "kosodate-009"]),
        ("hoiku", ["kosodate-016"]),
        ("seikatsu_eisei", ["inu-003"]),
    ]
    by = {i.entry_id: i for i in items}
    assert by["hikkoshi-001"].deadline == dt.date(2026, 3, 29) and not by["hikkoshi-001"].overdue
    assert by["kosodate-006"].deadline == dt.date(2026, 3, 30)  # 15 days for the child allowance
    assert by["mynumber-014"].deadline == dt.date(2026, 6, 13)
    assert by["hikkoshi-013"].deadline is None and by["hikkoshi-013"].deadline_rule is None
    assert by["kosodate-016"].online and by["inu-003"].online and not by["hikkoshi-001"].online
    assert not any(i.conditional for i in items)
    assert by["hikkoshi-001"].counter == ENTRIES["hikkoshi-001"].counter


def test_skipped_answers_keep_the_procedure_marked_if_it_applies():
    answers = {**FAMILY, "from": None, "insurance": "unsure", "dog": None, "moving_date": None}
    items = {i.entry_id: i for i in gd.checklist(GUIDES["moving-in"], answers, ENTRIES, TODAY, WARD)}
    for eid in ("hikkoshi-001", "hikkoshi-007", "kokuho-002", "inu-003", "inu-001"):
        assert items[eid].conditional, eid
        assert items[eid].note_texts("ja")[0] == gd.IF_APPLIES["ja"]
    assert "gaikokujin-001" not in items  # foreign_national is false: one false key drops it
    assert not items["kosodate-009"].conditional  # it depends on nothing skipped
    assert items["hikkoshi-001"].deadline is None and items["hikkoshi-001"].deadline_rule.days == 14


def test_an_answer_to_a_question_that_does_not_apply_is_ignored():
    answers = {**FAMILY, "children_preschool": 0}  # nursery: True is left over from before
    assert "kosodate-016" not in ids(gd.checklist(GUIDES["moving-in"], answers, ENTRIES, TODAY, WARD))


def test_death_puts_the_family_register_first_and_merges_rules_for_one_entry():
    answers = {"date_of_death": "2026-03-18", "insurance": "national", "pension": False, "care_insurance": True,
               "seal_registered": True, "my_number_card": True, "disability": False, "dog": False,
               "householder": True, "spouse": True}
    items = gd.checklist(GUIDES["death"], answers, ENTRIES, TODAY, WARD)
    assert [s for s, _c, _g in gd.by_counter(items)][:2] == ["koseki", "kumin"]
    by = {i.entry_id: i for i in items}
    assert ids(items)[0] == "juminhyo-014"
    assert by["juminhyo-014"].deadline == dt.date(2026, 3, 24)  # within 7 days, the day of death counted
    assert len(by["juminhyo-014"].notes) == 1 and "マイナンバーカード" in by["juminhyo-014"].note_texts("ja")[0]
    assert ids(items).count("nenkin-008") == 1 and not by["nenkin-008"].conditional  # spouse: the second rule holds
    assert by["kokuho-016"].deadline == dt.date(2026, 4, 1)
    unsure = gd.checklist(GUIDES["death"], {**answers, "insurance": "unsure"}, ENTRIES, TODAY, WARD)
    assert {i.entry_id: i.conditional for i in unsure}["kokuho-016"] is True


def test_before_moving_deadlines_and_overdue():
    answers = {"to": "abroad", "moving_date": "2026-03-25", "already_moved": False, "foreign_national": True,
               "children_preschool": 0, "children_school": 0, "dog": False, "insurance": "national",
               "my_number_card": False, "elderly": False, "disability": False, "big_garbage": True}
    by = {i.entry_id: i for i in gd.checklist(GUIDES["moving-out"], answers, ENTRIES, TODAY, WARD)}
    assert by["gaikokujin-004"].before and by["gaikokujin-004"].deadline == dt.date(2026, 3, 25)
    assert by["gomi-015"].deadline == dt.date(2026, 3, 18) and by["gomi-015"].overdue  # a week before: already past
    assert by["gomi-006"].deadline == dt.date(2026, 3, 11) and by["gomi-006"].online
    assert "nenkin-010" not in by  # the lump-sum withdrawal is claimed from Japan Pension Service, not the ward
    assert "hikkoshi-003" not in by and "hikkoshi-009" not in by


def test_notes_come_from_the_rules_that_hold():
    base = {"start_date": "2026-04-01", "facility": "unlicensed", "parental_leave": False, "sick_child": False,
            "single_parent": False}
    g = GUIDES["childcare"]
    four = {i.entry_id: i for i in gd.checklist(g, {**base, "child_age": 4}, ENTRIES, TODAY, WARD)}["kosodate-024"]
    assert four.note_texts("en") == ["For the 3-to-5-year-old classes, apply for the facility-use benefit "
                                      "certification at this counter."]
    unknown = {i.entry_id: i for i in gd.checklist(g, {**base, "child_age": None}, ENTRIES, TODAY, WARD)}["kosodate-024"]
    assert unknown.notes == () and not unknown.conditional and unknown.deadline == dt.date(2026, 4, 1)


def test_without_the_ward_counters_keep_rule_order_and_unpublished_entries_are_left_out():
    entries = {k: v for k, v in ENTRIES.items() if k != "kokuho-002"}
    items = gd.checklist(GUIDES["moving-in"], FAMILY, entries, TODAY)
    assert "kokuho-002" not in ids(items) and ids(items)[0] == "hikkoshi-001"


def test_a_guide_may_put_counters_first():
    g = dataclasses.replace(GUIDES["moving-in"], counter_order=("seikatsu_eisei",))
    assert ids(gd.checklist(g, FAMILY, ENTRIES, TODAY, WARD))[0] == "inu-003"


def test_a_wrong_answer_type_is_a_programming_error():
    with pytest.raises(ValueError, match="from"):
        gd.checklist(GUIDES["moving-in"], {"from": "mars"}, ENTRIES, TODAY, WARD)


# ---- the answers token ----------------------------------------------------------------------------------------

def test_tokens_round_trip_and_hold_only_answers():
    g = GUIDES["moving-in"]
    token = gd.encode_answers(g, FAMILY)
    assert len(token) < 60 and all(c.isalnum() or c in "._-~" for c in token)
    assert gd.decode_answers(g, token) == FAMILY
    partial = {"from": "abroad", "moving_date": None, "children_preschool": 0, "nursery": True}
    assert gd.decode_answers(g, gd.encode_answers(g, partial)) == {"from": "abroad", "moving_date": None,
                                                                     "children_preschool": 0}
    for gid, guide in GUIDES.items():
        answers = {q.id: (q.choices[-1].value if q.type == "choice" else 3 if q.type == "number" else True
                          if q.type == "yesno" else "2026-12-31") for q in guide.questions}
        assert gd.decode_answers(guide, gd.encode_answers(guide, answers)) == gd.applicable(guide, answers), gid


@pytest.mark.parametrize("tamper", [
    lambda t: t.replace(".4.", ".5.", 1),   # another household size
    lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the checksum
    lambda t: t[:10],                       # cut
    lambda t: t.split("~")[0],              # no checksum
    lambda t: "x" * 20 + "~" + t.split("~")[1],
    lambda t: "",
])
def test_a_tampered_token_is_refused(tamper):
    g = GUIDES["moving-in"]
    with pytest.raises(TokenError):
        gd.decode_answers(g, tamper(gd.encode_answers(g, FAMILY)))


def test_a_token_is_bound_to_its_guide_and_its_questions():
    token = gd.encode_answers(GUIDES["moving-in"], FAMILY)
    with pytest.raises(TokenError):
        gd.decode_answers(GUIDES["moving-out"], token)
    changed = dataclasses.replace(GUIDES["moving-in"], questions=GUIDES["moving-in"].questions[:-1])
    with pytest.raises(TokenError):
        gd.decode_answers(changed, token)  # staff removed a question since the link was made
    with pytest.raises(TokenError):
        gd.decode_answers(GUIDES["moving-in"], token, key=b"another deployment")
    with pytest.raises(ValueError):
        gd.encode_answers(GUIDES["moving-in"], {"name": "Tanaka"})  # nothing but the guide's answers


# ---- guides travel with the KB: release files, publish, published.py -------------------------------------------

@pytest.fixture
def office(tiny_kb, tmp_path, embedder, monkeypatch):
    from tests.admin_helpers import make_office

    _write_guide(tiny_kb, TINY_GUIDE)
    o = make_office(tiny_kb, tmp_path, embedder)
    monkeypatch.setenv("MADOGUCHI_INDEX", str(o.index_root))
    yield o
    o.publisher.shutdown()


def test_guides_are_carried_in_a_release_and_read_back_at_run_time(office):
    from knowledge import published
    from knowledge.index import Index, resolve_version
    from knowledge.store import release_files, yaml_files
    from tests.admin_helpers import ADMIN

    with office.store.session() as s:
        files = release_files(s, office.store.current_release(s))
    assert [g["id"] for g in files["guides"]] == ["tiny-guide"]
    version = Index.open(office.index_root).version
    assert Index.open(office.index_root).manifest["guides"] == gd.digest(files["guides"])
    assert office.publisher.ensure_index() == version  # nothing changed: nothing rebuilt
    snap = json.loads((resolve_version(office.index_root) / "entries.json").read_text(encoding="utf-8"))
    assert snap["guides"] == files["guides"]
    assert [g.id for g in published.published_guides()] == ["tiny-guide"]
    assert published.published_guide("tiny-guide").title["en"] == "Tiny"

    # An edited guide changes nothing until the ward files are published (python -m admin publish-files).
    _write_guide(office.data, TINY_GUIDE.replace('en: Tiny,', 'en: Tiny renamed,', 1))
    assert office.publisher.ensure_index() == version
    assert published.published_guide("tiny-guide").title["en"] == "Tiny"
    rel = office.wf.publish_files(ADMIN, yaml_files(office.data), "guide title")[1].result()
    assert rel.status == "published", rel.error
    assert published.published_guide("tiny-guide").title["en"] == "Tiny renamed"


def test_a_release_that_breaks_a_guide_fails_and_the_previous_one_keeps_serving(office):
    from knowledge import published
    from knowledge.store import yaml_files
    from tests.admin_helpers import ADMIN, APPROVER, EDITOR

    before = published.release()
    rev = office.wf.request_retire(EDITOR, "tiny-002", "no longer offered")
    rel = office.wf.publish(APPROVER, [rev.id])[1].result()
    assert rel.status == "failed" and "unknown entry 'tiny-002'" in rel.error
    assert published.release() is before and published.published_guide("tiny-guide") is not None

    files = yaml_files(office.data)
    files["guides"][0]["procedures"][0]["entry"] = "tiny-999"  # a hand-made release with a broken guide
    rel = office.wf.publish_files(ADMIN, files, "broken")[1].result()
    assert rel.status == "failed" and "tiny-999" in rel.error
    assert published.release() is before


def test_an_index_without_guides_serves_none(tmp_path, monkeypatch):
    from knowledge import published
    from tests.support import point_current, write_published_version

    root = tmp_path / "index"
    point_current(root, write_published_version(root, "v1", "03-0555-7777"))
    monkeypatch.setenv("MADOGUCHI_INDEX", str(root))
    assert published.published_guides() == () and published.published_guide("moving-in") is None


def test_without_an_index_the_committed_guides_are_read(tmp_path, monkeypatch):
    from knowledge import published

    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "no-index"))
    assert [g.id for g in published.published_guides()] == list(GUIDES)


def test_date_conditions_count_from_the_day_the_guide_is_used():
    late = {**FAMILY, "moving_date": "2026-02-01"}
    assert "hikkoshi-016" in ids(gd.checklist(GUIDES["moving-in"], late, ENTRIES, dt.date(2026, 3, 1), WARD))
    assert "hikkoshi-016" not in ids(gd.checklist(GUIDES["moving-in"], late, ENTRIES, dt.date(2026, 2, 10), WARD))
    married = {"marriage_date": "2026-03-01", "foreign_national": False, "moving": "none", "name_change": False,
               "insurance": "employer"}
    assert "juminhyo-015" not in ids(gd.checklist(GUIDES["marriage"], married, ENTRIES, dt.date(2026, 3, 10), WARD))
    assert "juminhyo-015" in ids(gd.checklist(GUIDES["marriage"], married, ENTRIES, dt.date(2026, 2, 20), WARD))


def test_month_day_deadlines_move_off_weekends_and_years_keep_the_calendar_day():
    rule = gd.Deadline("start_date", month_day=10, months_before=1, weekday_earlier=True)
    assert gd._deadline_date(rule, {"start_date": dt.date(2026, 6, 1)}) == dt.date(2026, 5, 8)  # 10 May is a Sunday
    assert gd._deadline_date(rule, {"start_date": dt.date(2027, 1, 1)}) == dt.date(2026, 12, 10)
    two_years = gd.Deadline("birth_date", years=2)
    assert gd._deadline_date(two_years, {"birth_date": dt.date(2028, 2, 29)}) == dt.date(2030, 2, 28)
