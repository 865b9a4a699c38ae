"""The learning loop's page: residents' unanswered and 👎-rated questions, grouped, each one action away
from being a new phrasing (or a new entry) for review (admin/learning.py)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/learning", response_class=HTMLResponse)
async def learning(request: Request, actor: CurrentActor, wf: WorkflowDep):
    return respond(request, "learning.html", actor, groups=wf.learning_groups())


@router.post("/learning/accept")
async def accept(request: Request, p: Posted, wf: WorkflowDep):
    entry_id = p.form.get("entry", "")
    rev = wf.accept_phrasings(p.actor, p.form.getlist("item"), entry_id,
                              str(p.form.get("phrasings", "")).splitlines(), p.form.get("lang", "ja"))
    return redirect(request, f"/entries/{rev.entry_id}",
                    "言い方を追加し、レビュー依頼しました (phrasing added and submitted for review)")
