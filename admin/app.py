"""The admin web app: server-rendered pages over admin.workflow (FastAPI + Jinja2).

Every page needs a login (anonymous GETs are redirected to /login, anything else gets 401); every
POST carries the session's CSRF token or is refused with 403. Sessions are signed cookies.
"""
from __future__ import annotations

import datetime as dt
import difflib
import logging
import math
import os
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import FastAPI, HTTPException, Request
from markupsafe import Markup, escape
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import func, select
from starlette.middleware.sessions import SessionMiddleware

from knowledge import render
from knowledge.entry import TRANSLATION_LANGS, Ward
from knowledge.languages import LANGUAGES
from knowledge.kb import DATA_DIR, load_ward
from knowledge.store import (AuditLog, ImportBatch, Notice, Release, Revision, Store, Unanswered, User, revision_entry,
                             utcnow)

from . import entry_form
from .auth import LoginThrottle, authenticate, csrf_ok, new_csrf_token, password_stamp, session_secret
from .publishing import Publisher
from .workflow import Actor, Conflict, Forbidden, Invalid, Workflow, entry_state

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
JST = ZoneInfo("Asia/Tokyo")
SESSION_HOURS = 8
MAX_UPLOAD = 20_000_000  # bytes; the ward's whole FAQ as CSV is well under 1 MB


class LoginRequired(Exception):
    pass


