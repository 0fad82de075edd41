"""Injection payloads in every string argument, and a canary that must never leak."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, Final, LiteralString

import httpx
import pytest

from graph.engines.embedded import EmbeddedEngine
from graph.engines.protocol import GraphEngine, Params, Row
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, serve

PAYLOADS: Final = (
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x'}) DETACH DELETE c RETURN 1 //",
    "\\' ; CALL db.labels() //",
    "C-0000001' OR '1'='1",
    "$customerId",
    "{id: 'C-0000001'}",
    "@fullName:* | -@email:x",
    "*",
    "%' ; GRAPH.DELETE kith",
    "\u0000\u202e\u202e",
    "\uff4d\uff41\uff59\uff41" * 40,  # fullwidth letters
)
# Every string argument of the read API, with the payload in place of the value.
READS: Final = (
    "query ($p: ID!) { customer(id: $p) { id } }",
    "query ($p: ID!) { household(id: $p) { id } }",
    "query ($p: String!) { search(text: $p) { customer { id } } }",
    "query ($p: String!) { customers(filter: {city: $p}) { totalCount } }",
    "query ($p: String!) { customers(filter: {valueTier: $p, need: $p}) { totalCount } }",
    "query ($p: ID!) { customers(filter: {holdsProducts: [$p], lacksProducts: [$p]}) "
    "{ totalCount } }",
    "query ($p: String!) { customers(after: $p) { totalCount } }",
    "query ($p: ID!) { customers(filter: {segmentId: $p}) { totalCount } }",
    "query ($p: ID!) { neighborhood(customerId: $p) { nodes { id } } }",
    'query ($p: ID!) { paths(from: $p, to: "C-0000002") { length } }',
    "query ($p: ID!) { segment(id: $p) { id } }",
    "query ($p: ID!) { view(customerId: $p, channel: BRANCH_TABLET) { __typename } }",
    "query ($p: ID!) { alerts(agentId: $p) { totalCount } }",
    "query ($p: String!) { alerts(after: $p) { totalCount } }",
)
ENGINE_WORDS: Final = ("redis", "falkor", "errmsg", "syntax error", "type mismatch", "neo.",
                       "cypher", "unwind", "match (")  # fmt: skip

COUNTS: Final[LiteralString] = """
MATCH (n) WITH count(n) AS nodes
OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships
"""


async def counts(settings: GraphSettings) -> tuple[int, int]:
    """Nodes and relationships in the graph."""
    engine = await EmbeddedEngine.open(settings)
    try:
        row = (await engine.read(COUNTS))[0]
    finally:
        await engine.close()
    return row["nodes"], row["relationships"]


def test_injection_payloads_change_nothing_and_leak_no_engine_text(
    api: str, api_graph: GraphSettings
) -> None:
    before = asyncio.run(counts(api_graph))
    schema_errors = 0
    for query in READS:
        for payload in PAYLOADS:
            body = {"query": query, "variables": {"p": payload}}
            answer = httpx.post(f"{api}/graphql", json=body, headers=ADMIN, timeout=30)
            assert answer.status_code == 200, (query, payload)
            text = json.dumps(answer.json()).lower()
            # An error may quote the caller's own argument; engine words must not come from
            # anywhere else.
            leaked = [w for w in ENGINE_WORDS if w in text and w not in payload.lower()]
            assert leaked == [], (query, payload, text)
            codes = [e["extensions"]["code"] for e in answer.json().get("errors", [])]
            assert "INTERNAL" not in codes, (query, payload)
            schema_errors += codes.count("GRAPHQL_VALIDATION_FAILED")
    assert asyncio.run(counts(api_graph)) == before
    assert schema_errors == 0  # every document was valid: the payloads reached the resolvers


CANARY: Final = "kith-canary-7f3a9c"


class Captured(logging.Handler):
    """Every log record of the process, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def logs() -> Iterator[Captured]:
    """Capture every log line at DEBUG while the test runs."""
    root, handler = logging.getLogger(), Captured()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


class LeakyEngine(EmbeddedEngine):
    """The embedded engine failing search with an error that quotes a secret."""

    async def _run(
        self, call: Callable[..., Awaitable[Any]], query: LiteralString, params: Params | None
    ) -> list[Row]:
        if "fulltext" in query:
            raise RuntimeError(f"internal failure near {CANARY} with {params}")
        return await super()._run(call, query, params)


async def open_leaky(settings: GraphSettings) -> GraphEngine:
    """The app's opener for the leaky engine."""
    return await LeakyEngine.open(settings)


def test_a_planted_canary_reaches_no_log_line_and_no_error(
    api_graph: GraphSettings, logs: Captured
) -> None:
    upsert = """mutation ($c: CustomerInput!) { upsertCustomer(customer: $c) { __typename } }"""
    person = {"id": "C-CANARY", "fullName": f"Ann {CANARY}", "birthDate": "1990-01-01",
              "gender": "F", "email": f"{CANARY}@example.org", "city": "Leeds",
              "currency": "GBP", "marketingConsent": False, "profilingConsent": False}  # fmt: skip
    with serve(api_graph, opener=open_leaky) as base:

        def post(query: str, **variables: Any) -> dict[str, Any]:
            body = {"query": query, "variables": variables}
            answer: dict[str, Any] = httpx.post(
                f"{base}/graphql", json=body, headers=ADMIN, timeout=30
            ).json()
            return answer

        assert post(upsert, c=person)["data"]["upsertCustomer"]["__typename"] == "CustomerSaved"
        failed = post("query ($t: String!) { search(text: $t) { score } }", t="Ann")
        error = failed["errors"][0]
        assert error["extensions"]["code"] == "INTERNAL"
        assert error["message"].startswith("Unexpected error; quote correlation id")
        assert CANARY not in json.dumps(failed)
        bad = post("query ($id: ID!) { customer(id: $id) { fullName } }", id="C-CANARY\u0000")
        assert CANARY not in json.dumps(bad)
    correlation = error["extensions"]["correlationId"]
    assert any(correlation in line for line in logs.lines)  # support can find it
    assert [line for line in logs.lines if CANARY in line] == []
