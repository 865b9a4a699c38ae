"""The admin web app: login, roles, CSRF on every POST, inline validation, export, notices, unanswered."""
import re

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from admin.app import create_app  # noqa: E402
from knowledge.store import AuditLog, Release, Revision  # noqa: E402
from tests.admin_helpers import (APPROVER, EDITOR, PASSWORD, csrf_of, edit_form, login, make_office,  # noqa: E402
                                  tiny_fee_change)


@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    o = make_office(tiny_kb, tmp_path, embedder)
    yield o
    o.publisher.shutdown()


@pytest.fixture
def app(office):
    return create_app(office.store, office.ward, office.publisher, secret="test-secret")


def client_for(app, username=None):
    c = TestClient(app)
    token = login(c, username) if username else None
    return c, token


def served_routes(app):
    """(path, methods) of every route the app serves. FastAPI 0.137+ keeps an included router as one
    node of app.routes; fastapi.routing.iter_route_contexts flattens them (earlier versions are flat)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:
        flat = app.routes
    else:
        flat = list(iter_route_contexts(app.routes))
    return [(r.path, set(getattr(r, "methods", None) or ())) for r in flat]


def post_routes(app):
    return [path for path, methods in served_routes(app) if "POST" in methods]


def concrete(path):
    return re.sub(r"\{[^}]+\}", lambda m: "1" if m.group(0) in ("{rev_id}", "{rel_id}", "{nid}", "{qid}", "{batch_id}") else "tiny-001", path)


def test_anonymous_requests_are_redirected_to_login_or_refused(app):
    c = TestClient(app)
    for path in ("/", "/entries", "/entries/tiny-001", "/reviews", "/releases", "/notices", "/unanswered", "/import",
                 "/export.csv", "/audit", "/users", "/account", "/conversations", "/conversations/web-1"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    for path in post_routes(app):
        if path == "/login":
            continue
        r = c.post(concrete(path), data={"csrf": "x"}, follow_redirects=False)
        assert r.status_code == 401, path


def test_every_route_but_the_login_page_requires_a_login(app):
    """Every route of every router, whatever its method: an anonymous GET goes to the login page (back to
    where it was), anything else is refused with 401. Only /login and the static files are open."""
    c = TestClient(app)
    checked = 0
    for path, methods in served_routes(app):
        if path in ("/login", "/static"):
            continue
        assert methods, path  # a route without methods would be a mount nobody checks
        for method in methods:
            r = c.request(method, concrete(path), data={"csrf": "x"} if method != "GET" else None,
                          follow_redirects=False)
            if method == "GET":
                assert r.status_code == 303, (method, path, r.status_code)
                assert r.headers["location"] == f"/login?next={concrete(path)}", (method, path)
            else:
                assert r.status_code == 401 and r.text == "login required", (method, path, r.status_code)
            checked += 1
    assert checked >= 30  # the enumeration itself must not go quiet (32 today)
    assert c.get("/login").status_code == 200 and c.get("/static/admin.css").status_code == 200


def test_what_does_not_exist_is_404(app):
    c, _ = client_for(app, "eri")
    for path, detail in (("/entries/nope-999", "no entry nope-999"), ("/entries/nope-999/edit", "no entry nope-999"),
                         ("/releases/999", "no release 999"), ("/import/999", "no import 999")):
        r = c.get(path)
        assert r.status_code == 404 and r.json() == {"detail": detail}, path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path


def test_every_post_without_a_valid_csrf_token_is_refused(app):
    c, token = client_for(app, "root")
    routes = post_routes(app)
    assert len(routes) >= 15
    for path in routes:
        for data in ({}, {"csrf": "forged"}):
            r = c.post(concrete(path), data=data, follow_redirects=False)
            assert r.status_code == 403, (path, data, r.status_code)
    assert c.get("/entries").status_code == 200  # still logged in: logout was refused too


def test_login_with_a_wrong_password_fails_and_the_session_is_signed(app):
    c = TestClient(app)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"username": "eri", "password": "wrong password", "csrf": token})
    assert r.status_code == 401 and "wrong username or password" in r.text
    r = c.post("/login", data={"username": "nobody", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401
    c.cookies.set("madoguchi_admin", "eyJ1aWQiOiAxfQ==.forged.sig")
    assert c.get("/", follow_redirects=False).status_code == 303


def test_editor_cannot_publish_through_the_app(app, office):
    editor, token = client_for(app, "eri")
    form, base = edit_form(office, "tiny-001", **tiny_fee_change("住民票の写しは区民課で1通350円で発行します。", 350))
    r = editor.post("/entries/tiny-001/edit", data={**form, "base": base, "action": "submit", "csrf": token})
    assert r.status_code == 200 and "submitted for review" in r.text
    with office.store.session() as s:
        rev_id = office.store.head(s, "tiny-001").id
    r = editor.post("/reviews/publish", data={"revision": rev_id, "csrf": token})
    assert r.status_code == 403
    assert editor.post("/releases/1/rollback", data={"csrf": token}).status_code == 403
    assert editor.get("/users").status_code == 403
    approver, token2 = client_for(app, "aki")
    r = approver.post("/reviews/publish", data={"revision": rev_id, "csrf": token2}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/releases/")
    office.publisher.shutdown()  # wait for the build
    with office.store.session() as s:
        assert office.store.current_release(s).kind == "publish"


def test_validation_errors_are_shown_next_to_the_fields(app, office):
    c, token = client_for(app, "eri")
    form, base = edit_form(office, "tiny-001", alt_questions="一つだけ", url="not a url", en_answer="")
    r = c.post("/entries/tiny-001/edit", data={**form, "base": base, "action": "submit", "csrf": token})
    assert r.status_code == 422
    html = r.text
    for field in ("alt_questions", "url", "en_answer"):
        assert f'<p class="error" id="e-{field}">' in html and f'href="#f-{field}"' in html, field
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', html), field
    assert "a published entry needs at least 3" in html and "not an http(s) URL" in html
    assert 'value="not a url"' in html  # what the editor typed is kept
    with office.store.session() as s:
        assert s.scalar(select(func.count(Revision.id))) == 3


def test_entry_page_previews_every_language(app):
    c, _ = client_for(app, "eri")
    html = c.get("/entries/tiny-001").text
    assert '<html lang="ja">' in html
    assert 'lang="en"' in html and "Where can I get a copy of my residence certificate?" in html
    assert "じゅうみんひょうは" in html and "03-0555-1201" in html
    assert "tiny-001" in c.get("/entries?q=residence").text


def _previews(html: str) -> dict[str, str]:
    import html as h

    return {lang: h.unescape(text) for lang, text in
            re.findall(r'<article class="preview"[^>]*aria-labelledby="pv-([a-z-]+)">.*?<p class="resident-text">(.*?)</p>', html, re.S)}


def test_preview_is_what_residents_are_told_in_every_language_with_overrides(app, office):
    """The entry page shows, per language, knowledge.render's own text of the head revision: overrides of
    counter and hours, a translated language, an untranslated one (note + easy Japanese + English)."""
    from knowledge import render
    from knowledge.languages import LANGUAGES
    from knowledge.store import revision_entry

    form, base = edit_form(office, "tiny-001", counter="本庁舎2階 5番窓口", hours="平日 8:30〜19:00")
    office.wf.save_draft(EDITOR, form, base, reason="test")
    c, _ = client_for(app, "eri")
    shown = _previews(c.get("/entries/tiny-001").text)
    with office.store.session() as s:
        entry = revision_entry(office.store.head(s, "tiny-001"), office.ward)
    assert set(shown) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert shown[lang] == render.resident_text(render.answer_payload(entry, lang)), lang
    assert "本庁舎2階 5番窓口" in shown["ja"] and "本庁舎2階 5番窓口" in shown["en"]  # the override is Japanese only
    assert "Copies are issued" in shown["vi"] and "じゅうみんひょうは" in shown["vi"]  # no vi: easy Japanese + English


def test_import_preview_then_confirm_and_bad_csv_errors_in_the_page(app, office):
    c, token = client_for(app, "eri")
    good = ("全国地方公共団体コード,ID,地方公共団体名,分類,質問,回答,回答日,所管部署,URL\r\n"
            "131245,tiny-010,若葉区,防災,防災メールの登録方法,区のサイトから登録できます。,2026-11-01,防災課,\r\n")
    r = c.post("/import", data={"csrf": token}, files={"file": ("faq.csv", good.encode(), "text/csv")})
    assert r.status_code == 200 and "tiny-010" in r.text and "New" in r.text
    batch = re.search(r'/import/(\d+)/apply', r.text).group(1)
    r = c.post(f"/import/{batch}/apply", data={"csrf": token})
    assert "1 件の下書き" in r.text
    bad = good.replace("2026-11-01", "昨日")
    with office.store.session() as s:
        before = s.scalar(select(func.count(AuditLog.id)))
    r = c.post("/import", data={"csrf": token}, files={"file": ("bad.csv", bad.encode(), "text/csv")})
    assert r.status_code == 422 and "bad.csv:2: 回答日: &#39;昨日&#39; is not a date" in r.text
    with office.store.session() as s:
        assert s.scalar(select(func.count(AuditLog.id))) == before


def test_export_is_the_standard_csv_of_published_entries(app):
    c, _ = client_for(app, "eri")
    r = c.get("/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    text = r.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "全国地方公共団体コード,ID,地方公共団体名,分類,質問,回答,回答日,所管部署,URL"
    assert "tiny-001" in text and "tiny-002" in text and "tiny-003" not in text  # drafts are not exported


def test_notice_publish_and_expire_reach_active_notice(app, office):
    c, token = client_for(app, "aki")
    r = c.post("/notices", data={"csrf": token, "notice_ja": "避難所を開設しました", "notice_en": "", "expires": "2099-01-01T00:00"})
    assert r.status_code == 422 and "is required" in r.text
    r = c.post("/notices", data={"csrf": token, "notice_ja": "避難所を開設しました", "notice_en": "Shelters are open",
                                 "expires": "2099-01-01T00:00"})
    assert r.status_code == 200 and office.store.active_notice("en") == "Shelters are open"
    nid = re.search(r'/notices/(\d+)/expire', r.text).group(1)
    c.post(f"/notices/{nid}/expire", data={"csrf": token})
    assert office.store.active_notice("ja") is None


def test_unanswered_questions_are_listed_with_a_link_to_write_the_entry(app, office):
    office.store.record_unanswered("ハクビシンが出たらどうする？", "ja", "phone", "call-9", "tiny-002", 0.61)
    c, token = client_for(app, "eri")
    html = c.get("/unanswered").text
    assert "ハクビシンが出たらどうする？" in html and "phone" in html and "tiny-002" in html
    assert "/entries/new?question=" in html
    qid = re.search(r'/unanswered/(\d+)/handled', html).group(1)
    c.post(f"/unanswered/{qid}/handled", data={"csrf": token})
    assert "ハクビシン" not in c.get("/unanswered").text


def test_the_audit_log_cannot_be_changed_through_the_app(app, office):
    c, token = client_for(app, "root")
    assert not [p for p in post_routes(app) if p.startswith("/audit")]
    for method in ("post", "put", "patch", "delete"):
        r = getattr(c, method)("/audit") if method != "post" else c.post("/audit", data={"csrf": token})
        assert r.status_code == 405, method
    assert "user-create" in c.get("/audit").text


def test_rollback_button(app, office):
    form, base = edit_form(office, "tiny-001", **tiny_fee_change("住民票の写しは区民課で1通350円で発行します。", 350))
    rev = office.wf.save_draft(EDITOR, form, base, submit=True)
    office.wf.publish(APPROVER, [rev.id])[1].result()
    c, token = client_for(app, "ken")
    assert "Roll back to #1" in c.get("/releases").text
    r = c.post("/releases/1/rollback", data={"csrf": token, "reason": "wrong fee"}, follow_redirects=False)
    assert r.status_code == 303
    office.publisher.shutdown()
    with office.store.session() as s:
        cur = office.store.current_release(s)
        assert cur.kind == "rollback" and cur.changes["restore"] == 1 and cur.created_by == "ken"
        seed = s.get(Release, 1)
        assert cur.changes["files"] == seed.changes["files"]  # served with release 1's ward files again
        assert s.scalar(select(func.count(Release.id))) == 3
