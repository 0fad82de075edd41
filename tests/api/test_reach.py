"""Object-level access: which customers a caller reaches, reading and writing.

A relationship manager reaches their portfolio and its households; a contact-center agent the
verified caller; whatever is out of reach looks exactly like what does not exist.
"""

import contextlib
import json
import threading
from pathlib import Path

from websockets.sync.client import connect
from websockets.typing import Subprotocol

from api.security.identity import Role
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, BRANCH, CC, bearer, post, secured, serve


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
