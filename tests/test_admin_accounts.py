"""Staff accounts: changing one's password (page and command), and the login rate limit."""
import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import select  # noqa: E402

from admin import cli  # noqa: E402
from admin.app import create_app  # noqa: E402
from admin.auth import LoginThrottle, authenticate  # noqa: E402
from admin.workflow import Forbidden  # noqa: E402
from knowledge.store import AuditLog  # noqa: E402
from tests.admin_helpers import EDITOR, PASSWORD, csrf_of, login, make_office  # noqa: E402

NEW = "a much longer passphrase"


@pytest.fixture
def office(tiny_kb, tmp_path, embedder):
    o = make_office(tiny_kb, tmp_path, embedder, build_index=False)
    yield o
    o.publisher.shutdown()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(office, clock):
    return create_app(office.store, office.ward, office.publisher, secret="test-secret",
                      throttle=LoginThrottle(clock=clock))


def try_login(client, username, password):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf": token},
                       follow_redirects=False)


def test_changing_ones_password_ends_the_other_sessions(app, office):
    c, elsewhere = TestClient(app), TestClient(app)
    token = login(c, "eri")
    login(elsewhere, "eri")
    assert "/account" in c.get("/").text and 'autocomplete="new-password"' in c.get("/account").text

    def change(current, new, confirm):
        return c.post("/account/password", data={"csrf": token, "current_password": current, "new_password": new,
                                                 "confirm": confirm}, follow_redirects=False)

    r = change("wrong password!", NEW, NEW)
    assert r.status_code == 422 and "not your current password" in r.text
    assert change(PASSWORD, NEW, NEW + "x").status_code == 422
    assert "at least 10 characters" in change(PASSWORD, "short", "short").text
    assert "the same as the current password" in change(PASSWORD, PASSWORD, PASSWORD).text
    assert authenticate(office.store, "eri", PASSWORD) is not None  # nothing changed yet

    r = change(PASSWORD, NEW, NEW)
    assert r.status_code == 303
    assert "password changed" in c.get("/").text  # this session goes on
    assert elsewhere.get("/", follow_redirects=False).status_code == 303  # the other one has ended
    assert try_login(TestClient(app), "eri", PASSWORD).status_code == 401
    assert try_login(TestClient(app), "eri", NEW).status_code == 303
    with office.store.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "password-change")).one()
        assert (row.actor, row.subject, row.before, row.after) == ("eri", "user:eri", None, None)
    with pytest.raises(Forbidden):
        office.wf.change_password(EDITOR, "aki", NEW, NEW)  # only an admin sets someone else's


def test_set_password_command(office, tiny_kb, monkeypatch, capsys):
    monkeypatch.setenv("MADOGUCHI_DB", office.store.url)
    monkeypatch.setenv("MADOGUCHI_PASSWORD", NEW)
    assert cli.main(["--data", str(tiny_kb), "set-password", "aki"]) == 0
    assert authenticate(office.store, "aki", NEW) is not None and authenticate(office.store, "aki", PASSWORD) is None
    assert cli.main(["--data", str(tiny_kb), "set-password", "nobody"]) == 1
    assert "no user nobody" in capsys.readouterr().err
    monkeypatch.setenv("MADOGUCHI_PASSWORD", "short")
    assert cli.main(["--data", str(tiny_kb), "set-password", "aki"]) == 1
    with office.store.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == "password-reset")).all()
        assert [r.subject for r in rows] == ["user:aki"] and rows[0].actor.startswith("cli:")


def test_five_failures_lock_that_user_from_that_address_for_15_minutes(app, clock):
    c = TestClient(app)
    for _ in range(5):
        assert try_login(c, "eri", "wrong password").status_code == 401
    r = try_login(c, "eri", PASSWORD)  # even the right password is refused now
    assert r.status_code == 429 and "Too many failed logins: try again in 15 minutes" in r.text
    assert int(r.headers["Retry-After"]) == 900
    assert try_login(c, "aki", PASSWORD).status_code == 303  # another member of staff is not locked out
    clock.now += 10 * 60
    assert "try again in 5 minutes" in try_login(TestClient(app), "eri", PASSWORD).text
    clock.now += 5 * 60 + 1
    assert try_login(TestClient(app), "eri", PASSWORD).status_code == 303


def test_a_success_clears_the_count_and_guessing_many_names_is_limited_too(app, clock):
    c = TestClient(app)
    for _ in range(4):
        try_login(c, "eri", "wrong password")
    assert try_login(c, "eri", PASSWORD).status_code == 303
    for _ in range(4):
        assert try_login(TestClient(app), "eri", "wrong password").status_code == 401  # counting from 0 again
    for i in range(12):  # 20 failures from this address in all (a success does not clear the address's count)
        assert try_login(TestClient(app), f"guess{i}", "wrong password").status_code == 401
    assert try_login(TestClient(app), "ken", PASSWORD).status_code == 429
