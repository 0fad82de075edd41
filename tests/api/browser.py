"""Debian's Chromium, driven headless by Playwright, for the workspace's end-to-end tests."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from playwright.sync_api import Page, sync_playwright

CHROMIUM: Final = Path("/usr/bin/chromium")  # installed by `make test` (Debian's package)
SCREENSHOTS: Final = Path(__file__).resolve().parents[2] / "artifacts" / "workspace"


@contextmanager
def chromium_page(base: str) -> Iterator[Page]:
    """A fresh tablet-sized page on the served app."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        context = browser.new_context(viewport={"width": 1180, "height": 820}, base_url=base)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            browser.close()


def sign_in(page: Page, role: str, channel: str, **claims: str) -> None:
    """Sign in through the development form as this role on this channel."""
    page.goto("/")
    page.get_by_label("Role").select_option(role)
    page.get_by_label("Channel").select_option(channel)
    for name, value in claims.items():
        page.locator(f"input[name={name}]").fill(value)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("#screens:not([hidden])")


def shot(page: Page, name: str) -> Path:
    """Save a screenshot of the page as an artifact; return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
