"""Writing Neo4j's offline import files against reading and validating the same files.

Run: .venv/bin/python -m bench.neo4j_import_files --bank DIR [--out DIR]

In one run: (1) read and validate every file of the bank, as a load does, writing nothing:
the floor; (2) `write_import_files` (read, validate, check references, write the
neo4j-admin CSV files and what is left for `kith after-import`). The ratio (2)/(1) is what
turning checked rows into import files costs; (2) reads and validates files of 100,000
rows or more in a second process, as a bulk load does, so it can be under 1x on 2 cores.
No database is involved.
"""

import argparse
import asyncio
import resource
import shutil
import tempfile
import time
from pathlib import Path

from graph.engines.protocol import BULK_BATCH_SIZE
from loaders.formats import read_chunks
from loaders.pipeline import plan, write_import_files
from loaders.validation import validate


def _floor(bank: Path) -> tuple[int, float]:
    started, rows = time.perf_counter(), 0
    for source in plan(sorted(bank.glob("*.csv"))):
        for raw in read_chunks(source, BULK_BATCH_SIZE):
            rows += len(validate(source.model, raw).rows)
    return rows, time.perf_counter() - started


def main(bank: Path, out: Path | None) -> None:
    """Measure both; print a Markdown table."""
    rows, floor = _floor(bank)
    print(f"| read and validate only | {rows:,} rows | {floor:.0f} s | "
          f"{rows / floor:,.0f} rows/s |")  # fmt: skip
    target = out or Path(tempfile.mkdtemp(prefix="kith-neo4j-import-")) / "files"
    try:
        started = time.perf_counter()
        report = asyncio.run(write_import_files(plan(sorted(bank.glob("*.csv"))), target))
        took = time.perf_counter() - started
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
        print(f"| write the import files | {report.read:,} rows ({report.rejected} rejected) | "
              f"{took:.0f} s | {report.read / took:,.0f} rows/s | {size / 1024**2:,.0f} MB "
              f"written; peak RSS {peak:.2f} GB |")  # fmt: skip
        print(f"| files / floor | | **{took / floor:.2f}x** | | |")
    finally:
        if out is None:
            shutil.rmtree(target.parent, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bank", type=Path, required=True, help="a folder of CSV bank files")
    parser.add_argument("--out", type=Path, help="keep the files here (new or empty folder)")
    arguments = parser.parse_args()
    main(arguments.bank, arguments.out)
