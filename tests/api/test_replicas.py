"""Replicas: two `kith serve` processes on different ports over one graph, as two hosts
behind a load balancer would run (the first with two workers of its own)."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from api.security.audit import audit_files
from api.security.audit.verify import verify
from graph.engines.settings import GraphSettings
from tests.api.served import BRANCH, TEST_SECURITY, WS_AUTH, graphql
from tests.api.test_alerts import alert, raise_from_elsewhere
from tests.api.test_mutations import RECORD, billing_call
from tests.graph.engines.test_neo4j_engine import free_port

# The command line's typer app, as `kith` runs it (the entry point of this checkout).
KITH = [sys.executable, "-c", "from api.commands import app; app()"]


@contextmanager
def replica(
    settings: GraphSettings, audit: Path, log: Path, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`kith serve` in a process of its own over the graph; yields its URL and process."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("KITH_")}
    secret, audit_key = TEST_SECURITY.jwt_secret, TEST_SECURITY.audit_key
    assert secret is not None
    assert audit_key is not None
    env |= {
        "KITH_DATA_DIR": str(settings.data_dir), "KITH_AUDIT_PATH": str(audit),
        "KITH_GRAPH_DATABASE": str(settings.graph_database),
        "KITH_JWT_SECRET": secret.get_secret_value(), "KITH_RATE_LIMIT_PER_MINUTE": "100000",
        "KITH_AUDIT_KEY": audit_key.get_secret_value(),
    }  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            [*KITH, "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_ready(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Return once /readyz answers 200; fail with the server's log if it died or hung."""
    deadline = time.monotonic() + 120  # each worker imports torch: seconds on a busy machine
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"the replica did not become ready: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def replicas(
    api_graph: GraphSettings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, Path]]:
    """Replica one (two workers) and replica two, sharing the graph and an audit file."""
    folder = tmp_path_factory.mktemp("replicas")
    audit = folder / "audit.jsonl"
    with (
        replica(api_graph, audit, folder / "one.log", workers=2) as (one, first),
        replica(api_graph, audit, folder / "two.log") as (two, second),
    ):
        wait_until_ready(one, first, folder / "one.log")
        wait_until_ready(two, second, folder / "two.log")
        yield one, two, audit


@contextmanager
def subscribed(base: str, query: str) -> Iterator[ClientConnection]:
    """A graphql-transport-ws socket with one subscription started."""
    url = base.replace("http://", "ws://") + "/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")], open_timeout=10) as ws:
        ws.send(json.dumps({"type": "connection_init", "payload": WS_AUTH}))
        assert json.loads(ws.recv(timeout=10))["type"] == "connection_ack"
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        yield ws


def pushed(ws: ClientConnection, field: str, quiet_s: float) -> list[dict[str, Any]]:
    """Every payload pushed until the socket has been quiet for `quiet_s`."""
    heard: list[dict[str, Any]] = []
    while True:
        try:
            message = json.loads(ws.recv(timeout=quiet_s))
        except TimeoutError:
            return heard
        assert message["type"] == "next", message
        heard.append(message["payload"]["data"][field])


def test_a_subscriber_on_one_replica_hears_a_write_made_on_the_other(
    replicas: tuple[str, str, Path],
) -> None:
    one, two, _ = replicas
    heard = threading.Event()

    def keep_recording() -> None:
        # The protocol does not acknowledge a subscription: record until the subscriber hears.
        for number in range(20):
            graphql(two, RECORD, interaction=billing_call(id=f"I-REPLICA-{number}"))
            if heard.wait(0.5):
                return

    query = 'subscription { customerUpdated(id: "C-0000006") { id } }'
    with subscribed(one, query) as ws:
        recorder = threading.Thread(target=keep_recording)
        recorder.start()
        message = json.loads(ws.recv(timeout=30))
        heard.set()
        recorder.join()
    assert message["type"] == "next", message
    assert message["payload"]["data"]["customerUpdated"] == {"id": "C-0000006"}


def test_an_alert_is_pushed_once_by_one_watch_for_the_whole_deployment(
    replicas: tuple[str, str, Path], api_graph: GraphSettings
) -> None:
    one, two, _ = replicas
    query = 'subscription { alertRaised(agentId: "AG-0002") { id } }'
    with subscribed(one, query) as on_one, subscribed(two, query) as on_two:
        time.sleep(1)  # both subscriptions in place before the alert is stored
        raise_from_elsewhere(api_graph, [alert("AL-REPLICAS", "C-0000001", 4, "AG-0002")])
        # Three replicas' processes watch the graph; a watch in each would push it thrice.
        heard_one = pushed(on_one, "alertRaised", quiet_s=4)
        heard_two = pushed(on_two, "alertRaised", quiet_s=1)
    assert heard_one == [{"id": "AL-REPLICAS"}]
    assert heard_two == [{"id": "AL-REPLICAS"}]


def test_the_audit_chain_verifies_after_both_replicas_served(
    replicas: tuple[str, str, Path], api_graph: GraphSettings
) -> None:
    one, two, audit = replicas
    for base in (one, two, one, two):
        answer = httpx.post(
            f"{base}/graphql", json={"query": '{ customer(id: "C-0000001") { id } }'},
            headers=BRANCH, timeout=30,
        )  # fmt: skip
        assert answer.json()["data"]["customer"] == {"id": "C-0000001"}
    security = TEST_SECURITY.model_copy(update={"audit_path": audit})
    verdict = verify(audit_files(security, api_graph.data_dir))
    assert verdict.lines >= 4
    assert verdict.ok, verdict.problem
