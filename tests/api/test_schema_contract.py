"""The exported SDL files are contracts: each must match the served schema."""

from pathlib import Path

from api.federation import contract_sdl, subgraph_sdl
from api.schema import schema

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "schema.graphql"
SUBGRAPH = ROOT / "schema.federation.graphql"


def test_the_committed_contract_matches_the_schema() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == contract_sdl(schema), (
        "schema.graphql is out of date: run "
        "`.venv/bin/kith export-schema` "
        "and review the change like an API change"
    )


def test_the_committed_subgraph_sdl_matches_the_schema() -> None:
    assert SUBGRAPH.read_text(encoding="utf-8") == subgraph_sdl(schema), (
        "schema.federation.graphql is out of date: run "
        "`.venv/bin/kith export-schema --federation` and review it like an API change"
    )


def test_the_contract_is_the_subgraph_without_federation() -> None:
    contract, subgraph = contract_sdl(schema), subgraph_sdl(schema)
    assert 'type Customer @key(fields: "id") {' in subgraph
    assert "_entities(representations: [_Any!]!): [_Entity]!" in subgraph
    for federated in ("@key", "@link", "_entities", "_service", "_Any", "_Entity"):
        assert federated not in contract
    assert "type Customer {" in contract
