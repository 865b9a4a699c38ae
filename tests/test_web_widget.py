"""The chat widget in Debian's Chromium (Playwright): real conversations with the action server and
`rasa run` (the e2e fixture), keyboard-only use, failure and injection cases, and axe-core's WCAG 2.2 AA
rules with 0 violations in normal and high-contrast modes and at phone width. Saves docs/images/widget.png,
widget-high-contrast.png and widget-phone.png.

web/ is served by a small local server that also forwards the REST webhook to Rasa, so the page and
Rasa share an origin (the e2e fixture starts Rasa without CORS). axe-core comes from npm
(scripts/node_deps.sh, into the gitignored var/node).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import threading
import wave
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from support import REPO, run_axe
from bot.launch import free_port
from test_e2e_rest import servers  # noqa: F401  (the e2e fixture: action server + rasa run, or a skip)

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package only)")

pytestmark = [pytest.mark.slow]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"]
WEB = REPO / "web"
IMAGES = REPO / "docs" / "images"
WARD_PHONE = "03-0555-1111"
SCRIPT_TAG = ('<script src="widget/madoguchi-widget.js" data-server="http://localhost:5005" data-lang="ja"\n'
              '        data-phone="03-0555-1111" data-hours="平日 8時30分〜17時15分" defer>')
# The widget stops where the server would cut (read from bot/channels.py: it imports rasa, not installed here).
MAX_CHARS = int(re.search(r"^MAX_INPUT_CHARS = (\d+)", (REPO / "bot" / "channels.py").read_text(), re.M)[1])

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    pytest.skip("Debian's Chromium is missing: run `scripts/system_deps.sh chromium fonts-noto-cjk` "
                "(never `playwright install`)", allow_module_level=True)


def _silence_wav() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(8000)
        w.writeframes(b"\0\0" * 800)
    return buf.getvalue()


class Handler(SimpleHTTPRequestHandler):
    """web/ as static files, POST /webhooks/rest/webhook forwarded to Rasa, GET /tts a stand-in voice."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/tts?"):
            self.server.tts_calls.append(self.path)
            return self._reply(200, "audio/wav", _silence_wav())
        return super().do_GET()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.posted.append(json.loads(body))
        if self.path != "/webhooks/rest/webhook" or not self.server.webhook:
            return self._reply(404, "text/plain", b"no rasa")
        r = httpx.post(self.server.webhook, content=body, headers={"Content-Type": "application/json"}, timeout=90)
        self._reply(r.status_code, "application/json", r.content)

    def _reply(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(Handler, directory=str(WEB)))
    httpd.posted, httpd.tts_calls, httpd.webhook = [], [], None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()


@pytest.fixture(scope="module")
def live(site, servers):  # noqa: F811
    """The site with the webhook forwarded to the real Rasa (skips when the Rasa venv or model is missing)."""
    site.webhook = servers.webhook
    return site


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1000, "height": 860}, locale="ja-JP")
    pg = ctx.new_page()
    pg.set_default_timeout(90_000)  # a first answer loads models on a busy 2-core machine
    yield pg
    ctx.close()


def open_demo(page, site, server: str | None = None, tts: str | None = None, open_panel: bool = True):
    """The demo page with data-server (and data-tts) pointed at this test's servers."""
    html = (WEB / "demo.html").read_text(encoding="utf-8")
    assert SCRIPT_TAG in html  # docs/web.md shows this tag
    tag = SCRIPT_TAG.replace("http://localhost:5005", server or site.origin)
    if tts:
        tag = tag.replace(" defer>", f' data-tts="{tts}" defer>')
    page.route("**/demo.html", lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                          body=html.replace(SCRIPT_TAG, tag)))
    page.goto(site.origin + "/demo.html")
    if open_panel:
        page.get_by_role("button", name="チャットで質問").click()
        assert page.locator("#mdg-input").evaluate("el => el === document.activeElement")


