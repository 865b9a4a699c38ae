"""Logging in and out, and changing one's own password."""
from __future__ import annotations

import logging
import math

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..auth import authenticate, new_csrf_token, password_stamp
from ..deps import CsrfForm, CurrentActor, Posted, ThrottleDep, WorkflowDep, redirect, respond
from ..workflow import Invalid

log = logging.getLogger(__name__)
router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "/"):
    return respond(request, "login.html", None, next=next)


@router.post("/login")
async def login(request: Request, form: CsrfForm, wf: WorkflowDep, throttle: ThrottleDep):
    target = form.get("next") or "/"
    if not target.startswith("/") or target.startswith("//"):
        target = "/"  # never redirect off-site
    username = form.get("username", "")
    address = request.client.host if request.client else ""
    wait = throttle.retry_after(username, address)
    if wait:  # refused before the password is even checked, so guessing cannot go on
        log.warning("login for %r from %s refused: too many failures", username, address)
        minutes = math.ceil(wait / 60)
        response = respond(request, "login.html", None, 429, next=target,
                           error=f"ログインの失敗が続いたため、ログインを一時停止しています。{minutes} 分後にもう一度お試しください。"
                                 f"パスワードを忘れた場合は管理者に連絡してください。 (Too many failed logins: "
                                 f"try again in {minutes} minutes, or ask an admin to reset your password.)")
        response.headers["Retry-After"] = str(wait)
        return response
    user = authenticate(wf.store, username, form.get("password", ""))
    if user is None:
        throttle.failed(username, address)
        log.warning("failed login for %r from %s", username, address)
        return respond(request, "login.html", None, 401, next=target,
                       error="ユーザー名またはパスワードが違います (wrong username or password)")
    throttle.succeeded(username, address)
    request.session.clear()  # a fresh session (and CSRF token) on every login
    request.session["uid"] = user.id
    request.session["pw"] = password_stamp(user.password_hash)
    request.session["csrf"] = new_csrf_token()
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request, _: Posted):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/account", response_class=HTMLResponse)
async def account(request: Request, actor: CurrentActor):
    return respond(request, "account.html", actor, problems=[])


@router.post("/account/password")
async def change_password(request: Request, p: Posted, wf: WorkflowDep):
    try:
        wf.change_password(p.actor, p.actor.username, p.form.get("new_password", ""), p.form.get("confirm", ""),
                           current=p.form.get("current_password", ""))
    except Invalid as e:
        return respond(request, "account.html", p.actor, 422, problems=[str(x) for x in e.problems])
    request.session["pw"] = wf.session_stamp(p.actor.username)  # this session stays open; every other one ends
    request.session["csrf"] = new_csrf_token()
    return redirect(request, "/", "パスワードを変更しました (password changed)")
