"""What waits for review, publishing or sending it back; the releases and rolling back to one."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond
from ..views import building

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/reviews", response_class=HTMLResponse)
async def reviews(request: Request, actor: CurrentActor, wf: WorkflowDep):
    return respond(request, "reviews.html", actor, items=wf.review_items())


@router.post("/reviews/publish")
async def publish(request: Request, p: Posted, wf: WorkflowDep):
    ids = [int(x) for x in p.form.getlist("revision") if str(x).isdigit()]
    rel_id, _ = wf.publish(p.actor, ids, p.form.get("reason", ""))
    return redirect(request, f"/releases/{rel_id}", "公開を開始しました: 検索インデックスを作成中です (publishing: building the index)")


@router.post("/reviews/{rev_id}/reject")
async def reject(request: Request, rev_id: int, p: Posted, wf: WorkflowDep):
    rev = wf.reject(p.actor, rev_id, p.form.get("reason", ""))
    return redirect(request, f"/entries/{rev.entry_id}", "差し戻しました (returned to draft)")


@router.get("/releases", response_class=HTMLResponse)
async def releases(request: Request, actor: CurrentActor, wf: WorkflowDep):
    rows, current = wf.releases()
    return respond(request, "releases.html", actor, rows=rows, current=current, building=building(rows[:5]))


@router.get("/releases/{rel_id}", response_class=HTMLResponse)
async def release_page(request: Request, rel_id: int, actor: CurrentActor, wf: WorkflowDep):
    d = wf.release(rel_id)
    return respond(request, "release.html", actor, rel=d.release, current=d.current, changed=d.changed,
                   building=building([d.release]))


@router.post("/releases/{rel_id}/rollback")
async def rollback(request: Request, rel_id: int, p: Posted, wf: WorkflowDep):
    new_id, _ = wf.rollback(p.actor, rel_id, p.form.get("reason", ""))
    return redirect(request, f"/releases/{new_id}", f"リリース {rel_id} に戻しています (rolling back)")
