"""Scoring one customer live (the API's re-score on a change) against the reads it needs.

Run: .venv/bin/python -m bench.next_product_latency --data-dir DIR [--customers 300]

DIR is a data dir holding a loaded bank and a trained model (`kith demo`, `kith train`).
For random customers, in one run: (1) the reads of the customer's two-tie family circle
alone, the engine's share; (2) the whole re-score: those reads, one forward pass of the
model and the write of propensities and embedding. Prints p50 / p95 of both and the ratio.
"""

import argparse
import asyncio
import random
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from api.jobs.model_store import load_current
from api.jobs.next_product import read_family_circle, score_customer
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.selection import CustomerFilter, list_customer_ids_after


def percentile(samples: list[float], share: float) -> float:
    """The share-th percentile, in milliseconds."""
    return sorted(samples)[min(int(len(samples) * share), len(samples) - 1)] * 1000


async def measure(data_dir: Path, customers: int) -> None:
    """Time both for the same random customers, interleaved so drift hits both alike."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    served = load_current(data_dir)
    ids = await list_customer_ids_after(
        engine, selection=CustomerFilter(), after_id=None, limit=200_000
    )
    sample = random.Random(7).sample(ids, min(customers, len(ids)))  # noqa: S311
    today = datetime.now(UTC).date()
    reads, whole = [], []
    for customer_id in sample:
        started = time.perf_counter()
        await read_family_circle(engine, customer_id)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        await score_customer(engine, served, customer_id, today)
        whole.append(time.perf_counter() - started)
    await engine.close()
    print(f"model {served.version}, {len(sample)} customers of {len(ids):,}")
    print("| | p50 ms | p95 ms |\n|---|---|---|")
    for name, samples in (("family-circle reads alone", reads), ("whole re-score", whole)):
        print(f"| {name} | {percentile(samples, 0.5):.1f} | {percentile(samples, 0.95):.1f} |")
    print(f"ratio of medians: {statistics.median(whole) / statistics.median(reads):.2f}x")


def main() -> None:
    """Parse arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--customers", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(measure(args.data_dir, args.customers))


if __name__ == "__main__":
    main()
