"""Emergency notices: the latest ones, issuing one, ending one early."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from knowledge.entry import TRANSLATION_LANGS
from knowledge.store import utcnow

from .. import entry_form
from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond
from ..views import from_jst, jst
from ..workflow import Invalid

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/notices", response_class=HTMLResponse)
async def notices(request: Request, actor: CurrentActor, wf: WorkflowDep):
    now = utcnow()
    return respond(request, "notices.html", actor, rows=wf.notices(), now=now, errors={}, v={},
                   default_expires=jst(now + dt.timedelta(hours=24), "%Y-%m-%dT%H:%M"))


@router.post("/notices")
async def create_notice(request: Request, p: Posted, wf: WorkflowDep):
    texts = {lang: p.form.get(f"notice_{lang}", "") for lang in ("ja", *TRANSLATION_LANGS)}
    try:
        wf.publish_notice(p.actor, texts, from_jst(p.form.get("starts", "")), from_jst(p.form.get("expires", "")))
    except Invalid as e:
        return respond(request, "notices.html", p.actor, 422, rows=wf.notices(), now=utcnow(),
                       errors=entry_form.errors_by_field(e.problems), v=dict(p.form),
                       default_expires=p.form.get("expires", ""))
    return redirect(request, "/notices", "緊急のお知らせを公開しました (notice published)")


@router.post("/notices/{nid}/expire")
async def expire_notice(request: Request, nid: int, p: Posted, wf: WorkflowDep):
    wf.expire_notice(p.actor, nid)
    return redirect(request, "/notices", "お知らせを終了しました (notice expired)")
