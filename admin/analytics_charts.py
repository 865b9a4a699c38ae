"""The analytics charts, drawn on the server with matplotlib (Agg) as SVG that can be put inline in a page
served with `Content-Security-Policy: default-src 'self'` and in a self-contained HTML file:

* text is drawn as paths (svg.fonttype "path"), so the Japanese labels need no font on the reader's side;
  the CJK font is Noto Sans CJK JP (Debian's fonts-noto-cjk, scripts/system_deps.sh) or IPA Gothic;
* CSS `style` attributes and the `<style>` element (which that policy blocks) become SVG presentation
  attributes, there is no raster image (the policy blocks data: URLs), and every id is prefixed with the
  chart's name so several charts share a page;
* the root is `role="img"` with the chart's title as its name; each chart has a data table next to it
  (admin/templates/_analytics.html) for screen readers and for anyone who would rather read numbers.

Figures are made with matplotlib.figure.Figure (no pyplot state), so pages may draw them in threads.
"""
from __future__ import annotations

import io
import logging
import re
import threading
from typing import Callable

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

from .analytics import (CHANNEL_NAMES, DECISION_NAMES, KPI_COVERAGE, LANG_NAMES, QUESTION_DECISIONS,  # noqa: E402
                        WEEKDAYS, Report)

CJK_FONTS = ("Noto Sans CJK JP", "IPAexGothic", "IPAGothic", "Noto Sans JP", "TakaoGothic")
# Okabe–Ito: told apart with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999",
           "#7F3C8D")
DECISION_COLOURS = {"answer": "#009E73", "clarify": "#56B4E9", "redirect": "#CC79A7", "fallback": "#D55E00",
                    "handoff": "#E69F00", "emergency": "#000000"}
TOP = 15  # bars in the entry charts
_lock = threading.Lock()  # rcParams and the font cache are process-wide
_warned: list[bool] = []
log = logging.getLogger(__name__)


def cjk_font() -> str | None:
    """The first installed CJK font matplotlib can use (None: Japanese labels would be missing glyphs)."""
    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FONTS if n in names), None)


def _rc() -> dict:
    font = cjk_font()
    if font is None and not _warned:
        _warned.append(True)
        log.warning("no CJK font for the analytics charts' Japanese labels: install Debian's fonts-noto-cjk "
                    "(scripts/system_deps.sh fonts-noto-cjk)")
    return {"svg.fonttype": "path", "svg.hashsalt": "madoguchi", "font.size": 10,
            "font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
            "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": 12,
            "axes.titleweight": "bold", "axes.grid": True, "grid.color": "#dddddd", "axes.axisbelow": True}


_STYLE = re.compile(r' style="([^"]*)"')
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'(xlink:href|href)="#([^"]+)"')
_URL = re.compile(r"url\(#([^)]+)\)")


def _attributes(match: re.Match) -> str:
    out = []
    for decl in match.group(1).split(";"):
        if ":" in decl:
            prop, value = (part.strip() for part in decl.split(":", 1))
            if prop and value:
                out.append(f' {prop}="{value}"')
    return "".join(out)


def clean_svg(svg: str, name: str, title: str) -> str:
    """matplotlib's SVG made fit for a strict CSP page: presentation attributes instead of CSS, ids
    prefixed with `name`, no XML prolog or metadata, scalable, and named for assistive technology."""
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<defs>\s*</defs>\s*", "", svg)
    svg = _STYLE.sub(_attributes, svg)
    svg = _ID.sub(lambda m: f'id="{name}-{m.group(1)}"', svg)
    svg = _HREF.sub(lambda m: f'{m.group(1)}="#{name}-{m.group(2)}"', svg)
    svg = _URL.sub(lambda m: f"url(#{name}-{m.group(1)})", svg)
    if "data:image" in svg:
        raise ValueError(f"chart {name} holds a raster image, which the admin's CSP blocks")
    head_end = svg.index(">")
    head = svg[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head += (f' role="img" aria-label="{escape(title)}" focusable="false" class="chart"'
             ' stroke-linejoin="round" stroke-linecap="butt"')
    return head + svg[head_end:]


def _render(name: str, title: str, draw: Callable[[Figure], None], size=(8.0, 3.6)) -> Markup:
    with _lock, matplotlib.rc_context(_rc()):
        fig = Figure(figsize=size, layout="constrained")
        draw(fig)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return Markup(clean_svg(buf.getvalue(), name, title))


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, "この期間のデータはありません", ha="center", va="center", transform=ax.transAxes, color="#555")
    ax.set_xticks([])
    ax.set_yticks([])


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _date_axis(ax, labels: list[str], every: int) -> None:
    ax.set_xticks(range(0, len(labels), every))
    ax.set_xticklabels([labels[i] for i in range(0, len(labels), every)], rotation=0)


