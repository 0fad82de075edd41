"""Logs: one JSON event per line with the correlation id and operation, no personal data;
the human format for a developer's terminal, by a setting."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from api.observability.logs import HUMAN, JsonLines, configure_logging
from api.observability.settings import ObservabilitySettings
from graph.engines.settings import GraphSettings
from tests.api.served import CC, post, serve


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """What Kith's own loggers write, as JSON lines, while the test runs."""
    sink = io.StringIO()
    handler = logging.StreamHandler(sink)
    handler.setFormatter(JsonLines())
    kith = logging.getLogger("api")
    level = kith.level
    kith.addHandler(handler)
    kith.setLevel(logging.INFO)
    yield sink
    kith.removeHandler(handler)
    kith.setLevel(level)


def test_a_request_logs_json_lines_with_its_correlation_id_and_operation(
    api_graph: GraphSettings, captured: io.StringIO
) -> None:
    headers = {**CC, "X-Correlation-Id": "logs-test-0001"}
    with serve(api_graph) as base:
        refused = post(base, 'query Customer { customer(id: "C-0000001") { valueTier } }', headers)
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    events = [json.loads(line) for line in captured.getvalue().splitlines()]
    logged = [e for e in events if e.get("correlation_id") == "logs-test-0001"]
    assert logged, events
    event = logged[0]
    assert {"time", "level", "logger", "message", "operation"} <= event.keys()
    assert event["level"] == "INFO"
    assert event["operation"] == "Customer"
    assert "FORBIDDEN" in event["message"]
    assert "C-0000001" not in captured.getvalue()  # neither the argument nor the customer


def test_the_access_line_keeps_neither_the_query_string_nor_the_client() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.9:51000", "GET", "/dev/token?customer=C-0000001", "1.1", 200), None,
    )  # fmt: skip
    event = json.loads(JsonLines().format(record))
    assert event["message"] == "GET /dev/token 200"
    assert "203.0.113.9" not in json.dumps(event)


def test_the_format_is_a_setting_json_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ObservabilitySettings().log_format == "json"
    monkeypatch.setenv("KITH_LOG_FORMAT", "human")
    assert ObservabilitySettings().log_format == "human"
    root = logging.getLogger()
    kept, level = root.handlers[:], root.level
    try:
        configure_logging("human", logging.WARNING)
        assert root.handlers[0].formatter is not None
        assert root.handlers[0].formatter._fmt == HUMAN
        configure_logging("json", logging.WARNING)
        assert isinstance(root.handlers[0].formatter, JsonLines)
    finally:
        root.handlers[:], root.level = kept, level
