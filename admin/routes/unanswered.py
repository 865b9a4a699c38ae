"""Questions the assistant could not answer, and marking them handled."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/unanswered", response_class=HTMLResponse)
async def unanswered(request: Request, actor: CurrentActor, wf: WorkflowDep, show: str = "open"):
    rows, sections = wf.unanswered(show)
    return respond(request, "unanswered.html", actor, rows=rows, show=show, sections=sections)


@router.post("/unanswered/{qid}/handled")
async def unanswered_handled(request: Request, qid: int, p: Posted, wf: WorkflowDep):
    wf.mark_handled(p.actor, qid)
    return redirect(request, "/unanswered")
