"""What every page depends on (FastAPI dependencies) and how it answers.

`current_actor` is the logged-in member of staff or LoginRequired (the app turns that into a redirect
to /login for a GET, 401 for anything else). `posted` is the actor and the form of a POST, checked in
that order: logged in (401), then the session's CSRF token (403). `csrf_form` is the check alone, for
the login form. The shared objects (the Workflow, the templates, the login throttle) live on
`request.app.state`, put there by admin.app.create_app.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from .auth import LoginThrottle, csrf_ok, new_csrf_token
from .workflow import Actor, Workflow


class LoginRequired(Exception):
    pass


def get_workflow(request: Request) -> Workflow:
    return request.app.state.workflow


def get_throttle(request: Request) -> LoginThrottle:
    return request.app.state.throttle


async def current_actor(request: Request) -> Actor:
    """The member of staff this session belongs to; LoginRequired without one (or after a password change).
    Async like the pages: the store is used from the event loop's thread, as by every page."""
    uid = request.session.get("uid")
    if uid is not None:
        actor = get_workflow(request).session_actor(uid, request.session.get("pw"))
        if actor is not None:
            return actor
    raise LoginRequired()


async def csrf_form(request: Request) -> FormData:
    """The form of a POST carrying this session's CSRF token; 403 otherwise."""
    form = await request.form()
    if not csrf_ok(request.session.get("csrf"), form.get("csrf")):
        raise HTTPException(403, "CSRF token missing or invalid: reload the page and try again")
    return form


@dataclass(frozen=True)
class PostedForm:
    actor: Actor
    form: FormData


async def posted(actor: Annotated[Actor, Depends(current_actor)],
                 form: Annotated[FormData, Depends(csrf_form)]) -> PostedForm:
    """A POST by a logged-in member of staff with the session's CSRF token (login is checked first)."""
    return PostedForm(actor, form)


CurrentActor = Annotated[Actor, Depends(current_actor)]
Posted = Annotated[PostedForm, Depends(posted)]
CsrfForm = Annotated[FormData, Depends(csrf_form)]
WorkflowDep = Annotated[Workflow, Depends(get_workflow)]
ThrottleDep = Annotated[LoginThrottle, Depends(get_throttle)]


def csrf_token(request: Request) -> str:
    if not request.session.get("csrf"):
        request.session["csrf"] = new_csrf_token()
    return request.session["csrf"]


def respond(request: Request, template: str, actor: Actor | None, status: int = 200, **ctx) -> HTMLResponse:
    """A page: the template with `ctx`, the actor, the CSRF token and the flash message (shown once)."""
    templates: Jinja2Templates = request.app.state.templates
    ctx.update(actor=actor, csrf=csrf_token(request), flash=request.session.pop("flash", None))
    return templates.TemplateResponse(request, template, ctx, status_code=status)


def redirect(request: Request, url: str, flash: str | None = None) -> RedirectResponse:
    """303 to `url` (after a POST), with a message for the next page."""
    if flash:
        request.session["flash"] = flash
    return RedirectResponse(url, status_code=303)
