"""What watching the service costs: a 360 with metrics and tracing on, against off.

Run: .venv/bin/python -m bench.api_latency --data-dir DIR --observability
     (DIR holds a loaded bank: bench.load_throughput --customers 10000 --skip-limit --keep DIR)

Two builds of the app are served side by side on loopback over the same graph: one with
nothing measured or traced, one with Prometheus metrics and OpenTelemetry tracing on (the
FastAPI instrumentation, a span per operation, DataLoader batch and statement, handed to a
batch span processor as an OTLP exporter would be). Requests alternate between the two,
one at a time, so both see the same engine, caches and machine load; p50 and p99 of each
and the p50 ratio are printed as a Markdown row.
"""

from contextlib import ExitStack
from time import perf_counter
from typing import Any

import httpx
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.observability.metrics import Metrics
from api.observability.tracing import Observability, traced
from bench.queries import FULL_360
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, serve


def watched() -> tuple[Observability, InMemorySpanExporter]:
    """Metrics and tracing as `kith serve` runs them, spans kept in memory for the count."""
    exporter = InMemorySpanExporter()
    provider = traced()
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return Observability(Metrics(), provider), exporter


async def timed(client: httpx.AsyncClient, values: dict[str, Any]) -> float:
    """Seconds for one 360, failing loudly on an error."""
    started = perf_counter()
    body = (await client.post("/graphql", json={"query": FULL_360, "variables": values})).json()
    if body.get("errors"):
        raise RuntimeError(f"the benchmark query failed: {body['errors'][:1]}")
    return perf_counter() - started


async def overhead_row(settings: GraphSettings, ids: list[dict[str, Any]]) -> str:
    """p50/p99 of a 360 with observability off and on, requests alternating between them."""
    from bench.api_latency import percentile

    observability, exporter = watched()
    samples: dict[str, list[float]] = {"off": [], "on": []}
    with ExitStack() as stack:
        bases = {
            "off": stack.enter_context(serve(settings)),
            "on": stack.enter_context(serve(settings, observability=observability)),
        }
        clients = {
            mode: httpx.AsyncClient(base_url=base, timeout=120, headers=ADMIN)
            for mode, base in bases.items()
        }
        try:
            for values in ids[:20]:  # warm up both: caches, pools and query plans
                for client in clients.values():
                    await timed(client, values)
            for turn, values in enumerate(ids):
                order = ("off", "on") if turn % 2 == 0 else ("on", "off")
                for mode in order:
                    samples[mode].append(await timed(clients[mode], values))
        finally:
            for client in clients.values():
                await client.aclose()
    observability.shutdown()
    spans = len(exporter.get_finished_spans()) / (len(ids) + 20)
    off50, off99, on50, on99 = (
        percentile(samples[m], q) for m in ("off", "on") for q in (0.5, 0.99)
    )  # fmt: skip
    return (
        f"| customer 360 | {len(ids)} | {off50:.2f} / {off99:.2f} ms | {on50:.2f} / {on99:.2f} ms "
        f"| {spans:.0f} | **{(on50 / off50 - 1) * 100:+.1f} %** |"
    )


HEADER = (
    "| request | n | off p50 / p99 | metrics + tracing on p50 / p99 | spans per request "
    "| p50 overhead |\n|---|---|---|---|---|---|"
)