# ---- the charts ------------------------------------------------------------------------------------

def daily(report: Report) -> Markup:
    rows = report.tables["daily"].rows
    title = "日別の会話数と質問数"

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not any(r[1] or r[2] for r in rows):
            return _no_data(ax)
        x = range(len(rows))
        ax.plot(x, [r[2] for r in rows], color=PALETTE[0], marker="o" if len(rows) <= 31 else None, ms=3,
                label="質問数")
        ax.plot(x, [r[1] for r in rows], color=PALETTE[1], linestyle="--", marker="s" if len(rows) <= 31 else None,
                ms=3, label="会話数")
        _date_axis(ax, [r[0].strftime("%m/%d") for r in rows], max(1, len(rows) // 10))
        ax.set_ylabel("件数")
        ax.set_ylim(bottom=0)
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))

    return _render("daily", title, draw)


def _week_labels(rows) -> list[str]:
    """A week by its Monday; one only partly in the period says so."""
    days = {r[0]: r[1] for r in rows}
    return [w.strftime("%m/%d〜") + ("（一部）" if days[w] < 7 else "") for w in sorted(days)]


def _stacked_weeks(report: Report, table: str, field: str, names: dict, title: str, name: str) -> Markup:
    rows = report.tables[table].rows  # (week, days, key, conversations, questions)
    weeks = sorted({r[0] for r in rows})
    keys = list(dict.fromkeys(r[2] for r in rows))
    value = {(r[0], r[2]): r[4] for r in rows}

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not any(value.values()):
            return _no_data(ax)
        bottom = [0] * len(weeks)
        for i, k in enumerate(keys):
            vals = [value.get((w, k), 0) for w in weeks]
            ax.bar(range(len(weeks)), vals, bottom=bottom, color=PALETTE[i % len(PALETTE)],
                   label=names.get(k, k), edgecolor="white", linewidth=0.5)
            bottom = [b + v for b, v in zip(bottom, vals)]
        ax.set_xticks(range(len(weeks)))
        ax.set_xticklabels(_week_labels(rows), rotation=45 if len(weeks) > 6 else 0,
                           ha="right" if len(weeks) > 6 else "center")
        ax.set_ylabel("質問数")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)

    return _render(name, title, draw)


def weekly_channel(report: Report) -> Markup:
    return _stacked_weeks(report, "weekly_channel", "channel", CHANNEL_NAMES, "週別の質問数（チャネル別）",
                          "weekly_channel")


def weekly_language(report: Report) -> Markup:
    return _stacked_weeks(report, "weekly_language", "lang", LANG_NAMES, "週別の質問数（言語別）", "weekly_language")


def decisions_weekly(report: Report) -> Markup:
    rows = report.tables["decisions_weekly"].rows  # (week, days, decision, questions, share, total)
    weeks = sorted({r[0] for r in rows})
    shares = {(r[0], r[2]): (r[4] or 0.0) for r in rows}
    title = "質問への対応の内訳の推移（週別・割合）"

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not any(r[5] for r in rows):
            return _no_data(ax)
        bottom = [0.0] * len(weeks)
        for dec in QUESTION_DECISIONS:
            vals = [shares.get((w, dec), 0.0) * 100 for w in weeks]
            ax.bar(range(len(weeks)), vals, bottom=bottom, color=DECISION_COLOURS[dec], label=DECISION_NAMES[dec],
                   edgecolor="white", linewidth=0.5)
            bottom = [b + v for b, v in zip(bottom, vals)]
        ax.set_xticks(range(len(weeks)))
        ax.set_xticklabels(_week_labels(rows), rotation=45 if len(weeks) > 6 else 0,
                           ha="right" if len(weeks) > 6 else "center")
        ax.set_ylim(0, 100)
        ax.set_ylabel("%")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)

    return _render("decisions_weekly", title, draw)


def _barh(name: str, title: str, labels: list[str], values: list[float], colour: str, xlabel: str) -> Markup:
    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not values or not any(values):
            return _no_data(ax)
        y = range(len(values))
        ax.barh(y, values, color=colour)
        ax.set_yticks(list(y))
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.set_xlabel(xlabel)
        ax.grid(axis="y", visible=False)

    return _render(name, title, draw, size=(8.0, max(2.4, 0.32 * len(values) + 1.0)))


