"""The embedded engine's life: start, reuse, stale files, crashes, restarts."""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.customers import get_customer
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from graph.errors import ConfigurationError, EngineUnavailable
from graph.records import Customer
from tests.graph.people import add_customers

ANN = Customer(id="C-1", full_name="Ann Lee", birth_date="1980-02-01", updated_at=1)


@pytest.fixture
def own_dir(tmp_path: Path) -> Iterator[Path]:
    """A data dir of this test's own, whose engine is stopped afterwards whatever happens."""
    data_dir = tmp_path / "kith"
    yield data_dir
    EmbeddedServer(data_dir).stop()


def test_start_reuses_a_running_engine(own_dir: Path) -> None:
    server = EmbeddedServer(own_dir)
    assert server.start() is True
    assert EmbeddedServer(own_dir).start() is False
    status = server.status()
    assert status.running
    assert status.pid is not None
    assert (own_dir / "engine.log").exists()


def test_stale_pid_and_socket_are_cleaned(own_dir: Path) -> None:
    own_dir.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (own_dir / "engine.pid").write_text(str(dead.pid))
    (own_dir / "engine.sock").write_text("left by a crash")
    assert EmbeddedServer(own_dir).start() is True
    assert EmbeddedServer(own_dir).status().pid != dead.pid


async def test_data_survives_a_restart(own_dir: Path) -> None:
    settings = GraphSettings(data_dir=own_dir)
    engine = await EmbeddedEngine.open(settings)
    await add_customers(engine, [ANN])
    await engine.close()  # it started the engine, so it stops it
    assert not EmbeddedServer(own_dir).status().running
    engine = await EmbeddedEngine.open(settings)
    assert await get_customer(engine, customer_id="C-1") == ANN
    await engine.close()


async def test_a_killed_engine_is_reported_then_restarted_with_its_data(own_dir: Path) -> None:
    server = EmbeddedServer(own_dir)
    server.start()
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=own_dir))
    await add_customers(engine, [ANN])
    pid = server.status().pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)  # a crash: no chance to flush anything
    _wait_gone(pid)
    with pytest.raises(EngineUnavailable, match=str(own_dir)) as caught:
        await get_customer(engine, customer_id="C-1")
    assert "kith engine start" in str(caught.value)
    health = await engine.health()
    assert not health.ok
    assert str(own_dir) in health.detail
    assert server.start() is True  # the stale pid file and socket are cleaned
    assert await get_customer(engine, customer_id="C-1") == ANN
    await engine.close()


def test_an_unwritable_data_dir_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match=str(blocker / "kith")):
        EmbeddedServer(blocker / "kith").start()


def test_a_data_dir_too_deep_for_a_socket_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 120)
    with pytest.raises(ConfigurationError, match="KITH_DATA_DIR to a shorter path"):
        EmbeddedServer(deep).start()


async def test_two_processes_share_one_engine(own_dir: Path) -> None:
    settings = GraphSettings(data_dir=own_dir)
    engine = await EmbeddedEngine.open(settings)  # this process starts it
    script = (
        "import asyncio, sys\n"
        "from graph.engines.embedded import EmbeddedEngine\n"
        "from graph.customers import customer_row, upsert_customers\n"
        "from graph.records import Customer\n"
        "from graph.engines.settings import GraphSettings\n"
        "async def main():\n"
        "    e = await EmbeddedEngine.open(GraphSettings(data_dir=sys.argv[1]))\n"
        "    await upsert_customers(e, [customer_row(Customer(id='C-2', full_name='Bo Chan'))])\n"
        "    await e.close()\n"
        "asyncio.run(main())\n"
    )
    second = await asyncio.create_subprocess_exec(sys.executable, "-c", script, str(own_dir))
    assert await asyncio.wait_for(second.wait(), timeout=60) == 0
    shared = await get_customer(engine, customer_id="C-2")
    assert shared is not None
    assert shared.full_name == "Bo Chan"
    assert EmbeddedServer(own_dir).status().running  # the second process did not stop it
    await engine.close()


async def test_the_starter_leaves_the_engine_to_a_process_still_using_it(own_dir: Path) -> None:
    settings = GraphSettings(data_dir=own_dir)
    starter = await EmbeddedEngine.open(settings)
    other = await EmbeddedEngine.open(settings)
    await add_customers(other, [ANN])
    await starter.close()
    assert await get_customer(other, customer_id="C-1") == ANN
    await other.close()


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.02)


def _rewrite_percentage(data_dir: Path) -> bytes:
    """The running engine's auto-aof-rewrite-percentage, asked over its socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(data_dir / "engine.sock"))
        conn.sendall(b"CONFIG GET auto-aof-rewrite-percentage\r\n")
        return conn.recv(4096).split(b"\r\n")[-2]


async def test_a_bulk_load_is_compacted_so_a_restart_loads_a_snapshot(own_dir: Path) -> None:
    settings = GraphSettings(data_dir=own_dir)
    engine = await EmbeddedEngine.open(settings)
    people = [Customer(id=f"C-{i}", full_name=f"Person {i}", updated_at=1) for i in range(9_000)]
    async with engine.bulk_load():
        assert _rewrite_percentage(own_dir) == b"0"  # no rewrite while the load runs
        await add_customers(engine, people)
    assert _rewrite_percentage(own_dir) == b"25"
    log_files = sorted(p.name for p in (own_dir / "appendonlydir").iterdir())
    increments = [p for p in (own_dir / "appendonlydir").glob("*.incr.aof")]
    assert all(p.stat().st_size == 0 for p in increments), log_files
    await engine.close()
    engine = await EmbeddedEngine.open(settings)
    assert await get_customer(engine, customer_id="C-8999") == people[-1]
    await engine.close()
