"""The audit log, read only: the app has no route that changes it."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, WorkflowDep, current_actor, respond

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/audit", response_class=HTMLResponse)
async def audit(request: Request, actor: CurrentActor, wf: WorkflowDep, entry: str = "", page: int = 1):
    return respond(request, "audit.html", actor, rows=wf.audit(entry, page), entry=entry, page=max(page, 1))
