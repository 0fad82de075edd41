"""The segment builder in real Chromium: a live count, its charts, saving and the CSV export."""

import csv

from playwright.sync_api import Page, expect

from tests.api.browser import chromium_page, shot, sign_in

CHARTS = ("ageBands", "tiers", "products", "nps", "channels")


def open_builder(page: Page) -> None:
    """Sign in as a marketing analyst and wait for the whole bank's count."""
    sign_in(page, "MARKETING_ANALYST", "BACK_OFFICE")
    page.get_by_role("link", name="Segment builder").click()
    expect(page.locator("#segment-count")).to_have_text("6 customers")


def test_the_count_and_charts_follow_the_filter_as_it_changes(api: str) -> None:
    with chromium_page(api) as page:
        open_builder(page)
        shot(page, "segments-whole-bank")
        page.get_by_label("City").fill("Leeds")
        expect(page.locator("#segment-count")).to_have_text("4 customers")
        for chart in CHARTS:
            assert page.locator(f"canvas[data-chart={chart}]").count() == 1
        # Drawn from Leeds' preview: Maya's 3 out of 10 is the only NPS answer there.
        expect(page.locator("canvas[data-chart=nps]")).to_have_attribute(
            "aria-label", "Net promoter score: -100 over 1 answer"
        )
        expect(page.locator("canvas[data-chart=ageBands]")).to_have_attribute(
            "aria-label", "Age bands: 0-17 2, 45-64 2"
        )
        rows = page.locator(".sample tbody tr")
        assert rows.count() == 4
        # A marketing analyst sees contact details only of those who consented (Maya).
        maya = rows.filter(has_text="C-0000001").inner_text()
        david = rows.filter(has_text="C-0000002").inner_text()
        assert "maya.okafor@example.org" in maya
        assert "david.okafor@example.org" not in david
        assert "\u2014" in david  # the API nulled it: shown as a dash
        page.get_by_label("Everyday Current Account (P-CURRENT)").select_option("holds")
        expect(page.locator("#segment-count")).to_have_text("2 customers")
        shot(page, "segments-leeds")


def test_a_saved_segment_downloads_its_consented_members_as_csv(api: str) -> None:
    with chromium_page(api) as page:
        open_builder(page)
        page.get_by_label("City").fill("Leeds")
        expect(page.locator("#segment-count")).to_have_text("4 customers")
        page.get_by_label("Segment name").fill("Leeds families")
        page.get_by_role("button", name="Save segment").click()
        expect(page.locator("#segment-saved")).to_contain_text('Saved "Leeds families" as S-')
        # The example bank is not scored: no member has an embedding, so no lookalikes.
        none = "No lookalikes yet (customers are scored by kith score)."
        expect(page.get_by_text(none)).to_be_visible()
        with page.expect_download() as started:
            page.get_by_role("button", name="Export CSV").click()
        download = started.value
        assert download.suggested_filename.startswith("S-")
        with open(download.path(), newline="", encoding="utf-8") as exported:
            rows = list(csv.reader(exported))
        # Only Maya of the four in Leeds consented to marketing.
        assert rows[0] == ["id", "fullName", "email", "phone", "city"]
        assert [row[0] for row in rows[1:]] == ["C-0000001"]
        assert rows[1][2] == "maya.okafor@example.org"
        shot(page, "segments-saved")
