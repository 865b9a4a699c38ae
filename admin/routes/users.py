"""The members of staff and creating one (admins only)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond
from ..workflow import Invalid

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/users", response_class=HTMLResponse)
async def users(request: Request, actor: CurrentActor, wf: WorkflowDep):
    return respond(request, "users.html", actor, rows=wf.users(actor), problems=[])


@router.post("/users")
async def create_user(request: Request, p: Posted, wf: WorkflowDep):
    try:
        wf.create_user(p.actor, p.form.get("username", "").strip(), p.form.get("password", ""), p.form.get("role", ""))
    except Invalid as e:
        return respond(request, "users.html", p.actor, 422, rows=wf.users(p.actor),
                       problems=[str(x) for x in e.problems])
    return redirect(request, "/users", "ユーザーを作成しました (user created)")
