"""Residents' conversations (Rasa's tracker store): the list, one conversation, deleting one.

Approvers and admins only (admin/conversations.py says why); every view of a conversation and every
deletion is audit-logged, and the delete button is a CSRF-checked POST with a reason.
"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..conversations import Conversations
from ..deps import CurrentActor, Posted, current_actor, redirect, respond

router = APIRouter(dependencies=[Depends(current_actor)])
PER_PAGE = 100


def conversations_of(request: Request) -> Conversations:
    """The app's tracker-store access (admin.app.create_app puts it on app.state)."""
    return request.app.state.conversations


@router.get("/conversations", response_class=HTMLResponse)
async def conversations(request: Request, actor: CurrentActor, sender: str = "", page: int = 1):
    convs = conversations_of(request)
    page = max(page, 1)
    rows = convs.rows(actor, PER_PAGE, (page - 1) * PER_PAGE, sender.strip())
    return respond(request, "conversations.html", actor, rows=rows, sender=sender, page=page,
                   per_page=PER_PAGE, retention_days=_retention_days())


@router.get("/conversations/{sender_id:path}", response_class=HTMLResponse)
async def conversation(request: Request, sender_id: str, actor: CurrentActor):
    return respond(request, "conversation.html", actor, c=conversations_of(request).view(actor, sender_id))


@router.post("/conversations/{sender_id:path}/delete")
async def delete_conversation(request: Request, sender_id: str, p: Posted):
    events = conversations_of(request).delete(p.actor, sender_id, p.form.get("reason", ""))
    return redirect(request, "/conversations", f"会話 {sender_id} を削除しました（{events} 件の記録） "
                                               f"(conversation deleted)")


def _retention_days() -> int:
    from knowledge.settings import current

    return current().retention_days