def _jst(value: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone(JST).strftime(fmt)


def _from_jst(text: str) -> dt.datetime | None:
    """A datetime-local input (Tokyo time) → naive UTC."""
    if not text:
        return None
    try:
        local = dt.datetime.fromisoformat(text).replace(tzinfo=JST)
    except ValueError:
        return None
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def create_app(store: Store | None = None, ward: Ward | None = None, publisher: Publisher | None = None,
               secret: str | None = None, https_only: bool | None = None,
               throttle: LoginThrottle | None = None) -> FastAPI:
    store = store or Store()
    ward = ward or load_ward(os.environ.get("MADOGUCHI_DATA") or DATA_DIR)
    publisher = publisher or Publisher(store, ward)
    wf = Workflow(store, ward, publisher)
    if https_only is None:
        https_only = os.environ.get("MADOGUCHI_SECURE_COOKIES") == "1"

    app = FastAPI(title="madoguchi admin", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.workflow = wf
    app.state.throttle = throttle = throttle or LoginThrottle()
    app.add_middleware(SessionMiddleware, secret_key=secret or session_secret(), session_cookie="madoguchi_admin",
                       max_age=SESSION_HOURS * 3600, same_site="strict", https_only=https_only)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["jst"] = _jst
    templates.env.filters["marked"] = lambda pair: _marked(_shown(pair[0]), _shown(pair[1]))
    templates.env.globals.update(LANG_NAMES=LANGUAGES, TRANSLATION_LANGS=TRANSLATION_LANGS, ward=ward)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    # ---- login, CSRF, rendering ----

    def actor_of(request: Request) -> Actor:
        uid = request.session.get("uid")
        if uid is not None:
            with store.session() as s:
                user = s.get(User, uid)
                if user is not None and user.active and request.session.get("pw") == password_stamp(user.password_hash):
                    return Actor(user.username, user.role)
        raise LoginRequired()

    def csrf_token(request: Request) -> str:
        if not request.session.get("csrf"):
            request.session["csrf"] = new_csrf_token()
        return request.session["csrf"]

    async def posted(request: Request, login: bool = True):
        """(actor, form) for a POST: logged in first (401), then the CSRF token (403)."""
        actor = actor_of(request) if login else None
        form = await request.form()
        if not csrf_ok(request.session.get("csrf"), form.get("csrf")):
            raise HTTPException(403, "CSRF token missing or invalid: reload the page and try again")
        return actor, form

    def respond(request: Request, template: str, actor: Actor | None, status: int = 200, **ctx) -> HTMLResponse:
        ctx.update(actor=actor, csrf=csrf_token(request), flash=request.session.pop("flash", None))
        return templates.TemplateResponse(request, template, ctx, status_code=status)

    def redirect(request: Request, url: str, flash: str | None = None) -> RedirectResponse:
        if flash:
            request.session["flash"] = flash
        return RedirectResponse(url, status_code=303)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc):
        if request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return PlainTextResponse("login required", status_code=401)

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

    # ---- pages ----

    @app.get("/login", response_class=HTMLResponse)
    async def login_page(request: Request, next: str = "/"):
        return respond(request, "login.html", None, next=next)

    @app.post("/login")
    async def login(request: Request):
        _, form = await posted(request, login=False)
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
        user = authenticate(store, username, form.get("password", ""))
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

    @app.post("/logout")
    async def logout(request: Request):
        await posted(request)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/account", response_class=HTMLResponse)
    async def account(request: Request):
        return respond(request, "account.html", actor_of(request), problems=[])

    @app.post("/account/password")
    async def change_password(request: Request):
        actor, form = await posted(request)
        try:
            wf.change_password(actor, actor.username, form.get("new_password", ""), form.get("confirm", ""),
                               current=form.get("current_password", ""))
        except Invalid as e:
            return respond(request, "account.html", actor, 422, problems=[str(p) for p in e.problems])
        with store.session() as s:  # this session stays open; every other one of this user ends
            user = s.scalars(select(User).where(User.username == actor.username)).one()
            request.session["pw"] = password_stamp(user.password_hash)
        request.session["csrf"] = new_csrf_token()
        return redirect(request, "/", "パスワードを変更しました (password changed)")

    @app.get("/", response_class=HTMLResponse)
    async def dashboard(request: Request):
        actor = actor_of(request)
        with store.session() as s:
            current = store.current_release(s)
            recent = s.scalars(select(Release).order_by(Release.id.desc()).limit(5)).all()
            heads = store.heads(s)
            counts = {st: sum(1 for h in heads.values() if h.status == st) for st in ("draft", "review")}
            counts["live"] = len(current.revision_ids) if current else 0
            counts["unanswered"] = s.scalar(select(func.count(Unanswered.id)).where(Unanswered.handled_by.is_(None)))
        return respond(request, "dashboard.html", actor, current=current, recent=recent, counts=counts,
                      notice=store.active_notice("ja"), building=any(r.status in ("queued", "building") for r in recent))

    @app.get("/entries", response_class=HTMLResponse)
    async def entries(request: Request, q: str = "", state: str = ""):
        actor = actor_of(request)
        needle = q.strip().lower()
        with store.session() as s:
            heads, live = store.heads(s), store.live_revisions(s)
        rows = []
        for eid in sorted(heads):
            head = heads[eid]
            st = entry_state(head, live.get(eid))
            if state and not st.startswith(state) and not st.endswith(state):
                continue
            d = head.data
            hay = " ".join([eid, d["question"], d["answer"], d["category"], *d.get("alt_questions", []),
                            *(t["question"] + " " + t["answer"] for t in d.get("translations", {}).values())]).lower()
            if needle and needle not in hay:
                continue
            rows.append({"id": eid, "question": d["question"], "category": d["category"], "state": st,
                         "author": head.author, "at": head.created_at, "langs": sorted(d.get("translations", {}))})
        return respond(request, "entries.html", actor, rows=rows, q=q, state=state)

    def edit_page(request, actor, values, errors, *, new, base, status=200):
        return respond(request, "edit.html", actor, status, v=values, errors=errors, new=new, base=base,
                      sections=ward.sections)

    @app.get("/entries/new", response_class=HTMLResponse)
    async def new_entry(request: Request, question: str = ""):
        actor = actor_of(request)
        values = entry_form.form_values({"question": question, "updated": dt.date.today().isoformat()})
        return edit_page(request, actor, values, {}, new=True, base=None)

    async def save(request: Request, eid: str | None):
        actor, form = await posted(request)
        values = {k: form.get(k, "") for k in form.keys()}
        base = int(form["base"]) if form.get("base") else None
        if eid is not None and values.get("id") != eid:
            raise Conflict("the id of an existing entry cannot change: create a new entry instead")
        try:
            rev = wf.save_draft(actor, values, base, reason=values.get("reason", ""),
                                submit=form.get("action") == "submit", new=eid is None)
        except Invalid as e:
            return edit_page(request, actor, values, entry_form.errors_by_field(e.problems), new=eid is None,
                             base=base, status=422)
        what = "レビュー依頼しました (submitted for review)" if rev.status == "review" else "下書きを保存しました (draft saved)"
        return redirect(request, f"/entries/{rev.entry_id}", what)

    @app.post("/entries/new")
    async def create_entry(request: Request):
        return await save(request, None)

    @app.get("/entries/{eid}", response_class=HTMLResponse)
    async def entry_page(request: Request, eid: str):
        actor = actor_of(request)
        with store.session() as s:
            head = store.head(s, eid)
            if head is None:
                raise HTTPException(404, f"no entry {eid}")
            live = store.live_revisions(s).get(eid)
            history = s.scalars(select(Revision).where(Revision.entry_id == eid).order_by(Revision.id.desc())).all()
            audit = s.scalars(select(AuditLog).where(AuditLog.entry_id == eid).order_by(AuditLog.id.desc())
                              .limit(50)).all()
        shown = revision_entry(head, ward)
        changes = _field_changes(live.data if live else {}, head.data) if live and live.id != head.id else []
        return respond(request, "entry.html", actor, head=head, live=live, entry=shown, history=history, audit=audit,
                      state=entry_state(head, live), changes=changes, previews=render.previews(shown))

    @app.get("/entries/{eid}/edit", response_class=HTMLResponse)
    async def edit_entry(request: Request, eid: str):
        actor = actor_of(request)
        with store.session() as s:
            head = store.head(s, eid)
            if head is None:
                raise HTTPException(404, f"no entry {eid}")
        return edit_page(request, actor, entry_form.form_values(head.data), {}, new=False, base=head.id)

    @app.post("/entries/{eid}/edit")
    async def update_entry(request: Request, eid: str):
        return await save(request, eid)

    @app.post("/entries/{eid}/submit")
    async def submit_entry(request: Request, eid: str):
        actor, form = await posted(request)
        wf.submit(actor, eid, form.get("reason", ""))
        return redirect(request, f"/entries/{eid}", "レビュー依頼しました (submitted for review)")

    @app.post("/entries/{eid}/retire")
    async def retire_entry(request: Request, eid: str):
        actor, form = await posted(request)
        wf.request_retire(actor, eid, form.get("reason", ""))
        return redirect(request, f"/entries/{eid}", "公開停止をレビュー依頼しました (retirement submitted for review)")

    @app.get("/reviews", response_class=HTMLResponse)
    async def reviews(request: Request):
        actor = actor_of(request)
        with store.session() as s:
            heads, live = store.heads(s), store.live_revisions(s)
        items = []
        for eid, head in sorted(heads.items()):
            if head.status != "review":
                continue
            old = live.get(eid)
            items.append({"rev": head, "live": old, "retire": head.action == "retire",
                          "changes": _field_changes(old.data if old else {}, head.data) if head.action == "save" else []})
        return respond(request, "reviews.html", actor, items=items)

    @app.post("/reviews/publish")
    async def publish(request: Request):
        actor, form = await posted(request)
        ids = [int(x) for x in form.getlist("revision") if str(x).isdigit()]
        rel_id, _ = wf.publish(actor, ids, form.get("reason", ""))
        return redirect(request, f"/releases/{rel_id}", "公開を開始しました: 検索インデックスを作成中です (publishing: building the index)")

    @app.post("/reviews/{rev_id}/reject")
    async def reject(request: Request, rev_id: int):
        actor, form = await posted(request)
        rev = wf.reject(actor, rev_id, form.get("reason", ""))
        return redirect(request, f"/entries/{rev.entry_id}", "差し戻しました (returned to draft)")

    @app.get("/releases", response_class=HTMLResponse)
    async def releases(request: Request):
        actor = actor_of(request)
        with store.session() as s:
            rows = s.scalars(select(Release).order_by(Release.id.desc()).limit(200)).all()
            current = store.current_release(s)
        return respond(request, "releases.html", actor, rows=rows, current=current,
                      building=any(r.status in ("queued", "building") for r in rows[:5]))

    @app.get("/releases/{rel_id}", response_class=HTMLResponse)
    async def release_page(request: Request, rel_id: int):
        actor = actor_of(request)
        with store.session() as s:
            rel = s.get(Release, rel_id)
            if rel is None:
                raise HTTPException(404, f"no release {rel_id}")
            current = store.current_release(s)
            ids = rel.changes.get("add", []) + rel.changes.get("retire", [])
            changed = s.scalars(select(Revision).where(Revision.id.in_(ids))).all() if ids else []
        return respond(request, "release.html", actor, rel=rel, current=current, changed=changed,
                      building=rel.status in ("queued", "building"))

    @app.post("/releases/{rel_id}/rollback")
    async def rollback(request: Request, rel_id: int):
        actor, form = await posted(request)
        new_id, _ = wf.rollback(actor, rel_id, form.get("reason", ""))
        return redirect(request, f"/releases/{new_id}", f"リリース {rel_id} に戻しています (rolling back)")

    @app.get("/notices", response_class=HTMLResponse)
    async def notices(request: Request):
        actor = actor_of(request)
        with store.session() as s:
            rows = s.scalars(select(Notice).order_by(Notice.id.desc()).limit(50)).all()
        now = utcnow()
        return respond(request, "notices.html", actor, rows=rows, now=now, errors={}, v={},
                      default_expires=_jst(now + dt.timedelta(hours=24), "%Y-%m-%dT%H:%M"))

    @app.post("/notices")
    async def create_notice(request: Request):
        actor, form = await posted(request)
        texts = {lang: form.get(f"notice_{lang}", "") for lang in ("ja", *TRANSLATION_LANGS)}
        try:
            wf.publish_notice(actor, texts, _from_jst(form.get("starts", "")), _from_jst(form.get("expires", "")))
        except Invalid as e:
            with store.session() as s:
                rows = s.scalars(select(Notice).order_by(Notice.id.desc()).limit(50)).all()
            return respond(request, "notices.html", actor, 422, rows=rows, now=utcnow(),
                          errors=entry_form.errors_by_field(e.problems), v=dict(form),
                          default_expires=form.get("expires", ""))
        return redirect(request, "/notices", "緊急のお知らせを公開しました (notice published)")

    @app.post("/notices/{nid}/expire")
    async def expire_notice(request: Request, nid: int):
        actor, _ = await posted(request)
        wf.expire_notice(actor, nid)
        return redirect(request, "/notices", "お知らせを終了しました (notice expired)")

    @app.get("/unanswered", response_class=HTMLResponse)
    async def unanswered(request: Request, show: str = "open"):
        actor = actor_of(request)
        with store.session() as s:
            query = select(Unanswered).order_by(Unanswered.id.desc()).limit(500)
            if show == "open":
                query = query.where(Unanswered.handled_by.is_(None))
            rows = s.scalars(query).all()
            heads = store.heads(s)
        # The section of the nearest entry: the office that would write the missing answer.
        sections = {q.top_id: ward.sections.get(heads[q.top_id].data.get("section"))
                    for q in rows if q.top_id in heads}
        return respond(request, "unanswered.html", actor, rows=rows, show=show, sections=sections)

    @app.post("/unanswered/{qid}/handled")
    async def unanswered_handled(request: Request, qid: int):
        actor, _ = await posted(request)
        wf.mark_handled(actor, qid)
        return redirect(request, "/unanswered")

    @app.get("/import", response_class=HTMLResponse)
    async def import_page(request: Request):
        return respond(request, "import.html", actor_of(request), problems=[])

    @app.post("/import")
    async def import_upload(request: Request):
        actor, form = await posted(request)
        upload = form.get("file")
        if upload is None or not hasattr(upload, "read"):
            return respond(request, "import.html", actor, 422, problems=["file: choose a CSV file"])
        content = await upload.read(MAX_UPLOAD + 1)
        if len(content) > MAX_UPLOAD:
            return respond(request, "import.html", actor, 413, problems=[f"file: larger than {MAX_UPLOAD // 1_000_000} MB"])
        try:
            batch_id = wf.import_preview(actor, upload.filename or "upload.csv", content)
        except Invalid as e:
            return respond(request, "import.html", actor, 422, problems=[str(p) for p in e.problems])
        return redirect(request, f"/import/{batch_id}")

    @app.get("/import/{batch_id}", response_class=HTMLResponse)
    async def import_preview(request: Request, batch_id: int):
        actor = actor_of(request)
        with store.session() as s:
            batch = s.get(ImportBatch, batch_id)
            if batch is None:
                raise HTTPException(404, f"no import {batch_id}")
        return respond(request, "import_preview.html", actor, batch=batch, diff=batch.diff)

    @app.post("/import/{batch_id}/apply")
    async def import_apply(request: Request, batch_id: int):
        actor, form = await posted(request)
        created = wf.import_apply(actor, batch_id, retire_missing=form.get("retire_missing") == "1")
        return redirect(request, "/entries?state=draft", f"{len(created)} 件の下書きを作成しました (drafts created)")

    @app.post("/import/{batch_id}/cancel")
    async def import_cancel(request: Request, batch_id: int):
        actor, _ = await posted(request)
        wf.import_cancel(actor, batch_id)
        return redirect(request, "/import", "取り込みを中止しました (import cancelled)")

    @app.get("/export.csv")
    async def export(request: Request):
        actor_of(request)
        name = f"{ward.lg_code}_faq_{dt.date.today():%Y%m%d}.csv"
        return Response(wf.export(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/audit", response_class=HTMLResponse)
    async def audit(request: Request, entry: str = "", page: int = 1):
        actor = actor_of(request)
        with store.session() as s:
            query = select(AuditLog).order_by(AuditLog.id.desc())
            if entry:
                query = query.where(AuditLog.entry_id == entry)
            rows = s.scalars(query.offset((max(page, 1) - 1) * 200).limit(200)).all()
        return respond(request, "audit.html", actor, rows=rows, entry=entry, page=max(page, 1))

    @app.get("/users", response_class=HTMLResponse)
    async def users(request: Request):
        actor = actor_of(request)
        if not actor.at_least("admin"):
            raise Forbidden("only an admin manages users")
        with store.session() as s:
            rows = s.scalars(select(User).order_by(User.username)).all()
        return respond(request, "users.html", actor, rows=rows, problems=[])

    @app.post("/users")
    async def create_user(request: Request):
        actor, form = await posted(request)
        try:
            wf.create_user(actor, form.get("username", "").strip(), form.get("password", ""), form.get("role", ""))
        except Invalid as e:
            with store.session() as s:
                rows = s.scalars(select(User).order_by(User.username)).all()
            return respond(request, "users.html", actor, 422, rows=rows, problems=[str(p) for p in e.problems])
        return redirect(request, "/users", "ユーザーを作成しました (user created)")

    return app


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(value)
    if isinstance(value, dict):  # a translation
        return "\n".join([value.get("question", ""), value.get("answer", ""), *value.get("documents", [])])
    return str(value)


def _marked(old: str, new: str) -> tuple[Markup, Markup]:
    """Both texts with what changed wrapped in <del>/<ins>: a one-character fee change in a long answer shows."""
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    a, b = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            a.append(escape(old[i1:i2]))
            b.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            a.append(Markup("<del>%s</del>") % old[i1:i2])
        if j2 > j1:
            b.append(Markup("<ins>%s</ins>") % new[j1:j2])
    return Markup("").join(a), Markup("").join(b)


def _field_changes(old: dict, new: dict) -> list[tuple[str, Markup, Markup]]:
    """(field, before, after) for every field that differs, translations per language, changes marked."""
    out = []
    for key in ("category", "section", "question", "alt_questions", "answer", "easy_answer", "documents", "fee",
                "url", "counter_override", "hours_override", "updated"):
        if old.get(key) != new.get(key):
            out.append((key, *_marked(_shown(old.get(key)), _shown(new.get(key)))))
    old_tr, new_tr = old.get("translations") or {}, new.get("translations") or {}
    for lang in sorted(set(old_tr) | set(new_tr)):
        if old_tr.get(lang) != new_tr.get(lang):
            out.append((f"translation {lang}", *_marked(_shown(old_tr.get(lang)), _shown(new_tr.get(lang)))))
    return out
