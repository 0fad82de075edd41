"""Customers and family ties on the real engine."""

from dataclasses import replace

import pytest

from graph.customers import (
    get_customer,
    link_family,
    list_family,
    relation_seen_from,
)
from graph.engines.embedded import EmbeddedEngine
from graph.records import Customer
from tests.graph.people import add_customers

MAYA = Customer(
    id="C-1",
    full_name="Maya Okafor",
    birth_date="1979-05-02",
    gender="F",
    email="maya@example.org",
    city="Leeds",
    value_tier="GOLD",
    updated_at=100,
)
DAVID = Customer(
    id="C-2", full_name="David Okafor", birth_date="1977-11-20", gender="M", updated_at=100
)
ADA = Customer(
    id="C-3", full_name="Ada Okafor", birth_date="2012-03-14", gender="F", updated_at=100
)
SAM = Customer(id="C-4", full_name="Sam Okafor", birth_date="2015-08-01", updated_at=100)


async def test_a_customer_round_trips(engine: EmbeddedEngine) -> None:
    assert await add_customers(engine, [MAYA]) == 1
    assert await get_customer(engine, customer_id="C-1") == MAYA
    assert await get_customer(engine, customer_id="nobody") is None


async def test_a_graph_nothing_was_written_to_reads_as_empty(bare_engine: EmbeddedEngine) -> None:
    assert await get_customer(bare_engine, customer_id="C-1") is None
    assert await list_family(bare_engine, customer_id="C-1") == []


async def test_a_newer_record_wins_over_an_older_one(engine: EmbeddedEngine) -> None:
    await add_customers(engine, [MAYA])
    moved = replace(MAYA, city="York", updated_at=200)
    stale = replace(MAYA, city="Hull", updated_at=150)
    await add_customers(engine, [moved])
    await add_customers(engine, [stale])
    assert await get_customer(engine, customer_id="C-1") == moved


async def test_loading_twice_leaves_the_same_graph(engine: EmbeddedEngine) -> None:
    for _ in range(2):
        await add_customers(engine, [MAYA, DAVID])
        await link_family(engine, tie="SPOUSE", pairs=[("C-2", "C-1")])
    rows = await engine.read("MATCH (n) RETURN count(n) AS nodes")
    ties = await engine.read("MATCH ()-[r]->() RETURN count(r) AS ties")
    assert rows == [{"nodes": 2}]
    assert ties == [{"ties": 1}]


async def test_family_is_named_from_each_customers_point_of_view(engine: EmbeddedEngine) -> None:
    await add_customers(engine, [MAYA, DAVID, ADA, SAM])
    await link_family(engine, tie="SPOUSE", pairs=[("C-1", "C-2")])
    await link_family(engine, tie="PARENT", pairs=[("C-1", "C-3"), ("C-2", "C-3"), ("C-1", "C-4")])
    await link_family(engine, tie="SIBLING", pairs=[("C-4", "C-3")])

    maya = {m.customer_id: m.relation for m in await list_family(engine, customer_id="C-1")}
    ada = {m.customer_id: m.relation for m in await list_family(engine, customer_id="C-3")}
    sam = {m.customer_id: m.relation for m in await list_family(engine, customer_id="C-4")}
    assert maya == {"C-2": "husband", "C-3": "daughter", "C-4": "child"}
    assert ada == {"C-1": "mother", "C-2": "father", "C-4": "sibling"}
    assert sam == {"C-1": "mother", "C-3": "sister"}


@pytest.mark.parametrize(
    ("tie", "outgoing", "gender", "word"),
    [
        ("PARENT_OF", True, "F", "daughter"),
        ("PARENT_OF", False, "M", "father"),
        ("SPOUSE_OF", False, None, "spouse"),
        ("SIBLING_OF", True, "M", "brother"),
    ],
)
def test_relation_words(tie: str, outgoing: bool, gender: str | None, word: str) -> None:
    assert relation_seen_from(tie, outgoing=outgoing, gender=gender) == word
