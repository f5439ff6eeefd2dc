"""End-to-end harness: Playwright driving Debian's Chromium against the live server.

Every page a test opens is checked with axe-core, without the test asking: the
``page`` fixture is the browser page wrapped so that, before each step of the test
and at its end, a document not yet checked (after a ``goto``, a click that followed a
link or sent a form, a redirect) is checked once it has loaded. Any WCAG 2.x A/AA
violation fails the test, and so does any console error (a test that expects one, as
a 404 does, says so with ``expect_console_error``). ``assert_accessible`` still checks
the page's current state on demand (after opening a panel, say).

Screenshots of failing tests go to var/e2e-screenshots/. In CI (CI set) a missing
Chromium fails the run instead of skipping it.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = settings.VAR_DIR / "e2e-screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page that runs axe on each new document before the test's next step.

    Chromium fires ``framenavigated`` on the main frame for every document it shows; the
    check waits for that document's load, then runs axe once on it. Steps are the page's
    methods (``goto``, ``get_by_role``, ``locator``, ``evaluate``...); what a locator does
    next happens after such a step, so the document checked is the one the step sees.
    """

    # Methods that neither see the document nor should wait for it.
    UNCHECKED = {"on", "once", "remove_listener", "close", "is_closed", "screenshot"}

    def __init__(self, page):
        object.__setattr__(self, "_page", page)
        object.__setattr__(self, "_documents", 0)
        object.__setattr__(self, "_checked", 0)
        object.__setattr__(self, "checked_urls", [])
        object.__setattr__(self, "console_errors", [])
        object.__setattr__(self, "_expected_errors", [])
        page.on("framenavigated", self._navigated)
        page.on("console", lambda msg: self._console(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self._console(str(exc)))

    def _navigated(self, frame):
        if frame == self._page.main_frame:
            object.__setattr__(self, "_documents", self._documents + 1)

    def _console(self, text):
        for pattern in self._expected_errors:
            if re.search(pattern, text):
                self._expected_errors.remove(pattern)
                return
        self.console_errors.append(text)

    def check_new_document(self):
        """Run axe on the document shown now, unless it was already checked."""
        if self._page.is_closed():
            return
        self._page.wait_for_load_state("load")  # also delivers pending navigation events
        if self._documents != self._checked:
            _run_axe(self)

    def __getattr__(self, name):
        value = getattr(self._page, name)
        if not callable(value) or name in self.UNCHECKED:
            return value

        def step(*args, **kwargs):
            self.check_new_document()
            return value(*args, **kwargs)

        return step

    def __setattr__(self, name, value):
        setattr(self._page, name, value)


@pytest.fixture
def page(browser, request, live_server, transactional_db):
    """A fresh browser page, checked with axe on every document and for console errors."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    raw = context.new_page()
    raw.set_default_timeout(15_000)
    page = CheckedPage(raw)
    yield page
    passed = getattr(request.node, "report_call", None)
    try:
        if passed is not None and passed.passed:
            page.check_new_document()  # the last page the test opened
            assert page.console_errors == [], f"console errors: {page.console_errors}"
            assert not page._expected_errors, f"expected console errors: {page._expected_errors}"
    finally:
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
            raw.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        context.close()


def _run_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    raw = page._page
    object.__setattr__(page, "_checked", page._documents)
    if raw.evaluate("document.contentType") != "text/html":
        return
    results = Axe().run(
        raw,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    page.checked_urls.append(raw.url)
    assert results.violations_count == 0, f"{raw.url}\n{results.generate_report()}"


def assert_accessible(page):
    """Check the page's current state now (the automatic check sees each new document)."""
    page._page.wait_for_load_state("load")
    _run_axe(page)


def expect_console_error(page, pattern):
    """The next console error matching ``pattern`` is expected (a 404's own status)."""
    page._expected_errors.append(pattern)


_USED_TOTP_STEPS = set()


def enter_totp_code(page, account, secret=None):
    """Answer the two-factor page with the authenticator app's code for ``secret``.

    allauth accepts a code once per account: a second login of ``account`` in the same
    test and the same 30-second step waits for the next step.
    """
    import time

    from tests import factories

    secret = secret or factories.TOTP_SECRET
    step = int(time.time()) // 30
    if (id(page), account, step) in _USED_TOTP_STEPS:
        time.sleep(30 - time.time() % 30 + 0.5)
        step = int(time.time()) // 30
    _USED_TOTP_STEPS.add((id(page), account, step))
    page.locator("input[name=code]").fill(factories.totp_code(secret, at=step * 30))
    with page.expect_navigation():
        page.locator("input[name=code]").press("Enter")


def log_in(page, email, password):
    """Log in through the form; an account with an authenticator app gives its code too."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    if "/2fa/authenticate/" in page.url:
        enter_totp_code(page, email)
