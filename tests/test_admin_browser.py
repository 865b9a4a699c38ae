"""The admin app in a real browser (Debian's Chromium via Playwright): a review in progress, every form
control labelled, and the screenshot docs/staff.md shows."""
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package only)")

from knowledge.entry import TRANSLATION_LANGS  # noqa: E402
from tests.admin_helpers import APPROVER, EDITOR, PASSWORD, edit_form, make_office  # noqa: E402
from support import REPO, SAMPLE_DATA, serve_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = REPO / "docs" / "images" / "admin.png"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

# Controls without a label: what an accessibility checker would flag first.
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)"""


@pytest.fixture
def server(tmp_path, embedder):
    from admin.app import create_app

    # The real sample KB, so the screenshot shows what staff will see; no index is needed to browse.
    office = make_office(SAMPLE_DATA, tmp_path, embedder, build_index=False)
    form, base = edit_form(office, "juminhyo-001")
    assert "1通300円" in form["answer"], "the screenshot shows a fee change of juminhyo-001: update the test"
    # A fee change in every language (validation refuses a translation whose amounts differ).
    for field in ("answer", "easy_answer", "fee", *(f"{lang}_answer" for lang in TRANSLATION_LANGS)):
        form[field] = form[field].replace("300", "350")
    office.wf.save_draft(EDITOR, form, base, reason="手数料改定（令和9年4月から）", submit=True)
    office.store.record_unanswered("ハクビシンが庭に出ました", "ja", "phone", "call-1", "inu-001", 0.62)
    app = create_app(office.store, office.ward, office.publisher, secret="browser-test")
    yield from serve_app(app)
    office.publisher.shutdown()


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                    reason="Debian's Chromium is missing: run `scripts/system_deps.sh chromium` (never `playwright install`)")
def test_admin_app_in_chromium_with_screenshot(server):
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        page.goto(server + "/entries/juminhyo-001")
        assert "/login" in page.url  # anonymous: sent to the login page
        assert page.evaluate(UNLABELLED) == []
        page.get_by_label("ユーザー名").fill(APPROVER.username)
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url(server + "/entries/juminhyo-001")
        assert page.locator("html").get_attribute("lang") == "ja"
        assert page.get_by_role("heading", level=1).count() == 1
        assert page.get_by_role("button", name="公開 Publish").is_visible()
        assert page.locator("article.preview[lang=en]").count() == 1
        for path in ("/entries/juminhyo-001", "/entries/juminhyo-001/edit", "/reviews", "/notices", "/unanswered",
                     "/import", "/releases", "/entries", "/account", "/learning"):
            page.goto(server + path)
            assert page.evaluate(UNLABELLED) == [], path
        page.goto(server + "/entries/juminhyo-001")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=False)
        browser.close()
    assert SCREENSHOT.stat().st_size > 10_000
