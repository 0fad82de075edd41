"""A served app over the example bank, shared by the API tests of a module."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph.engines.settings import GraphSettings
from tests.api.served import secured, serve
from tests.loaders.bank_files import bank_graph, copy_examples


@pytest.fixture(scope="module")
async def api_graph(
    engine_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[GraphSettings]:
    """A fresh graph holding the example bank; yields its settings, drops it after."""
    async with bank_graph(engine_dir, copy_examples(tmp_path_factory.mktemp("bank"))) as graph:
        yield graph[0]


@pytest.fixture(scope="module")
def api(api_graph: GraphSettings) -> Iterator[str]:
    """The app on loopback over the module's graph; yields its URL."""
    with serve(api_graph) as base:
        yield base


@pytest.fixture(scope="module")
def audited(
    api_graph: GraphSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app with its audit trail in a file of its own; yields (URL, audit file)."""
    trail = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    with serve(api_graph, security=secured({"audit_path": trail})) as base:
        yield base, trail
