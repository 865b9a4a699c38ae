"""The analytics as people read them: the sections of the staff page /analytics and of the report file
`python -m admin report --out DIR [--days N]` writes (one HTML file with its charts inline, nothing
external, and the open-data CSV files: docs/open-data.md).

Both show the same sections, from admin/templates/_analytics.html: a chart (admin/analytics_charts.py)
and its data table, with the exact counts (staff and policy makers of the ward); the CSV files for the
public suppress counts of 1–4.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import analytics_charts
from .analytics import (CHANNEL_NAMES, DECISION_NAMES, KPI_COVERAGE, LANG_NAMES, WEEKDAYS, Column, Report, Table,
                        write_csv)

HERE = Path(__file__).resolve().parent


@dataclass
class DataTable:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    row_headers: bool = True  # the first cell of each row names it (th scope=row)
    csv: str = ""  # the open-data file holding it


@dataclass
class Section:
    id: str
    title: str
    text: str
    chart: Markup | None = None
    tables: list[DataTable] = field(default_factory=list)
    open: bool = False  # the table is shown, not folded away (no chart to look at instead)


def _name(col: Column, value) -> str:
    if col.key == "channel":
        return f"{CHANNEL_NAMES.get(value, value)} ({value})"
    if col.key == "lang":
        return f"{LANG_NAMES.get(value, value)} ({value})"
    if col.key == "decision":
        return f"{DECISION_NAMES.get(value, value)} ({value})"
    if col.key == "weekday" and isinstance(value, int):
        return WEEKDAYS[value - 1]
    if col.key == "meets_kpi":
        return "達成" if value == "yes" else "未達成"
    return str(value)


def cell(col: Column, value) -> str:
    """One value as the page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    if col.kind == "share" or col.key in ("share", "kpi"):
        return f"{value * 100:.1f}%"
    if isinstance(value, int) and col.kind == "count":
        return f"{value:,}"
    return _name(col, value)


def data_table(table: Table, rows: list[tuple] | None = None, skip: tuple[str, ...] = ()) -> DataTable:
    cols = [c for c in table.columns if c.key not in skip]
    return DataTable(table.caption, [c.label for c in cols],
                     [[cell(c, dict(zip((k.key for k in table.columns), row))[c.key]) for c in cols]
                      for row in (table.rows if rows is None else rows)],
                     csv=f"{table.name}.csv" if table.open_data else "")


def peak_table(report: Report) -> DataTable:
    grid = {(wd, h): n for wd, h, n in report.tables["peak_hours"].rows}
    return DataTable("曜日・時間帯別の質問数（行: 曜日、列: 時台）", ["曜日", *[f"{h}時" for h in range(24)]],
                     [[WEEKDAYS[wd - 1], *[f"{grid[wd, h]:,}" for h in range(24)]] for wd in range(1, 8)],
                     csv="peak_hours.csv")


def summary(report: Report) -> list[tuple[str, str]]:
    t = report.totals
    rated = t["helpful"] + t["unhelpful"]
    cov = report.tables["translation_coverage"].rows
    met = sum(1 for r in cov if r[5] == "yes")
    pct = lambda a, b: f"{a / b * 100:.1f}%" if b else "—"  # noqa: E731
    return [("期間", f"{report.start.isoformat()} 〜 {report.end.isoformat()}（{report.days} 日間）"),
            ("会話数", f"{t['conversations']:,}"), ("質問数", f"{t['questions']:,}"),
            ("FAQ ですぐ回答した質問の割合", pct(_decision(report, "answer"), t["questions"])),
            ("候補を示した質問の割合", pct(_decision(report, "clarify"), t["questions"])),
            ("回答できなかった質問の割合", pct(t["fallback"], t["questions"])),
            ("「解決した」と評価された割合", f"{pct(t['helpful'], rated)}（評価 {rated:,} 件）"),
            (f"翻訳率 {KPI_COVERAGE:.0%} 以上の言語", f"{met} / {len(cov)} 言語（公開中の FAQ {t['entries']:,} 件）")]


