"""The attrition rule against the synthetic bank's planted cases: precision and recall.

Run: .venv/bin/python -m bench.attrition_eval --customers 10000 [--dispute-days 30 --spend-drop 0.4]

Writes the bank (seed 7), loads it on a fresh embedded engine, runs `kith score`'s scoring
as of the bank's snapshot day, and compares the ATTRITION_RISK alerts with the planted
truth (dragging card disputes, half followed by a card-spending drop, half not).
"""

import argparse
import asyncio
import shutil
import tempfile
from datetime import date
from pathlib import Path

from api.jobs.scoring import ScoreSettings, check_attrition, score_all
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank
from recommenders.attrition import AttritionSettings

SNAPSHOT = date(2026, 10, 31)


async def measure(work: Path, settings: ScoreSettings) -> None:
    """Load, score, compare; print a Markdown row."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=work / "kith"))
    await engine.apply_schema()
    await load_files(engine, plan(sorted((work / "bank").glob("*.csv"))))
    await score_all(engine, settings)
    check = await check_attrition(engine, work / "bank" / "truth" / "attrition_cases.csv")
    rules = settings.attrition
    print("| N days | X drop | alerts | planted | caught | precision | recall |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {rules.dispute_days} | {rules.spend_drop:.0%} | {check.flagged} | "
        f"{check.planted} | {check.hits} | {check.precision:.2f} | {check.recall:.2f} |"
    )
    await engine.close()


def main() -> None:
    """Parse arguments; measure in a temporary folder; clean up."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--dispute-days", type=int, default=30)
    parser.add_argument("--spend-drop", type=float, default=0.4)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kith-attrition-"))
    try:
        write_bank(work / "bank", customers=args.customers, seed=7)
        settings = ScoreSettings(SNAPSHOT, AttritionSettings(args.dispute_days, args.spend_drop))
        asyncio.run(measure(work, settings))
    finally:
        EmbeddedServer(work / "kith").stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
