"""The chat widget (widget/) in a real browser, against a real API process.

Debian's Chromium (/usr/bin/chromium) driven by Playwright (no browser download), a real
API process (uvicorn) over an index of corpus/ built with the real model, and the bundle
built by widget/build.sh. Screenshots and the axe-core report land in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer.dates import french_date
from indexer.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
WIDGET = ROOT / "widget"
BUNDLE = WIDGET / "dist" / "pacte-chat.js"
AXE = WIDGET / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium absent: install Debian's chromium package "
                              "(scripts/setup.sh and CI do) to run the browser tests"),
]

ACCESS_QUESTION = "quels engagements concernent l'accès aux droits ?"
OUT_OF_SCOPE = "Quelle est la recette de la tarte tatin ?"
NOT_FOUND = "Aucun passage des documents du pacte ne répond clairement à cette question."
LAUNCHER = "Question sur le Pacte"
DIALOG = "Assistant du Pacte parisien de lutte contre la grande exclusion"
INPUT = "Votre question"
MALICIOUS_IMG = '<img src=x onerror="window.__pwned=1">'
MALICIOUS_SCRIPT = "<script>window.__pwned=1</script>"

# JavaScript helpers run in the page; the widget's shadow root is open.
JS_ROOT = "document.querySelector('pacte-chat').shadowRoot"
JS_ACTIVE = f"""() => {{
  const a = document.activeElement;
  if (!a || a.tagName !== 'PACTE-CHAT') return a ? a.tagName : null;
  const el = {JS_ROOT}.activeElement;
  return el ? (el.className || el.tagName) : 'PACTE-CHAT';
}}"""


# ---------------------------------------------------------------- servers and browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def api_server(settings: Settings, log: Path) -> Iterator[str]:
    """The API (uvicorn, ``create_app`` reading PACTE_* settings) in a subprocess on a free
    port; yields its base URL once it serves the widget."""
    port = _free_port()
    env = {**os.environ, "PACTE_DATA_DIR": str(settings.data_dir),
           "PACTE_MODELS_DIR": str(settings.models_dir),
           # A browser session asks more than a person would: no rate limit in these tests.
           "PACTE_RATE_LIMIT_PER_MINUTE": "6000", "PACTE_RATE_LIMIT_BURST": "1000"}
    env.pop("PACTE_INDEX_DIR", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "api.main:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the API exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/widget/pacte-chat.js", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the API did not start in 180 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def post_json(url: str, payload: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())


@pytest.fixture(scope="session")
def widget_bundle() -> Path:
    """widget/dist/pacte-chat.js and axe-core, built by widget/build.sh when missing."""
    if not BUNDLE.exists() or not AXE.exists():
        done = subprocess.run(["bash", str(WIDGET / "build.sh")], capture_output=True, text=True)
        assert done.returncode == 0, f"widget/build.sh failed:\n{done.stdout}\n{done.stderr}"
    return BUNDLE


@pytest.fixture(scope="session")
def api_url(real_retriever: Any, widget_bundle: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over the index of corpus/ (built by the shared ``real_retriever`` fixture)."""
    log = tmp_path_factory.mktemp("api-log") / "api.log"
    with api_server(real_retriever.settings, log) as base:
        yield base


MALICIOUS_TEXT = f"""Fiche pratique : domiciliation

La domiciliation des personnes sans domicile stable {MALICIOUS_IMG} est assurée par les centres \
communaux d'action sociale et les associations agréées.

{MALICIOUS_SCRIPT} Les associations agréées pour la domiciliation délivrent une attestation \
qui ouvre l'accès aux droits sociaux.
"""

MALICIOUS_MANIFEST = """[[documents]]
file = "fiche.txt"
id = "fiche-piegee"
title = "Fiche <b>piégée</b> <img src=x onerror=\\"window.__pwned=1\\">"
url = "javascript:window.__pwned=1"
edition = "acte2-2021-2026"
language = "fr"
"""


