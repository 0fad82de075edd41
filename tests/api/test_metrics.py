"""Prometheus metrics at /metrics: what a platform team watches, with bounded labels only."""

import asyncio
import hashlib
import re
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Final

import httpx
import pytest
from opentelemetry import trace
from prometheus_client.parser import text_string_to_metric_families

from api.dataloaders import Loaders
from api.observability.engine import ObservedEngine
from api.observability.metrics import (
    OUTCOMES,
    REFUSALS,
    SCORING_KINDS,
    SUBSCRIPTIONS,
    WORKSPACE_OPERATIONS,
    Metrics,
)
from api.observability.statements import name_of, statement_names
from api.observability.tracing import Observability
from api.security.errors import DomainError
from api.types.segments import GroupTooSmall
from graph import customers
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, BRANCH, CC, post, serve

ROOT = Path(__file__).resolve().parents[2]
SCRAPE_TOKEN: Final = "kith-tests-scrape-token"
SCRAPER: Final = {"Authorization": f"Bearer {SCRAPE_TOKEN}"}
CUSTOMER_ID: Final = re.compile(r"C-\d{7}")

Samples = list[tuple[str, dict[str, str], float]]


def observed(operations: frozenset[str] = WORKSPACE_OPERATIONS) -> Observability:
    """Metrics on, no traces, /metrics behind the tests' scrape token."""
    digest = hashlib.sha256(SCRAPE_TOKEN.encode()).hexdigest()
    return Observability(Metrics(), None, digest, operations)


@pytest.fixture(scope="module")
def metered(api_graph: GraphSettings) -> Iterator[str]:
    """The app with metrics on, after a morning's mix of requests; yields its URL."""
    with serve(api_graph, observability=observed()) as base:
        named = "query Customer($id: ID!) { customer(id: $id) { fullName holdings { status } } }"
        assert "errors" not in post(base, named, BRANCH, id="C-0000001").json()
        post(base, named, CC, id="C-0000002")  # out of reach: null, still OK
        # An operation named after a customer must not become a label.
        post(base, 'query C_0000003 { customer(id: "C-0000003") { id } }', ADMIN)
        post(base, '{ customer(id: "C-0000001") { valueTier } }', CC)  # FORBIDDEN
        post(base, "{ customer { nope } }", ADMIN)  # GRAPHQL_VALIDATION_FAILED
        post(base, '{ customer(id: "C-0000001") { id } }', {})  # 401 at the edge
        yield base


def scrape(base: str) -> Samples:
    """Every sample /metrics shows the scraper."""
    answer = httpx.get(f"{base}/metrics", headers=SCRAPER, timeout=10)
    assert answer.status_code == 200, answer.text
    return [
        (sample.name, sample.labels, sample.value)
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    ]


