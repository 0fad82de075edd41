"""Schema bootstrap on the real embedded engine, and both engines' DDL against the model."""

import re

import pytest

from graph.engines import embedded_schema, neo4j_schema
from graph.engines.embedded import EmbeddedEngine
from graph.errors import StatementError
from graph.records import Customer
from graph.schema import (
    EMBEDDING_DIMENSIONS,
    FULLTEXT_PROPERTIES,
    LOOKUP_INDEXES,
    NODE_LABELS,
    VECTOR_LABELS,
    require_vector_label,
)
from tests.graph.people import add_customers


async def test_bootstrap_is_idempotent(bare_engine: EmbeddedEngine) -> None:
    first = await bare_engine.apply_schema()
    second = await bare_engine.apply_schema()
    assert first.applied > 0
    assert first.already_present == 0
    assert second.applied == 0
    assert second.already_present == first.applied


async def test_every_business_key_is_unique(engine: EmbeddedEngine) -> None:
    rows = await engine.read(
        "CALL db.constraints() YIELD label, properties RETURN label, properties"
    )
    assert sorted(rows, key=lambda row: row["label"]) == [
        {"label": label, "properties": ["id"]} for label in sorted(NODE_LABELS)
    ]


async def test_a_duplicate_customer_id_is_refused(engine: EmbeddedEngine) -> None:
    await add_customers(engine, [Customer(id="C-1", full_name="Ann Lee", updated_at=1)])
    with pytest.raises(StatementError, match="unique constraint"):
        await engine.write("CREATE (:Customer {id: 'C-1', fullName: 'Impostor'})")


def _pairs(statements: tuple[str, ...], pattern: str) -> set[tuple[str, str]]:
    return {match for s in statements for match in re.findall(pattern, s)}


def test_both_engines_declare_every_key_and_lookup_index() -> None:
    keys = {(label, "id") for label in NODE_LABELS}
    neo4j_keys = _pairs(neo4j_schema.KEY_CONSTRAINTS, r"\(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE")
    embedded_keys = _pairs(embedded_schema.KEY_INDEXES, r"\(n:(\w+)\) ON \(n\.(\w+)\)")
    assert neo4j_keys == keys
    assert embedded_keys == keys
    lookups = set(LOOKUP_INDEXES)
    assert _pairs(neo4j_schema.LOOKUP_INDEXES, r"\(n:(\w+)\) ON \(n\.(\w+)\)") == lookups
    assert _pairs(embedded_schema.LOOKUP_INDEXES, r"\(n:(\w+)\) ON \(n\.(\w+)\)") == lookups


def test_both_engines_declare_the_search_and_vector_indexes() -> None:
    for prop in FULLTEXT_PROPERTIES:
        assert f"n.{prop}" in neo4j_schema.FULLTEXT_INDEX
        assert f"'{prop}'" in embedded_schema.FULLTEXT_INDEX
    for label, neo4j_ddl, embedded_ddl in zip(
        VECTOR_LABELS, neo4j_schema.VECTOR_INDEXES, embedded_schema.VECTOR_INDEXES, strict=True
    ):
        assert f"(n:{label})" in neo4j_ddl
        assert f"`vector.dimensions`: {EMBEDDING_DIMENSIONS}" in neo4j_ddl
        assert f"(n:{label})" in embedded_ddl
        assert f"dimension: {EMBEDDING_DIMENSIONS}" in embedded_ddl


def test_labels_outside_the_allow_list_are_refused() -> None:
    assert require_vector_label("Customer") == "Customer"
    with pytest.raises(ValueError, match="has no embeddings"):
        require_vector_label("Customer) DETACH DELETE (x")


async def test_full_text_finds_customers_by_name_email_and_phone(engine: EmbeddedEngine) -> None:
    await add_customers(
        engine,
        [
            Customer(id="C-1", full_name="Ann Lee", email="ann.lee@example.org",
                     phone="447700900123", updated_at=1),
            Customer(id="C-2", full_name="Bo Chan", email="bo@example.org",
                     phone="447700900456", updated_at=1),
        ],
    )  # fmt: skip
    assert [hit.customer_id for hit in await engine.search_customers("Ann", 10)] == ["C-1"]
    assert [hit.customer_id for hit in await engine.search_customers("chan", 10)] == ["C-2"]
    assert [hit.customer_id for hit in await engine.search_customers("447700900456", 10)] == ["C-2"]
    assert [hit.customer_id for hit in await engine.search_customers("ann.lee", 10)] == ["C-1"]
    assert await engine.search_customers("\"') OR 1=1 --", 10) == []


async def test_vector_index_returns_the_nearest_customers(engine: EmbeddedEngine) -> None:
    people = [Customer(id=f"C-{i}", full_name=f"Person {i}", updated_at=1) for i in range(3)]
    await add_customers(engine, people)
    axis = [[1.0 if d == i else 0.0 for d in range(EMBEDDING_DIMENSIONS)] for i in range(3)]
    assert (
        await engine.store_embeddings(
            "Customer", [(p.id, v) for p, v in zip(people, axis, strict=True)]
        )
        == 3
    )
    query = [0.9, 0.1] + [0.0] * (EMBEDDING_DIMENSIONS - 2)
    hits = await engine.nearest("Customer", query, 2)
    assert [hit.customer_id for hit in hits] == ["C-0", "C-1"]
    assert 0.5 < hits[0].score <= 1.0
    assert hits[0].score > hits[1].score
