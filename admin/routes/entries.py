"""The entry list, writing and editing an entry, submitting it for review or asking to retire it, and
the entry page (its versions, history, audit rows and the preview in every language)."""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from knowledge import render

from .. import entry_form
from ..deps import CurrentActor, Posted, PostedForm, WorkflowDep, current_actor, redirect, respond
from ..workflow import Actor, Conflict, Invalid, Workflow

router = APIRouter(dependencies=[Depends(current_actor)])


@router.get("/entries", response_class=HTMLResponse)
async def entries(request: Request, actor: CurrentActor, wf: WorkflowDep, q: str = "", state: str = ""):
    return respond(request, "entries.html", actor, rows=wf.entry_rows(q, state), q=q, state=state)


def edit_page(request: Request, actor: Actor, wf: Workflow, values: dict, errors: dict, *, new: bool,
              base: int | None, status: int = 200) -> HTMLResponse:
    return respond(request, "edit.html", actor, status, v=values, errors=errors, new=new, base=base,
                   sections=wf.ward.sections)


@router.get("/entries/new", response_class=HTMLResponse)
async def new_entry(request: Request, actor: CurrentActor, wf: WorkflowDep, question: str = ""):
    values = entry_form.form_values({"question": question, "updated": dt.date.today().isoformat()})
    return edit_page(request, actor, wf, values, {}, new=True, base=None)


def save(request: Request, p: PostedForm, wf: Workflow, eid: str | None):
    """A new entry (eid None) or a new version of `eid`: a draft, or straight into review."""
    values = {k: p.form.get(k, "") for k in p.form.keys()}
    base = int(p.form["base"]) if p.form.get("base") else None
    if eid is not None and values.get("id") != eid:
        raise Conflict("the id of an existing entry cannot change: create a new entry instead")
    try:
        rev = wf.save_draft(p.actor, values, base, reason=values.get("reason", ""),
                            submit=p.form.get("action") == "submit", new=eid is None)
    except Invalid as e:
        return edit_page(request, p.actor, wf, values, entry_form.errors_by_field(e.problems), new=eid is None,
                         base=base, status=422)
    what = "レビュー依頼しました (submitted for review)" if rev.status == "review" else "下書きを保存しました (draft saved)"
    return redirect(request, f"/entries/{rev.entry_id}", what)


@router.post("/entries/new")
async def create_entry(request: Request, p: Posted, wf: WorkflowDep):
    return save(request, p, wf, None)


@router.get("/entries/{eid}", response_class=HTMLResponse)
async def entry_page(request: Request, eid: str, actor: CurrentActor, wf: WorkflowDep):
    d = wf.entry_detail(eid)
    return respond(request, "entry.html", actor, head=d.head, live=d.live, entry=d.entry, history=d.history,
                   audit=d.audit, state=d.state, changes=d.changes, previews=render.previews(d.entry))


@router.get("/entries/{eid}/edit", response_class=HTMLResponse)
async def edit_entry(request: Request, eid: str, actor: CurrentActor, wf: WorkflowDep):
    head = wf.latest(eid)
    return edit_page(request, actor, wf, entry_form.form_values(head.data), {}, new=False, base=head.id)


@router.post("/entries/{eid}/edit")
async def update_entry(request: Request, eid: str, p: Posted, wf: WorkflowDep):
    return save(request, p, wf, eid)


@router.post("/entries/{eid}/submit")
async def submit_entry(request: Request, eid: str, p: Posted, wf: WorkflowDep):
    wf.submit(p.actor, eid, p.form.get("reason", ""))
    return redirect(request, f"/entries/{eid}", "レビュー依頼しました (submitted for review)")


@router.post("/entries/{eid}/retire")
async def retire_entry(request: Request, eid: str, p: Posted, wf: WorkflowDep):
    wf.request_retire(p.actor, eid, p.form.get("reason", ""))
    return redirect(request, f"/entries/{eid}", "公開停止をレビュー依頼しました (retirement submitted for review)")
