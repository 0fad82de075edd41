"""Traces: a span per request, per GraphQL operation, per DataLoader batch and per engine
statement, tied by the correlation id; exported over OTLP/HTTP when an endpoint is set."""

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar, Final

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.observability.settings import ObservabilitySettings
from api.observability.tracing import CORRELATION, Observability, traced
from graph.engines.settings import GraphSettings
from tests.api.served import BRANCH, post, serve

CORRELATION_ID: Final = "trace-test-0001"
NAMED: Final = "query Customer($id: ID!) { customer(id: $id) { fullName holdings { status } } }"


@pytest.fixture(scope="module")
def spans(api_graph: GraphSettings) -> Iterator[list[ReadableSpan]]:
    """The spans of one request to an app traced into memory."""
    exporter = InMemorySpanExporter()
    provider = traced()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    with serve(api_graph, observability=Observability(None, provider)) as base:
        headers = {**BRANCH, "X-Correlation-Id": CORRELATION_ID}
        assert "errors" not in post(base, NAMED, headers, id="C-0000001").json()
        deadline = time.monotonic() + 10  # the request's own span ends once the body is sent
        while not any(s.name == "POST /graphql" for s in exporter.get_finished_spans()):
            assert time.monotonic() < deadline, [s.name for s in exporter.get_finished_spans()]
            time.sleep(0.05)
        yield list(exporter.get_finished_spans())


def named(spans: list[ReadableSpan], name: str) -> ReadableSpan:
    """The one span of that name."""
    found = [s for s in spans if s.name == name]
    assert len(found) == 1, [s.name for s in spans]
    return found[0]


def test_the_request_and_its_operation_carry_the_correlation_id(
    spans: list[ReadableSpan],
) -> None:
    request, operation = named(spans, "POST /graphql"), named(spans, "graphql Customer")
    assert request.attributes is not None
    assert operation.attributes is not None
    assert request.attributes[CORRELATION] == CORRELATION_ID
    assert operation.attributes[CORRELATION] == CORRELATION_ID
    assert operation.parent is not None
    assert request.context is not None
    assert operation.parent.span_id == request.context.span_id


def test_batches_and_statements_are_spans_within_the_operation(
    spans: list[ReadableSpan],
) -> None:
    request = named(spans, "POST /graphql").context
    assert request is not None
    batch = named(spans, "dataloader.profiles")
    assert batch.attributes == {"kith.keys": 1}
    statement = named(spans, "customers.GET_PROFILES")
    assert statement.attributes == {"db.operation.name": "customers.GET_PROFILES"}
    assert statement.parent is not None
    assert batch.context is not None
    assert statement.parent.span_id == batch.context.span_id
    within = ("graphql Customer", "dataloader.profiles", "customers.GET_PROFILES",
              "dataloader.holdings", "accounts.LIST_HOLDINGS_OF")  # fmt: skip
    for name in within:  # one request, one trace (the alert watch polls in traces of its own)
        context = named(spans, name).context
        assert context is not None
        assert context.trace_id == request.trace_id


def test_no_span_carries_a_parameter_or_a_customer_id(spans: list[ReadableSpan]) -> None:
    for span in spans:
        for key, value in (span.attributes or {}).items():
            assert "C-0000001" not in str(value), f"{span.name} {key}"


class _Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP collector that keeps what it is sent."""

    received: ClassVar[list[tuple[str, str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        """Keep the test's output quiet."""


def test_spans_go_to_the_otlp_endpoint_when_one_is_set(api_graph: GraphSettings) -> None:
    collector = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    try:
        endpoint = f"http://127.0.0.1:{collector.server_port}"
        observability = Observability.from_settings(
            ObservabilitySettings(otlp_endpoint=endpoint, metrics=False)
        )
        with serve(api_graph, observability=observability) as base:
            post(base, NAMED, BRANCH, id="C-0000001")
        observability.shutdown()  # flushes the batch
    finally:
        collector.shutdown()
    assert _Collector.received, "nothing reached the collector"
    path, content_type, body = _Collector.received[0]
    assert (path, content_type) == ("/v1/traces", "application/x-protobuf")
    names = {
        span.name
        for batch in ExportTraceServiceRequest.FromString(body).resource_spans
        for scope in batch.scope_spans
        for span in scope.spans
    }
    assert {"graphql Customer", "customers.GET_PROFILES"} <= names