@pytest.fixture(scope="session")
def malicious_api_url(real_settings: Settings, real_embedder: Any, widget_bundle: Path,
                      tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API over a one-document index whose passage, title and URL carry HTML/JS."""
    from indexer.build import build_index

    corpus = tmp_path_factory.mktemp("malicious-corpus")
    (corpus / "fiche.txt").write_text(MALICIOUS_TEXT, encoding="utf-8")
    (corpus / "corpus.toml").write_text(MALICIOUS_MANIFEST, encoding="utf-8")
    settings = real_settings.model_copy(
        update={"data_dir": tmp_path_factory.mktemp("malicious-data")})
    build_index([corpus], settings, embedder=real_embedder, progress=False)
    with api_server(settings, corpus.parent / "malicious-api.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """new_page(width=1280, height=800, **context options) → a page that fails the test on
    any uncaught page error."""
    contexts = []
    errors: list[str] = []

    def make(width: int = 1280, height: int = 800, **options: Any) -> Any:
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR",
                                  **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def shadow(page: Any, js: str) -> Any:
    """Evaluates `js` (an expression using `root`, the widget's shadow root)."""
    return page.evaluate(f"() => {{ const root = {JS_ROOT}; return {js}; }}")


def open_widget(page: Any) -> Any:
    page.get_by_role("button", name=LAUNCHER).click()
    dialog = page.get_by_role("dialog", name=DIALOG)
    dialog.wait_for(state="visible")
    return dialog


def ask(page: Any, question: str) -> None:
    """Types a question, sends it, and waits for the finished answer (or error)."""
    before = shadow(page, "root.querySelectorAll('.q').length")
    box = page.get_by_role("textbox", name=INPUT)
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        f"""() => {{ const r = {JS_ROOT};
          return r.querySelectorAll('.q').length > {before}
            && !r.querySelector('.thinking, .streaming') }}""", timeout=60_000)


def embed_script(page: Any, api: str) -> None:
    """Adds the one-line embed <script src=/widget/pacte-chat.js data-api=…> to the page."""
    page.evaluate("""api => new Promise((done, fail) => {
        const s = document.createElement('script');
        s.src = '/widget/pacte-chat.js';
        s.dataset.api = api;
        s.onload = done;
        s.onerror = fail;
        document.body.appendChild(s);
    })""", api)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


# ---------------------------------------------------------------- tests


def test_ask_cited_answer_and_open_citation(api_url: str, new_page: Any):
    expected = post_json(api_url + "/ask", {"question": ACCESS_QUESTION})
    assert expected["grounded"] and expected["citations"], expected

    page = new_page(1280, 800)
    asked: list[dict[str, Any]] = []
    page.on("request", lambda r: asked.append(json.loads(r.post_data or "{}"))
            if r.url.endswith("/ask") else None)
    page.goto(api_url + "/")
    assert page.title().startswith("Intranet"), "the demo page is served at /"
    dialog = open_widget(page)
    assert page.evaluate(JS_ACTIVE) == "TEXTAREA", "focus goes to the question field"
    page.evaluate(f"""() => {{
        const live = {JS_ROOT}.querySelector('[role=status][aria-live]');
        window.__said = [];
        new MutationObserver(() => live.textContent && window.__said.push(live.textContent))
            .observe(live, {{childList: true, characterData: true, subtree: true}});
    }}""")
    ask(page, ACCESS_QUESTION)

    # The answer cites its sources: markers [n] and a "Sources" list.
    answer = dialog.locator(".a").last
    first = expected["citations"][0]
    marker = dialog.get_by_role("button", name=re.compile(r"^Source 1 :")).first
    marker.wait_for()
    assert dialog.get_by_role("heading", name="Sources").count() == 1
    assert answer.locator(".sources li").count() == len(expected["citations"])
    words = re.sub(r"\*\*|\[\d+\]|^\W+", "", expected["answer"]).split()[:6]
    assert " ".join(words) in " ".join(answer.locator(".body").inner_text().split())

    # A citation opens its passage inline: title, who published it and when, quote, link with
    # a text fragment.
    marker.click()
    assert marker.get_attribute("aria-expanded") == "true"
    passage = answer.locator(".passage")
    passage.wait_for(state="visible")
    assert first["title"] in passage.inner_text()
    assert first["publisher"] and first["date"]
    assert f"{first['publisher']}, {french_date(first['date'])}" in passage.inner_text()
    assert passage.locator("blockquote").inner_text().strip() == first["quote"].strip()
    href = passage.get_by_role("link", name=re.compile("Ouvrir la source")).get_attribute("href")
    assert href.startswith(first["url"].split("#")[0] + "#:~:text="), href

    # The finished answer is announced once, in the separate live region.
    page.wait_for_function(f"{JS_ROOT}.querySelector('[role=status][aria-live]').textContent"
                           ".startsWith('Réponse de l’assistant')")
    page.wait_for_timeout(300)
    said = page.evaluate("window.__said")
    assert len(said) == 1 and expected["citations"][0]["quote"][:30] in said[0], said
    assert shadow(page, "root.querySelector('[role=log]').getAttribute('aria-live')") == "off"
    page.screenshot(path=artifact("widget-1280.png"))

    # Thumbs up reaches /feedback.
    with page.expect_response(lambda r: r.url.endswith("/feedback")) as fb:
        dialog.get_by_role("button", name="Réponse utile").click()
    assert fb.value.status == 201
    dialog.get_by_role("log").get_by_text("Merci pour votre retour.").wait_for()

    # A follow-up sends the history; state stays in namespaced sessionStorage, no cookies.
    ask(page, "Et dans l’Acte 2 ?")
    assert asked[0]["history"] == []
    assert asked[-1]["history"][:2] == [
        {"role": "user", "content": ACCESS_QUESTION},
        {"role": "assistant", "content": asked[-1]["history"][1]["content"]},
    ]
    assert asked[-1]["history"][1]["content"]
    assert page.evaluate("document.cookie") == ""
    keys = page.evaluate("Object.keys(sessionStorage)")
    assert keys and all(k.startswith("pacte-chat:") for k in keys)

    # The conversation survives a page change within the tab; "new conversation" clears it.
    page.reload()
    dialog = open_widget(page)
    assert dialog.locator(".q").count() == 2
    dialog.get_by_role("button", name="Nouvelle conversation").click()
    assert dialog.locator(".q").count() == 0
    assert page.evaluate("Object.keys(sessionStorage)") == []


def test_mobile_layout_375_and_320(api_url: str, new_page: Any):
    page = new_page(375, 740, is_mobile=True, has_touch=True)
    page.goto(api_url + "/")
    dialog = open_widget(page)
    ask(page, ACCESS_QUESTION)
    dialog.get_by_role("button", name=re.compile(r"^Source 1 :")).first.click()
    box = dialog.bounding_box()
    assert box["width"] == 375 and box["x"] == 0, "the panel fills a phone screen"
    assert shadow(page, "root.querySelector('.log').scrollWidth <= "
                        "root.querySelector('.log').clientWidth")
    page.screenshot(path=artifact("widget-375.png"))
    # Full screen, the panel keeps keyboard focus inside it.
    page.get_by_role("textbox", name=INPUT).focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "PACTE-CHAT"
    page.set_viewport_size({"width": 320, "height": 640})
    assert dialog.bounding_box()["width"] == 320
    assert shadow(page, "root.querySelector('.log').scrollWidth <= "
                        "root.querySelector('.log').clientWidth")
    page.screenshot(path=artifact("widget-320.png"))


def test_out_of_scope_question(api_url: str, new_page: Any):
    page = new_page(1280, 800)
    page.goto(api_url + "/")
    dialog = open_widget(page)
    ask(page, OUT_OF_SCOPE)
    # The server's words say why: here, that no passage answers clearly.
    dialog.get_by_role("log").get_by_text(NOT_FOUND).wait_for()
    suggestions = dialog.locator(".suggestions button")
    assert suggestions.count() >= 1
    page.screenshot(path=artifact("widget-1280-not-found.png"))
    # A name the texts lack: the note on it is a paragraph of its own, before the refusal.
    ask(page, "Quel est le rôle du SIAO ?")
    page.wait_for_function(f"{JS_ROOT}.querySelectorAll('.a').length === 2"
                           f" && !{JS_ROOT}.querySelector('.thinking, .streaming')",
                           timeout=60_000)
    assert dialog.locator(".a").last.locator(".notfound").all_inner_texts() == [
        "Les textes indexés ne mentionnent pas «\xa0SIAO\xa0».",
        NOT_FOUND + " Voici les passages les plus proches, à titre de suggestions et non de "
        "réponse."]
    dialog.get_by_role("button", name="Nouvelle conversation").click()
    ask(page, OUT_OF_SCOPE)
    dialog.get_by_role("log").get_by_text(NOT_FOUND).wait_for()
    suggestions = dialog.locator(".suggestions button")
    # A suggestion is a follow-up question about that passage.
    suggestions.first.click()
    page.wait_for_function(f"{JS_ROOT}.querySelectorAll('.q').length === 2"
                           f" && !{JS_ROOT}.querySelector('.thinking, .streaming')",
                           timeout=60_000)
    assert "Que dit le Pacte sur «\xa0" in dialog.locator(".q").last.inner_text()


def test_greeting_gets_the_servers_reply(api_url: str, new_page: Any):
    # « Bonjour » is no question: the server's short reply is shown, not "not found".
    page = new_page(1280, 800)
    page.goto(api_url + "/")
    dialog = open_widget(page)
    ask(page, "Bonjour !")
    reply = dialog.locator(".a .reply").last
    assert reply.inner_text().startswith("Bonjour\xa0! Je réponds aux questions sur le Pacte")
    assert dialog.locator(".notfound, .suggestions, .cite").count() == 0


def test_keyboard_only(api_url: str, new_page: Any):
    page = new_page(1280, 800)
    page.goto(api_url + "/")

    def tab_to(cls: str, limit: int = 80, key: str = "Tab") -> None:
        for _ in range(limit):
            page.keyboard.press(key)
            if cls in (page.evaluate(JS_ACTIVE) or "").split():
                return
        pytest.fail(f"could not reach .{cls} with {key}")

    tab_to("launcher")
    assert shadow(page, "getComputedStyle(root.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=DIALOG).wait_for(state="visible")
    assert page.evaluate(JS_ACTIVE) == "TEXTAREA", "Enter on the launcher focuses the field"
    page.keyboard.type(ACCESS_QUESTION)
    page.keyboard.press("Enter")
    page.wait_for_function(f"{JS_ROOT}.querySelector('.sources')", timeout=60_000)

    # Reach a citation marker with the keyboard alone (back from the field), open it.
    tab_to("cite", key="Shift+Tab")
    focused = shadow(page, "root.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Source ")
    assert shadow(page, "getComputedStyle(root.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert shadow(page, "root.activeElement.getAttribute('aria-expanded')") == "true"
    assert shadow(page, "!root.querySelector('.passage').hidden")
    page.keyboard.press("Space")
    assert shadow(page, "root.querySelector('.passage').hidden"), "Space closes it again"

    # Escape closes the dialog and gives focus back to the launcher.
    page.keyboard.press("Escape")
    page.get_by_role("dialog", name=DIALOG).wait_for(state="hidden")
    assert page.evaluate(JS_ACTIVE) == "launcher"
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name=DIALOG).wait_for(state="visible")
    assert page.evaluate(JS_ACTIVE) == "TEXTAREA"


def test_malicious_passage_renders_inert(malicious_api_url: str, new_page: Any):
    page = new_page(1280, 900)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(malicious_api_url + "/")
    dialog = open_widget(page)
    ask(page, "Qui assure la domiciliation des personnes sans domicile stable ?")
    marker = dialog.get_by_role("button", name=re.compile(r"^Source 1 :")).first
    marker.click()
    passage = dialog.locator(".passage")
    passage.wait_for(state="visible")
    details = passage.locator("summary")
    if details.count():
        details.click()
    page.wait_for_timeout(300)

    text = dialog.inner_text()
    assert MALICIOUS_IMG in text or MALICIOUS_SCRIPT in text, text
    assert "Fiche <b>piégée</b>" in text, "the title shows as literal text"
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert shadow(page, "root.querySelectorAll('img, script, b, iframe, object').length") == 0
    hrefs = shadow(page, "[...root.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert not any(h and h.lower().startswith("javascript:") for h in hrefs), hrefs
    page.screenshot(path=artifact("widget-malicious.png"))


def answered_with(api_url: str, new_page: Any, *changes: dict[str, Any]) -> tuple[Any, ...]:
    """The widget showing the API's real answer to ACCESS_QUESTION with its first citations
    changed by ``changes``: (the answer, the page, the dialog, the answer's source items)."""
    real = post_json(api_url + "/ask", {"question": ACCESS_QUESTION})
    assert len(real["citations"]) >= len(changes), real
    for citation, change in zip(real["citations"], changes, strict=False):
        citation.update(change)
    page = new_page(1280, 800)
    page.route("**/ask", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(real)))
    page.goto(api_url + "/")
    dialog = open_widget(page)
    ask(page, ACCESS_QUESTION)
    return real, page, dialog, dialog.locator(".a").last.locator(".sources li")


def test_source_without_url_is_not_linked(api_url: str, new_page: Any):
    """A user's document with no URL (or a relative one) gets no link: it must not point at
    the page the widget is embedded in."""
    real, page, dialog, sources = answered_with(api_url, new_page, {"url": ""},
                                                {"url": "/notes-internes"})
    assert sources.count() == len(real["citations"])
    assert sources.nth(0).locator("a").count() == 0
    assert sources.nth(1).locator("a").count() == 0
    assert real["citations"][0]["title"] in sources.nth(0).inner_text()
    marker = dialog.get_by_role("button", name=re.compile(r"^Source 1 :")).first
    marker.click()
    passage = dialog.locator(".passage")
    passage.wait_for(state="visible")
    assert passage.get_by_role("link").count() == 0
    hrefs = shadow(page, "[...root.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert not any(h.startswith(api_url) or h.startswith("#") for h in hrefs if h), hrefs


def test_a_source_read_by_ocr_says_so(api_url: str, new_page: Any):
    """A quote from a scanned page (``ocr``: read by OCR) says so beside its page number."""
    *_, sources = answered_with(api_url, new_page, {"page": 3, "ocr": True},
                                {"page": 4, "ocr": False})
    assert ("page 3, lue par OCR (le texte peut contenir des erreurs de lecture)"
            in sources.nth(0).inner_text())
    assert "page 4" in sources.nth(1).inner_text()
    assert "OCR" not in sources.nth(1).inner_text()


def test_api_down_timeout_and_rate_limit(api_url: str, new_page: Any):
    closed = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    page = new_page(1280, 800)
    page.goto(api_url + "/")
    # The one-line embed, pointing at a closed port.
    page.evaluate("document.querySelector('pacte-chat').remove()")
    embed_script(page, closed)
    assert page.locator("pacte-chat").count() == 1
    assert page.locator("pacte-chat").get_attribute("api") == closed
    dialog = open_widget(page)
    ask(page, ACCESS_QUESTION)
    down = "Le service ne répond pas pour le moment"
    dialog.get_by_role("log").get_by_text(down).wait_for()
    page.wait_for_function(f"{JS_ROOT}.querySelector('[role=status][aria-live]').textContent"
                           f".startsWith({json.dumps(down)})")
    page.screenshot(path=artifact("widget-api-down.png"))
    # Retry: still down, still one polite error with a retry button.
    dialog.get_by_role("button", name="Réessayer").click()
    page.wait_for_function(f"!{JS_ROOT}.querySelector('.thinking')")
    assert dialog.get_by_role("log").get_by_text(down).count() == 1
    assert dialog.get_by_role("button", name="Réessayer").count() == 1

    # A server that accepts the connection but never answers: a timeout.
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        port = hung.getsockname()[1]
        page.evaluate("""url => { const el = document.querySelector('pacte-chat');
            el.setAttribute('timeout', '2'); el.setAttribute('api', url); }""",
                      f"http://127.0.0.1:{port}")
        ask(page, ACCESS_QUESTION)
        dialog.get_by_role("log").get_by_text("Le service met trop de temps à répondre").wait_for()

    # 429 with its wait time (stubbed: the real limiter is not exercised here).
    page.route("**/ask", lambda route: route.fulfill(
        status=429, headers={"Retry-After": "7", "Content-Type": "application/json"},
        body=json.dumps({"detail": "Trop de requêtes.", "retry_after": 7})))
    ask(page, ACCESS_QUESTION)
    dialog.get_by_role("log").get_by_text("Merci de patienter 7 secondes").wait_for()


def test_a_page_the_api_refuses_is_told_apart_from_a_network_failure(api_url: str,
                                                                     new_page: Any):
    # The same server under another name: http://localhost:PORT is not in the API's
    # PACTE_CORS_ORIGINS, so the browser withholds the API's answers from the page.
    partner = api_url.replace("127.0.0.1", "localhost")
    page = new_page(1280, 800)
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(partner + "/")
    page.evaluate("document.querySelector('pacte-chat').remove()")
    embed_script(page, api_url)
    dialog = open_widget(page)
    ask(page, ACCESS_QUESTION)
    dialog.get_by_role("log").get_by_text("Ce site n’est pas autorisé à interroger le service"
                                          ).wait_for()
    assert dialog.get_by_role("button", name="Réessayer").count() == 0  # it cannot help
    assert any(f"l’API {api_url} refuse les requêtes venant de {partner} (CORS)" in w
               and "PACTE_CORS_ORIGINS" in w for w in warnings), warnings


def test_axe_scan_open_widget(api_url: str, new_page: Any, widget_bundle: Path):
    page = new_page(1280, 900)
    page.goto(api_url + "/")
    dialog = open_widget(page)
    ask(page, ACCESS_QUESTION)
    dialog.get_by_role("button", name=re.compile(r"^Source 1 :")).first.click()
    ask(page, OUT_OF_SCOPE)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('pacte-chat'),
                                {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.map(n => n.target)}));
    }""")
    artifact("axe-widget.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, json.dumps(serious, indent=2, ensure_ascii=False)


def test_reduced_motion_english_and_double_load(api_url: str, new_page: Any):
    page = new_page(1280, 800, reduced_motion="reduce")
    page.goto(api_url + "/")
    page.get_by_role("button", name=LAUNCHER).click()
    assert shadow(page, "getComputedStyle(root.querySelector('.panel')).animationName") == "none"
    # Loading the bundle a second time neither redefines the element nor mounts a second one.
    embed_script(page, api_url)
    assert page.locator("pacte-chat").count() == 1
    # lang="en" switches every string.
    page.evaluate("document.querySelector('pacte-chat').setAttribute('lang', 'en')")
    page.get_by_role("dialog", name="Paris pact against extreme exclusion assistant").wait_for()
    assert page.get_by_role("textbox", name="Your question").count() == 1


def test_long_conversation_stays_under_the_body_limit(api_url: str, new_page: Any):
    # Five earlier exchanges with answers of 4,000 "€" (three bytes apiece in UTF-8): sent
    # whole, the history alone would be about 69 KB, past the API's 64 KiB limit (a 413).
    page = new_page(1280, 800)
    page.goto(api_url + "/")
    turns = [{"question": f"Question {i} : " + "é" * 900, "answer": "€" * 4000,
              "citations": [], "suggestions": [], "grounded": True, "answer_id": f"a{i}"}
             for i in range(5)]
    page.evaluate("""turns => { const el = document.querySelector('pacte-chat');
        sessionStorage.setItem(el.storageKey, JSON.stringify({turns})); }""", turns)
    page.reload()
    dialog = open_widget(page)
    assert dialog.locator(".q").count() == 5
    with page.expect_response(lambda r: r.url.endswith("/ask")) as answered:
        ask(page, "Et dans l’Acte 2 ?")
    sent = answered.value.request
    assert answered.value.status == 200
    assert len(sent.post_data_buffer) <= 64 * 1024
    history = json.loads(sent.post_data)["history"]
    # The oldest exchanges were left out, whole; the latest one is kept.
    assert 2 <= len(history) < 10 and len(history) % 2 == 0
    assert history[-2]["content"].startswith("Question 4 : ")


def test_api_docs_render_offline(api_url: str, new_page: Any):
    # This browser reaches nothing but the local API: Swagger UI must come from it.
    page = new_page(1280, 800)
    page.goto(api_url + "/docs")
    page.locator(".swagger-ui .info .title").get_by_text("Pacte — API").wait_for()
    assert page.locator(".opblock-summary-path", has_text="/ask").count() >= 1
