"""A served app over the example bank, shared by the API tests of a module."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedEngine
from graph.settings import GraphSettings
from loaders.pipeline import load_files, plan
from tests.api.served import serve
from tests.loaders.bank_files import bank_paths, copy_examples


@pytest.fixture(scope="module")
async def api_graph(
    engine_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[GraphSettings]:
    """A fresh graph holding the example bank; yields its settings, drops it after."""
    settings = GraphSettings(data_dir=engine_dir, graph_database=f"api{uuid.uuid4().hex[:10]}")
    engine = await EmbeddedEngine.open(settings)
    await engine.apply_schema()
    await load_files(engine, plan(bank_paths(copy_examples(tmp_path_factory.mktemp("bank")))))
    try:
        yield settings
    finally:
        await engine.drop_graph()
        await engine.close()


@pytest.fixture(scope="module")
def api(api_graph: GraphSettings) -> Iterator[str]:
    """The app on loopback over the module's graph; yields its URL."""
    with serve(api_graph) as base:
        yield base
