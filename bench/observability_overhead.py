"""What watching the service costs: a 360 with metrics and tracing on, against off.

Run: .venv/bin/python -m bench.api_latency --data-dir DIR --observability
     (DIR holds a loaded bank: bench.load_throughput --customers 10000 --skip-limit --keep DIR)

Four builds of the app are served side by side on loopback over the same graph: two with
nothing measured or traced (their difference is the noise of this machine), one with
Prometheus metrics, one with metrics and OpenTelemetry tracing (the FastAPI
instrumentation, a span per operation, DataLoader batch and statement, handed to a batch
span processor as an OTLP exporter would be). Requests rotate between the builds, one at a
time, so all see the same engine, caches and machine load; p50 and p99 of each and its p50
against the first are printed as Markdown rows. A fifth build traces one request in ten
(KITH_TRACE_SAMPLE_RATIO=0.1), as a busy production service would.
"""

from contextlib import ExitStack
from time import perf_counter
from typing import Any, Final

import httpx
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from api.observability.metrics import Metrics
from api.observability.tracing import Observability, traced
from bench.queries import FULL_360
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, serve


def watched(ratio: float = 1.0) -> tuple[Observability, InMemorySpanExporter]:
    """Metrics and tracing as `kith serve` runs them, spans kept in memory for the count."""
    exporter = InMemorySpanExporter()
    provider = traced(ratio)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return Observability(Metrics(), provider), exporter


# "off again" is a second build with nothing on: how far two identical builds differ here.
MODES: Final = ("off", "off again", "metrics", "metrics + tracing", "metrics + tracing 10 %")


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
    sampled, _ = watched(0.1)
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    builds = {
        "off": None, "off again": None, "metrics": Observability(Metrics()),
        "metrics + tracing": observability, "metrics + tracing 10 %": sampled,
    }  # fmt: skip
    with ExitStack() as stack:
        bases = {
            mode: stack.enter_context(serve(settings, observability=build))
            for mode, build in builds.items()
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
                first = turn % len(MODES)  # each build goes first in turn
                order = MODES[first:] + MODES[:first]
                for mode in order:
                    samples[mode].append(await timed(clients[mode], values))
        finally:
            for client in clients.values():
                await client.aclose()
    observability.shutdown()
    sampled.shutdown()
    spans = len(exporter.get_finished_spans()) / (len(ids) + 20)
    off50 = percentile(samples["off"], 0.5)
    rows = []
    for mode in MODES:
        p50, p99 = percentile(samples[mode], 0.5), percentile(samples[mode], 0.99)
        counts = {"metrics + tracing": f"{spans:.0f}", "metrics + tracing 10 %": "1 in 10"}
        per_request = counts.get(mode, "0")
        rows.append(
            f"| customer 360 | {mode} | {len(ids)} | {p50:.2f} / {p99:.2f} ms | {per_request} "
            f"| **{(p50 / off50 - 1) * 100:+.1f} %** |"
        )
    return "\n".join(rows)


HEADER = (
    "| request | build | n | p50 / p99 | spans per request (traced ones) | p50 against off |\n"
    "|---|---|---|---|---|---|"
)
