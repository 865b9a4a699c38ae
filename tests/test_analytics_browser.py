"""The analytics page in a real browser (Debian's Chromium via Playwright): axe-core finds no WCAG 2.2 AA
violation, the page's strict CSP blocks nothing on it (its charts are inline SVG), the period filter
works, and the screenshot the README's staff section shows (docs/images/analytics.png)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package only)")

from knowledge.kb import load_entries, load_ward  # noqa: E402
from support import REPO, SAMPLE_DATA, run_axe, serve_app  # noqa: E402
from tests.admin_helpers import EDITOR, PASSWORD, make_office  # noqa: E402
from tests.analytics_seed import JST, UNANSWERED_TEXTS, create_tracker, generate, write  # noqa: E402
from tests.test_admin_browser import ARGS, CHROMIUM  # noqa: E402

SCREENSHOT = REPO / "docs" / "images" / "analytics.png"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                                 reason="Debian's Chromium is missing: run `scripts/system_deps.sh chromium "
                                        "fonts-noto-cjk` (never `playwright install`)")]


@pytest.fixture
def server(tmp_path, embedder, monkeypatch):
    from admin.app import create_app
    from knowledge.store import Unanswered

    ward = load_ward(SAMPLE_DATA)
    entries = [(e.id, e.category) for e in load_entries(SAMPLE_DATA, ward) if e.published]
    today = dt.datetime.now(JST).date()
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    write(create_tracker(url), generate(1500, today - dt.timedelta(days=29), 30, entries[:60]).conversations)
    monkeypatch.setenv("MADOGUCHI_TRACKER_DB", url)
    office = make_office(SAMPLE_DATA, tmp_path, embedder, build_index=False)
    with office.store.session() as s:
        for n, text in zip((9, 6, 4, 3, 2), UNANSWERED_TEXTS):
            for i in range(n):
                s.add(Unanswered(text=text, lang="ja", channel="web" if i % 2 else "phone", top_id=entries[n][0],
                                 at=dt.datetime.utcnow() - dt.timedelta(days=i)))
    app = create_app(office.store, office.ward, office.publisher, secret="browser-test")
    yield from serve_app(app)
    office.publisher.shutdown()


def _login(page, server: str, path: str) -> None:
    page.goto(server + path)
    page.get_by_label("ユーザー名").fill(EDITOR.username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(server + path)


def test_analytics_page_in_chromium_with_axe_and_screenshot(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        # As staff get it: the CSP in force; nothing on the page may be refused.
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="ja-JP")
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        _login(page, server, "/analytics")
        assert page.get_by_role("heading", level=1).inner_text().startswith("利用状況の分析")
        charts = page.get_by_role("img")
        assert charts.count() == 9
        box = charts.first.bounding_box()
        assert box and box["width"] > 500 and box["height"] > 200  # the SVG scales to the column
        assert page.locator("table caption").count() >= 10
        page.get_by_role("link", name="直近 7 日").click()
        page.wait_for_url(server + "/analytics?days=7")
        assert page.get_by_role("link", name="直近 7 日").get_attribute("aria-current") == "page"
        page.goto(server + "/analytics?days=30")
        page.set_viewport_size({"width": 1280, "height": 1500})  # the summary and the first chart
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        assert refused == [], refused
        # axe-core is injected as a script, which that CSP refuses: a context that bypasses it, for axe only.
        ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ja-JP", bypass_csp=True)
        page = ctx.new_page()
        _login(page, server, "/analytics")
        page.goto(server + "/analytics?days=90")
        for d in page.locator("details").all():  # the data tables too, as a screen reader user opens them
            d.evaluate("el => el.open = true")
        assert run_axe(page) == []
        browser.close()
    assert SCREENSHOT.stat().st_size > 20_000
