"""The household explorer in real Chromium: search, the household graph, expanding, the 360."""

from typing import Final

from playwright.sync_api import Page, expect

from graph.accounts import add_account_holders, upsert_accounts
from graph.engines.settings import GraphSettings
from tests.api.browser import chromium_page, shot, sign_in
from tests.api.served import write_elsewhere

# David's own savings account: not in Maya's neighbourhood, found by expanding David.
DAVIDS_SAVER: Final = {
    "id": "A-0000090", "productId": "P-SAVER", "status": "OPEN", "openedOn": "2021-03-01",
    "balanceMinor": 250000, "monthlyFlowMinor": 10000, "currency": "GBP",
    "updatedAt": 1_790_000_000_000,
}  # fmt: skip


def node_ids(page: Page) -> list[str]:
    """The ids in the keyboard list of the graph's nodes."""
    ids: list[str] = page.locator("#explorer-nodes li").evaluate_all(
        "items => items.map(i => i.dataset.node)"
    )
    return ids


def drawn(page: Page) -> dict[str, int]:
    """How many nodes and edges cytoscape holds."""
    counts: dict[str, int] = page.evaluate(
        "({nodes: kithExplorer.nodes().length, edges: kithExplorer.edges().length})"
    )
    return counts


def search(page: Page, text: str) -> None:
    page.get_by_label("Customer name, phone or email").fill(text)
    page.get_by_role("button", name="Search", exact=True).click()


def click_on_canvas(page: Page, node_id: str, *, twice: bool = False) -> None:
    """A real mouse click (or double click) where cytoscape drew the node."""
    box = page.locator("#explorer-graph").bounding_box()
    assert box is not None
    at = page.evaluate(f"kithExplorer.getElementById('{node_id}').renderedPosition()")
    click = page.mouse.dblclick if twice else page.mouse.click
    click(box["x"] + at["x"], box["y"] + at["y"])


def test_a_relationship_manager_explores_mayas_household(
    api: str, api_graph: GraphSettings
) -> None:
    write_elsewhere(api_graph, upsert_accounts, [DAVIDS_SAVER])
    write_elsewhere(
        api_graph, add_account_holders,
        [{"accountId": "A-0000090", "customerId": "C-0000002", "role": "PRIMARY"}],
    )  # fmt: skip
    with chromium_page(api) as page:
        sign_in(page, "RELATIONSHIP_MANAGER", "RELATIONSHIP_MANAGER", portfolio="PF-001")
        page.goto("/#/explorer")
        search(page, "Okafor")
        results = page.get_by_role("list", name="Search results").get_by_role("button")
        expect(results).to_have_text(["Maya Okafor", "David Okafor", "Ada Okafor", "Sam Okafor"])
        shot(page, "explorer-search")

        page.get_by_role("button", name="Maya Okafor", exact=True).click()
        expect(page.locator("#explorer-nodes li").first).to_have_attribute("data-node", "C-0000001")
        before = node_ids(page)
        assert {"C-0000002", "C-0000003", "C-0000004", "H-000001"} <= set(before)
        assert "A-0000090" not in before
        assert drawn(page)["nodes"] == len(before)
        shot(page, "explorer-graph")

        page.get_by_role("button", name="Expand David Okafor").click()
        status = page.get_by_role("status")
        expect(status).to_have_text("Expanded David Okafor: 1 new node.")
        after = node_ids(page)
        assert set(after) - set(before) == {"A-0000090"}
        assert page.locator("li[data-node='A-0000090']").inner_text().startswith("Easy Saver")
        assert drawn(page)["nodes"] == len(before) + 1
        shot(page, "explorer-expanded")

        click_on_canvas(page, "C-0000003")
        expect(status).to_have_text("Expanded Ada Okafor: 0 new nodes.")
        expect(page.get_by_role("button", name="Expand Ada Okafor")).to_be_disabled()

        pane = page.locator(".explorer-lifestyle")
        expect(pane.get_by_role("heading", level=3)).to_have_text("Lifestyle: Maya Okafor")
        figures = pane.locator(".figures").inner_text()
        for expected in ("£3,250.75", "£183,340.00", "56.40", "-£620.00", "£5,200.00"):
            assert expected in figures
        assert "Household: Okafor household" in pane.inner_text()
        family = pane.get_by_role("table", name="Relatives").locator("tbody tr")
        expect(family).to_have_text([
            "husbandDavid Okafor49—", "daughterAda Okafor14SECONDARY", "sonSam Okafor8PRIMARY",
        ])  # fmt: skip
        shot(page, "explorer-lifestyle")

        click_on_canvas(page, "C-0000002", twice=True)
        expect(pane.get_by_role("heading", level=3)).to_have_text("Lifestyle: David Okafor")
        expect(pane.get_by_role("table", name="By product")).to_contain_text("Easy Saver")


def test_a_customer_outside_the_book_is_not_drawn(api: str) -> None:
    with chromium_page(api) as page:
        sign_in(page, "RELATIONSHIP_MANAGER", "RELATIONSHIP_MANAGER", portfolio="PF-001")
        search(page, "maya.okafor@example.org")
        page.get_by_role("button", name="Maya Okafor", exact=True).click()
        expect(page.get_by_role("button", name="Expand David Okafor")).to_be_visible()
        # Her mother Grace is in no household of the book: the API leaves her out.
        assert page.get_by_role("button", name="Expand Grace Adeyemi").count() == 0
        assert "H-000002" not in node_ids(page)
        shot(page, "explorer-book-only")


def test_another_portfolio_does_not_find_maya(api: str) -> None:
    with chromium_page(api) as page:
        sign_in(page, "RELATIONSHIP_MANAGER", "RELATIONSHIP_MANAGER", portfolio="PF-002")
        search(page, "Maya")
        expect(page.get_by_text("No customer found for “Maya” in your reach.")).to_be_visible()
        assert page.get_by_role("list", name="Search results").get_by_role("button").count() == 0
        shot(page, "explorer-other-portfolio")
