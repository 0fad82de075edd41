"""The API end to end against the engine's own time, and against a naive build.

Run: .venv/bin/python -m bench.api_latency --data-dir DIR [--segment-preview]
     [--only segment-preview|observability] [--unscored]
     where DIR holds a loaded and scored bank, e.g. from
     .venv/bin/python -m bench.load_throughput --customers 100000 --skip-limit --keep DIR
     KITH_DATA_DIR=DIR kith households && KITH_DATA_DIR=DIR kith train &&
     KITH_DATA_DIR=DIR kith score
     (an unscored bank has no offers, whose reads are part of a 360: refused unless
     --unscored).

In one run, on one engine: (1) latency: each request is posted to the app served by
uvicorn on loopback, one at a time, while the engine statements it sends are recorded;
the same statements are then sent straight to the engine, all at once (the floor no API
can beat: the engine's own time for the same data), and p50/p99 of both are compared.
(2) throughput: concurrent clients against the app, then against a naive build of the
same app whose DataLoaders neither batch nor cache, so every resolver that needs data
sends its own statement. (3) with --segment-preview: `segmentPreview` against the
engine's time for the same aggregate statements (five filters, then the whole bank five
times). --only segment-preview runs (3) alone;
--only observability times a 360 with metrics and tracing on against off (the overhead).
CPU per request, while requests are posted one at a time: the app's (this process's
threads but the benchmark's own client thread) and the engine's (every thread of its
redis-server), from the kernel's per-thread run time (/proc/*/task/*/schedstat).
"""

import argparse
import asyncio
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Final, LiteralString

import httpx
from strawberry.dataloader import DataLoader

from api.dataloaders import Loaders, make_loaders
from bench.queries import CC_BILLING, CUSTOMER_PAGE, FULL_360, SEGMENT_PREVIEW
from graph.alerts import LIST_ALERTS_STORED_AFTER
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.protocol import GraphEngine, Params, Row
from graph.engines.settings import GraphSettings
from graph.opportunities import list_opportunities_of
from graph.selection import CustomerFilter, count_customers
from tests.api.served import ADMIN, serve

Statement = tuple[LiteralString, Params | None]


class RecordingEngine(EmbeddedEngine):
    """The embedded engine, keeping every statement the app sends (requests go one by one)."""

    sent: ClassVar[list[Statement]] = []

    async def _run(
        self, call: Callable[..., Awaitable[Any]], query: LiteralString, params: Params | None
    ) -> list[Row]:
        if query is not LIST_ALERTS_STORED_AFTER:  # the app's background alert watch
            RecordingEngine.sent.append((query, params))
        return await super()._run(call, query, params)


async def open_recording(settings: GraphSettings) -> GraphEngine:
    """The app's opener for this benchmark."""
    return await RecordingEngine.open(settings)


def naive_loaders(engine: GraphEngine) -> Loaders:
    """The same reads, unbatched and uncached: one statement per resolver that needs data."""
    batched = make_loaders(engine)
    unbatched = {
        name: DataLoader(load_fn=getattr(batched, name).load_fn, max_batch_size=1, cache=False)
        for name in Loaders.__dataclass_fields__
    }
    return replace(batched, **unbatched)


def percentile(samples: Sequence[float], share: float) -> float:
    """The sample below which `share` of the samples lie (nearest rank), in ms."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> None:
    """POST one document; fail loudly on any GraphQL error (a fast error is no result)."""
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    if body.get("errors"):
        raise RuntimeError(f"the benchmark query failed: {body['errors'][:1]}")


def cpu_seconds(pid: int | str, *, but: int | None = None) -> float:
    """Run time of every thread of a process (but one, by native id), in seconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        if but is not None and int(task) == but:
            continue
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except FileNotFoundError:  # a thread that ended meanwhile
            continue
    return total / 1e9


@dataclass
class Timings:
    """One request kind's samples: seconds end to end and in the engine, CPU seconds."""

    end_to_end: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    statements: int = 0
    app_cpu: float = 0.0
    engine_cpu: float = 0.0


async def latency(
    base: str, engine: EmbeddedEngine, engine_pid: int, query: str, variables: list[dict[str, Any]]
) -> Timings:
    """Per request: end-to-end seconds, the engine's seconds for its statements, and the
    CPU the app and the engine spent on it."""
    timings, client_thread = Timings(), threading.get_native_id()
    async with httpx.AsyncClient(base_url=base, timeout=120, headers=ADMIN) as client:
        for values in variables[:10]:  # warm up caches, pools and query plans
            await post(client, query, values)
        for values in variables:
            RecordingEngine.sent.clear()
            app, in_engine = cpu_seconds("self", but=client_thread), cpu_seconds(engine_pid)
            started = time.perf_counter()
            await post(client, query, values)
            timings.end_to_end.append(time.perf_counter() - started)
            timings.app_cpu += cpu_seconds("self", but=client_thread) - app
            timings.engine_cpu += cpu_seconds(engine_pid) - in_engine
            sent = list(RecordingEngine.sent)
            timings.statements += len(sent)
            started = time.perf_counter()
            await asyncio.gather(*(engine.read(q, p) for q, p in sent))
            timings.floor.append(time.perf_counter() - started)
    return timings


async def throughput(
    base: str, query: str, variables: list[dict[str, Any]], clients: int, seconds: float
) -> float:
    """Requests per second that `clients` concurrent clients get through in `seconds`."""
    done = 0
    deadline = time.monotonic() + seconds

    async def client_loop(offset: int) -> None:
        nonlocal done
        async with httpx.AsyncClient(base_url=base, timeout=120, headers=ADMIN) as client:
            turn = offset
            while time.monotonic() < deadline:
                await post(client, query, variables[turn % len(variables)])
                done, turn = done + 1, turn + clients

    started = time.monotonic()
    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return done / (time.monotonic() - started)


