"""Derived households against a bank's own: pairwise precision and recall.

Run: .venv/bin/python -m bench.households_quality BANK... [--on 2026-10-31] [--synthetic N]

Each BANK is a folder of bank files (CSV, JSON Lines or Parquet). It is loaded on a fresh
embedded engine without its `households` and `household_members` files, `kith households`'
derivation runs as of --on, and every pair of customers placed together is compared with
the truth: the folder's `expected.json` ("households": lists of ids) when it has one, else
its own `household_members` (households of two or more). With --synthetic N, also a
synthetic bank of N customers (seed 11). Prints a Markdown row per bank and the total.
"""

import argparse
import asyncio
import csv
import json
import tempfile
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

from api.jobs.households import derive_all
from graph.engines import GraphEngine
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank

Pairs = set[frozenset[str]]
_HIDDEN = ("households", "household_members")
_PLACED = """
MATCH (c:Customer)-[:MEMBER_OF]->(h:Household)
WHERE h.derived = true
RETURN h.id AS id, collect(c.id) AS members
"""


def pairs_of(groups: list[list[str]]) -> Pairs:
    """Every unordered pair of people who share a group."""
    return {frozenset(pair) for group in groups for pair in combinations(sorted(group), 2)}


def truth_of(bank: Path) -> Pairs:
    """The households the bank says it has, as pairs."""
    if (bank / "expected.json").exists():
        return pairs_of(json.loads((bank / "expected.json").read_text("utf-8"))["households"])
    members: defaultdict[str, list[str]] = defaultdict(list)
    with (bank / "household_members.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            members[row["householdId"]].append(row["customerId"])
    return pairs_of(list(members.values()))


async def derived_pairs(engine: GraphEngine, bank: Path, on: date) -> Pairs:
    """Load the bank without its households, derive them, and return who was placed together."""
    kinds = {".csv", ".jsonl", ".parquet"}
    files = [p for p in sorted(bank.iterdir()) if p.suffix in kinds]  # noqa: ASYNC240
    await load_files(engine, plan([p for p in files if p.name.split(".")[0] not in _HIDDEN]))
    await derive_all(engine, on=on)
    return pairs_of([list(row["members"]) for row in await engine.read(_PLACED)])


async def measure(banks: list[Path], work: Path, on: date) -> None:
    """Print a row per bank and the total."""
    print("| bank | true pairs | found pairs | right | precision | recall |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0, 0]
    for number, bank in enumerate(banks):
        settings = GraphSettings(data_dir=work / "kith", graph_database=f"quality{number}")
        engine = await EmbeddedEngine.open(settings)
        await engine.apply_schema()
        try:
            found, truth = await derived_pairs(engine, bank, on), truth_of(bank)
        finally:
            await engine.drop_graph()
            await engine.close()
        counts = (len(truth), len(found), len(found & truth))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        print(_row(bank.name, *counts))
    print(_row("**all**", *totals))


def _row(name: str, truth: int, found: int, right: int) -> str:
    precision = right / found if found else 1.0
    recall = right / truth if truth else 1.0
    return f"| {name} | {truth:,} | {found:,} | {right:,} | {precision:.3f} | {recall:.3f} |"


def main() -> None:
    """Parse the arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("banks", type=Path, nargs="*", help="folders of bank files")
    parser.add_argument("--on", type=date.fromisoformat, default=date(2026, 10, 31))
    parser.add_argument("--synthetic", type=int, default=0, help="customers of a synthetic bank")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work, banks = Path(scratch), list(args.banks)
        if args.synthetic:
            write_bank(work / "synthetic", customers=args.synthetic, seed=11)
            banks.append(work / "synthetic")
        try:
            asyncio.run(measure(banks, work, args.on))
        finally:
            EmbeddedServer(work / "kith").stop()


if __name__ == "__main__":
    main()