def _decision(report: Report, decision: str) -> int:
    return next((r[1] for r in report.tables["decisions"].rows if r[0] == decision), 0)


def sections(report: Report, charts: dict[str, Markup]) -> list[Section]:
    T = report.tables
    answered_share = next((r[2] for r in T["decisions"].rows if r[0] == "answer"), None)
    out = [
        Section("daily", "会話と質問の数", "1日ごとの会話（住民との一続きのやりとり）と質問の数です。", charts["daily"],
                [data_table(T["daily"])]),
        Section("channels", "チャネル別", "ウェブ・電話などの入口ごとの、週別の質問数です。", charts["weekly_channel"],
                [data_table(T["weekly_channel"]), data_table(T["daily_channel"])]),
        Section("languages", "言語別", "住民が使った言語ごとの、週別の質問数です。", charts["weekly_language"],
                [data_table(T["weekly_language"]), data_table(T["daily_language"])]),
        Section("decisions", "質問への対応", "FAQ で回答した、候補を示した、回答できなかった（担当課の電話番号を案内）などの割合の推移です。"
                + (f" 期間全体では {answered_share * 100:.1f}% の質問に FAQ で回答しました。" if answered_share is not None else ""),
                charts["decisions_weekly"], [data_table(T["decisions"]), data_table(T["decisions_weekly"])]),
        Section("entries", "よく聞かれた手続き（FAQ）", "住民に回答した回数の多い FAQ です（候補から選ばれた回答を含む）。",
                charts["entries"],
                [data_table(T["entries"], skip=("rated_helpful", "rated_unhelpful", "helpful_share"))]),
        Section("categories", "分類別", "回答した FAQ の分類ごとの回数です。", charts["categories"],
                [data_table(T["categories"], skip=("total",))]),
        Section("satisfaction", "住民の評価", "回答のあとの「この回答で解決しましたか？」への答え（👍/👎、はい/いいえ）です。",
                charts["satisfaction"],
                [data_table(T["entries"], [r for r in T["entries"].rows if r[4] + r[5]], skip=("answers",))]),
        Section("unanswered", "回答できなかった質問", "FAQ で答えられなかった質問を、意味の近いものごとにまとめた件数です"
                f"（まとめ方: {report.grouped_by}）。新しい FAQ や言い方の追加の手がかりになります。",
                None, [data_table(T["unanswered_groups"])], open=True),
        Section("coverage", "多言語対応（翻訳率）", f"公開中の FAQ のうち、各言語の回答がある割合です。区の目標は {KPI_COVERAGE:.0%} 以上です。",
                charts["translation_coverage"], [data_table(T["translation_coverage"])]),
        Section("peak", "混み合う曜日と時間帯", "質問の多い曜日・時間帯です。窓口や電話の応援の配置の参考になります。",
                charts["peak_hours"], [peak_table(report)]),
    ]
    return out


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    return env


def render_html(report: Report, charts: dict[str, Markup] | None = None) -> str:
    """The report as one HTML file: inline SVG charts, inline CSS, no script, nothing fetched."""
    charts = charts if charts is not None else analytics_charts.charts(report)
    css = (HERE / "static" / "analytics.css").read_text(encoding="utf-8")
    return environment().get_template("analytics_report.html").render(
        report=report, sections=sections(report, charts), summary=summary(report), css=Markup(css),
        generated=report.generated.strftime("%Y-%m-%d %H:%M"))


def write(report: Report, out_dir: Path) -> list[Path]:
    """report.html and the CSV files into out_dir; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / "report.html"
    html.write_text(render_html(report), encoding="utf-8")
    paths = [html, *write_csv(report, out_dir)]
    meta = out_dir / "metadata.json"
    meta.write_text(json.dumps({"start": report.start.isoformat(), "end": report.end.isoformat(),
                                "generated": report.generated.isoformat(timespec="seconds"),
                                "suppressed_below": 5, "schema": "docs/open-data.md",
                                "files": [p.name for p in paths[1:]]}, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    return [*paths, meta]
