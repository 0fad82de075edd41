"""Written propensities as they are read back: named, best first, ties by product id."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from graph.next_product import list_propensities_of, write_propensities
from graph.records import Propensity
from tests.loaders.bank_files import bank_graph, copy_examples


@pytest.fixture
async def bank(engine_dir: Path, tmp_path: Path) -> AsyncIterator[EmbeddedEngine]:
    async with bank_graph(engine_dir, copy_examples(tmp_path / "bank"), "chances") as graph:
        yield graph[1]


async def test_propensities_come_back_named_best_first_ties_by_product(
    bank: EmbeddedEngine,
) -> None:
    await write_propensities(bank, [
        {"customerId": "C-0000001", "products": ["P-SAVER", "P-GONE", "P-CARD", "P-EDU"],
         "scores": [0.2, 0.5, 0.2, 0.4], "model": "v1", "digest": "d1"},
        {"customerId": "C-0000002", "products": [], "scores": [], "model": "v1", "digest": "d2"},
    ])  # fmt: skip
    found = await list_propensities_of(bank, customer_ids=["C-0000001", "C-0000002", "C-0000003"])
    assert found == {
        "C-0000001": [  # P-GONE is in no catalogue: left out
            Propensity("P-EDU", "Junior Education Saver", 0.4, "v1"),
            Propensity("P-CARD", "Rewards Credit Card", 0.2, "v1"),
            Propensity("P-SAVER", "Easy Saver", 0.2, "v1"),
        ],
        "C-0000002": [],
        "C-0000003": [],  # never scored
    }
