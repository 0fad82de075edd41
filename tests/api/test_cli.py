"""The `kith` command as a person runs it: a real process, real engine, real exit codes."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.graph.engines.test_neo4j_engine import free_port

KITH = str(Path(sys.executable).parent / "kith")


def kith(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the kith command with only the given KITH_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    return subprocess.run(
        [KITH, *args], env={**clean, "COLUMNS": "200", **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[str]:
    """A data dir whose engine is stopped after the test."""
    path = str(tmp_path / "kith")
    yield path
    kith("engine", "stop", KITH_DATA_DIR=path)


def test_engine_start_status_stop(data_dir: str) -> None:
    started = kith("engine", "start", KITH_DATA_DIR=data_dir)
    assert started.returncode == 0
    assert "embedded engine started" in started.stdout
    again = kith("engine", "start", KITH_DATA_DIR=data_dir)
    assert "already running" in again.stdout
    status = kith("engine", "status", KITH_DATA_DIR=data_dir)
    assert status.returncode == 0
    assert "healthy" in status.stdout
    assert data_dir in status.stdout
    stopped = kith("engine", "stop", KITH_DATA_DIR=data_dir)
    assert "stopped" in stopped.stdout
    down = kith("engine", "status", KITH_DATA_DIR=data_dir)
    assert down.returncode == 1
    assert "kith engine start" in down.stderr


def test_schema_apply_is_idempotent(data_dir: str) -> None:
    kith("engine", "start", KITH_DATA_DIR=data_dir)
    first = kith("schema", "apply", KITH_DATA_DIR=data_dir)
    second = kith("schema", "apply", KITH_DATA_DIR=data_dir)
    assert first.returncode == second.returncode == 0
    assert ", 0 already present" in first.stdout
    assert "schema: 0 applied" in second.stdout


def test_an_unwritable_data_dir_fails_with_one_line_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = kith("engine", "start", KITH_DATA_DIR=str(blocker / "kith"))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert str(blocker / "kith") in done.stderr
    assert "KITH_DATA_DIR" in done.stderr


def test_an_unreachable_neo4j_names_the_uri_and_the_fix() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    done = kith("schema", "apply", KITH_GRAPH_URI=uri)
    assert done.returncode == 1
    error_lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert uri in error_lines[0]
    assert "unset KITH_GRAPH_URI" in error_lines[0]


def test_a_bad_setting_is_named() -> None:
    done = kith("engine", "status", KITH_POOL_SIZE="0")
    assert done.returncode == 2
    assert "KITH_POOL_SIZE" in done.stderr


def test_engine_commands_refuse_when_neo4j_is_configured() -> None:
    done = kith("engine", "start", KITH_GRAPH_URI="neo4j://localhost:7687")
    assert done.returncode == 2
    assert "KITH_GRAPH_URI is set" in done.stderr


def test_serve_answers_health_readiness_and_graphql_over_http(data_dir: str) -> None:
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    server = subprocess.Popen(
        [KITH, "serve", "--port", str(port)], env={**clean, "KITH_DATA_DIR": data_dir},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "kith serve did not answer within 30 s"
                time.sleep(0.1)
        assert httpx.get(f"{base}/readyz").json()["status"] == "ready"
        query = {"query": '{ customer(id: "C-1") { id } }'}
        assert httpx.post(f"{base}/graphql", json=query).status_code == 401
        # The development token issuer signs with the data dir's local key.
        issued = subprocess.run(
            [KITH, "token", "--role", "BRANCH_OFFICER", "--channel", "BRANCH_TABLET"],
            env={**clean, "KITH_DATA_DIR": data_dir}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        auth = {"Authorization": f"Bearer {issued.stdout.strip()}"}
        answer = httpx.post(f"{base}/graphql", json=query, headers=auth)
        assert answer.json() == {"data": {"customer": None}}
        assert "GraphiQL" in httpx.get(f"{base}/graphql", headers={"Accept": "text/html"}).text
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
