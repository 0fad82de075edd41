"""Admission control: past capacity a request is refused at once, in JSON, with Retry-After;
what is admitted is answered by its deadline; nothing waits in a queue past it."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, LiteralString

import httpx

from api.security.admission import FLOOR
from graph.alerts import LIST_ALERTS_STORED_AFTER
from graph.engines.embedded import EmbeddedEngine
from graph.engines.protocol import GraphEngine, Params, Row
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, secured, serve

QUERY = {"query": '{ customer(id: "C-0000001") { id } }'}


class SlowEngine(EmbeddedEngine):
    """The embedded engine answering each request's statements `delay_s` late."""

    delay_s: ClassVar[float] = 2.0

    async def _run(
        self, call: Callable[..., Awaitable[Any]], query: LiteralString, params: Params | None
    ) -> list[Row]:
        if query is not LIST_ALERTS_STORED_AFTER:
            await asyncio.sleep(SlowEngine.delay_s)
        return await super()._run(call, query, params)


async def open_slow(settings: GraphSettings) -> GraphEngine:
    """The app's opener for a slow engine."""
    return await SlowEngine.open(settings)


Answer = tuple[int, dict[str, Any], str, str | None, float]


def crowd(base: str, clients: int) -> list[Answer]:
    """`clients` concurrent requests on connections of their own: (status, body,
    content type, Retry-After, seconds to the answer) each."""

    async def one(client: httpx.AsyncClient) -> Answer:
        started = time.monotonic()
        response = await client.post("/graphql", json=QUERY)
        waited = time.monotonic() - started
        kind = response.headers.get("content-type", "")
        return (
            response.status_code,
            response.json(),
            kind,
            response.headers.get("retry-after"),
            waited,
        )

    async def all_at_once() -> list[Answer]:
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(
            base_url=base, headers=ADMIN, timeout=60, limits=limits
        ) as client:
            return await asyncio.gather(*(one(client) for _ in range(clients)))

    return asyncio.run(all_at_once())


def code(answer: Answer) -> str | None:
    errors = answer[1].get("errors") or [{}]
    found: str | None = errors[0].get("extensions", {}).get("code")
    return found


def test_past_capacity_requests_are_refused_at_once_and_the_rest_answered_in_time(
    api_graph: GraphSettings,
) -> None:
    SlowEngine.delay_s = 2.0
    security = secured({"max_concurrency": 4, "request_deadline_s": 3.0})
    with serve(api_graph, opener=open_slow, security=security) as base:
        answers = crowd(base, 24)
    served = [a for a in answers if a[0] == 200]
    refused = [a for a in answers if a[0] == 503]
    assert len(served) + len(refused) == 24
    assert len(served) == 4  # the capacity, no more at once
    assert all(a[1]["data"]["customer"] == {"id": "C-0000001"} for a in served)
    assert {code(a) for a in refused} == {"OVERLOADED"}
    assert all(a[2] == "application/json" and a[3] == "1" for a in refused)
    # Refused at once: before the admitted ones could have finished, not after a wait.
    assert max(a[4] for a in refused) < SlowEngine.delay_s
    assert max(a[4] for a in answers) < 3.0 + 1  # none later than the deadline + 1 s


def test_admitted_requests_still_slow_at_their_deadline_get_a_json_503_then(
    api_graph: GraphSettings,
) -> None:
    SlowEngine.delay_s = 5.0
    security = secured({"max_concurrency": 4, "request_deadline_s": 1.5})
    with serve(api_graph, opener=open_slow, security=security) as base:
        answers = crowd(base, 12)
    assert sorted(code(a) or "" for a in answers) == ["DEADLINE_EXCEEDED"] * 4 + ["OVERLOADED"] * 8
    assert all(a[0] == 503 and a[2] == "application/json" for a in answers)
    assert max(a[4] for a in answers) < 1.5 + 1


def test_within_capacity_nothing_is_refused(api_graph: GraphSettings) -> None:
    SlowEngine.delay_s = 0.5
    security = secured({"max_concurrency": 6, "request_deadline_s": 3.0})
    with serve(api_graph, opener=open_slow, security=security) as base:
        answers = crowd(base, 6)
        probe = httpx.get(f"{base}/healthz", timeout=5)
    assert [a[0] for a in answers] == [200] * 6
    assert probe.status_code == 200


class BrokenProbeEngine(EmbeddedEngine):
    """The embedded engine whose health probe fails with a fault nobody expected."""

    async def health(self) -> Any:
        raise RuntimeError("a bug in the probe")


async def open_broken_probe(settings: GraphSettings) -> GraphEngine:
    """The app's opener for an engine with a faulty probe."""
    return await BrokenProbeEngine.open(settings)


def test_an_unexpected_fault_is_a_json_500_not_plain_text(api_graph: GraphSettings) -> None:
    with serve(api_graph, opener=open_broken_probe) as base:
        answer = httpx.get(f"{base}/readyz", timeout=10)
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"errors": [{"message": "internal error",
                                         "extensions": {"code": "INTERNAL"}}]}  # fmt: skip
    assert "a bug in the probe" not in answer.text


def test_the_pace_of_the_process_bounds_admission_below_a_high_cap(
    api_graph: GraphSettings,
) -> None:
    SlowEngine.delay_s = 0.6
    # Half a deadline of 1.5 s is 0.75 s: at the pace of FLOOR answers in five seconds, no
    # more than FLOOR can be answered in time, whatever the configured cap says.
    security = secured({"max_concurrency": 100, "request_deadline_s": 1.5})
    with serve(api_graph, opener=open_slow, security=security) as base:
        warm = crowd(base, FLOOR)
        answers = crowd(base, 3 * FLOOR)
    assert [a[0] for a in warm] == [200] * FLOOR  # the floor is admitted, pace or none
    assert sum(a[0] == 200 for a in answers) == FLOOR
    assert {code(a) for a in answers if a[0] != 200} == {"OVERLOADED"}
    # Told when there will be room at that pace (FLOOR in progress, FLOOR done in 5 s),
    # not to come back in a second and cost the process a refusal more.
    assert all(1 < int(a[3] or 0) <= 10 for a in answers if a[0] != 200)
    assert max(a[4] for a in answers) < 1.5 + 1
