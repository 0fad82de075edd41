"""The browser workspace in real Chromium: signing in, and what a role is shown."""

from tests.api.browser import chromium_page, shot, sign_in


def test_signing_in_shows_who_is_signed_in_and_signing_out_asks_again(api: str) -> None:
    with chromium_page(api) as page:
        sign_in(page, "BRANCH_OFFICER", "BRANCH_TABLET")
        assert page.locator("#who").inner_text() == "BRANCH_OFFICER on BRANCH_TABLET"
        shot(page, "signed-in")
        page.get_by_role("button", name="Sign out").click()
        assert page.get_by_role("button", name="Sign in").is_visible()


def test_the_page_loads_its_libraries_from_the_service_itself(api: str) -> None:
    with chromium_page(api) as page:
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto("/")
        assert page.evaluate("typeof cytoscape === 'function' && typeof Chart === 'function'")
        assert failed == []
