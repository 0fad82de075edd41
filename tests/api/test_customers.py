"""The customer 360, households and search, posted as GraphQL over HTTP to the served app."""

from datetime import UTC, date, datetime

import httpx

from tests.api.served import ADMIN, CountingEngine, graphql

FULL_360 = """
query Customer360($id: ID!) {
  customer(id: $id) {
    id fullName age city hometown occupation valueTier
    household { id name }
    family { customerId fullName relation age schooling }
    holdings { accountId productName category role status coHolderIds
               balance { minorUnits currency } }
    lifestyle { total { assetsMinor liabilitiesMinor monthlyCashflowMinor debtRatio currency }
                byProduct { category balance { minorUnits } } monthlyIncome { minorUnits } }
    usageTrends { accountId service points { month count amountMinor }
                  incidents { id channel startedOn endedOn months } }
    serviceExcellence { interactions resolved unresolved meanTurnaroundMinutes
                        satisfactionScore satisfactionLevel smiley npsDetractors
                        repeatContacts noRepeatRate }
    contactPreferences { channel best ineffective inboundContacts responseRate }
    cases { id category stage open daysOpen }
    feedback { id kind score touchpoint interactionId }
    needs { kind evidence }
    opportunities { productId script }
  }
}
"""


def age_today(born: date) -> int:
    today = datetime.now(UTC).date()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def test_health_and_readiness(api: str) -> None:
    assert httpx.get(f"{api}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{api}/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "engine": "embedded"}


def test_the_360_shows_profile_family_and_finances(api: str) -> None:
    maya = graphql(api, FULL_360, id="C-0000001")["customer"]
    assert maya["fullName"] == "Maya Okafor"
    assert maya["age"] == age_today(date(1979, 5, 2))
    assert maya["household"] == {"id": "H-000001", "name": "Okafor household"}
    relatives = {r["fullName"]: (r["relation"], r["schooling"]) for r in maya["family"]}
    assert relatives == {
        "David Okafor": ("husband", None),
        "Ada Okafor": ("daughter", "SECONDARY"),
        "Sam Okafor": ("son", "PRIMARY"),
        "Grace Adeyemi": ("mother", None),
    }
    ada = next(r for r in maya["family"] if r["fullName"] == "Ada Okafor")
    assert ada["age"] == age_today(date(2012, 3, 14))
    held = {h["accountId"]: (h["category"], h["role"], h["coHolderIds"]) for h in maya["holdings"]}
    assert held == {
        "A-0000001": ("CURRENT", "PRIMARY", ["C-0000002"]),
        "A-0000002": ("MORTGAGE", "PRIMARY", ["C-0000002"]),
        "A-0000003": ("CARD", "PRIMARY", []),
    }
    assert maya["lifestyle"]["total"] == {
        "assetsMinor": 325_075,
        "liabilitiesMinor": 18_250_000 + 84_000,
        "monthlyCashflowMinor": 45_000 - 95_000 - 12_000,
        "debtRatio": round(18_334_000 / 325_075, 4),
        "currency": "GBP",
    }
    assert maya["lifestyle"]["monthlyIncome"] == {"minorUnits": 520_000}
    assert maya["needs"] == []
    assert maya["opportunities"] == []


def test_the_360_shows_usage_service_contact_and_cases(api: str) -> None:
    maya = graphql(api, FULL_360, id="C-0000001")["customer"]
    card = next(t for t in maya["usageTrends"] if t["service"] == "CARD_SPEND")
    assert [p["month"] for p in card["points"]] == [
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    assert [p["count"] for p in card["points"]] == [42, 45, 38, 12, 6, 5]
    # The July drop reads against the card-authorisation incident of that month.
    assert card["incidents"] == [
        {"id": "INC-2026-07-CARDS", "channel": "CONTACT_CENTER", "startedOn": "2026-07-06",
         "endedOn": "2026-07-08", "months": ["2026-07"]},
    ]  # fmt: skip
    others = {t["service"]: t["incidents"] for t in maya["usageTrends"] if t is not card}
    assert others == {"ATM_WITHDRAWAL": [], "BILL_PAYMENT": []}
    service = maya["serviceExcellence"]
    assert (service["interactions"], service["resolved"], service["unresolved"]) == (6, 2, 1)
    assert service["meanTurnaroundMinutes"] == 3.5
    # Her 4 own contacts were about 4 intents: none repeated. The bank's two sales contacts
    # two days apart (1 and 3 Aug) are outreach, not her coming back.
    assert (service["repeatContacts"], service["noRepeatRate"]) == (0, 100.0)
    # NPS 3 (30/100), 2 of 3 settled contacts resolved (66.7/100) and none repeated (100),
    # weighted 0.25, 0.25 and 0.15 (no CSAT): (7.5 + 16.67 + 15) / 0.65 = 60.3.
    assert service["satisfactionScore"] == 60
    assert service["satisfactionLevel"] == "NEUTRAL"
    assert service["npsDetractors"] == 1
    channels = maya["contactPreferences"]
    assert [c["channel"] for c in channels] == ["CONTACT_CENTER", "MOBILE", "WEB"]
    assert [c["best"] for c in channels] == [True, False, False]
    opened = datetime(2026, 6, 3, 14, 10, tzinfo=UTC)
    assert maya["cases"] == [
        {"id": "K-0000001", "category": "CARD_DISPUTE", "stage": "AWAITING_CUSTOMER",
         "open": True, "daysOpen": (datetime.now(UTC) - opened).days},
    ]  # fmt: skip
    assert maya["feedback"] == [
        {"id": "F-0000001", "kind": "NPS", "score": 3, "touchpoint": "card dispute call",
         "interactionId": "I-00000003"},
    ]  # fmt: skip


def test_an_unknown_customer_is_null(api: str) -> None:
    assert graphql(api, '{ customer(id: "C-404") { id } }') == {"customer": None}


def test_the_full_360_costs_a_fixed_number_of_engine_round_trips(api: str) -> None:
    before = CountingEngine.statements
    graphql(api, FULL_360, id="C-0000001")
    assert CountingEngine.statements - before == 10  # one per pane, whatever the list sizes


def test_a_household_lists_members_joint_accounts_and_totals(api: str) -> None:
    query = """
    query ($id: ID!) { household(id: $id) {
      name members { role customer { id age holdings { accountId } } }
      jointAccounts { accountId category coHolderIds }
      totals { assetsMinor liabilitiesMinor }
      decider { reason customer { id } }
    } }
    """
    before = CountingEngine.statements
    household = graphql(api, query, id="H-000001")["household"]
    assert CountingEngine.statements - before == 3  # household, member profiles, holdings
    assert [m["customer"]["id"] for m in household["members"]] == [
        "C-0000001", "C-0000002", "C-0000003", "C-0000004",
    ]  # fmt: skip
    assert household["members"][0]["role"] == "HEAD"
    assert {a["accountId"] for a in household["jointAccounts"]} == {"A-0000001", "A-0000002"}
    assert household["totals"] == {"assetsMinor": 325_075, "liabilitiesMinor": 18_334_000}
    # Maya holds both joint accounts as primary and earns 5,200 of the couple's 9,000 a month.
    assert household["decider"] == {
        "customer": {"id": "C-0000001"},
        "reason": "primary holder of 2 joint accounts; 58% of the household's income",
    }


def test_search_finds_customers_by_name_email_and_phone(api: str) -> None:
    query = "query ($text: String!) { search(text: $text) { customer { id } } }"
    found = {hit["customer"]["id"] for hit in graphql(api, query, text="Okafor")["search"]}
    assert found == {"C-0000001", "C-0000002", "C-0000003", "C-0000004"}
    by_email = graphql(api, query, text="grace.adeyemi@example.org")["search"]
    assert [hit["customer"]["id"] for hit in by_email] == ["C-0000005"]


REPAY = """
query Repay($id: ID!, $account: ID!) {
  customer(id: $id) { earlyRepaymentUses(accountId: $account) { productId score reason } }
}
"""


def test_early_repayment_uses_of_a_mortgage(api: str) -> None:
    # Maya's joint mortgage frees 950.00 a month; the example bank is not scored, so she has
    # no needs written yet and the deposit is the one use.
    found = graphql(api, REPAY, id="C-0000001", account="A-0000002")["customer"]
    assert found["earlyRepaymentUses"] == [{
        "productId": "P-SAVER", "score": 0.3,
        "reason": "open the Easy Saver: 950.00 GBP a month earning interest",
    }]  # fmt: skip
    variables = {"id": "C-0000001", "account": "A-0000003"}  # her credit card
    refused = httpx.post(
        f"{api}/graphql", headers=ADMIN, json={"query": REPAY, "variables": variables}
    ).json()
    assert refused["errors"][0]["message"] == (
        "accountId: account A-0000003 is not a loan this customer holds"
    )
