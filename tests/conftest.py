"""A real embedded engine for the whole session; each test gets a fresh, empty graph."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings


def pytest_report_header() -> str:
    """Say where the browser tests leave their screenshots."""
    from tests.api.browser import SCREENSHOTS

    return f"workspace screenshots: {SCREENSHOTS}"


@pytest.fixture(scope="session")
def engine_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Start one engine for the session in a temporary data dir, and stop it at the end."""
    data_dir = tmp_path_factory.mktemp("engine")
    server = EmbeddedServer(data_dir)
    server.start()
    yield data_dir
    server.stop()


@pytest.fixture
async def bare_engine(engine_dir: Path) -> AsyncIterator[EmbeddedEngine]:
    """An empty graph of its own, without schema, deleted after the test."""
    settings = GraphSettings(data_dir=engine_dir, graph_database=f"t{uuid.uuid4().hex[:12]}")
    engine = await EmbeddedEngine.open(settings)
    yield engine
    await engine.drop_graph()
    await engine.close()


@pytest.fixture
async def engine(bare_engine: EmbeddedEngine) -> EmbeddedEngine:
    """An empty graph with Kith's constraints and indexes in place."""
    await bare_engine.apply_schema()
    return bare_engine


@pytest.fixture
async def other_engine(engine_dir: Path) -> AsyncIterator[EmbeddedEngine]:
    """A second empty graph with schema, for comparing two ways of writing the same data."""
    settings = GraphSettings(data_dir=engine_dir, graph_database=f"t{uuid.uuid4().hex[:12]}")
    engine = await EmbeddedEngine.open(settings)
    await engine.apply_schema()
    yield engine
    await engine.drop_graph()
    await engine.close()
