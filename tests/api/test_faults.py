"""The engine killed under the service: clear errors within the deadline, then recovery."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, LiteralString

import httpx

from graph.alerts import LIST_ALERTS_STORED_AFTER
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.protocol import GraphEngine, Params, Row
from graph.engines.settings import GraphSettings
from loaders.synthetic import write_bank
from tests.api.served import ADMIN, secured, serve
from tests.loaders.bank_files import bank_paths, snapshot

KITH = str(Path(sys.executable).parent / "kith")
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
    security = secured({"request_deadline_s": 1.0})
    with serve(api_graph, opener=open_slow, security=security) as base:
        started = time.monotonic()
        late = ask(base)
        waited = time.monotonic() - started
    assert late.status_code == 503
    assert late.json()["errors"][0]["extensions"]["code"] == "DEADLINE_EXCEEDED"
    assert waited < 2.5  # answered at the deadline, not when the engine came back


def test_excess_load_is_shed_with_503_not_queued(api_graph: GraphSettings) -> None:
    security = secured({"max_concurrency": 2})
    with serve(api_graph, opener=open_slow, security=security) as base:

        async def crowded() -> tuple[int, int, float]:
            async with (
                httpx.AsyncClient(base_url=base, headers=ADMIN, timeout=30) as first,
                httpx.AsyncClient(base_url=base, headers=ADMIN, timeout=30) as second,
            ):
                slow = asyncio.create_task(first.post("/graphql", json=QUERY))
                await asyncio.sleep(1)  # the first is in the engine, holding its place
                started = time.monotonic()
                extra = await second.post("/graphql", json=QUERY)
                waited = time.monotonic() - started
                return (await slow).status_code, extra.status_code, waited

        served, shed, waited = asyncio.run(crowded())
    assert served == 200
    assert shed == 503
    assert waited < 1  # refused at once, not queued behind the slow one


def test_a_load_cut_by_the_engine_dying_reruns_to_the_same_graph(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    write_bank(bank, customers=400, seed=11)
    cut, clean = tmp_path / "cut", tmp_path / "clean"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    files = [str(p) for p in bank_paths(bank)]

    def load(data_dir: Path) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [KITH, "load", *files], env={**env, "KITH_DATA_DIR": str(data_dir)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    server = EmbeddedServer(cut)
    server.start()
    try:
        loading = load(cut)
        wait_for_interactions(cut)  # mid-way through the interactions file
        pid = server.status().pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        _, stderr = loading.communicate(timeout=120)
        assert loading.returncode != 0
        assert "Traceback" not in stderr  # one clear line, not a crash
        assert "kith engine start" in stderr  # and it says how to bring the engine back
        server.start()
        assert load(cut).wait(timeout=300) == 0
        assert load(clean).wait(timeout=300) == 0
        assert asyncio.run(graph_of(cut)) == asyncio.run(graph_of(clean))
    finally:
        server.stop()
        EmbeddedServer(clean).stop()


def wait_for_interactions(data_dir: Path) -> None:
    """Return once some interactions are in the graph (the loader is inside that file)."""
    deadline = time.monotonic() + 120
    while asyncio.run(interactions_in(data_dir)) == 0:
        assert time.monotonic() < deadline, "the load never reached the interactions"
        time.sleep(0.2)


async def interactions_in(data_dir: Path) -> int:
    """How many interactions the graph holds now."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    try:
        rows = await engine.read("MATCH (i:Interaction) RETURN count(i) AS n")
    finally:
        await engine.close()
    return int(rows[0]["n"]) if rows else 0  # no graph yet: nothing loaded


async def graph_of(data_dir: Path) -> tuple[list[str], list[str]]:
    """Every node and relationship of the data dir's graph, comparable."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    try:
        return await snapshot(engine)
    finally:
        await engine.close()
