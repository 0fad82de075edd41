"""The engine killed under the service: clear errors within the deadline, then recovery."""

import asyncio
import os
import signal
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, LiteralString

import httpx

from api.security.settings import SecuritySettings
from graph.alerts import LIST_ALERTS_STORED_AFTER
from graph.embedded import EmbeddedEngine
from graph.embedded_server import EmbeddedServer
from graph.engine import GraphEngine, Params, Row
from graph.settings import GraphSettings
from tests.api.served import ADMIN, TEST_SECURITY, serve

QUERY = {"query": '{ customer(id: "C-0000001") { id } }'}


def ask(base: str) -> httpx.Response:
    """One read, as the administrator."""
    return httpx.post(f"{base}/graphql", json=QUERY, headers=ADMIN, timeout=30)


def test_a_killed_engine_answers_database_unavailable_then_recovers(tmp_path: Path) -> None:
    data_dir = tmp_path / "engine"
    server = EmbeddedServer(data_dir)
    server.start()
    settings = GraphSettings(data_dir=data_dir, graph_database=f"f{uuid.uuid4().hex[:8]}")
    try:
        with serve(settings) as base:
            assert ask(base).json() == {"data": {"customer": None}}
            pid = server.status().pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            started = time.monotonic()
            down = ask(base)
            assert time.monotonic() - started < 10  # within the request deadline
            assert down.status_code == 200
            error = down.json()["errors"][0]
            assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            assert "redis" not in error["message"].lower()  # no engine internals
            assert httpx.get(f"{base}/readyz").status_code == 503
            server.start()
            deadline = time.monotonic() + 30
            while "errors" in ask(base).json():
                assert time.monotonic() < deadline, "errors did not stop within 30 s"
                time.sleep(0.5)
            assert httpx.get(f"{base}/readyz").status_code == 200
    finally:
        server.stop()


class SlowEngine(EmbeddedEngine):
    """The embedded engine answering each request's statement three seconds late."""

    async def _run(
        self, call: Callable[..., Awaitable[Any]], query: LiteralString, params: Params | None
    ) -> list[Row]:
        if query is not LIST_ALERTS_STORED_AFTER:
            await asyncio.sleep(3)
        return await super()._run(call, query, params)


async def open_slow(settings: GraphSettings) -> GraphEngine:
    """The app's opener for a slow engine."""
    return await SlowEngine.open(settings)


def test_a_request_past_its_deadline_gets_503_at_the_deadline(api_graph: GraphSettings) -> None:
    security = SecuritySettings.model_validate(
        {**TEST_SECURITY.model_dump(), "request_deadline_s": 1.0}
    )
    with serve(api_graph, opener=open_slow, security=security) as base:
        started = time.monotonic()
        late = ask(base)
        waited = time.monotonic() - started
    assert late.status_code == 503
    assert late.json()["errors"][0]["extensions"]["code"] == "DEADLINE_EXCEEDED"
    assert waited < 2.5  # answered at the deadline, not when the engine came back