def ask(page, text: str):
    before = page.locator(".mdg-log > .mdg-bot").count()
    page.locator("#mdg-input").fill(text)
    page.locator("#mdg-input").press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.mdg-log > .mdg-bot').length > {before}")
    page.wait_for_function("!document.querySelector('.mdg-log').hasAttribute('aria-busy')")


def ask_until_answer(page, text: str):
    """Ask; when the assistant offers choices, take the first (the resident picks one)."""
    ask(page, text)
    if page.locator(".mdg-answer").count() == 0:
        assert page.locator(".mdg-quick .mdg-choice").count(), page.locator(".mdg-log").inner_text()
        before = page.locator(".mdg-log > .mdg-bot").count()
        page.locator(".mdg-quick .mdg-choice").first.click()
        page.wait_for_function(f"document.querySelectorAll('.mdg-log > .mdg-bot').length > {before}")
    page.locator(".mdg-answer").last.wait_for()
    return page.locator(".mdg-answer").last


def fake_rasa(page, site, replies):
    """Answer the webhook with fixed replies (for cases that need no real dialogue)."""
    page.route(site.origin + "/webhooks/rest/webhook",
               lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(replies)))


# --- With the real action server and Rasa. ---

def test_question_gets_a_structured_answer(page, live):
    open_demo(page, live)
    answer = ask_until_answer(page, "粗大ごみを出したい")
    assert answer.locator(".mdg-q").inner_text()
    assert answer.locator(".mdg-a").inner_text()
    assert answer.get_attribute("lang") == "ja"
    tel = answer.locator(".mdg-facts a[href^='tel:']")
    assert re.fullmatch(r"tel:0\d+", tel.get_attribute("href")) and "03-0555" in tel.inner_text()
    assert answer.locator(".mdg-facts dt").count() >= 3  # section, phone, counter/hours
    src = answer.locator(".mdg-src a")
    if src.count():
        assert src.get_attribute("target") == "_blank" and src.get_attribute("rel") == "noopener noreferrer"
        assert src.get_attribute("href").startswith("https://")
    assert "更新" in answer.locator(".mdg-updated").inner_text()
    assert page.get_by_role("button", name="はい、解決しました").is_visible()  # did this help?
    # The widget gets the answer once, as its payload (bot/messages.py): no text of it beside the card.
    first_paragraph = answer.locator(".mdg-a").inner_text().split("\n")[0]
    assert page.locator(".mdg-log > div.mdg-bot").filter(has_text="担当: ").count() == 0
    assert page.locator(".mdg-log > div.mdg-bot").filter(has_text=first_paragraph).count() == 0
    # The conversation survives a reload (same sender, transcript back); start over begins a new one.
    sender = page.evaluate("localStorage.getItem('madoguchi.sender')")
    page.reload()
    assert page.locator(".mdg-answer").count() >= 1 and page.locator("#mdg-panel").is_visible()
    assert page.evaluate("localStorage.getItem('madoguchi.sender')") == sender
    page.get_by_role("button", name="最初から").click()
    assert page.locator(".mdg-answer").count() == 0
    assert page.evaluate("localStorage.getItem('madoguchi.sender')") != sender


def test_clarify_button_then_furigana(page, live):
    open_demo(page, live)
    ask(page, "証明書がほしい")
    choices = page.locator(".mdg-quick .mdg-choice")
    assert choices.count() >= 2, page.locator(".mdg-log").inner_text()
    chosen = choices.first.inner_text()
    choices.first.click()
    answer = page.locator(".mdg-answer").last
    answer.wait_for()
    assert answer.locator(".mdg-q").inner_text() == chosen
    assert page.locator(".mdg-quick").filter(has_text=chosen).count() == 0  # old choices retired
    assert answer.locator("ruby").count() == 0
    page.get_by_role("button", name="ふりがな").click()
    assert page.get_by_role("button", name="ふりがな").get_attribute("aria-pressed") == "true"
    assert answer.locator("ruby rt").count() > 0
    plain = answer.locator(".mdg-a").evaluate(
        "p => { const c = p.cloneNode(true); c.querySelectorAll('rt, rp').forEach(n => n.remove()); return c.textContent; }")
    page.get_by_role("button", name="ふりがな").click()
    assert answer.locator("ruby").count() == 0 and answer.locator(".mdg-a").inner_text() == plain


