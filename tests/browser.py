"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


_shared: dict = {}


def shared_browser():
    """One headless Chromium for the whole test session (launching it costs seconds)."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
    return _shared["browser"]


def close_shared_browser() -> None:
    browser = _shared.pop("browser", None)
    playwright = _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@contextmanager
def phone_page(live_server, viewport: dict | None = None):
    """A Playwright page on a phone-sized viewport, with console errors collected.

    Each test gets a fresh context (cookies, storage) in the session's one browser.
    """
    context = shared_browser().new_context(viewport=viewport or PHONE, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.base_url = live_server.url
    try:
        yield page
    finally:
        context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_phone_width(page) -> bool:
    """No horizontal scrolling of the page itself on a 375-px screen."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
