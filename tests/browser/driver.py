"""Playwright driving Debian's Chromium against Django's live server.

Outside CI the browser tests skip with a reason when no Chromium is found; in CI (CI=true) a missing
Chromium is an error, so the browser tests always run there.
"""

import contextlib
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from amendments.models import User

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is required in CI: install Debian's chromium package (.ci/run does).")
        pytest.skip("No Chromium found (install Debian's chromium package, or set CHROMIUM=/path/to/chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls in the same
    # test thread are still synchronous and safe. Only while the browser runs: subprocesses that
    # check the deployment settings must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@contextlib.contextmanager
def browser_page(browser, live_server):
    """A page in a context of its own (its own cookies: one person), against the live server."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # for force_log_in
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser, live_server):
    with browser_page(browser, live_server) as one:
        yield one


def screenshot(page: "Page", name: str) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: "Page", username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def force_log_in(page: "Page", user: "User", url: str | None = None) -> None:
    """Log `user` in without the login form, for tests about what a logged-in user does next.

    Quicker than `log_in`: no login page, no form post. `url` is the live server's, needed only for a
    page that the `page` fixture did not make.
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": url or page.base_url}])