PT_LAUNCHER = "Pergunte no chat"


def test_a_language_kept_from_an_earlier_visit_needs_no_hidden_turn(page, live):
    """A resident who chose Portuguese last time: the first question goes alone, with metadata.lang,
    and is answered in Portuguese (actions/language.py: client_choice)."""
    page.add_init_script("localStorage.setItem('madoguchi.lang', 'pt')")
    open_demo(page, live, open_panel=False)
    page.get_by_role("button", name=PT_LAUNCHER).click()
    before = len(live.posted)
    answer = ask_until_answer(page, "粗大ごみを出したいです")
    sent = live.posted[before:]
    assert all(not m["message"].startswith("/change_language") for m in sent), sent
    assert sent[0]["metadata"]["lang"] == "pt" and sent[0]["message"] == "粗大ごみを出したいです"
    assert answer.get_attribute("lang") == "pt"


def test_language_switch_to_english(page, live):
    open_demo(page, live)
    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="切り替え").click()
    page.get_by_text("I will answer in English").wait_for()
    assert page.get_by_role("button", name="Send").is_visible()
    assert {"sender", "message", "metadata"} <= set(live.posted[-1])
    assert live.posted[-1]["message"] == '/change_language{"language":"en"}'
    answer = ask_until_answer(page, "How can I apply for oversized garbage collection?")
    assert answer.get_attribute("lang") == "en"
    text = answer.locator(".mdg-a").inner_text()
    assert re.search(r"[A-Za-z]{4}", text) and not re.search(r"[\u3040-\u30ff]", text), text
    assert answer.locator(".mdg-facts dt").first.inner_text() == "Section"
    page.get_by_role("button", name="Furigana").click()  # readings are for Japanese text only
    assert answer.locator("ruby").count() == 0 and answer.locator(".mdg-a").inner_text() == text
    # Every ward language in the list is accepted by the action side and confirmed in that language.
    assert page.locator("#mdg-lang option").evaluate_all("os => os.map(o => o.value)") == \
        ["ja", "ja-easy", "en", "zh", "ko", "vi", "ne", "pt", "es", "tl"]
    page.get_by_label("Language").select_option("pt")
    page.get_by_role("button", name="Change").click()
    page.get_by_text("Vou responder em português").wait_for()
    assert page.locator(".mdg-root").get_attribute("lang") == "pt"
    assert page.get_by_role("button", name="Enviar").is_visible()


