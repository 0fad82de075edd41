"""Deriving households at scale: the engine's read of a loaded bank, and the rule alone.

Run: .venv/bin/python -m bench.households_scale [--data-dir DIR] [--synthetic 1000000]

With `--data-dir`, reads every resident of DIR's bank as `kith households` does (every id
once, then pages of 5,000 by id, two in flight) and derives from those the bank has not
placed, writing nothing: DIR is left as it was. With `--synthetic N`, the rule alone on N
made-up customers none of whom the bank placed (the worst case for memory): families of one
to five at one address each, spouses with a joint account, their children, siblings.
"""

import argparse
import asyncio
import resource
import time
from pathlib import Path

from api.jobs.households import read_unplaced
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.records import Resident
from recommenders.households import households_to_write


def peak_rss_gb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


async def read_bank(data_dir: Path) -> None:
    """Time the read and the derivation over a loaded bank; print a line for each."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    try:
        started = time.perf_counter()
        customers, unplaced = await read_unplaced(engine)
        read = time.perf_counter() - started
    finally:
        await engine.close()
    started = time.perf_counter()
    found = households_to_write(unplaced)
    derived = time.perf_counter() - started
    print(f"{customers:,} customers read in {read:.1f} s; {len(unplaced):,} linkable and unplaced")
    print(f"derived {len(found):,} households in {derived:.1f} s; peak RSS {peak_rss_gb():.2f} GB")


def families(customers: int) -> list[Resident]:
    """Made-up unplaced customers in families of one to five, one address a family."""
    residents: list[Resident] = []
    family = 0
    while len(residents) < customers:
        family += 1
        size = min(1 + family % 5, customers - len(residents))
        ids = [f"C-{len(residents) + n + 1:07d}" for n in range(size)]
        address = f"{family} Harrow Road, Leeds"
        for n, id_ in enumerate(ids):
            ties: list[tuple[str, str]] = []
            if n == 0 and size > 1:
                ties.append((ids[1], "SPOUSE"))
            if n < 2:
                ties.extend((child, "PARENT") for child in ids[2:])
            if n >= 2:
                ties.extend((sibling, "SIBLING") for sibling in ids[n + 1 :])
            joint = ((f"A-{family}", ids[1]),) if n == 0 and size > 1 else ()
            residents.append(Resident(id_, address, None, None, tuple(ties), joint))
    return residents


def derive_synthetic(customers: int) -> None:
    """Time the rule alone on made-up customers; print a line."""
    residents = families(customers)
    before = peak_rss_gb()
    started = time.perf_counter()
    found = households_to_write(residents)
    seconds = time.perf_counter() - started
    print(
        f"{customers:,} made-up unplaced customers: {len(found):,} households in {seconds:.1f} s;"
        f" peak RSS {before:.2f} GB with the customers, {peak_rss_gb():.2f} GB after"
    )


def main() -> None:
    """Parse the arguments and run the measurements asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a loaded bank's KITH_DATA_DIR")
    parser.add_argument("--synthetic", type=int, default=0, help="made-up customers")
    args = parser.parse_args()
    if args.synthetic:
        derive_synthetic(args.synthetic)
    if args.data_dir:
        asyncio.run(read_bank(args.data_dir))


if __name__ == "__main__":
    main()
