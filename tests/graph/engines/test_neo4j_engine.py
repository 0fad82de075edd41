"""The Neo4j adapter, for real: the official driver against the embedded engine's Bolt port.

Neo4j itself cannot run on these machines; FalkorDB's Bolt endpoint speaks the protocol
well enough for a write and a read of plain values (see ENGINES.md for its limits).
"""

import asyncio
import random
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Final

import pytest
from pydantic import SecretStr

from graph.engines.embedded_server import EmbeddedServer
from graph.engines.neo4j_engine import Neo4jEngine
from graph.engines.settings import GraphSettings
from graph.errors import ConfigurationError, EngineUnavailable

STORE: Final = "UNWIND $rows AS row CREATE (s:Smoke) SET s = row RETURN count(s) AS stored"
FETCH: Final = "MATCH (s:Smoke) RETURN s.id AS id, s.name AS name, s.score AS score, " \
    "s.tags AS tags, s.note AS note ORDER BY id"  # fmt: skip


def free_port() -> int:
    """Find a loopback port nobody listens on, below 32768 where FalkorDB's Bolt can bind."""
    for port in random.sample(range(20_000, 32_000), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port between 20000 and 32000")


@pytest.fixture(scope="module")
def bolt_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """An embedded engine that also serves Bolt on loopback."""
    port = free_port()
    server = EmbeddedServer(tmp_path_factory.mktemp("bolt"), bolt_smoke_port=port)
    server.start()
    yield port
    server.stop()


def bolt_settings(port: int, **overrides: object) -> GraphSettings:
    """Settings for the Neo4j adapter; FalkorDB's Bolt accepts redis' default user."""
    fields: dict[str, object] = {
        "graph_uri": f"bolt://127.0.0.1:{port}",
        "graph_user": "default",
        "graph_password": SecretStr(""),
        "graph_database": "bolt_smoke",
        "connect_timeout_s": 3.0,
    }
    return GraphSettings.model_validate({**fields, **overrides})


@pytest.fixture
async def neo4j_engine(bolt_port: int) -> AsyncIterator[Neo4jEngine]:
    """The production adapter connected over Bolt."""
    engine = await Neo4jEngine.open(bolt_settings(bolt_port))
    yield engine
    await engine.close()


async def test_a_write_and_a_read_of_plain_values(neo4j_engine: Neo4jEngine) -> None:
    rows = [
        {"id": "S-1", "name": "Zoë Ångström", "score": 0.25, "tags": ["a", "b"], "note": None},
        {"id": "S-2", "name": "李 雷", "score": 2**40, "tags": [], "note": "joint"},
    ]
    assert await neo4j_engine.write_batches(STORE, rows, batch_size=1) == 2
    read = await neo4j_engine.read(FETCH)
    assert [(r["id"], r["name"], r["score"], r["note"]) for r in read] == [
        ("S-1", "Zoë Ångström", 0.25, None),
        ("S-2", "李 雷", 2**40, "joint"),
    ]
    assert read[0]["tags"] == ["a", "b"]
    health = await neo4j_engine.health()
    assert health.ok
    assert health.engine == "neo4j"


async def test_an_unreachable_server_is_named_with_the_fix() -> None:
    settings = bolt_settings(free_port())
    with pytest.raises(EngineUnavailable) as caught:
        await asyncio.wait_for(Neo4jEngine.open(settings), timeout=10)
    message = str(caught.value)
    assert settings.graph_uri is not None
    assert settings.graph_uri in message
    assert "KITH_GRAPH_URI" in message


async def test_a_server_that_never_answers_fails_within_the_connect_timeout() -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts connections and never speaks Bolt
    try:
        settings = bolt_settings(silent.getsockname()[1], connect_timeout_s=2.0)
        with pytest.raises(EngineUnavailable, match="within 2 s"):
            await asyncio.wait_for(Neo4jEngine.open(settings), timeout=10)
    finally:
        silent.close()


async def test_a_uri_that_is_not_neo4j_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="not a Neo4j URI"):
        await Neo4jEngine.open(bolt_settings(7687, graph_uri="http://localhost:7474"))


def test_a_data_dir_is_never_needed_for_neo4j(tmp_path: Path) -> None:
    settings = bolt_settings(7687, data_dir=tmp_path / "unused")
    assert not settings.embedded
