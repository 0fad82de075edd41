"""The engagement refresh that ends `kith load`, timed alone on a loaded bank.

Run: .venv/bin/python -m bench.engagement_refresh --data-dir DIR [--rounds 3]

DIR holds a bank kept by `bench.load_throughput --keep DIR`. Each round recomputes the
statistics of every customer with a contact through the loaders' own call
(refresh_engagement), timing the engine calls only. A full load is too noisy on a shared
machine to show what one statement costs; this isolates it. To compare two versions of the
statement, run this from each checkout in turn, alternating, against the same DIR.
"""

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from graph.engagement import refresh_engagement
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings

CONTACTED = "MATCH (c:Customer)-[:HAD]->() RETURN DISTINCT c.id AS id"
INTERACTIONS = "MATCH (:Customer)-[:HAD]->(i:Interaction) RETURN count(i) AS n"


async def measure(data_dir: Path, rounds: int) -> None:
    """Refresh every contacted customer `rounds` times; print seconds and interactions/s."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    try:
        ids = [row["id"] for row in await engine.read(CONTACTED)]
        interactions = (await engine.read(INTERACTIONS))[0]["n"]
        times = []
        for number in range(rounds):
            started = time.perf_counter()
            await refresh_engagement(engine, ids)
            times.append(time.perf_counter() - started)
            print(f"round {number + 1}: {times[-1]:.2f} s, "
                  f"{interactions / times[-1]:,.0f} interactions/s", flush=True)  # fmt: skip
        mean = statistics.mean(times)
        rate = interactions / mean
        print(f"| refresh {len(ids):,} customers, {interactions:,} interactions | "
              f"{mean:.2f} s mean of {rounds} | {rate:,.0f} interactions/s |")  # fmt: skip
    finally:
        await engine.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(measure(arguments.data_dir, arguments.rounds))
