"""Who may see what: authentication, the field policy, limits, production mode and audit.

Each rule is checked with a role that may and a role that may not, over real HTTP.
"""

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from api.app import create_app
from api.security.audit import verify
from api.security.identity import Role, Unauthenticated
from api.security.settings import SecuritySettings
from graph.settings import GraphSettings
from tests.api.served import ADMIN, TEST_SECURITY, bearer, serve

CC = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000001")
BRANCH = bearer(Role.BRANCH_OFFICER, "BRANCH_TABLET")
MARKETING = bearer(Role.MARKETING_ANALYST, "BACK_OFFICE")
PROFILE = (
    "id fullName age city gender occupation schooling hometown valueTier "
    "marketingConsent profilingConsent family { fullName age relation }"
)


def secured(changes: dict[str, object]) -> SecuritySettings:
    """The tests' security settings with some changed (validated, as at start)."""
    return SecuritySettings.model_validate({**TEST_SECURITY.model_dump(), **changes})


def post(api: str, query: str, headers: dict[str, str], **variables: object) -> httpx.Response:
    """POST a document as a caller."""
    body = {"query": query, "variables": variables}
    return httpx.post(f"{api}/graphql", json=body, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def audited(
    api_graph: GraphSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app with its audit trail in a file of its own; yields (URL, audit file)."""
    trail = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    with serve(api_graph, security=secured({"audit_path": trail})) as base:
        yield base, trail


def test_a_request_without_a_valid_token_is_refused(api: str) -> None:
    query = '{ customer(id: "C-0000001") { fullName } }'
    assert post(api, query, {}).status_code == 401
    forged = jwt.encode({"sub": "x", "role": "ADMINISTRATOR", "channel": "BACK_OFFICE",
                         "exp": int(time.time()) + 60, "iss": "kith", "aud": "kith"},
                        "another-secret-of-at-least-32-bytes!!", algorithm="HS256")  # fmt: skip
    refused = post(api, query, {"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401
    assert "Signature verification failed" in refused.json()["detail"]
    stale = TEST_SECURITY.jwt_secret.get_secret_value() if TEST_SECURITY.jwt_secret else ""
    expired = jwt.encode({"sub": "x", "role": "ADMINISTRATOR", "channel": "BACK_OFFICE",
                          "exp": int(time.time()) - 10, "iss": "kith", "aud": "kith"},
                         stale, algorithm="HS256")  # fmt: skip
    assert post(api, query, {"Authorization": f"Bearer {expired}"}).json() == {
        "detail": "the token has expired"
    }
    answer = post(api, query, BRANCH).json()
    assert answer == {"data": {"customer": {"fullName": "Maya Okafor"}}}


def test_a_service_account_calls_with_its_api_key(api_graph: GraphSettings) -> None:
    key = "svc-key-for-the-campaign-tool"
    accounts = {hashlib.sha256(key.encode()).hexdigest(): {
        "name": "campaigns", "role": "MARKETING_ANALYST", "channel": "BACK_OFFICE"}}  # fmt: skip
    with serve(api_graph, security=secured({"api_keys": accounts})) as base:
        ok = post(base, "{ segments { id } }", {"X-API-Key": key})
        assert ok.status_code == 200
        assert "errors" not in ok.json()
        assert post(base, "{ segments { id } }", {"X-API-Key": "guessed"}).status_code == 401


def test_the_contact_center_never_sees_the_customers_value(api: str) -> None:
    query = '{ customer(id: "C-0000001") { fullName valueTier } }'
    refused = post(api, query, CC).json()
    assert refused["data"] is None
    error = refused["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "Customer.valueTier" in error["message"]
    assert "CONTACT_CENTER_AGENT" in error["message"]
    allowed = post(api, query, BRANCH).json()
    assert "errors" not in allowed  # the tier itself is null until `kith score` runs
    assert allowed["data"]["customer"] == {"fullName": "Maya Okafor", "valueTier": None}


def test_the_contact_center_sees_account_numbers_masked(api: str) -> None:
    query = """{ view(customerId: "C-0000001", channel: CONTACT_CENTER, intent: BILLING) {
        ... on ContactCenterView { holdings { accountId productName } } } }"""
    masked = post(api, query, CC).json()["data"]["view"]["holdings"]
    assert masked
    assert all(h["accountId"].startswith("••••") for h in masked)
    assert {h["accountId"][-4:] for h in masked} >= {"0001", "0002"}
    full = post(api, query, ADMIN).json()["data"]["view"]["holdings"]
    assert {h["accountId"] for h in full} >= {"A-0000001", "A-0000002"}


def test_marketing_sees_contact_details_only_of_customers_who_consented(api: str) -> None:
    query = """{ maya: customer(id: "C-0000001") { email phone }
                 david: customer(id: "C-0000002") { email phone } }"""
    seen = post(api, query, MARKETING).json()["data"]
    assert seen["maya"] == {"email": "maya.okafor@example.org", "phone": "+44 7700 900001"}
    assert seen["david"] == {"email": None, "phone": None}  # he objected to marketing
    staff = post(api, query, BRANCH).json()["data"]
    assert staff["david"]["email"] == "david.okafor@example.org"
    family = post(api, '{ customer(id: "C-0000001") { family { fullName } } }', MARKETING)
    assert family.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize(
    ("document", "limit"),
    [
        (
            '{ customer(id: "C-1") ' + "{ household { members { customer " * 3 + "{ id" + " }" * 11,
            "maximum operation depth of 8",
        ),
        (
            "{ " + " ".join(f'a{n}: customer(id: "C-{n}") {{ id }}' for n in range(16)) + " }",
            "16 aliases found. Allowed: 15",
        ),
        ("{ " + " ".join("__typename" for _ in range(1001)) + " }", "more than 1000 tokens"),
        (
            "{ "
            + " ".join(
                f"p{n}: customers(first: 100) {{ edges {{ node {{ {PROFILE} }} }} }}"
                for n in range(6)
            )
            + " }",
            "over the budget of 10000",
        ),
    ],
    ids=["depth", "aliases", "tokens", "cost"],
)
def test_a_document_over_a_limit_is_refused_naming_the_limit(
    api: str, document: str, limit: str
) -> None:
    answer = post(api, document, ADMIN).json()
    assert answer.get("data") is None
    assert limit in " ".join(e["message"] for e in answer["errors"])


def test_a_list_argument_over_100_items_is_refused(api: str) -> None:
    query = "query ($f: CustomerFilterInput) { customers(filter: $f) { totalCount } }"
    answer = post(api, query, ADMIN, f={"holdsProducts": [f"P-{n}" for n in range(101)]}).json()
    assert answer["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "limit of 100 items" in answer["errors"][0]["message"]


def test_bodies_over_2_mb_get_413_and_get_queries_are_off(api: str) -> None:
    huge = "{ __typename }" + " " * (2 * 1024 * 1024)
    assert httpx.post(f"{api}/graphql", json={"query": huge}, headers=ADMIN).status_code == 413
    via_get = httpx.get(f"{api}/graphql", params={"query": "{ __typename }"}, headers=ADMIN)
    assert via_get.status_code >= 400
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    assert httpx.post(f"{api}/graphql", json=batch, headers=ADMIN).status_code >= 400


def test_production_refuses_to_start_without_keys(api_graph: GraphSettings) -> None:
    with pytest.raises(Unauthenticated, match="KITH_JWT_SECRET"):
        create_app(api_graph, SecuritySettings(mode="production"))


def test_production_hides_the_schema_and_suggestions(api_graph: GraphSettings) -> None:
    production = secured({"mode": "production"})
    with serve(api_graph, security=production) as base:
        introspect = post(base, "{ __schema { types { name } } }", ADMIN).json()
        assert introspect["data"] is None
        assert "Query.__schema" in introspect["errors"][0]["message"]
        typo = post(base, '{ customer(id: "C-0000001") { fulName } }', ADMIN).json()
        assert "Did you mean" not in typo["errors"][0]["message"]
        page = httpx.get(f"{base}/graphql", headers={"Accept": "text/html", **ADMIN})
        assert "GraphiQL" not in page.text


def test_every_customer_returned_is_audited_in_a_verifiable_chain(
    audited: tuple[str, Path],
) -> None:
    base, trail = audited
    query = '{ customer(id: "C-0000001") { fullName family { fullName } } }'
    assert "errors" not in post(base, query, BRANCH).json()
    post(base, '{ customer(id: "C-0000001") { valueTier } }', CC)
    events = [json.loads(line)["event"] for line in trail.read_text().splitlines()]
    returned = {(e["user"], e["customer_id"]) for e in events if e["outcome"] == "RETURNED"}
    assert {("test-branch_officer", "C-0000001"), ("test-branch_officer", "C-0000003")} <= returned
    denied = [e for e in events if e["outcome"] == "DENIED"]
    assert denied
    assert denied[-1]["role"] == "CONTACT_CENTER_AGENT"
    assert verify(trail) == (len(events), None)
    lines = trail.read_text().splitlines()
    lines[0] = lines[0].replace("C-0000001", "C-0000009")
    trail.write_text("\n".join(lines) + "\n")
    assert verify(trail)[1] == 1  # the edited line breaks the chain


def test_reads_fail_closed_when_the_audit_cannot_be_written(
    api_graph: GraphSettings, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")  # a file where the audit's folder should be
    security = secured({"audit_path": blocked / "audit.jsonl"})
    with serve(api_graph, security=security) as base:
        answer = post(base, '{ customer(id: "C-0000001") { fullName } }', BRANCH).json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    assert "Maya" not in json.dumps(answer)


def test_a_caller_over_the_rate_limit_gets_429(api_graph: GraphSettings) -> None:
    security = secured({"rate_limit_per_minute": 3})
    with serve(api_graph, security=security) as base:
        codes = [post(base, "{ __typename }", BRANCH).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        assert codes[3:] == [429, 429]
        assert post(base, "{ __typename }", MARKETING).status_code == 200  # per user


def test_segment_exports_need_a_role_that_may_export(api: str) -> None:
    create = """mutation { createSegment(name: "Leeds", filter: {city: "Leeds"}) {
        ... on SegmentSaved { segment { exportUrl } } } }"""
    url = post(api, create, MARKETING).json()["data"]["createSegment"]["segment"]["exportUrl"]
    assert httpx.get(api + url).status_code == 401
    assert httpx.get(api + url, headers=CC).status_code == 403
    rows = httpx.get(api + url, headers=MARKETING).text.splitlines()
    assert rows[0].startswith("id,")
    assert [r.split(",")[0] for r in rows[1:]] == ["C-0000001"]


def test_a_contact_center_agent_sees_only_the_verified_caller(api: str) -> None:
    query = """query ($id: ID!) { customer(id: $id) { fullName }
        view(customerId: $id, channel: CONTACT_CENTER, intent: BILLING) {
          ... on ContactCenterView { caller { id } } } }"""
    verified = post(api, query, CC, id="C-0000001").json()["data"]
    assert verified["customer"] == {"fullName": "Maya Okafor"}
    other = post(api, query, CC, id="C-0000002").json()
    missing = post(api, query, CC, id="C-9999999").json()
    assert other == missing == {"data": {"customer": None, "view": None}}
    assert post(api, query, BRANCH, id="C-0000002").json()["data"]["customer"] is not None
    queue = post(api, "{ cases(openOnly: false) { edges { node { customerId } } } }", CC).json()
    assert {e["node"]["customerId"] for e in queue["data"]["cases"]["edges"]} <= {"C-0000001"}


def test_a_caller_gets_only_the_views_of_their_channel(api: str) -> None:
    query = """{ view(customerId: "C-0000001", channel: BRANCH_TABLET) {
        ... on ViewFrame { channel } } }"""
    refused = post(api, query, CC).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "cannot open the BRANCH_TABLET view" in refused["errors"][0]["message"]
    assert post(api, query, BRANCH).json()["data"]["view"] == {"channel": "BRANCH_TABLET"}


def test_a_relationship_manager_reaches_their_book_and_its_households(api: str) -> None:
    manager = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-001")
    query = """query ($id: ID!) { customer(id: $id) { id } }"""
    seen = {
        c: post(api, query, manager, id=c).json()["data"]["customer"]
        for c in ("C-0000001", "C-0000003", "C-0000005", "C-0000006")
    }
    assert seen["C-0000001"] == {"id": "C-0000001"}  # in the book
    assert seen["C-0000003"] == {"id": "C-0000003"}  # her daughter, same household
    assert seen["C-0000005"] is None  # someone else's customer looks missing
    assert seen["C-0000006"] is None
    listed = post(api, "{ customers(first: 50) { edges { node { id } } } }", manager).json()
    ids = {e["node"]["id"] for e in listed["data"]["customers"]["edges"]}
    assert ids == {"C-0000001", "C-0000002", "C-0000003", "C-0000004"}
    other = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-002")
    assert post(api, query, other, id="C-0000001").json()["data"]["customer"] is None


def test_writes_about_a_customer_out_of_reach_are_refused_as_if_missing(api: str) -> None:
    record = """mutation ($i: InteractionInput!) { recordInteraction(interaction: $i) {
        __typename ... on NotFound { field message } } }"""

    def call(customer: str) -> dict[str, str]:
        interaction = {"customerId": customer, "channel": "CONTACT_CENTER", "intent": "BILLING",
                       "outcome": "RESOLVED", "at": "2026-11-02T10:00:00+00:00"}  # fmt: skip
        answer = post(api, record, CC, i=interaction).json()["data"]["recordInteraction"]
        return {**answer, "message": answer.get("message", "").replace(customer, "X")}

    assert call("C-0000001")["__typename"] == "InteractionRecorded"  # the verified caller
    assert call("C-0000002") == call("C-9999999")  # out of reach reads as missing
    assert call("C-0000002")["__typename"] == "NotFound"
    manager = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-002")
    link = """mutation { linkFamily(fromId: "C-0000001", toId: "C-0000005", tie: SIBLING) {
        __typename } }"""
    assert post(api, link, manager).json()["data"]["linkFamily"] == {"__typename": "NotFound"}


def test_a_subscriber_hears_only_of_the_customers_they_may_see(
    api_graph: GraphSettings, tmp_path: Path
) -> None:
    trail = tmp_path / "audit.jsonl"
    agent = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000006")
    record = """mutation ($i: InteractionInput!) { recordInteraction(interaction: $i) {
        __typename } }"""
    heard = threading.Event()

    def keep_recording(base: str) -> None:
        for number in range(20):
            for customer in ("C-0000005", "C-0000006"):
                interaction = {"customerId": customer, "channel": "WEB", "intent": "GENERAL",
                               "outcome": "RESOLVED", "id": f"I-SUB-{customer}-{number}",
                               "at": "2026-11-03T10:00:00+00:00"}  # fmt: skip
                post(base, record, ADMIN, i=interaction)
            if heard.wait(0.5):
                return

    with serve(api_graph, security=secured({"audit_path": trail})) as base:
        url = base.replace("http://", "ws://") + "/graphql"
        with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as socket:
            hello = {
                "type": "connection_init",
                "payload": {"authorization": agent["Authorization"]},
            }
            socket.send(json.dumps(hello))
            assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
            for number, customer in (("1", "C-0000005"), ("2", "C-0000006")):
                query = f'subscription {{ customerUpdated(id: "{customer}") {{ id }} }}'
                socket.send(json.dumps({"id": number, "type": "subscribe",
                                        "payload": {"query": query}}))  # fmt: skip
            recorder = threading.Thread(target=keep_recording, args=(base,))
            recorder.start()
            first = json.loads(socket.recv(timeout=15))
            heard.set()
            recorder.join()
            later = []
            with contextlib.suppress(TimeoutError):
                while True:
                    later.append(json.loads(socket.recv(timeout=1)))
    messages = [first, *later]
    assert {m["id"] for m in messages if m["type"] == "next"} == {"2"}  # never C-0000005
    events = [json.loads(line)["event"] for line in trail.read_text().splitlines()]
    delivered = [e for e in events if e["operation"] == "customerUpdated"]
    assert {e["customer_id"] for e in delivered} == {"C-0000006"}


def test_a_manager_cannot_rewrite_a_profile_outside_their_book(api: str) -> None:
    upsert = """mutation ($c: CustomerInput!) { upsertCustomer(customer: $c) {
        __typename ... on InvalidInput { field } } }"""
    person = {"id": "C-0000005", "fullName": "Someone Else", "birthDate": "1970-01-01",
              "gender": "F", "city": "Leeds", "currency": "GBP",
              "marketingConsent": False, "profilingConsent": False}  # fmt: skip
    manager = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-001")
    refused = post(api, upsert, manager, c=person).json()["data"]["upsertCustomer"]
    assert refused == {"__typename": "InvalidInput", "field": "id"}
    assert graphql_name(api, "C-0000005") != "Someone Else"
    newcomer = {**person, "id": "C-NEW-0001"}
    assert post(api, upsert, manager, c=newcomer).json()["data"]["upsertCustomer"] == {
        "__typename": "CustomerSaved"
    }


def graphql_name(api: str, customer_id: str) -> str:
    """A customer's name as the administrator reads it."""
    query = "query ($id: ID!) { customer(id: $id) { fullName } }"
    return str(post(api, query, ADMIN, id=customer_id).json()["data"]["customer"]["fullName"])


def test_without_the_date_of_birth_a_role_sees_the_year_only(api: str) -> None:
    dated = '{ customer(id: "C-0000001") { birthDate } }'
    assert post(api, dated, CC).json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert post(api, dated, BRANCH).json()["data"]["customer"] == {"birthDate": "1979-05-02"}
    year = '{ customer(id: "C-0000001") { birthYear age } }'
    assert post(api, year, CC).json()["data"]["customer"]["birthYear"] == 1979


def test_a_manager_explores_no_household_outside_their_book(api: str) -> None:
    outsider = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-002")
    insider = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-001")
    around = """{ neighborhood(customerId: "C-0000001", depth: 2) { nodes { id } edges { source } }
        household(id: "H-000001") { name } paths(from: "C-0000001", to: "C-0000003") { length } }"""
    hidden = post(api, around, outsider).json()["data"]
    assert hidden == {"neighborhood": {"nodes": [], "edges": []}, "household": None, "paths": []}
    seen = post(api, around, insider).json()["data"]
    assert {n["id"] for n in seen["neighborhood"]["nodes"]} >= {"C-0000001", "C-0000003"}
    assert seen["household"] is not None
    assert seen["paths"]