def row(name: str, t: Timings) -> str:
    """One Markdown table row: p50/p99 both ways, the p50 ratio, CPU per request and ratio."""
    e50, e99, f50, f99 = (percentile(s, q) for s in (t.end_to_end, t.floor) for q in (0.5, 0.99))
    n = len(t.end_to_end)
    app, in_engine = t.app_cpu / n * 1000, t.engine_cpu / n * 1000
    return (
        f"| {name} | {n} | {t.statements / n:.1f} | {e50:.1f} / {e99:.1f} ms | "
        f"{f50:.1f} / {f99:.1f} ms | **{e50 / f50:.2f}x** | {app:.1f} ms | {in_engine:.1f} ms "
        f"| **{app / in_engine:.2f}x** |"
    )


REQUESTS: Final = (("customer 360", FULL_360), ("view CONTACT_CENTER BILLING", CC_BILLING))
PREVIEWS: Final[list[dict[str, Any]]] = [
    {"city": None, "minAge": None}, {"city": "Leeds", "minAge": None},
    {"city": "London", "minAge": 30}, {"city": None, "minAge": None},
    {"city": "Leeds", "minAge": None},
]  # fmt: skip
PAGES: Final[list[dict[str, Any]]] = [{"city": c} for c in ("London", "Leeds", "York", "Bristol")]


Work = list[tuple[str, str, list[dict[str, Any]]]]


def latency_work(args: argparse.Namespace, ids: list[dict[str, Any]]) -> Work:
    """The request kinds to time: the 360 and the view unless --only, then the preview."""
    work: Work = [] if args.only else [(name, query, ids) for name, query in REQUESTS]
    if args.segment_preview or args.only == "segment-preview":
        work.append(("segmentPreview", SEGMENT_PREVIEW, PREVIEWS))
        work.append(("segmentPreview, whole bank", SEGMENT_PREVIEW, [PREVIEWS[0]] * 5))
    return work


async def latency_table(settings: GraphSettings, engine: EmbeddedEngine, work: Work) -> None:
    """Print p50/p99 end to end and the engine's floor, and CPU, for each request kind."""
    print(
        "| request | n | statements | end to end p50 / p99 | engine p50 / p99 | p50 ratio "
        "| app CPU / request | engine CPU / request | CPU ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    pid = EmbeddedServer(settings.data_dir).status().pid
    assert pid is not None, "the engine stopped"
    with serve(settings, opener=open_recording) as base:
        for name, query, variables in work:
            print(row(name, await latency(base, engine, pid, query, variables)), flush=True)


async def throughput_table(
    settings: GraphSettings, ids: list[dict[str, Any]], clients: int, seconds: float
) -> None:
    """Print requests/s of the batched and the naive build, and their ratio."""
    print("\n| build | request | clients | requests/s |\n|---|---|---|---|")
    work = (("360", FULL_360, ids), ("page of 20", CUSTOMER_PAGE, PAGES))
    rates: dict[tuple[str, str], float] = {}
    for build, loaders in (("batched", make_loaders), ("naive", naive_loaders)):
        with serve(settings, opener=open_recording, loaders=loaders) as base:
            for name, query, values in work:
                rates[build, name] = await throughput(base, query, values, clients, seconds)
                print(f"| {build} | {name} | {clients} | {rates[build, name]:,.1f} |", flush=True)
    for name, _, _ in work:
        ratio = rates["batched", name] / rates["naive", name]
        print(f"| batched / naive | {name} | | **{ratio:.1f}x** |")


async def measure(settings: GraphSettings, args: argparse.Namespace) -> None:
    """Latency, throughput and (optionally) segmentPreview, printed as Markdown."""
    engine = await EmbeddedEngine.open(settings)
    customers = await count_customers(engine, selection=CustomerFilter())
    sampler = random.Random(args.seed)  # noqa: S311 - picks customers, not secrets
    ids = [{"id": f"C-{n:07d}"} for n in sampler.sample(range(1, customers + 1), args.requests)]
    offers = await list_opportunities_of(engine, customer_ids=[i["id"] for i in ids])
    scored = sum(map(len, offers.values()))
    if not scored and not args.unscored:
        raise SystemExit("no offers stored: run `kith train` and `kith score` first (a 360 "
                         "reads them), or pass --unscored")  # fmt: skip
    print(
        f"{customers:,} customers; {args.requests} requests per query, one at a time; "
        f"{scored} open offers among the customers asked for\n"
    )
    if args.only == "observability":  # metrics and tracing on against off, in this run
        from bench.observability_overhead import HEADER, overhead_row

        print(HEADER, await overhead_row(settings, ids), sep="\n")
        return await engine.close()
    await latency_table(settings, engine, latency_work(args, ids))
    if args.clients and not args.only:
        await throughput_table(settings, ids, args.clients, args.seconds)
    await engine.close()


def main() -> None:
    """Parse arguments; measure on the bank in the data dir; stop its engine after."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True, help="holds a loaded bank")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8, help="0 skips the throughput run")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--segment-preview", action="store_true")
    parser.add_argument(
        "--only", choices=["segment-preview", "observability"], help="time this part alone"
    )
    parser.add_argument("--unscored", action="store_true", help="allow a bank without offers")
    args = parser.parse_args()
    try:
        asyncio.run(measure(GraphSettings(data_dir=args.data_dir), args))
    finally:
        EmbeddedServer(args.data_dir).stop()


if __name__ == "__main__":
    main()
