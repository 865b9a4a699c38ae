"""The CSV of the national open-data FAQ format: upload, preview, apply or cancel; export."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ..deps import CurrentActor, Posted, WorkflowDep, current_actor, redirect, respond
from ..workflow import Invalid

MAX_UPLOAD = 20_000_000  # bytes; the ward's whole FAQ as CSV is well under 1 MB
router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/import", response_class=HTMLResponse)
async def import_page(request: Request, actor: CurrentActor):
    return respond(request, "import.html", actor, problems=[])


@router.post("/import")
async def import_upload(request: Request, p: Posted, wf: WorkflowDep):
    upload = p.form.get("file")
    if upload is None or not hasattr(upload, "read"):
        return respond(request, "import.html", p.actor, 422, problems=["file: choose a CSV file"])
    content = await upload.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        return respond(request, "import.html", p.actor, 413,
                       problems=[f"file: larger than {MAX_UPLOAD // 1_000_000} MB"])
    try:
        batch_id = wf.import_preview(p.actor, upload.filename or "upload.csv", content)
    except Invalid as e:
        return respond(request, "import.html", p.actor, 422, problems=[str(x) for x in e.problems])
    return redirect(request, f"/import/{batch_id}")


@router.get("/import/{batch_id}", response_class=HTMLResponse)
async def import_preview(request: Request, batch_id: int, actor: CurrentActor, wf: WorkflowDep):
    batch = wf.import_batch(batch_id)
    return respond(request, "import_preview.html", actor, batch=batch, diff=batch.diff)


@router.post("/import/{batch_id}/apply")
async def import_apply(request: Request, batch_id: int, p: Posted, wf: WorkflowDep):
    created = wf.import_apply(p.actor, batch_id, retire_missing=p.form.get("retire_missing") == "1")
    return redirect(request, "/entries?state=draft", f"{len(created)} 件の下書きを作成しました (drafts created)")


@router.post("/import/{batch_id}/cancel")
async def import_cancel(request: Request, batch_id: int, p: Posted, wf: WorkflowDep):
    wf.import_cancel(p.actor, batch_id)
    return redirect(request, "/import", "取り込みを中止しました (import cancelled)")


@router.get("/export.csv")
async def export(wf: WorkflowDep):
    name = f"{wf.ward.lg_code}_faq_{dt.date.today():%Y%m%d}.csv"
    return Response(wf.export(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
