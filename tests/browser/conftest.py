"""Playwright on the system Chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make around it are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before tests/conftest.py sorts by this marker
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    # The live server speaks plain HTTP, but DEBUG=False redirects to HTTPS.
    # SecurityMiddleware reads this once, so it must be set before live_server.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _new_page(browser, **options):
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"}, **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport={"width": 1280, "height": 800})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context, page = _new_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


class ConsoleErrors(list):
    """Console errors (CSP violations among them) and uncaught exceptions."""

    def watch(self, page):
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.append(str(error)))
        return page

    def _console(self, message):
        if message.type == "error":
            self.append(f"{message.text} [{message.location.get('url')}]")


@pytest.fixture
def console_errors():
    return ConsoleErrors()
