"""Loader throughput against the engine's own limit, and what a bank costs to load and keep.

Run: .venv/bin/python -m bench.load_throughput --customers 100000 [--skip-limit] [--keep DIR]
     [--bank DIR] (load a bank `kith demo` or an earlier run already wrote, instead of writing one)
     [--mode bulk] (import the empty graph through the engine's bulk path, as `kith load` does)
     [--restart] (then stop the engine and time its restart until every index is usable)

In one run, on one engine: (1) generate the synthetic bank; (2) load it with the loaders
(read, validate, check references, write, refresh statistics) into a fresh graph; (3) write
the same rows, already validated, straight through the same graph/ statements into a
second fresh graph, timing only the writes: the limit. The ratio (2)/(3) is the figure.
Memory: this process's peak RSS (generator, loaders) and the engine's (redis-server VmHWM).
"""

import argparse
import asyncio
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from graph.engagement import refresh_engagement
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.protocol import BULK_BATCH_SIZE
from graph.engines.settings import GraphSettings
from loaders.formats import SourceFile, read_chunks
from loaders.pipeline import LoadMode, load_files, plan
from loaders.synthetic import write_bank
from loaders.validation import validate
from loaders.writers import WRITERS, touched_customers


def peak_rss_gb() -> float:
    """This process's peak resident memory so far, in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def engine_peak_gb(data_dir: Path, field: str = "VmHWM") -> float:
    """The embedded engine's peak (or, with VmRSS, current) resident memory, in GB."""
    pid = EmbeddedServer(data_dir).status().pid
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    line = next(line for line in status.splitlines() if line.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024**2


def engine_rss_gb(data_dir: Path) -> float:
    """The embedded engine's resident memory now, in GB."""
    return engine_peak_gb(data_dir, "VmRSS")


class _Progress:
    """Print rows and rows/s to stderr every half minute, to follow a long run."""

    def __init__(self, started: float, data_dir: Path) -> None:
        self._started, self._last, self._data_dir = started, started, data_dir

    def __call__(self, source: SourceFile, rows: int) -> None:
        now = time.perf_counter()
        if now - self._last >= 30:
            self._last = now
            print(f"  {now - self._started:,.0f} s: {source.kind} {rows:,} rows, loader RSS "
                  f"{peak_rss_gb():.2f} GB, engine RSS {engine_rss_gb(self._data_dir):.2f} GB",
                  file=sys.stderr, flush=True)  # fmt: skip


async def restart_time(data_dir: Path) -> None:
    """Stop the engine on `data_dir`, start it again, and time it until it answers a lookup
    by customer id from the index (the engine rebuilds its indexes while loading)."""
    server = EmbeddedServer(data_dir)
    server.stop()
    started = time.perf_counter()
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    answering = time.perf_counter() - started
    while not await engine.indexes_ready():  # noqa: ASYNC110 - the engine tells only when asked
        await asyncio.sleep(0.5)
    ready = time.perf_counter() - started
    print(f"| restart: engine answering | | {answering:.1f} s | | engine RSS "
          f"{engine_rss_gb(data_dir):.2f} GB |")  # fmt: skip
    print(f"| restart: every index usable | | {ready:.1f} s | | |")
    await engine.close()
    server.stop()


async def limit(engine: EmbeddedEngine, files: list[Path]) -> tuple[int, float]:
    """Write pre-validated rows through the loaders' own statements; time the writes only."""
    written, seconds, touched = 0, 0.0, set[str]()
    async with engine.bulk_load():  # as the loaders do: one log rewrite, at the end
        for source in plan(files):
            for raw in read_chunks(source, BULK_BATCH_SIZE):
                rows = [row for _, row in validate(source.model, raw).rows]
                started = time.perf_counter()
                written += await WRITERS[source.kind](engine, rows)
                seconds += time.perf_counter() - started
                touched |= touched_customers(source.kind, rows)
        started = time.perf_counter()
        await refresh_engagement(engine, touched)
    return written, seconds + time.perf_counter() - started  # the rewrite counts too


async def measure(
    work: Path, files: list[Path], skip_limit: bool, keep: Path | None, mode: LoadMode
) -> None:
    """Load with the loaders, then (unless skipped) write the limit; print table rows.

    Each path gets its own fresh engine, so both start from an empty append-only file and
    pay the same log rewrites; neither shares memory with the other's graph.
    """
    loader_dir = keep or work / "loader-engine"
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=loader_dir))
    await engine.apply_schema()
    started = time.perf_counter()
    progress = _Progress(started, loader_dir)
    report = await load_files(engine, plan(files), on_progress=progress, mode=mode)
    loaded = time.perf_counter() - started
    for file in report.files:
        print(f"|   {file.source.kind} | {file.read:,} rows | {file.seconds:.0f} s | "
              f"{file.read / max(file.seconds, 1e-9):,.0f} rows/s | |")  # fmt: skip
    for step, seconds in report.steps.items():
        print(f"|   {step} | | {seconds:.0f} s | | |")
    rest = loaded - sum(file.seconds for file in report.files) - sum(report.steps.values())
    print(f"|   log rewrite ({report.refreshed_customers:,} customers' statistics refreshed) | | "
          f"{rest:.0f} s | | |")  # fmt: skip
    on_disk = sum(p.stat().st_size for p in loader_dir.rglob("appendonly*") if p.is_file())
    print(f"| load with the loaders ({report.mode}) | {report.read:,} rows "
          f"({report.rejected} rejected) | "
          f"{loaded:.0f} s | {report.read / loaded:,.0f} rows/s | loader peak RSS "
          f"{peak_rss_gb():.2f} GB; engine peak RSS {engine_peak_gb(loader_dir):.2f} GB; "
          f"on disk {on_disk / 1024**2:,.0f} MB |")  # fmt: skip
    await engine.close()
    if skip_limit:
        return
    raw = await EmbeddedEngine.open(GraphSettings(data_dir=work / "limit-engine"))
    await raw.apply_schema()
    written, seconds = await limit(raw, files)
    print(f"| limit: same statements, pre-validated rows | {written:,} rows | "
          f"{seconds:.0f} s | {written / seconds:,.0f} rows/s | |")  # fmt: skip
    print(f"| loader / limit | | | **{(report.read / loaded) / (written / seconds):.2f}x** | |")
    await raw.close()


