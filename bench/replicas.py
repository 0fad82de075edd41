"""Throughput and tail latency of `kith serve --workers N` as clients crowd in.

Run: .venv/bin/python -m bench.replicas --data-dir DIR [--workers 1 2] [--clients 1 8 32 128]
     [--seconds 20]
     where DIR holds a loaded and scored bank (`make run` builds a 10,000-customer one).

For each worker count: start `kith serve --workers W` on DIR (a process of its own, the
engine shared), warm it up, then for each client count run that many concurrent clients
for `--seconds`, each posting full 360s of random customers on a keep-alive connection of
its own and, when refused (503 OVERLOADED), waiting the Retry-After it was given. Prints
per point: served requests a second, p50/p95/p99 of the served, refusals, answers later
than the deadline + 1 s, and 5xx answers that are not JSON (plain text).
"""

import argparse
import asyncio
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import httpx

from bench.api_latency import percentile
from bench.load_api import free_port, wait_until_ready
from bench.queries import FULL_360
from tests.api.served import ADMIN, TEST_SECURITY

KITH: Final = [sys.executable, "-c", "from api.commands import app; app()"]
DEADLINE_S: Final = 10.0  # KITH_REQUEST_DEADLINE_S's default, which the server keeps


@dataclass
class Tally:
    """What the clients of one point saw."""

    served: list[float] = field(default_factory=list)
    refused: int = 0
    late: int = 0
    plain_5xx: int = 0
    other: int = 0


@contextmanager
def served(data_dir: Path, workers: int) -> Iterator[str]:
    """`kith serve --workers W` on the bank; yields its URL; stops it after."""
    port = free_port()
    secret = TEST_SECURITY.jwt_secret
    assert secret is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("KITH_")}
    env |= {"KITH_DATA_DIR": str(data_dir), "KITH_JWT_SECRET": secret.get_secret_value(),
            "KITH_RATE_LIMIT_PER_MINUTE": "1000000"}  # fmt: skip
    server = subprocess.Popen(
        [*KITH, "serve", "--port", str(port), "--workers", str(workers)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_ready(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=60)


async def client(
    http: httpx.AsyncClient, ids: list[str], until: float, tally: Tally, seed: int
) -> None:
    """One client: 360s of random customers until `until`, backing off when refused."""
    pick = random.Random(seed)  # noqa: S311 - picks customers, not secrets
    while time.monotonic() < until:
        body = {"query": FULL_360, "variables": {"id": pick.choice(ids)}}
        started = time.monotonic()
        try:
            answer = await http.post("/graphql", json=body)
        except httpx.TransportError:
            tally.other += 1
            continue
        took = time.monotonic() - started
        tally.late += took > DEADLINE_S + 1
        json_body = answer.headers.get("content-type", "").startswith("application/json")
        if answer.status_code >= 500 and not json_body:
            tally.plain_5xx += 1
        elif answer.status_code == 503 and "OVERLOADED" in answer.text:
            tally.refused += 1
            await asyncio.sleep(float(answer.headers.get("retry-after", "1")))
        elif answer.status_code == 200 and "errors" not in answer.json():
            tally.served.append(took)
        else:
            tally.other += 1


async def point(base: str, ids: list[str], clients: int, seconds: float) -> str:
    """One Markdown row: `clients` concurrent clients for `seconds`."""
    tally = Tally()
    until = time.monotonic() + seconds
    started = time.monotonic()
    # One client object, a connection per simulated client: building an httpx client per
    # simulated client loads the CA bundle each time, and 128 of those blocked this
    # process's event loop for 13 s, which read as late answers (the server's were not).
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=ADMIN, timeout=60, limits=limits) as http:
        lag = asyncio.create_task(loop_lag(until))
        await asyncio.gather(*(client(http, ids, until, tally, n) for n in range(clients)))
    rate = len(tally.served) / (time.monotonic() - started)
    p50, p95, p99 = (percentile(tally.served, q) if tally.served else 0 for q in (0.5, 0.95, 0.99))
    return (
        f"| {clients} | {rate:,.1f} | {p50:,.0f} | {p95:,.0f} | {p99:,.0f} | {tally.refused} | "
        f"{tally.late} | {tally.plain_5xx} | {tally.other} | {await lag * 1000:,.0f} |"
    )


async def loop_lag(until: float) -> float:
    """The longest this process's event loop was late waking up (the clients' own delay)."""
    worst = 0.0
    while time.monotonic() < until:
        asked = time.monotonic()
        await asyncio.sleep(0.05)
        worst = max(worst, time.monotonic() - asked - 0.05)
    return worst


def customer_ids(count: int) -> list[str]:
    """The ids of the demo bank's first `count` customers."""
    return [f"C-{n:07d}" for n in range(1, count + 1)]


async def measure(args: argparse.Namespace) -> None:
    """Every worker count against every client count, printed as Markdown."""
    ids = customer_ids(args.customers)
    print("| workers | clients | served/s | p50 ms | p95 ms | p99 ms | refused | "
          "later than deadline + 1 s | plain-text 5xx | other | client loop lag ms |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    for workers in args.workers:
        with served(args.data_dir, workers) as base:
            await point(base, ids, 8, args.warmup)  # plans cached, pools filled, every worker
            for clients in args.clients:
                print(f"| {workers} " + await point(base, ids, clients, args.seconds), flush=True)


def main() -> None:
    """Parse arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="holds a scored bank")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32, 128])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--customers", type=int, default=10_000, help="ids C-0000001 on")
    asyncio.run(measure(parser.parse_args()))


if __name__ == "__main__":
    main()
