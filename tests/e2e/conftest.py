"""Browser walk-throughs: Playwright driving Debian's chromium against pytest-django's live server.

Run with ``make test-e2e`` (not part of ``make test``). Every walk is a phone: 390×844, as a teacher or a school
head opens the portal. Every page a walk reaches is checked the same way (:meth:`Walk.check`):

- the page is no wider than the screen (no sideways scrolling of the whole page; a wide table scrolls in its box);
- axe-core (the copy bundled by the ``axe-playwright-python`` package, injected by the test, never served by the
  portal) finds no WCAG 2.1 A/AA violation and no best-practice one — any impact, not only serious ones;
- the browser console has no errors.

A walk keeps going after a failed check and fails at its end with every problem found; the run prints a line per
page (width, axe rules and violations) and a total per role. Screenshots of every step go to ``artifacts/e2e/``.
"""

import os
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--lang=ru"]
#: The browser's own words (a file field's «Выберите файл», a date field's «дд.мм.гггг») are Russian, as on a
#: school's computer: on Linux chromium takes its language from LANGUAGE (``--lang`` alone is not enough) and its
#: Russian strings from Debian's chromium-l10n (/usr/lib/chromium/locales/ru.pak; make test-e2e installs it).
CHROMIUM_ENV = {"LANGUAGE": "ru"}
#: Every page is opened as in Sal'sk: Russian, Moscow time.
CONTEXT = {"locale": "ru-RU", "timezone_id": "Europe/Moscow"}
PHONE = {"width": 390, "height": 844}
#: What axe checks: WCAG 2.0/2.1 levels A and AA, and Deque's best practices (landmarks, headings, …).
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
#: persona → [(page, screen width, page width, axe rules that applied, violations)], printed at the end of the run.
RESULTS = defaultdict(list)


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    write = terminalreporter.write_line
    terminalreporter.section("e2e: ширина страницы и axe-core по страницам")
    for persona, rows in RESULTS.items():
        for label, screen, width, rules, violations in rows:
            write(f"{persona:>10}  экран {screen:>4} px, страница {width:>4} px  axe: {violations} нарушений"
                  f" (правил применено: {rules})  {label}")
    for persona, rows in RESULTS.items():
        wide = sum(width > screen for _, screen, width, _, _ in rows)
        phone = sum(screen == PHONE["width"] for _, screen, *_ in rows)
        violations = sum(row[-1] for row in rows)
        write(f"{persona}: страниц {len(rows)} (на {PHONE['width']} px: {phone}), шире экрана: {wide},"
              f" нарушений axe: {violations}")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Нет chromium: установите пакет Debian `chromium` (make test-e2e делает это сам).")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV})
        if browser_words(browser) != "Выберите файл":
            browser.close()
            pytest.fail("Chromium показывает свои надписи не по-русски: установите пакет Debian `chromium-l10n`"
                        " (make test-e2e делает это сам).")
        yield browser
        browser.close()


def browser_words(browser) -> str:
    """The label chromium itself draws on a file field's button, as a screen reader is told it."""
    context = browser.new_context(**CONTEXT)
    page = context.new_page()
    page.set_content("<input type=file>")
    nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    context.close()
    return next(n["name"]["value"] for n in nodes if n["role"]["value"] == "button")


@pytest.fixture
def portal_data(django_db_reset_sequences):
    # Keys from 1 in every test (SQLite keeps counting across the flushed tests otherwise): a screenshot shows
    # «пара № 16» whichever tests ran before it.
    call_command("load_real_data", verbosity=0)
    call_command("demo_data", verbosity=0)


class Walk:
    """One persona's walk on a phone: go to pages, check them, screenshot them, collect what is wrong."""

    def __init__(self, browser, live_server, persona):
        self.base = live_server.url
        self.persona = persona
        self.context = browser.new_context(viewport=PHONE, **CONTEXT)
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.step_no = 0
        self.problems = []

    def login(self, username, password="salsk-demo"):
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.base + "/dashboard/")

    def visit(self, path, *, expect_text=None, status=200, screenshot=None):
        response = self.page.goto(self.base + path)
        assert response.status == status, f"{path}: {response.status}"
        if status != 200:  # the browser logs the expected error status of the page itself
            self.console_errors = [e for e in self.console_errors if f"status of {status}" not in e]
        if expect_text:
            assert expect_text in self.page.content(), f"{path}: нет текста «{expect_text}»"
        self.check(path, screenshot=screenshot)
        return response

    def check(self, label, *, screenshot=None):
        """The page as it is now: its width, axe-core's violations, console errors (recorded, see :meth:`close`)."""
        from axe_playwright_python.sync_playwright import Axe

        self.step_no += 1
        name = screenshot or f"{self.persona}-{self.step_no:02d}"
        # the named screenshots (looked at) are of the whole page; the others of the screen, which is quicker
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=bool(screenshot))
        screen = self.page.viewport_size["width"]
        width = self.page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > screen:
            wide = self.page.evaluate(WIDEST_JS, screen)
            self.problems.append(f"{label}: страница шириной {width} px > {screen} px ({wide})")
        results = Axe().run(self.page, options=AXE_OPTIONS).response
        violations = results["violations"]
        rules = len(results.get("passes", [])) + len(results.get("incomplete", [])) + len(violations)  # applicable
        RESULTS[self.persona].append((label, screen, width, rules, sum(len(v["nodes"]) for v in violations)))
        for v in violations:
            targets = [n["target"] for n in v["nodes"]][:5]
            self.problems.append(f"{label}: axe {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])}: {targets}")
        if self.console_errors:
            self.problems.append(f"{label}: ошибки в консоли браузера: {self.console_errors}")
            self.console_errors = []

    def close(self):
        self.context.close()


#: The elements that stick out of the page on the right, for the message of a too wide page.
WIDEST_JS = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > limit + 1 && !e.closest('.table-responsive, .overflow-auto'))
  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= limit + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && e.className.baseVal === undefined ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
    ' ' + Math.round(e.getBoundingClientRect().right) + 'px').join(', ')"""


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
    problems = [f"{w.persona}: {p}" for w in walks for p in w.problems]
    assert not problems, f"{len(problems)} проблем на страницах:\n" + "\n".join(problems)
