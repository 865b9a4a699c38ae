"""The analytics page for every member of staff: charts and tables of the last 7/30/90 days, the report
file to download, and each open-data CSV (admin/analytics.py computes, admin/analytics_report.py shows).

Reading 100k conversations takes a while (benchmarks/report.py), so a period's report is computed off the
event loop and kept for a few minutes; the page says when it was computed.
"""
from __future__ import annotations

import threading
import time

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from .. import analytics, analytics_charts, analytics_report
from ..deps import CurrentActor, WorkflowDep, current_actor, respond
from ..workflow import NotFound, Workflow

router = APIRouter(dependencies=[Depends(current_actor)])
KEEP_SECONDS = 300
_cache: dict[tuple, tuple[float, analytics.Report, dict]] = {}
_lock = threading.Lock()


def _days(days: int) -> int:
    return days if days in analytics.PERIODS else 30


def _compute(wf: Workflow, days: int) -> tuple[analytics.Report, dict]:
    from knowledge.settings import current

    url = current().tracker_db
    key = (id(wf.store), url, days)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit and now - hit[0] < KEEP_SECONDS:
            return hit[1], hit[2]
        report = analytics.build(wf.store, analytics.tracker_engine(url), days, embedder=_embedder(wf))
        charts = analytics_charts.charts(report)
        _cache[key] = (now, report, charts)
        return report, charts


def _embedder(wf: Workflow):
    try:
        return wf.publisher.embedder
    except Exception:  # no model on this machine: unanswered questions are grouped by identical text
        return None


@router.get("/analytics", response_class=HTMLResponse)
async def page(request: Request, actor: CurrentActor, wf: WorkflowDep, days: int = 30):
    days = _days(days)
    report, charts = await run_in_threadpool(_compute, wf, days)
    return respond(request, "analytics.html", actor, days=days, periods=analytics.PERIODS,
                   summary=analytics_report.summary(report), sections=analytics_report.sections(report, charts),
                   generated=report.generated.strftime("%Y-%m-%d %H:%M"))


@router.get("/analytics/report.html")
async def report_file(actor: CurrentActor, wf: WorkflowDep, days: int = 30):
    days = _days(days)
    report, charts = await run_in_threadpool(_compute, wf, days)
    html = analytics_report.render_html(report, charts)
    name = f"madoguchi-report-{report.start.isoformat()}-{report.end.isoformat()}.html"
    return HTMLResponse(html, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/analytics/csv/{name}.csv")
async def csv_file(name: str, actor: CurrentActor, wf: WorkflowDep, days: int = 30):
    days = _days(days)
    report, _ = await run_in_threadpool(_compute, wf, days)
    table = report.tables.get(name)
    if table is None or not table.open_data:
        raise NotFound(f"no open-data table {name}")
    fname = f"{name}-{report.start.isoformat()}-{report.end.isoformat()}.csv"
    return Response(analytics.csv_bytes(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{fname}"'})
