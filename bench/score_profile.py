"""Where a `kith score` run spends its time: each engine statement's total, by name.

Run: .venv/bin/python -m bench.score_profile --data-dir DIR [--on 2026-10-31] [--customers N]
     where DIR holds a loaded bank (e.g. `kith demo --customers 10000`); with --customers,
     only the first N customers by id are scored (the whole-bank steps still run): a
     million-customer bank's costs per customer without a 40-minute run.

Scores the whole bank once (without a model: the propensities' write-back is
bench.next_product_scale's) through the same observing engine the service uses, so each
statement is timed under its constant's name; prints the run's wall time, the share the
engine's statements took, and the statements that took the most, as a Markdown table.
"""

import argparse
import asyncio
import os
import time
from datetime import date
from pathlib import Path

from opentelemetry import trace

from api.jobs.scoring import ScoreSettings, data_day, score_all
from api.observability.engine import ObservedEngine
from api.observability.metrics import Metrics
from graph.customers import list_all_customer_ids
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings


async def profile(data_dir: Path, on: date | None, top: int, customers: int | None) -> None:
    """Score the bank once, observed; print the statements' totals."""
    settings = GraphSettings(data_dir=data_dir)
    engine = await EmbeddedEngine.open(settings)
    metrics = Metrics()
    observed = ObservedEngine(
        engine, metrics, trace.get_tracer("kith-bench"), tracing=False,
        pool_size=settings.pool_size,
    )  # fmt: skip
    try:
        day = on or await data_day(engine)
        engine_cpu = _cpu_seconds(data_dir)
        process_cpu = time.process_time()
        started = time.perf_counter()
        only = None if customers is None else (await list_all_customer_ids(engine))[:customers]
        report = await score_all(observed, ScoreSettings(day), only=only)
        wall = time.perf_counter() - started
        process_cpu = time.process_time() - process_cpu
        engine_cpu = _cpu_seconds(data_dir) - engine_cpu
    finally:
        await engine.close()
    totals: dict[str, tuple[float, float]] = {}
    for family in metrics.registry.collect():
        for sample in family.samples:
            name = sample.labels.get("statement")
            if family.name != "kith_engine_statement_seconds" or name is None:
                continue
            seconds, count = totals.get(name, (0.0, 0.0))
            if sample.name.endswith("_sum"):
                totals[name] = (seconds + sample.value, count)
            elif sample.name.endswith("_count"):
                totals[name] = (seconds, count + sample.value)
    engine_s = sum(s for s, _ in totals.values())
    print(f"{report.customers:,} customers scored as of {day.isoformat()} in {wall:.1f} s; "
          f"engine statements {engine_s:.1f} s ({engine_s / wall:.0%}); CPU: this process "
          f"{process_cpu:.1f} s, the engine {engine_cpu:.1f} s")  # fmt: skip
    print("| statement | calls | s | share of the run |\n|---|---|---|---|")
    for name, (seconds, count) in sorted(totals.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"| {name} | {count:,.0f} | {seconds:.2f} | {seconds / wall:.0%} |")


def _cpu_seconds(data_dir: Path) -> float:
    """The engine process's CPU time so far (user + system), from /proc."""
    pid = (data_dir / "engine.pid").read_text().strip()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--on", type=date.fromisoformat, default=None)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--customers", type=int, default=None)
    args = parser.parse_args()
    asyncio.run(profile(args.data_dir, args.on, args.top, args.customers))


if __name__ == "__main__":
    main()