def main(
    customers: int,
    seed: int,
    skip_limit: bool,
    keep: Path | None,
    bank: Path | None,
    mode: LoadMode,
    restart: bool,
) -> None:
    """Generate (unless given a bank), load, measure; print a Markdown table row by row."""
    work = Path(tempfile.mkdtemp(prefix="kith-load-bench-"))
    try:
        if bank is None:
            bank = work / "bank"
            started = time.perf_counter()
            counts = write_bank(bank, customers=customers, seed=seed)
            generated = time.perf_counter() - started
            rows = sum(counts.values())
            print(
                f"| generate {customers:,} customers | {rows:,} rows "
                f"({counts['interactions']:,} interactions) | {generated:.0f} s | "
                f"{rows / generated:,.0f} rows/s | peak RSS {peak_rss_gb():.2f} GB |"
            )
        files = sorted(p for p in bank.glob("*.csv") if ".rejected." not in p.name)
        asyncio.run(measure(work, files, skip_limit, keep, mode))
        if restart:
            asyncio.run(restart_time(keep or work / "loader-engine"))
    finally:
        for engine_dir in (keep or work / "loader-engine", work / "limit-engine"):
            EmbeddedServer(engine_dir).stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-limit", action="store_true", help="only generate and load")
    parser.add_argument(
        "--keep", type=Path, help="leave the loaded graph in this data dir (for bench.api_latency)"
    )
    parser.add_argument("--bank", type=Path, help="load the CSV bank in this folder, not a new one")
    parser.add_argument("--mode", choices=["bulk", "incremental"], default="incremental")
    parser.add_argument("--restart", action="store_true", help="time a restart after the load")
    arguments = parser.parse_args()
    if arguments.keep and arguments.keep.exists() and any(arguments.keep.iterdir()):
        parser.error(f"--keep {arguments.keep}: the folder must be new or empty")
    if arguments.bank and not any(arguments.bank.glob("*.csv")):
        parser.error(f"--bank {arguments.bank}: no CSV files there")
    main(
        arguments.customers, arguments.seed, arguments.skip_limit, arguments.keep,
        arguments.bank, arguments.mode, arguments.restart,
    )  # fmt: skip
