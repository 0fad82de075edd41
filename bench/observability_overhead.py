"""What watching the service costs: a 360 with metrics and tracing on, against off.

Run: .venv/bin/python -m bench.api_latency --data-dir DIR --observability
     (DIR holds a loaded bank: bench.load_throughput --customers 10000 --skip-limit --keep DIR)

Four builds of the app are served side by side on loopback over the same graph: two with
nothing measured or traced (their difference is the noise of this machine), one with
Prometheus metrics, one with metrics and OpenTelemetry tracing (the FastAPI
instrumentation, a span per operation, DataLoader batch and statement, handed to a batch
span processor as an OTLP exporter would be). Requests rotate between the builds, one at a
time, so all see the same engine, caches and machine load; p50 and p99 of each and its p50
against the first are printed as Markdown rows, with the CPU time each build's server
thread spent per request (the extra CPU against `off`, over off's p50, is the overhead a
busy machine's wall-clock noise cannot hide).
"""

import threading
import time
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


def watched() -> tuple[Observability, InMemorySpanExporter]:
    """Metrics and tracing as `kith serve` runs them, spans kept in memory for the count."""
    exporter = InMemorySpanExporter()
    provider = traced()
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return Observability(Metrics(), provider), exporter


# "off again" is a second build with nothing on: how far two identical builds differ here.
MODES: Final = ("off", "off again", "metrics", "metrics + tracing")


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
    samples: dict[str, list[float]] = {mode: [] for mode in MODES}
    builds = {
        "off": None, "off again": None, "metrics": Observability(Metrics()),
        "metrics + tracing": observability,
    }  # fmt: skip
    cpu: dict[str, float] = {}
    with ExitStack() as stack:
        bases, threads = {}, {}
        for mode, build in builds.items():
            before = set(threading.enumerate())
            bases[mode] = stack.enter_context(serve(settings, observability=build))
            threads[mode] = _clock(set(threading.enumerate()) - before)
        clients = {
            mode: httpx.AsyncClient(base_url=base, timeout=120, headers=ADMIN)
            for mode, base in bases.items()
        }
        try:
            for values in ids[:20]:  # warm up both: caches, pools and query plans
                for client in clients.values():
                    await timed(client, values)
            started = {mode: time.clock_gettime(clock) for mode, clock in threads.items()}
            for turn, values in enumerate(ids):
                first = turn % len(MODES)  # each build goes first in turn
                order = MODES[first:] + MODES[:first]
                for mode in order:
                    samples[mode].append(await timed(clients[mode], values))
            cpu = {m: (time.clock_gettime(c) - started[m]) / len(ids) for m, c in threads.items()}
        finally:
            for client in clients.values():
                await client.aclose()
    observability.shutdown()
    spans = len(exporter.get_finished_spans()) / (len(ids) + 20)
    off50 = percentile(samples["off"], 0.5)
    rows = []
    for mode in MODES:
        p50, p99 = percentile(samples[mode], 0.5), percentile(samples[mode], 0.99)
        per_request = f"{spans:.0f}" if mode == "metrics + tracing" else "0"
        extra = (cpu[mode] - cpu["off"]) * 1000
        rows.append(
            f"| customer 360 | {mode} | {len(ids)} | {p50:.2f} / {p99:.2f} ms | {per_request} "
            f"| {cpu[mode] * 1000:.2f} ms | {(p50 / off50 - 1) * 100:+.1f} % "
            f"| **{extra / off50 * 100:+.1f} %** |"
        )
    return "\n".join(rows)


HEADER = (
    "| request | build | n | p50 / p99 | spans per request | app CPU per request "
    "| p50 against off | extra CPU / p50 off |\n|---|---|---|---|---|---|---|---|"
)


def _clock(started: set[threading.Thread]) -> int:
    """The CPU clock of the one server thread `serve` just started: the app's own work
    (the engine is another process), far steadier on a busy machine than wall time."""
    (server,) = [t for t in started if t.name.endswith("(run)")]  # uvicorn's Server.run
    assert server.ident is not None
    return time.pthread_getcpuclockid(server.ident)
