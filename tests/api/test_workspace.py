"""The browser workspace in real Chromium: signing in, and what a role is shown."""

from playwright.sync_api import expect

from api.security.identity import Role
from graph.engines.settings import GraphSettings
from tests.api.browser import chromium_page, shot, sign_in
from tests.api.served import bearer, secured, serve


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


def test_a_token_from_the_banks_sign_in_can_be_pasted(api_graph: GraphSettings) -> None:
    production = secured({"mode": "production"})
    token = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000001")
    with serve(api_graph, security=production) as base, chromium_page(base) as page:
        page.goto("/")
        page.get_by_role("button", name="Sign in").click()  # no token, no issuer here
        expect(page.get_by_role("alert")).to_contain_text("issues no tokens (production)")
        page.get_by_label("Or a token from the bank's sign-in").fill(
            token["Authorization"].removeprefix("Bearer ")
        )
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("#who")).to_have_text("CONTACT_CENTER_AGENT on CONTACT_CENTER")
        shot(page, "signed-in-with-a-token")
