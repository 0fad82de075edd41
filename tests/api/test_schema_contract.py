"""schema.graphql is the contract for front-end teams: it must match the served schema."""

from pathlib import Path

from api.schema import schema

CONTRACT = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_the_committed_contract_matches_the_schema() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == schema.as_str() + "\n", (
        "schema.graphql is out of date: run "
        "`.venv/bin/kith export-schema` "
        "and review the change like an API change"
    )