def value(samples: Samples, name: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include these."""
    return sum(v for n, got, v in samples if n == name and labels.items() <= got.items())


def test_metrics_need_the_scrape_token(metered: str) -> None:
    assert httpx.get(f"{metered}/metrics", timeout=10).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert httpx.get(f"{metered}/metrics", headers=wrong, timeout=10).status_code == 401
    bearer_of_a_user = httpx.get(f"{metered}/metrics", headers=ADMIN, timeout=10)
    assert bearer_of_a_user.status_code == 401


def test_without_a_configured_token_there_is_no_metrics_endpoint(api: str) -> None:
    assert httpx.get(f"{api}/metrics", headers=SCRAPER, timeout=10).status_code == 404


def test_requests_errors_and_refusals_are_counted_by_name_and_code(metered: str) -> None:
    samples = scrape(metered)
    ops = "kith_graphql_operations_total"
    assert value(samples, ops, operation="Customer", outcome="OK") == 2
    assert value(samples, ops, operation="other", outcome="OK") == 1
    assert value(samples, ops, operation="anonymous", outcome="FORBIDDEN") == 1
    assert value(samples, ops, operation="anonymous", outcome="GRAPHQL_VALIDATION_FAILED") == 1
    assert value(samples, "kith_graphql_errors_total", code="FORBIDDEN") == 1
    assert value(samples, "kith_graphql_operation_seconds_count", operation="Customer") == 2
    assert value(samples, "kith_http_refusals_total", reason="unauthenticated") >= 1


def test_engine_statements_loaders_and_audit_are_measured(metered: str) -> None:
    samples = scrape(metered)
    profiles = name_of(customers.GET_PROFILES)
    assert profiles == "customers.GET_PROFILES"
    assert value(samples, "kith_engine_statements_total", statement=profiles, outcome="ok") >= 3
    assert value(samples, "kith_engine_statement_seconds_count", statement=profiles) >= 3
    assert value(samples, "kith_dataloader_batches_total", loader="profiles") >= 3
    assert value(samples, "kith_dataloader_keys_total", loader="holdings") >= 1
    assert value(samples, "kith_audit_append_seconds_count") >= 3


def test_no_label_carries_a_customer_id_or_a_value_outside_its_set(metered: str) -> None:
    allowed = {
        "operation": WORKSPACE_OPERATIONS | {"other", "anonymous"},
        "outcome": OUTCOMES | {"other", "ok", "error"},
        "code": OUTCOMES | {"other"},
        "statement": set(statement_names().values())
        | {"other", "engine.search_customers", "engine.store_embeddings", "engine.nearest"},
        "reason": set(REFUSALS.values()),
        "loader": {f.name for f in fields(Loaders)},
        "subscription": SUBSCRIPTIONS,
        "kind": SCORING_KINDS,
        "model": {"next_product"},
    }
    seen: set[str] = set()
    for name, labels, _ in scrape(metered):
        for label, got in labels.items():
            assert not CUSTOMER_ID.search(got), f"{name} carries a customer id: {label}={got}"
            if label in ("le", "version"):  # a bucket bound; the model version served
                continue
            assert label in allowed, f"{name} has an unexpected label {label}"
            assert got in allowed[label], f"{name}: {label}={got} is outside its fixed set"
            seen.add(label)
    assert {"operation", "outcome", "code", "statement", "reason", "loader"} <= seen


def test_statements_are_named_by_their_constant_never_by_their_text() -> None:
    assert name_of("MATCH (c:Customer {id: 'C-0000001'}) RETURN c") == "other"
    names = set(statement_names().values())
    shape = re.compile(r"[a-z_0-9.]+\._?[A-Z][A-Z_0-9]*(\[.+\])?")  # [key] in a table
    assert [n for n in names if not shape.fullmatch(n)] == []


def test_the_workspace_operations_are_the_ones_counted_by_name() -> None:
    sources = [p for p in (ROOT / "web" / "app").rglob("*") if p.suffix in (".js", ".html")]
    declared = {
        match
        for source in sources
        for match in re.findall(
            r"\b(?:query|mutation|subscription) ([A-Z]\w*)\s*[({]",
            source.read_text(encoding="utf-8"),
        )
    }
    assert declared == WORKSPACE_OPERATIONS


async def test_the_pool_in_use_and_its_waits_are_seen_from_the_statements(
    engine: EmbeddedEngine,
) -> None:
    metrics = Metrics()
    observed_engine = ObservedEngine(
        engine, metrics, trace.get_tracer("kith-tests"), tracing=False, pool_size=1
    )
    await asyncio.gather(*(observed_engine.read("RETURN 1 AS one") for _ in range(3)))
    sampled = [(s.name, s.labels, s.value) for f in metrics.registry.collect() for s in f.samples]
    assert value(sampled, "kith_engine_pool_size") == 1
    assert value(sampled, "kith_engine_pool_waits_total") == 2  # the 2nd and 3rd found it taken
    assert value(sampled, "kith_engine_pool_in_use") == 0  # all done


def test_every_error_code_the_service_raises_is_counted_by_name() -> None:
    def subclasses(cls: type[DomainError]) -> set[type[DomainError]]:
        return {c for sub in cls.__subclasses__() for c in {sub, *subclasses(sub)}}

    codes = {error.code for error in subclasses(DomainError)}
    assert GroupTooSmall.code in codes  # api.types.segments is imported, so it is seen
    assert codes - OUTCOMES == set()
