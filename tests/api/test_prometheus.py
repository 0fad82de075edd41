"""A real Prometheus (Debian's, installed by `make setup`) scrapes the served app on loopback
with the scrape token, and reads the counters and histograms back through its HTTP API."""

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.observability.jobs import JobMetrics
from api.observability.metrics import Metrics
from graph.engines.settings import GraphSettings
from tests.api.served import BRANCH, post, serve
from tests.api.test_metrics import SCRAPE_TOKEN, observed
from tests.graph.engines.test_neo4j_engine import free_port

CONFIG = """global: {{scrape_interval: 1s, evaluation_interval: 1s}}
scrape_configs:
  - job_name: kith
    metrics_path: /metrics
    authorization: {{type: Bearer, credentials: {token}}}
    static_configs: [{{targets: ["{target}"]}}]
"""
NAMED = "query Customer($id: ID!) { customer(id: $id) { fullName holdings { status } } }"


@pytest.fixture(scope="module")
def prometheus(api_graph: GraphSettings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with metrics on, scraped every second by Prometheus; yields Prometheus' URL."""
    binary = shutil.which("prometheus")
    assert binary, "Debian's prometheus is needed: `make setup` installs it"
    home = tmp_path_factory.mktemp("prometheus")
    with serve(api_graph, observability=observed()) as base:
        config = home / "prometheus.yml"
        target = base.removeprefix("http://")
        config.write_text(CONFIG.format(token=SCRAPE_TOKEN, target=target))
        port = free_port()
        process = subprocess.Popen(
            [binary, f"--config.file={config}", f"--storage.tsdb.path={home / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
            stdout=subprocess.DEVNULL, stderr=(home / "prometheus.log").open("w"),
        )  # fmt: skip
        try:
            for customer in ("C-0000001", "C-0000002", "C-0000003"):
                assert "errors" not in post(base, NAMED, BRANCH, id=customer).json()
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=30)


def query(prometheus: str, promql: str, at_least: float = 1) -> float:
    """Ask Prometheus until the expression's value reaches `at_least` (30 s at most)."""
    deadline, found = time.monotonic() + 30, 0.0
    while time.monotonic() < deadline:
        try:
            answer: dict[str, Any] = httpx.get(
                f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5
            ).json()
        except httpx.TransportError:  # still starting
            time.sleep(0.5)
            continue
        assert answer["status"] == "success", answer
        found = sum(float(r["value"][1]) for r in answer["data"]["result"])
        if found >= at_least:
            return found
        time.sleep(0.5)
    return found


def test_prometheus_scrapes_the_service_with_the_token(prometheus: str) -> None:
    assert query(prometheus, 'up{job="kith"}') == 1


def test_prometheus_reads_the_request_counter(prometheus: str) -> None:
    counted = 'kith_graphql_operations_total{operation="Customer", outcome="OK"}'
    assert query(prometheus, counted, at_least=3) == 3


def test_prometheus_reads_the_latency_histograms(prometheus: str) -> None:
    requests = 'kith_graphql_operation_seconds_bucket{operation="Customer", le="+Inf"}'
    assert query(prometheus, requests, at_least=3) == 3
    statements = 'kith_engine_statement_seconds_bucket{statement="customers.GET_PROFILES"}'
    assert query(prometheus, f"count({statements})") >= 10  # one series per bucket
    slowest = f'{statements.removesuffix("}")}, le="+Inf"}}'
    assert query(prometheus, slowest, at_least=3) >= 3


DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "kith-dashboard.json"


def dashboard_queries() -> list[str]:
    """Every PromQL expression of the Grafana dashboard, with Grafana's interval filled in."""
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [
        target["expr"].replace("$__rate_interval", "1m")
        for panel in panels
        for target in panel["targets"]
    ]


def exposed() -> set[str]:
    """The series names the service and the batch commands can show."""
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    return {
        family.name + suffix
        for registry in (Metrics().registry, JobMetrics().registry)
        for family in registry.collect()
        for suffix in suffixes[family.type]
    }


def test_the_dashboard_reads_only_metrics_kith_exposes() -> None:
    used = {name for q in dashboard_queries() for name in re.findall(r"\bkith_[a-z_]+", q)}
    assert used, "the dashboard has no Kith query"
    assert used - exposed() == set()


def test_every_dashboard_query_is_promql_prometheus_runs(prometheus: str) -> None:
    assert query(prometheus, 'up{job="kith"}') == 1  # scraping, so the series exist
    for promql in dashboard_queries():
        answer = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=5)
        assert answer.json()["status"] == "success", (promql, answer.text)
