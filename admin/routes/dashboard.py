"""The start page: the current release, the latest ones, counts, the notice in force."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, WorkflowDep, current_actor, respond
from ..views import building

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/", response_class=HTMLResponse)
async def dashboard(request: Request, actor: CurrentActor, wf: WorkflowDep):
    d = wf.dashboard()
    return respond(request, "dashboard.html", actor, current=d.current, recent=d.recent, counts=d.counts,
                   notice=d.notice, building=building(d.recent))
