"""Browser walk-throughs: Playwright driving Debian's chromium against pytest-django's live server.

Run with ``make test-e2e`` (not part of ``make test``). Screenshots of every
step go to ``artifacts/e2e/``; every page is checked with axe-core (serious and
critical violations fail the walk-through).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Нет chromium: установите пакет Debian `chromium` (make test-e2e делает это сам).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def portal_data(transactional_db):
    call_command("load_real_data", verbosity=0)
    call_command("demo_data", verbosity=0)


class Walk:
    """One persona's walk: go to pages, check them, screenshot them, collect console errors."""

    def __init__(self, browser, live_server, persona):
        self.base = live_server.url
        self.persona = persona
        self.context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.step_no = 0

    def login(self, username, password="salsk-demo"):
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base + "/dashboard/")

    def visit(self, path, *, expect_text=None, status=200):
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path}: {response.status}"
        if status != 200:  # the browser logs the expected error status of the page itself
            self.console_errors = [e for e in self.console_errors if f"status of {status}" not in e]
        if expect_text:
            assert expect_text in self.page.content(), f"{path}: нет текста «{expect_text}»"
        self.check(path)
        return response

    def check(self, label):
        from axe_playwright_python.sync_playwright import Axe

        self.step_no += 1
        name = f"{self.persona}-{self.step_no:02d}"
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        results = Axe().run(self.page)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert not serious, f"{label}: axe — " + "; ".join(
            f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:5]}" for v in serious
        )
        assert not self.console_errors, f"{label}: ошибки в консоли браузера: {self.console_errors}"

    def close(self):
        self.context.close()


@pytest.fixture
def walk(browser, live_server, portal_data):
    walks = []

    def make(persona):
        w = Walk(browser, live_server, persona)
        walks.append(w)
        return w

    yield make
    for w in walks:
        w.close()
