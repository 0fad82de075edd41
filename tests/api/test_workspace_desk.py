"""The agent desktop in real Chromium: the tailored view, the script, recording, alerts."""

import re
import threading
from typing import Any

from playwright.sync_api import Page, expect

from graph.alerts import raise_alerts
from graph.engines.settings import GraphSettings
from graph.opportunities import write_opportunities
from tests.api.browser import chromium_page, shot, sign_in
from tests.api.served import write_elsewhere

SCRIPT = [
    "Ask how Ada is getting on at school.",
    "Explain how the Junior Education Saver grows with her.",
    "Offer to open it here at the desk today.",
]


def open_view(page: Page, intent: str, customer: str | None = None) -> None:
    page.goto("/#/desk")
    page.get_by_label("Intent", exact=True).select_option(intent)
    if customer:
        page.get_by_label("Customer id").fill(customer)
    page.get_by_role("button", name="Open view").click()
    page.wait_for_selector(".desk-view .pane")


def test_a_billing_call_opens_with_the_billing_history(api: str) -> None:
    with chromium_page(api) as page:
        sign_in(page, "CONTACT_CENTER_AGENT", "CONTACT_CENTER", customer="C-0000001")
        open_view(page, "BILLING")
        panes = page.locator(".desk-view section.pane")
        expect(panes.first.get_by_role("heading")).to_have_text("Contact history")
        expect(panes.first.locator(".reason")).to_have_text(
            "billing contact: billing history and cases first"
        )
        first_row = panes.first.locator("tbody tr").first
        expect(first_row).to_have_class("matches")
        expect(first_row.locator("td").nth(3)).to_have_text("BILLING")
        # The contact center sees the bill payments series only, and no finances.
        expect(page.locator("figure.trend figcaption")).to_have_text(["BILL_PAYMENT (••••0001)"])
        assert page.locator("[data-kind=LIFESTYLE]").count() == 0
        shot(page, "desk-billing-call")
        # A cards call: the card spend series, July's authorisation failure marked and listed.
        open_view(page, "CARDS")
        expect(page.locator("figure.trend figcaption")).to_have_text(["CARD_SPEND (••••0003)"])
        expect(page.locator("ul.incidents li")).to_have_text(
            ["2026-07-06 to 2026-07-08: Card authorisation failure: card payments declined"]
        )
        marked = page.evaluate(
            "(() => { const data = Chart.getChart(document.querySelector('figure.trend canvas'))"
            ".data; return data.labels.filter((_, i) => data.datasets[1].data[i] !== null); })()"
        )
        assert marked == ["2026-07"]
        shot(page, "desk-cards-call")


def test_ticking_a_script_step_stays_ticked_while_on_the_screen(
    api: str, api_graph: GraphSettings
) -> None:
    offer = {
        "id": "O-DESK", "customerId": "C-0000005", "productId": "P-EDU", "score": 0.8,
        "needKind": "CHILD_EDUCATION", "script": SCRIPT, "scoredAt": 1_790_000_000_000,
    }  # fmt: skip
    write_elsewhere(api_graph, write_opportunities, [offer])
    with chromium_page(api) as page:
        sign_in(page, "BRANCH_OFFICER", "BRANCH_TABLET")
        open_view(page, "GENERAL", customer="C-0000005")
        offer_pane = page.locator("[data-kind=NEXT_BEST_ACTION]")
        # The tablet says the close its own way (at the desk): the steps before it are kept.
        closing = re.compile("at the desk")
        expect(offer_pane.locator("ol.script li")).to_have_text([*SCRIPT[:2], closing])
        step = offer_pane.get_by_label(SCRIPT[1])
        step.check()
        expect(step).to_be_checked()
        # Asking again for another reason redraws the panes: the tick is kept.
        open_view_again = page.get_by_label("Intent", exact=True)
        open_view_again.select_option("LOANS")
        page.get_by_role("button", name="Open view").click()
        expect(page.locator(".who")).to_contain_text("loans contact")
        expect(offer_pane.get_by_label(SCRIPT[1])).to_be_checked()
        expect(offer_pane.get_by_label(SCRIPT[0])).not_to_be_checked()
        shot(page, "desk-script-ticked")


def test_recording_an_interaction_updates_service_excellence(api: str) -> None:
    with chromium_page(api) as page:
        sign_in(page, "CONTACT_CENTER_AGENT", "CONTACT_CENTER", customer="C-0000006")
        open_view(page, "GENERAL")
        count = page.locator("[data-kind=SERVICE_EXCELLENCE] [data-figure=interactions]")
        before = int(count.inner_text())
        page.get_by_label("Interaction intent").select_option("BILLING")
        page.get_by_label("Outcome").select_option("RESOLVED")
        page.get_by_label("Turnaround minutes (optional)").fill("6")
        page.get_by_role("button", name="Record").click()
        expect(page.get_by_role("status")).to_contain_text("Recorded")
        expect(count).to_have_text(str(before + 1))
        # The new contact heads the history (it is the latest).
        first = page.locator("[data-kind=CONTACT_HISTORY] tbody tr").first
        expect(first.locator("td").nth(3)).to_have_text("BILLING")
        shot(page, "desk-recorded")


def alert(id_: str, reason: str) -> dict[str, Any]:
    return {
        "id": id_, "customerId": "C-0000001", "kind": "ATTRITION_RISK", "severity": 4,
        "reason": reason, "raisedAt": 1_790_000_000_000, "agentId": None,
    }  # fmt: skip


def test_a_raised_alert_appears_in_the_queue_newest_first(
    api: str, api_graph: GraphSettings
) -> None:
    with chromium_page(api) as page:
        sign_in(page, "CONTACT_CENTER_AGENT", "CONTACT_CENTER", customer="C-0000001")
        page.goto("/#/desk")
        queue = page.locator("ol.alerts li")
        heard = threading.Event()

        def keep_raising() -> None:
            # The protocol does not acknowledge a subscription: raise until the page hears.
            for number in range(20):
                rows = [alert(f"AL-D{number}", "card spend down")]
                write_elsewhere(api_graph, raise_alerts, rows)
                if heard.wait(1.5):
                    return

        raiser = threading.Thread(target=keep_raising)
        raiser.start()
        try:
            expect(queue.first).to_contain_text("card spend down", timeout=30_000)
        finally:
            heard.set()
            raiser.join()
        # Playwright's loop runs on this thread; write_elsewhere needs one of its own.
        last = [alert("AL-DLAST", "salary stopped arriving")]
        writer = threading.Thread(target=write_elsewhere, args=(api_graph, raise_alerts, last))
        writer.start()
        writer.join()
        expect(queue.first).to_contain_text("salary stopped arriving")
        expect(queue.first).to_contain_text("ATTRITION_RISK (severity 4)")
        expect(queue.nth(1)).to_contain_text("card spend down")
        shot(page, "desk-alert")
