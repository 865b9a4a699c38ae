"""The admin web app: server-rendered pages over admin.workflow (FastAPI + Jinja2).

Every page needs a login (anonymous GETs are redirected to /login, anything else gets 401); every
POST carries the session's CSRF token or is refused with 403. Sessions are signed cookies.

This module assembles the app: middleware, templates, the answers to the workflow's exceptions, and
the routers of admin/routes (one per area). What a page depends on (the actor, a checked form, the
Workflow) is in admin/deps.py; the pages read and write through the Workflow alone.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from knowledge.entry import TRANSLATION_LANGS, Ward
from knowledge.languages import LANGUAGES
from knowledge.settings import current
from knowledge.store import Store

from .auth import LoginThrottle, session_secret
from .conversations import Conversations
from .deps import LoginRequired, respond
from .publishing import Publisher
from .routes import ROUTERS
from .views import jst, marked, shown
from .workflow import Conflict, Forbidden, Invalid, NotFound, Workflow

HERE = Path(__file__).resolve().parent
SESSION_HOURS = 8


def create_app(store: Store | None = None, ward: Ward | None = None, publisher: Publisher | None = None,
               secret: str | None = None, https_only: bool | None = None,
               throttle: LoginThrottle | None = None, conversations: Conversations | None = None) -> FastAPI:
    store = store or Store()
    ward = ward or store.published_ward()
    publisher = publisher or Publisher(store, ward)
    if https_only is None:
        https_only = current().secure_cookies

    app = FastAPI(title="madoguchi admin", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.workflow = Workflow(store, ward, publisher)
    app.state.throttle = throttle or LoginThrottle()
    app.state.conversations = conversations or Conversations(store)  # Rasa's tracker store, read on demand
    app.state.templates = templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["jst"] = jst
    templates.env.filters["marked"] = lambda pair: marked(shown(pair[0]), shown(pair[1]))
    templates.env.globals.update(LANG_NAMES=LANGUAGES, TRANSLATION_LANGS=TRANSLATION_LANGS, ward=ward)

    app.add_middleware(SessionMiddleware, secret_key=secret or session_secret(), session_cookie="madoguchi_admin",
                       max_age=SESSION_HOURS * 3600, same_site="strict", https_only=https_only)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc):
        if request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return PlainTextResponse("login required", status_code=401)

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, exc):
        return JSONResponse({"detail": str(exc)}, status_code=404)  # as HTTPException(404) answers

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc):
        return respond(request, "message.html", None, 403, title="権限がありません (Forbidden)", message=str(exc))

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc):
        return respond(request, "message.html", None, 409, title="操作できません (Conflict)", message=str(exc))

    @app.exception_handler(Invalid)
    async def _invalid(request: Request, exc):
        return respond(request, "message.html", None, 422, title="入力に問題があります (Invalid)",
                       message="", problems=[str(p) for p in exc.problems])

    for router in ROUTERS:
        app.include_router(router)
    return app
