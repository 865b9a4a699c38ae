"""The analytics (admin/analytics.py): every figure of the report equals the figure computed straight from
what the generator seeded (tests/analytics_seed.py's record, not admin.analytics' own reduction); the
open-data CSV files suppress small counts and match docs/open-data.md; folding and deleting conversations
(also through the retention purge) changes no figure; a real run's events are read as they happened; the
page, its downloads and the report command."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter

import pytest
from sqlalchemy import delete, select

from admin import analytics
from admin.conversations import EVENTS, Conversations
from knowledge.entry import Entry, Section, Translation
from knowledge.store import AnalyticsDaily, Store, Unanswered
from support import REPO
from tests.analytics_seed import UNANSWERED_TEXTS, JST, create_tracker, generate, write

SEED_START = dt.date(2026, 11, 4)  # a Wednesday: the first and last weeks of the period are partial
SEED_DAYS = 24
START, END = dt.date(2026, 11, 6), dt.date(2026, 11, 25)  # sessions begun before START are cut by the query
QUESTIONS = ("answer", "clarify", "redirect", "fallback", "handoff", "emergency")
ENTRY_IDS = [(f"t-{i:03d}", ("住民票", "ごみ", "税", "子育て", "保険")[i % 5]) for i in range(24)]
SECTION = Section("kumin", "区民課", "03-0555-1201", "1階", "平日")
# Which languages each of the ten entries has (the rest have none): coverage en 10, zh 8, ko 8, vi 7, ne 3…
TRANSLATED = {"en": 10, "zh": 8, "ko": 8, "vi": 7, "ne": 3, "pt": 8, "es": 9, "tl": 0}
EASY = 9
COVERAGE = {"ja-easy": EASY, **TRANSLATED}


def _entries() -> list[Entry]:
    out = []
    for i, (faq_id, category) in enumerate(ENTRY_IDS[:10]):
        tr = {lang: Translation(f"Q {faq_id}", f"A {faq_id}") for lang, n in TRANSLATED.items() if i < n}
        out.append(Entry(faq_id, category, f"{faq_id} の質問", "回答", SECTION, easy_answer="やさしい" if i < EASY else "",
                         translations=tr))
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("analytics")
    seed = generate(700, SEED_START, SEED_DAYS, ENTRY_IDS)
    url = f"sqlite:///{tmp / 'tracker.db'}"
    write(create_tracker(url), seed.conversations)
    return seed, url, tmp


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'staff.db'}")


def _report(store, url, start=START, end=END, **kw):
    kw.setdefault("entries", _entries())
    return analytics.build(store, analytics.tracker_engine(url), start=start, end=end, **kw)


# ---- what the seed says, computed from the generator's record alone ----------------------------

def _days(start=START, end=END):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _monday(d):
    return d - dt.timedelta(days=d.weekday())


def expected(seed, start=START, end=END) -> dict:
    turns = [t for t in seed.turns if start <= t.at.date() <= end]
    qs = [t for t in turns if t.decision in QUESTIONS]
    days = _days(start, end)
    weeks = sorted({_monday(d) for d in days})
    conv = Counter(t.at.date() for t in turns if t.new_conversation)
    q = Counter(t.at.date() for t in qs)
    channels = sorted({t.channel for t in turns})
    conv_ch = Counter((t.at.date(), t.channel) for t in turns if t.new_conversation)
    q_ch = Counter((t.at.date(), t.channel) for t in qs)
    answered = Counter(t.faq_id for t in turns if t.decision in ("answer", "selected"))
    helpful = Counter(t.rated_faq for t in turns if t.helpful is True)
    unhelpful = Counter(t.rated_faq for t in turns if t.helpful is False)
    by_week = lambda key: Counter((_monday(key(t)[0]),) + key(t)[1:] for t in qs)  # noqa: E731
    return {
        "daily": {d: (conv[d], q[d]) for d in days},
        "daily_channel": {(d, ch): (conv_ch[d, ch], q_ch[d, ch]) for d in days for ch in channels},
        "daily_language": Counter((t.at.date(), t.lang) for t in qs),
        "weekly_channel": by_week(lambda t: (t.at.date(), t.channel)),
        "weekly_language": by_week(lambda t: (t.at.date(), t.lang)),
        "weekly_conversations_language": Counter((_monday(t.at.date()), t.lang) for t in turns if t.new_conversation),
        "days_in_week": Counter(_monday(d) for d in days),
        "weeks": weeks,
        "decisions": Counter(t.decision for t in qs),
        "decisions_weekly": Counter((_monday(t.at.date()), t.decision) for t in qs),
        "answers": answered,
        "helpful": helpful,
        "unhelpful": unhelpful,
        "categories": Counter(t.category for t in turns if t.decision in ("answer", "selected")),
        "peak": Counter((t.at.weekday() + 1, t.at.hour) for t in qs),
        "conversations": sum(conv.values()),
        "questions": len(qs),
    }


def test_the_seed_covers_what_the_figures_distinguish(seeded):
    seed, _, _ = seeded
    turns = [t for t in seed.turns if START <= t.at.date() <= END]
    assert {t.decision for t in turns} == set(QUESTIONS) | {"selected", "other"}
    assert {t.channel for t in turns} == {"web", "phone", "web-voice", "rest"}
    assert len({t.lang for t in turns}) == 10
    assert sum(t.helpful is True for t in turns) > 20 and sum(t.helpful is False for t in turns) > 10
    assert seed.sessions > len(seed.conversations)  # some residents came back: more conversations than senders
    assert any(t.at.date() < START for t in seed.turns) and any(t.at.date() > END for t in seed.turns)


def test_every_figure_equals_the_seed(seeded, store):
    seed, url, _ = seeded
    exp = expected(seed)
    r = _report(store, url)
    T = r.tables
    assert {row[0]: (row[1], row[2]) for row in T["daily"].rows} == exp["daily"]
    assert {(row[0], row[1]): (row[2], row[3]) for row in T["daily_channel"].rows} == exp["daily_channel"]
    assert {(row[0], row[1]): row[3] for row in T["daily_language"].rows if row[3]} == exp["daily_language"]
    assert {(row[0], row[2]): row[4] for row in T["weekly_channel"].rows if row[4]} == exp["weekly_channel"]
    assert {(row[0], row[2]): row[4] for row in T["weekly_language"].rows if row[4]} == exp["weekly_language"]
    assert {(row[0], row[2]): row[3] for row in T["weekly_language"].rows if row[3]} == \
        exp["weekly_conversations_language"]
    assert {row[0]: row[1] for row in T["weekly_channel"].rows} == exp["days_in_week"]
    assert sorted({row[0] for row in T["weekly_channel"].rows}) == exp["weeks"]
    assert {row[0]: row[1] for row in T["decisions"].rows if row[1]} == exp["decisions"]
    for dec, n, share, total in T["decisions"].rows:
        assert total == exp["questions"] and share == pytest.approx(exp["decisions"][dec] / exp["questions"], abs=1e-4)
    assert {(row[0], row[2]): row[3] for row in T["decisions_weekly"].rows if row[3]} == exp["decisions_weekly"]
    for week, _, dec, n, share, total in T["decisions_weekly"].rows:
        week_total = sum(v for (w, _), v in exp["decisions_weekly"].items() if w == week)
        assert total == week_total and (share or 0) == pytest.approx(n / week_total if week_total else 0, abs=1e-4)
    rows = {row[0]: row for row in T["entries"].rows}
    assert {f: row[3] for f, row in rows.items() if row[3]} == exp["answers"]
    assert {f: row[4] for f, row in rows.items() if row[4]} == exp["helpful"]
    assert {f: row[5] for f, row in rows.items() if row[5]} == exp["unhelpful"]
    for f, row in rows.items():
        h, u = exp["helpful"][f], exp["unhelpful"][f]
        assert row[6] == (pytest.approx(h / (h + u), abs=1e-4) if h + u else None)
        assert row[2] == dict(ENTRY_IDS)[f]
    most_answered = sorted(exp["answers"], key=lambda f: (-exp["answers"][f], f))
    assert [row[0] for row in T["entries"].rows if row[3]] == most_answered
    assert rows["t-000"][1] == "t-000 の質問"  # the published entry's question
    assert {row[0]: row[1] for row in T["categories"].rows} == exp["categories"]
    assert {(row[0], row[1]): row[2] for row in T["peak_hours"].rows if row[2]} == exp["peak"]
    assert len(T["peak_hours"].rows) == 7 * 24
    assert r.totals["conversations"] == exp["conversations"] and r.totals["questions"] == exp["questions"]
    assert r.totals["helpful"] == sum(exp["helpful"].values())
    assert r.totals["fallback"] == exp["decisions"]["fallback"]


def test_translation_coverage_against_the_ward_kpi(seeded, store):
    _, url, _ = seeded
    rows = {row[0]: row for row in _report(store, url).tables["translation_coverage"].rows}
    assert list(rows) == ["ja-easy", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl"]
    for lang, n in COVERAGE.items():
        assert rows[lang][1:4] == (10, n, n / 10), lang
        assert rows[lang][5] == ("yes" if n >= 8 else "no"), lang  # the KPI: at least 80%


def test_the_period_is_the_last_days_up_to_today(seeded, store):
    seed, url, _ = seeded
    today = dt.date(2026, 11, 20)
    r = analytics.build(store, analytics.tracker_engine(url), days=7, today=today, entries=[])
    assert (r.start, r.end, r.days) == (dt.date(2026, 11, 14), today, 7)
    assert r.totals["questions"] == expected(seed, r.start, r.end)["questions"]


def test_unanswered_questions_are_grouped_with_counts(seeded, store, embedder):
    _, url, _ = seeded
    at = dt.datetime(2026, 11, 10, 3, 0)  # naive UTC, inside the period
    counts = dict(zip(UNANSWERED_TEXTS, (7, 4, 3, 2, 1)))
    with store.session() as s:
        for text, n in counts.items():
            for i in range(n):
                s.add(Unanswered(text=text, lang="ja", channel="web", at=at, top_id="t-001" if i else "t-002",
                                 handled_by="aki" if text == UNANSWERED_TEXTS[0] and i < 2 else None))
        s.add(Unanswered(text="期間外の質問", lang="ja", channel="web", at=dt.datetime(2026, 10, 1)))
    for emb in (None, embedder):
        groups = _report(store, url, embedder=emb).unanswered
        assert [(g.question, g.count) for g in groups] == list(counts.items())
        assert groups[0].open == 5 and groups[0].nearest == "t-001" and groups[0].langs == ("ja",)
    table = _report(store, url).tables["unanswered_groups"]
    assert not table.open_data  # residents' own words stay off the open data


def test_open_data_suppresses_counts_below_five(seeded, store, tmp_path):
    seed, url, _ = seeded
    r = _report(store, url)
    paths = analytics.write_csv(r, tmp_path / "csv")
    assert {p.name for p in paths} == {f"{t.name}.csv" for t in r.tables.values() if t.open_data}
    exp = expected(seed)
    raw = (tmp_path / "csv" / "daily_language.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    seen_small = seen_zero = 0
    for row in rows:
        n = exp["daily_language"][dt.date.fromisoformat(row["day"]), row["lang"]]
        assert row["questions"] == ("" if 0 < n < 5 else str(n))
        seen_small += 0 < n < 5
        seen_zero += n == 0
    assert seen_small and seen_zero
    entries = list(csv.DictReader(io.StringIO((tmp_path / "csv" / "entries.csv").read_text("utf-8-sig"))))
    for row in entries:
        h, u = exp["helpful"][row["faq_id"]], exp["unhelpful"][row["faq_id"]]
        if 0 < h < 5 or 0 < u < 5:
            assert row["helpful_share"] == ""  # a share would give the small count away
        elif h + u:
            assert float(row["helpful_share"]) == pytest.approx(h / (h + u), abs=1e-4)
    assert any(row["helpful_share"] == "" for row in entries) and any(row["helpful_share"] for row in entries)


def test_every_csv_column_is_documented():
    doc = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    r = analytics.figures({}, START, END, _entries())
    for table in r.tables.values():
        if not table.open_data:
            assert f"{table.name}.csv" not in doc
            continue
        section = re.search(rf"^### `{table.name}\.csv`\n(.*?)(?=^### |\Z)", doc, re.M | re.S)
        assert section, f"{table.name}.csv is not documented"
        documented = re.findall(r"^\| `([a-z_]+)` \|", section[1], re.M)
        assert documented == [c.key for c in table.columns], table.name


def _senders_before(url, cutoff: float) -> list[str]:
    from sqlalchemy import func

    engine = analytics.tracker_engine(url)
    with engine.connect() as conn:
        return list(conn.scalars(select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                                 .having(func.max(EVENTS.c.timestamp) < cutoff)))


def _copy_tracker(seeded, tmp_path) -> str:
    import shutil

    _, _, tmp = seeded
    shutil.copy(tmp / "tracker.db", tmp_path / "tracker.db")
    return f"sqlite:///{tmp_path / 'tracker.db'}"


def test_fold_then_delete_changes_no_figure(seeded, store, tmp_path):
    seed, _, _ = seeded
    url = _copy_tracker(seeded, tmp_path)
    before = _report(store, url)
    cutoff = dt.datetime(2026, 11, 16, tzinfo=JST).timestamp()
    senders = _senders_before(url, cutoff)
    assert 100 < len(senders) < len(seed.conversations)
    convs = {s: seed.conversations[s] for s in senders}
    written = analytics.fold(store, convs)
    assert written > 0
    assert _report(store, url).tables == before.tables  # folded but not yet deleted: nothing counted twice
    assert analytics.fold(store, convs) == 0  # a purge run again after failing before the delete
    engine = analytics.tracker_engine(url)
    with engine.begin() as conn:
        conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(senders)))
    after = _report(store, url)
    assert after.tables == before.tables and after.totals == before.totals
    with store.session() as s:  # what was kept: counts, no text, no sender id
        row = s.scalars(select(AnalyticsDaily)).first()
        assert set(vars(row)) - {"_sa_instance_state"} == {
            "id", "day", "hour", "channel", "lang", "decision", "faq_id", "category", "turns", "conversations",
            "rated_helpful", "rated_unhelpful"}


def test_the_retention_purge_keeps_the_figures(seeded, store, tmp_path):
    seed, _, _ = seeded
    url = _copy_tracker(seeded, tmp_path)
    full = (SEED_START, SEED_START + dt.timedelta(days=SEED_DAYS + 5))
    before = _report(store, url, *full)
    now = dt.datetime(2026, 11, 30, 12, tzinfo=JST)
    convs = Conversations(store, url)
    result = convs.purge(12, now=now.timestamp())
    assert result.conversations > 100 and result.folded > 0
    assert _senders_before(url, (now - dt.timedelta(days=12)).timestamp()) == []
    after = _report(store, url, *full)
    assert after.tables == before.tables
    assert convs.purge(12, now=now.timestamp()).conversations == 0
    assert _report(store, url, *full).tables == before.tables
    convs.dispose()


def test_a_real_runs_events(tmp_path, store):
    """tests/data/tracker_run.jsonl: the events table of a real run (Rasa 3.6, the action server, three
    senders: web in Japanese and English, the phone line)."""
    run = REPO / "tests" / "data" / "tracker_run.jsonl"
    rows = [json.loads(line) for line in run.read_text("utf-8").splitlines()]
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = create_tracker(url)
    with engine.begin() as conn:
        conn.execute(EVENTS.insert(), rows)
    facts = [f for events in analytics.read_conversations(analytics.tracker_engine(url))
             for f in analytics.conversation_facts(events)]
    got = sorted((f.channel, f.lang, f.decision, f.faq_id, f.new_conversation) for f in facts)
    assert got == sorted([
        ("phone", "ja", "emergency", "", True), ("phone", "ja", "clarify", "", False),
        ("web", "ja", "answer", "juminhyo-001", True), ("web", "ja", "other", "", False),  # はい (no rating slot yet)
        ("web", "ja", "clarify", "", False), ("web", "ja", "fallback", "", False), ("web", "ja", "other", "", False),
        ("web", "ja", "handoff", "", False),
        ("web", "en", "clarify", "", True), ("web", "en", "other", "", False)])
    answer = next(f for f in facts if f.decision == "answer")
    assert answer.category == "住民票・戸籍・印鑑登録" and answer.at.utcoffset() == dt.timedelta(hours=9)


def test_a_rating_carried_into_a_new_session_is_not_a_new_verdict():
    ev = lambda kind, ts, **kw: {"event": kind, "timestamp": ts, **kw}  # noqa: E731
    events = [ev("session_started", 1.0), ev("user", 2.0, metadata={"channel": "web", "lang": "ja"}),
              ev("bot", 2.1, data={"custom": {"type": "faq_answer", "decision": "answer", "faq_id": "a",
                                              "category": "c"}}),
              ev("user", 3.0, metadata={"channel": "web", "lang": "ja"}),
              ev("slot", 3.1, name="rating", value={"faq_id": "a", "helpful": False}),
              ev("session_started", 9000.0), ev("slot", 9000.1, name="rating", value={"faq_id": "a", "helpful": False}),
              ev("slot", 9000.2, name="language", value="en"), ev("user", 9001.0, metadata={"channel": "web"})]
    facts = list(analytics.conversation_facts(events))
    assert [(f.decision, f.faq_id, f.unhelpful, f.new_conversation, f.lang) for f in facts] == [
        ("answer", "a", 0, True, "ja"), ("other", "a", 1, False, "ja"), ("other", "", 0, True, "en")]


# ---- the page, its downloads, the command -----------------------------------------------------------

@pytest.fixture
def client(seeded, tmp_path, monkeypatch, tiny_kb, embedder):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from admin.app import create_app
    from tests.admin_helpers import make_office

    _, url, _ = seeded
    monkeypatch.setenv("MADOGUCHI_TRACKER_DB", url)
    office = make_office(tiny_kb, tmp_path, embedder, build_index=False)
    app = create_app(office.store, office.ward, office.publisher, secret="t")
    with TestClient(app) as c:
        yield c
    office.publisher.shutdown()


def test_the_page_for_any_member_of_staff(client):
    from tests.admin_helpers import EDITOR, login

    assert client.get("/analytics", follow_redirects=False).status_code == 303  # login first
    login(client, EDITOR.username)  # the least role sees it
    page = client.get("/analytics?days=90")
    assert page.status_code == 200
    assert "default-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert html.count('<svg ') == 9 and html.count('role="img"') == 9
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        assert " style=" not in svg and "<style" not in svg and "data:" not in svg  # nothing the CSP blocks
        assert re.search(r'aria-label="[^"]+"', svg)
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")
    assert html.count("<caption>") >= 9 and 'aria-current="page">直近 90 日' in html
    assert client.get("/analytics?days=12345").status_code == 200  # an unknown period: the default
    csv_file = client.get("/analytics/csv/daily_language.csv?days=90")
    assert csv_file.status_code == 200 and csv_file.content.startswith(b"\xef\xbb\xbfday,lang,conversations,questions")
    assert client.get("/analytics/csv/unanswered_groups.csv").status_code == 404  # not open data
    report = client.get("/analytics/report.html?days=7")
    assert report.status_code == 200 and "attachment" in report.headers["content-disposition"]


def test_report_command_writes_a_self_contained_file(seeded, tmp_path, monkeypatch, tiny_kb):
    from admin.cli import main

    _, url, _ = seeded
    monkeypatch.setenv("MADOGUCHI_TRACKER_DB", url)
    monkeypatch.setenv("MADOGUCHI_DB", f"sqlite:///{tmp_path / 'staff.db'}")
    monkeypatch.setenv("MADOGUCHI_INDEX", str(tmp_path / "index"))
    out = tmp_path / "report"
    assert main(["--data", str(tiny_kb), "report", "--out", str(out), "--days", "90", "--no-embedder"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg ") == 9 and "<table>" in html
    # nothing from elsewhere: no script, no stylesheet or image to fetch (the SVG namespace is not a request)
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert {p.name for p in out.glob("*.csv")} >= {"daily.csv", "entries.csv", "translation_coverage.csv"}
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["suppressed_below"] == 5 and "report.html" not in meta["files"]


def test_on_postgresql(postgres):
    """The tracker store and the staff store on PostgreSQL (Debian's server, started by the suite): the same
    figures, read through a server-side cursor, and fold + delete changes none."""
    seed = generate(250, SEED_START, SEED_DAYS, ENTRY_IDS, seed=3)
    url = postgres.database("tracker")
    write(create_tracker(url), seed.conversations)
    store = Store(postgres.database("staff"))
    exp = expected(seed)
    before = _report(store, url)
    assert {row[0]: (row[1], row[2]) for row in before.tables["daily"].rows} == exp["daily"]
    assert {row[0]: row[1] for row in before.tables["decisions"].rows if row[1]} == exp["decisions"]
    assert {row[0]: row[3] for row in before.tables["entries"].rows if row[3]} == exp["answers"]
    assert {row[0]: row[4] for row in before.tables["entries"].rows if row[4]} == exp["helpful"]
    senders = _senders_before(url, dt.datetime(2026, 11, 16, tzinfo=JST).timestamp())
    assert analytics.fold(store, {s: seed.conversations[s] for s in senders}) > 0
    with analytics.tracker_engine(url).begin() as conn:
        conn.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(senders)))
    assert _report(store, url).tables == before.tables
