"""Embedded engine: batched vs one-statement-per-row upserts, and point reads vs a ping.

Run: .venv/bin/python -m bench.engine_writes --customers 100000
Figures are ratios measured in the same run, on the same engine, so they travel between
machines better than absolute numbers (which are printed too).
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from graph.customers import get_customer
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.records import Customer
from tests.graph.people import add_customers


def customers(count: int, offset: int = 0) -> list[Customer]:
    """Make synthetic customers with realistic property counts."""
    return [
        Customer(
            id=f"C-{offset + i:08d}", full_name=f"Customer {offset + i}", birth_date="1980-01-01",
            gender="F", email=f"c{offset + i}@example.org", phone=f"4477009{offset + i:06d}",
            city="Leeds", hometown="York", value_tier="SILVER", updated_at=1,
        )
        for i in range(count)
    ]  # fmt: skip


async def timed(label: str, count: int, work: object) -> float:
    """Await `work`, print rows/s, return rows/s."""
    start = time.perf_counter()
    await work  # type: ignore[misc]
    rate = count / (time.perf_counter() - start)
    print(f"{label:<42} {rate:>12,.0f} rows/s")
    return rate


async def main(count: int) -> None:
    """Measure on a fresh engine in a temporary data dir."""
    with tempfile.TemporaryDirectory(prefix="kith-bench-") as data_dir:
        engine = await EmbeddedEngine.open(GraphSettings(data_dir=Path(data_dir)))
        await engine.apply_schema()
        batched = await timed(
            "upsert, batches of 5,000", count, add_customers(engine, customers(count))
        )
        singles = customers(min(count // 20, 5_000), offset=count)
        one_by_one = await timed(
            "upsert, one statement per row", len(singles),
            asyncio.gather(*[add_customers(engine, [c]) for c in singles]),
        )  # fmt: skip
        print(f"batched / per-row throughput ratio: {batched / one_by_one:.1f}x")
        reads, pings = [], []
        for i in range(2_000):
            start = time.perf_counter()
            await get_customer(engine, customer_id=f"C-{i * 37 % count:08d}")
            reads.append(time.perf_counter() - start)
            start = time.perf_counter()
            await engine.health()
            pings.append(time.perf_counter() - start)
        read_ms, ping_ms = statistics.median(reads) * 1e3, statistics.median(pings) * 1e3
        print(f"point read by id p50 {read_ms:.3f} ms; ping p50 {ping_ms:.3f} ms; "
              f"ratio {read_ms / ping_ms:.1f}x")  # fmt: skip
        await engine.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().customers))
