"""The right to erasure: after it, no query, export or load returns the customer."""

import json
from pathlib import Path

import httpx

from api.security.identity import Role
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from loaders.pipeline import load_files, plan
from tests.api.served import ADMIN, bearer, graphql, secured, serve
from tests.loaders.bank_files import bank_paths, copy_examples

ERASE = """mutation ($id: ID!, $ref: String!) { eraseCustomer(customerId: $id, reference: $ref) {
  __typename ... on CustomerErased { accountsKept casesRestricted recordsRemoved }
  ... on NotFound { field } ... on InvalidInput { field } } }"""
AROUND_DAVID = """{ customer(id: "C-0000002") { family { customerId }
  holdings { accountId coHolderIds } household { members { customer { id } } } } }"""
FIND = """{ search(text: "Maya") { customer { id } }
  customers(filter: {city: "Leeds"}, first: 50) { edges { node { id } } }
  cases(openOnly: false) { edges { node { customerId } } } }"""


def test_only_an_administrator_may_erase(api: str) -> None:
    body = {"query": ERASE, "variables": {"id": "C-0000001", "ref": "DSR-1"}}
    refused = httpx.post(f"{api}/graphql", json=body, headers=bearer(Role.BRANCH_OFFICER)).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert graphql(api, '{ customer(id: "C-0000001") { id } }')["customer"] is not None


def test_after_erasure_nothing_returns_the_customer(
    api: str, api_graph: GraphSettings, tmp_path: Path
) -> None:
    create = """mutation { createSegment(name: "Leeds", filter: {city: "Leeds"}) {
        ... on SegmentSaved { segment { exportUrl } } } }"""
    export = graphql(api, create)["createSegment"]["segment"]["exportUrl"]
    assert "C-0000001" in httpx.get(api + export, headers=ADMIN).text
    erased = graphql(api, ERASE, id="C-0000001", ref="DSR-2026-0042")["eraseCustomer"]
    assert erased["__typename"] == "CustomerErased"
    assert erased["accountsKept"] >= 2  # kept for the retention period, without her
    assert erased["casesRestricted"] == 1
    assert erased["recordsRemoved"] >= 4  # her interactions, answers, needs, alerts
    assert graphql(api, '{ customer(id: "C-0000001") { id } }') == {"customer": None}
    found = graphql(api, FIND)
    assert found["search"] == []
    assert "C-0000001" not in json.dumps(found)
    assert "C-0000001" not in json.dumps(graphql(api, AROUND_DAVID))
    assert "C-0000001" not in httpx.get(api + export, headers=ADMIN).text
    again = graphql(api, ERASE, id="C-0000001", ref="DSR-2026-0042")["eraseCustomer"]
    assert again == {"__typename": "NotFound", "field": "customerId"}


async def test_an_erased_customer_is_never_loaded_again(
    api: str, api_graph: GraphSettings, tmp_path: Path
) -> None:
    graphql(api, ERASE, id="C-0000004", ref="DSR-7")
    bank = copy_examples(tmp_path / "bank")
    engine = await EmbeddedEngine.open(api_graph)
    try:
        await load_files(engine, plan(bank_paths(bank, "customers")))
    finally:
        await engine.close()
    rejected = (bank / "customers.csv.rejected.jsonl").read_text().splitlines()
    reasons = [json.loads(line) for line in rejected]
    assert {r["field"] for r in reasons} == {"id"}
    assert all("was erased on request" in r["reason"] for r in reasons)
    assert any("'C-0000004'" in r["reason"] for r in reasons)
    assert graphql(api, '{ customer(id: "C-0000004") { id } }') == {"customer": None}


def test_erasure_is_audited_before_it_happens(api_graph: GraphSettings, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    security = secured({"audit_path": blocked / "audit.jsonl"})
    with serve(api_graph, security=security) as base:
        body = {"query": ERASE, "variables": {"id": "C-0000002", "ref": "DSR-9"}}
        refused = httpx.post(f"{base}/graphql", json=body, headers=ADMIN).json()
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    with serve(api_graph) as base:
        assert graphql(base, '{ customer(id: "C-0000002") { id } }')["customer"] is not None
