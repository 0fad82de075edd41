"""How the cost of writing interactions grows with the number already stored.

Run: .venv/bin/python -m bench.interaction_growth --interactions 2000000 [--no-time-index]
     [--batch 50000] (rows per statement; a load writes BULK_BATCH_SIZE)

On a fresh embedded engine with Kith's schema: 50,000 customers, the channels and
products, then interactions written through the loaders' statement in statements of --batch rows
(random customer, channel and product), timing each batch on the engine. Prints the rate
per 250,000 stored, so a slowdown shows where it starts; `--no-time-index` drops the range
index on Interaction.at first, to see what that index costs as it grows.
"""

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from graph.accounts import upsert_products
from graph.channels import upsert_channels
from graph.customers import upsert_customers
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.protocol import BULK_BATCH_SIZE
from graph.engines.settings import GraphSettings
from graph.interactions import write_interactions

CUSTOMERS = 50_000
CHANNELS = ("BRANCH", "BRANCH_TABLET", "ATM", "KIOSK", "MOBILE", "WEB", "CONTACT_CENTER")
PRODUCTS = tuple(f"P-{n}" for n in range(12))
REPORT_EVERY = 250_000


def interaction(number: int, rng: random.Random) -> dict[str, object]:
    """One synthetic contact, shaped like a validated interactions row."""
    return {
        "id": f"I-{number:09d}", "customerId": f"C-{rng.randrange(CUSTOMERS):07d}",
        "channelId": rng.choice(CHANNELS), "at": 1_750_000_000_000 + number * 1_000,
        "direction": "INBOUND", "intent": "GENERAL", "outcome": "RESOLVED", "responded": True,
        "productId": rng.choice(PRODUCTS), "accountId": None, "agentId": None, "caseId": None,
        "turnaroundMinutes": 5,
    }  # fmt: skip


async def seed(engine: EmbeddedEngine) -> None:
    """Customers, channels and products the interactions name."""
    await upsert_channels(engine, [{"id": c, "name": c} for c in CHANNELS])
    await upsert_products(engine, [
        {"id": p, "name": p, "category": "CURRENT", "updatedAt": 1} for p in PRODUCTS
    ])  # fmt: skip
    await upsert_customers(engine, [
        {"id": f"C-{n:07d}", "fullName": f"Customer {n}", "updatedAt": 1} for n in range(CUSTOMERS)
    ])  # fmt: skip


async def measure(data_dir: Path, total: int, time_index: bool, batch: int) -> None:
    """Write `total` interactions; print the engine's rate per REPORT_EVERY stored."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    await engine.apply_schema()
    if not time_index:
        await engine.write("DROP INDEX FOR (n:Interaction) ON (n.at)")
    await seed(engine)
    rng, spent, written = random.Random(7), 0.0, 0  # noqa: S311 - test data, not secrets
    print(f"| stored before | rows/s over the next {REPORT_EVERY:,} |\n|---|---|")
    async with engine.bulk_load():
        while written < total:
            rows = [interaction(written + n, rng) for n in range(batch)]
            started = time.perf_counter()
            await write_interactions(engine, rows)
            spent += time.perf_counter() - started
            written += batch
            if written % REPORT_EVERY == 0:
                print(f"| {written - REPORT_EVERY:,} | {REPORT_EVERY / spent:,.0f} |", flush=True)
                spent = 0.0
    await engine.close()


def main() -> None:
    """Parse arguments; measure on a temporary engine; stop it after."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interactions", type=int, default=2_000_000)
    parser.add_argument("--no-time-index", action="store_true")
    parser.add_argument("--batch", type=int, default=BULK_BATCH_SIZE, help="rows per statement")
    args = parser.parse_args()
    if REPORT_EVERY % args.batch:
        parser.error(f"--batch must divide {REPORT_EVERY:,}")
    data_dir = Path(tempfile.mkdtemp(prefix="kith-growth-")) / "kith"
    try:
        asyncio.run(measure(data_dir, args.interactions, not args.no_time_index, args.batch))
    finally:
        EmbeddedServer(data_dir).stop()


if __name__ == "__main__":
    main()