def entries(report: Report) -> Markup:
    rows = [r for r in report.tables["entries"].rows if r[3]][:TOP]
    return _barh("entries", f"よく答えた FAQ（上位 {TOP}）", [_short(f"{r[0]} {r[1]}", 34) for r in rows],
                 [r[3] for r in rows], PALETTE[0], "回答数")


def categories(report: Report) -> Markup:
    rows = report.tables["categories"].rows
    return _barh("categories", "分類別の回答数", [_short(r[0], 24) for r in rows], [r[1] for r in rows], PALETTE[2],
                 "回答数")


def satisfaction(report: Report) -> Markup:
    rows = sorted((r for r in report.tables["entries"].rows if r[4] + r[5]), key=lambda r: (-(r[4] + r[5]), r[0]))[:TOP]
    title = f"住民の評価（評価の多い FAQ 上位 {TOP}）"

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not rows:
            return _no_data(ax)
        y = range(len(rows))
        ax.barh(y, [r[4] for r in rows], color="#009E73", label="解決した")
        ax.barh(y, [r[5] for r in rows], left=[r[4] for r in rows], color="#D55E00", label="解決しない")
        ax.set_yticks(list(y))
        ax.set_yticklabels([_short(f"{r[0]} {r[1]}", 34) for r in rows])
        ax.invert_yaxis()
        ax.set_xlabel("評価の数")
        ax.grid(axis="y", visible=False)
        ax.legend(frameon=False, loc="lower right")

    return _render("satisfaction", title, draw, size=(8.0, max(2.4, 0.32 * len(rows) + 1.2)))


def translation_coverage(report: Report) -> Markup:
    rows = report.tables["translation_coverage"].rows  # (lang, entries, translated, share, kpi, meets)
    title = f"言語別の翻訳率（目標 {KPI_COVERAGE:.0%} 以上）"

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not any(r[1] for r in rows):
            return _no_data(ax)
        x = range(len(rows))
        vals = [(r[3] or 0.0) * 100 for r in rows]
        ax.bar(x, vals, color=["#009E73" if r[5] == "yes" else "#D55E00" for r in rows])
        ax.axhline(KPI_COVERAGE * 100, color="#000000", linestyle="--", linewidth=1, label=f"目標 {KPI_COVERAGE:.0%}")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
        for i, v in enumerate(vals):
            ax.text(i, v + 1.5, f"{v:.0f}%", ha="center", fontsize=8)
        ax.set_xticks(list(x))
        ax.set_xticklabels([LANG_NAMES.get(r[0], r[0]) for r in rows], rotation=30, ha="right")
        ax.set_ylim(0, 110)
        ax.set_ylabel("%")
        ax.grid(axis="x", visible=False)

    return _render("translation_coverage", title, draw)


def peak_hours(report: Report) -> Markup:
    rows = report.tables["peak_hours"].rows  # (weekday 1-7, hour, questions)
    grid = [[0] * 24 for _ in range(7)]
    for wd, h, n in rows:
        grid[wd - 1][h] = n
    title = "曜日・時間帯別の質問数"

    def draw(fig):
        ax = fig.subplots()
        ax.set_title(title)
        if not any(any(r) for r in grid):
            return _no_data(ax)
        mesh = ax.pcolormesh(range(25), range(8), grid, cmap="Blues", edgecolors="white", linewidth=0.5,
                             rasterized=False)
        ax.set_xticks([h + 0.5 for h in range(0, 24, 2)])
        ax.set_xticklabels([str(h) for h in range(0, 24, 2)])
        ax.set_yticks([d + 0.5 for d in range(7)])
        ax.set_yticklabels(list(WEEKDAYS))
        ax.invert_yaxis()
        ax.set_xlabel("時（時台）")
        ax.grid(False)
        bar = fig.colorbar(mesh, ax=ax, label="質問数", shrink=0.9)
        bar.solids.set_rasterized(False)  # matplotlib rasterizes a long colour ramp; the CSP blocks images

    return _render("peak_hours", title, draw, size=(8.0, 3.2))


CHARTS = {"daily": daily, "weekly_channel": weekly_channel, "weekly_language": weekly_language,
          "decisions_weekly": decisions_weekly, "entries": entries, "categories": categories,
          "satisfaction": satisfaction, "translation_coverage": translation_coverage, "peak_hours": peak_hours}


def charts(report: Report) -> dict[str, Markup]:
    return {name: draw(report) for name, draw in CHARTS.items()}
