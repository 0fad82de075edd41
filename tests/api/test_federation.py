"""Kith as a subgraph: entities a router fetches by key pass the same gate as queries."""

import json
from pathlib import Path

from api.security.identity import Role
from tests.api.served import ADMIN, BRANCH, CC, bearer, post

ENTITIES = """query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Customer { id fullName } ... on Household { id name } } }"""
CUSTOMERS = """query ($r: [_Any!]!) { _entities(representations: $r) {
    ... on Customer { id fullName } } }"""


def customers(*ids: str) -> list[dict[str, str]]:
    """Representations of customers, as a router sends them."""
    return [{"__typename": "Customer", "id": i} for i in ids]


def test_the_service_answers_its_subgraph_sdl(api: str) -> None:
    sdl = post(api, "{ _service { sdl } }", ADMIN).json()["data"]["_service"]["sdl"]
    assert '@link(url: "https://specs.apollo.dev/federation/v2.5"' in sdl
    assert 'type Customer @key(fields: "id")' in sdl
    assert 'type Household @key(fields: "id")' in sdl


def test_a_router_fetches_customers_and_households_by_key(api: str) -> None:
    wanted = [*customers("C-0000001", "C-9999999"), {"__typename": "Household", "id": "H-000001"}]
    found = post(api, ENTITIES, BRANCH, r=wanted).json()
    assert "errors" not in found, found
    first, missing, household = found["data"]["_entities"]
    assert first == {"id": "C-0000001", "fullName": "Maya Okafor"}
    assert missing is None
    assert household == {"id": "H-000001", "name": "Okafor household"}


def test_a_contact_center_agent_cannot_read_another_customer_through_entities(
    audited: tuple[str, Path],
) -> None:
    base, trail = audited
    answer = post(base, CUSTOMERS, CC, r=customers("C-0000002", "C-0000001", "C-9999999")).json()
    assert answer["data"]["_entities"] == [None, {"id": "C-0000001", "fullName": "Maya Okafor"},
                                           None]  # fmt: skip
    events = [json.loads(line)["event"] for line in trail.read_text().splitlines()]
    returned = {e["customer_id"] for e in events if e["outcome"] == "RETURNED"}
    assert returned == {"C-0000001"}  # the audit names only whom the agent saw


def test_the_field_policy_refuses_an_entity_field_as_it_refuses_a_query(api: str) -> None:
    wanted = customers("C-0000001")
    refused = post(api, "query ($r: [_Any!]!) { _entities(representations: $r) {"
                   " ... on Customer { valueTier } } }", CC, r=wanted).json()  # fmt: skip
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "Customer.valueTier" in refused["errors"][0]["message"]


def test_a_relationship_manager_fetches_only_their_book_by_key(api: str) -> None:
    manager = bearer(Role.RELATIONSHIP_MANAGER, "RELATIONSHIP_MANAGER", portfolio="PF-001")
    answer = post(api, CUSTOMERS, manager, r=customers("C-0000001", "C-0000005")).json()
    assert answer["data"]["_entities"] == [
        {"id": "C-0000001", "fullName": "Maya Okafor"},
        None,
    ]  # someone else's customer looks missing


def test_entities_need_the_forwarded_token(api: str) -> None:
    assert post(api, CUSTOMERS, {}, r=customers("C-0000001")).status_code == 401
    household = {"__typename": "Household", "id": "H-000001"}
    refused = post(api, ENTITIES, CC, r=[household]).json()  # households: front office only
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