def test_keyboard_only(page, live):
    open_demo(page, live, open_panel=False)
    for _ in range(15):  # Tab through the page's links to the launcher
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "mdg-launcher":
            break
    else:
        pytest.fail("Tab never reached the chat button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "mdg-input"
    page.keyboard.type("住民票の写しがほしい")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.mdg-quick .mdg-choice')")
    page.wait_for_function("!document.querySelector('.mdg-log').hasAttribute('aria-busy')")
    # Tab on from the input: past the end of the page focus wraps to the top, then reaches the choices.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('mdg-choice')"):
            break
    else:
        pytest.fail("Tab never reached a quick-reply button")
    focused = page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
        return {text: el.textContent, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")
    assert focused["outline"] != "none" and focused["width"] >= 2, focused  # visible focus
    before = page.locator(".mdg-log > .mdg-bot").count()
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('.mdg-log > .mdg-bot').length > {before}")
    assert page.locator(".mdg-log .mdg-user p").last.inner_text() == focused["text"]
    assert page.evaluate("document.activeElement.id") == "mdg-input"
    page.keyboard.press("Escape")
    assert page.locator("#mdg-panel").is_hidden()
    assert page.evaluate("document.activeElement.className") == "mdg-launcher"


def test_axe_wcag22_aa_with_a_conversation_normal_and_high_contrast(page, live):
    IMAGES.mkdir(parents=True, exist_ok=True)
    open_demo(page, live)
    ask_until_answer(page, "粗大ごみの申し込み方法を教えてください")
    page.get_by_role("button", name="ふりがな").click()
    assert run_axe(page) == []
    page.screenshot(path=str(IMAGES / "widget.png"))
    page.get_by_role("button", name="白黒反転").click()
    assert page.locator(".mdg-root.mdg-contrast").count() == 1
    assert run_axe(page) == []
    page.screenshot(path=str(IMAGES / "widget-high-contrast.png"))
    # Remembered: high contrast is still on after a reload.
    page.reload()
    assert page.locator(".mdg-root.mdg-contrast").count() == 1
    # A phone (320 px): the panel fills the screen, still 0 violations.
    page.get_by_role("button", name="白黒反転").click()
    page.set_viewport_size({"width": 320, "height": 640})
    page.locator(".mdg-answer").last.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert run_axe(page) == []
    page.screenshot(path=str(IMAGES / "widget-phone.png"))


# --- Layout, failure and injection (fixed replies or no server: no Rasa needed). ---

ANSWER = {"type": "faq_answer", "faq_id": "gomi-001", "question": "粗大ごみの出し方", "lang": "ja",
          "answer": "粗大ごみは受付センターに申し込んでください。", "documents": ["処理券", "<i>身分証</i>"],
          "section": {"name": "粗大ごみ受付センター", "phone": "03-0555-1230", "counter": "本庁舎2階", "hours": "平日"},
          "fee": "400円", "url": "https://www.city.wakaba.example/gomi/", "updated": "2026-10-01",
          "ruby": [["粗大", "そだい"], ["ごみは", None]]}
FIXED = [{"custom": ANSWER},  # what the action sends the widget (metadata.channel "web")
         {"text": "この回答で解決しましたか？", "buttons": [{"title": "はい、解決しました", "payload": "/feedback_good"}]}]


@pytest.mark.parametrize("size, large", [((320, 640), True), ((640, 450), False)])  # 320 px phone; 200 % zoom
def test_fits_small_screens_and_zoom_without_horizontal_scrolling(browser, site, size, large):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="ja-JP")
    page = ctx.new_page()
    fake_rasa(page, site, FIXED)
    open_demo(page, site)
    if large:
        page.get_by_role("button", name="文字を大きく").click()
    ask(page, "粗大ごみ")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    box = page.locator("#mdg-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size[0] + 1
    for name in ("#mdg-input", ".mdg-primary"):
        page.locator(name).scroll_into_view_if_needed()
        assert page.locator(name).is_visible()
    ctx.close()


def test_server_unreachable_shows_the_ward_phone(page, site):
    open_demo(page, site, server=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    ask(page, "住民票がほしい")
    error = page.locator(".mdg-error")
    assert WARD_PHONE in error.inner_text() and "つながりません" in error.inner_text()
    assert error.locator("a[href='tel:0305551111']").count() == 1


def test_html_from_the_resident_and_from_the_bot_stays_text(page, site):
    evil = '<img src=x onerror="window.__pwned=1"><b>太字</b>'
    bad = dict(ANSWER, question=evil, answer=evil, url="javascript:window.__pwned=1",
               section=dict(ANSWER["section"], name="<script>window.__pwned=1</script>"))
    fake_rasa(page, site, [{"text": evil + " https://example.org/a?b=<c>"}, {"custom": bad},
                           {"text": "choose", "buttons": [{"title": evil, "payload": "/x"}]}])
    open_demo(page, site)
    ask(page, evil)
    log = page.locator(".mdg-log")
    assert log.locator("img, b, script, i").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".mdg-user p").last.inner_text() == evil
    assert page.locator(".mdg-log > .mdg-bot p").nth(1).inner_text().startswith(evil)
    assert evil in page.locator(".mdg-answer .mdg-a").inner_text()
    assert page.locator(".mdg-choice").inner_text() == evil
    hrefs = page.eval_on_selector_all(".mdg-log a", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(("https://", "http://", "tel:")) for h in hrefs), hrefs
    assert page.locator(".mdg-log a[target=_blank]:not([rel='noopener noreferrer'])").count() == 0


def test_long_input_is_limited_with_a_visible_counter(page, site):
    open_demo(page, site)
    page.locator("#mdg-input").fill("あ" * 1200)
    assert len(page.locator("#mdg-input").input_value()) == MAX_CHARS
    counter = page.locator("#mdg-count")
    assert counter.is_visible() and f"{MAX_CHARS} / {MAX_CHARS}" in counter.inner_text() and "上限" in counter.inner_text()
    assert page.locator("#mdg-input").get_attribute("aria-describedby") == "mdg-count"


def test_read_aloud_only_when_the_voice_service_answers(page, site):
    fake_rasa(page, site, FIXED)
    open_demo(page, site)  # no data-tts: no button
    ask(page, "粗大ごみ")
    assert page.locator(".mdg-answer .mdg-speak").is_hidden()
    page.evaluate("localStorage.clear(); sessionStorage.clear()")
    open_demo(page, site, tts=site.origin)
    ask(page, "粗大ごみ")
    speak = page.locator(".mdg-answer .mdg-speak").last
    speak.wait_for(state="visible")
    speak.click()
    for _ in range(50):
        if any("%E7%B2%97" in c for c in site.tts_calls):
            break
        page.wait_for_timeout(100)
    assert any("lang=ja" in c and "%E7%B2%97" in c for c in site.tts_calls), site.tts_calls


def test_untranslated_answer_keeps_each_language_and_emergency_numbers_are_call_links(page, site):
    # An entry not yet in Portuguese: Japanese (with readings) then English, as knowledge/render.py sends it.
    note = "Esta resposta ainda não foi traduzida para o português."
    mixed = dict(ANSWER, lang="pt", answer="粗大ごみ。\n\nApply by phone.", content_langs=["ja-easy", "en"],
                 ruby=[["粗大", "そだい"], ["ごみ。\n\nApply by phone.", None]], note=note)
    emergency = {"type": "emergency", "numbers": [{"number": "119", "for": "火事・救急"}, {"number": "#7119", "for": "救急相談"}]}
    fake_rasa(page, site, [{"custom": mixed}, {"text": "【緊急の場合】119番"}, {"custom": emergency}])
    open_demo(page, site)
    ask(page, "粗大ごみ")
    texts = page.locator(".mdg-log > div.mdg-bot p").all_inner_texts()
    assert note in texts and page.locator(".mdg-log > div.mdg-bot p[lang=pt]").inner_text() == note, texts
    a = page.locator(".mdg-answer .mdg-a")
    assert a.get_attribute("lang") == "ja" and a.locator("span[lang=en]").inner_text() == "Apply by phone."
    page.get_by_role("button", name="ふりがな").click()
    assert a.locator("ruby rt").all_inner_texts() == ["そだい"]
    assert a.locator("span[lang=en]").inner_text() == "Apply by phone." and a.locator("span[lang=en] ruby").count() == 0
    calls = page.locator(".mdg-calls a.mdg-call")
    assert [calls.nth(i).get_attribute("href") for i in range(calls.count())] == ["tel:119", "tel:%237119"]
    assert page.locator(".mdg-log > .mdg-bot p a[href='tel:119']").count() == 1  # 119番 in the text too


def rest_form(replies, channel: str) -> list[dict]:
    """Rasa's REST reply to these bot/messages.py replies for `channel` (texts cut at blank lines)."""
    from voice_helpers import as_rest

    return as_rest(replies, "web-test", channel)


def test_every_payload_type_renders_from_its_payload_and_markers_render_nothing(page, site):
    from test_messages import SAMPLES
    from bot.messages import Kind

    fake_rasa(page, site, rest_form([SAMPLES[k] for k in Kind], "web"))
    open_demo(page, site)
    ask(page, "いろいろ")
    log = page.locator(".mdg-log")
    bubbles = page.locator(".mdg-log > div.mdg-bot p").all_inner_texts()
    for kind in (Kind.REDIRECT, Kind.FALLBACK, Kind.HANDOFF, Kind.NOTICE, Kind.LANGUAGE, Kind.CLARIFY):
        assert SAMPLES[kind].message in bubbles, (kind, bubbles)
    assert SAMPLES[Kind.ANSWER].note in bubbles and log.locator(".mdg-answer").count() == 1
    assert SAMPLES[Kind.EMERGENCY].guidance in bubbles and log.locator(".mdg-calls a.mdg-call").count() == 1
    def choices_of(message):  # the buttons of the one bubble that says `message`
        return log.locator(".mdg-bot", has_text=message).locator(".mdg-choice").all_inner_texts()
    assert choices_of(SAMPLES[Kind.CLARIFY].message) == ["住民票の写し", "印鑑登録"]  # the clarify candidates
    assert choices_of(SAMPLES[Kind.GUIDE_QUESTION].message) == ["はい", "いいえ"]  # the guide's answers
    assert log.locator(".mdg-guide .mdg-checklist > li").count() == 1  # the checklist, as a list
    assert log.locator(".mdg-choice").count() == 5  # and nothing else became a button but 答えを変える
    assert log.locator(".mdg-notice").inner_text().endswith(SAMPLES[Kind.NOTICE].message)
    assert log.locator("a[href='tel:0305551111']").count() == 1  # the handoff's number, as a call link
    # The same replies in a text channel's form: the texts, and the markers add no empty card or bubble.
    page.evaluate("localStorage.clear(); sessionStorage.clear()")
    fake_rasa(page, site, rest_form([SAMPLES[k] for k in Kind], "rest"))
    open_demo(page, site)
    ask(page, "いろいろ")
    assert log.locator(".mdg-answer").count() == 0 and log.locator(".mdg-notice").count() == 0
    shown = page.locator(".mdg-log > div.mdg-bot p").all_inner_texts()
    assert SAMPLES[Kind.HANDOFF].message in shown and "受付センターに申し込みます。" in shown


def test_a_whole_guide_by_buttons_and_typing_ends_with_an_accessible_checklist(page, live):
    """手続きナビ in the widget: the guides offered as buttons, each question with its answer buttons (a
    date typed), and the checklist as a list by counter with its printable link; axe finds nothing."""
    open_demo(page, live)
    ask(page, "手続きナビを使いたい")
    before = page.locator(".mdg-log > .mdg-bot").count()
    page.locator(".mdg-quick .mdg-choice", has_text="結婚").last.click()
    page.wait_for_function(f"document.querySelectorAll('.mdg-log > .mdg-bot').length > {before}")
    page.wait_for_function("!document.querySelector('.mdg-log').hasAttribute('aria-busy')")
    for _ in range(12):
        if page.locator(".mdg-guide").count():
            break
        last = page.locator(".mdg-log > .mdg-bot").last
        text = last.inner_text()
        if "例：" in text:  # a date or a number: typed
            ask(page, "来月10日" if "月" in text else "1")
            continue
        choices = last.locator(".mdg-quick .mdg-choice")
        assert choices.count(), page.locator(".mdg-log").inner_text()
        before = page.locator(".mdg-log > .mdg-bot").count()
        choices.nth(1 if choices.count() > 3 else 0).click()  # いいえ / the second choice: a short guide
        page.wait_for_function(f"document.querySelectorAll('.mdg-log > .mdg-bot').length > {before}")
        page.wait_for_function("!document.querySelector('.mdg-log').hasAttribute('aria-busy')")
    checklist = page.locator(".mdg-guide").last
    checklist.wait_for()
    assert checklist.locator(".mdg-checklist > li").count() >= 1
    assert "婚姻" in checklist.inner_text() and "戸籍" in checklist.inner_text()  # the 婚姻届, at 戸籍 first
    link = checklist.locator("a[href*='/webhooks/rest/guide/marriage/']")
    assert link.count() == 1 and link.get_attribute("rel") == "noopener noreferrer"
    assert run_axe(page) == []
