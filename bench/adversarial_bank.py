"""Attrition and needs on the bank written from the documents (tests/adversarial/bank.py).

Run: PYTHONPATH=. .venv/bin/python -m bench.adversarial_bank --copies 20 [--seed 18]

Writes the bank (each pattern `copies` times, 40 ordinary card holders per copy), loads it
on a fresh embedded engine, scores it as of the data's latest event day, and prints the
attrition rule's precision and recall against the planted cases (with the alerts per
pattern), then needs: recall per planted situation and false needs where the household
already holds the cover.
"""

import argparse
import asyncio
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from api.jobs.scoring import ScoreSettings, data_day, score_all
from graph.engines.embedded import EmbeddedEngine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from graph.insights import list_needs_of
from loaders.pipeline import load_files, plan
from tests.adversarial.bank import Bank, write_bank
from tests.adversarial.test_bank import flagged


async def measure(work: Path, bank: Bank) -> None:
    """Load, score, compare; print Markdown tables."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=work / "kith"))
    await engine.apply_schema()
    report = await load_files(engine, plan(sorted((work / "bank").glob("*.csv"))))
    day = await data_day(engine)
    await score_all(engine, ScoreSettings(day))
    found = await flagged(engine)
    planted = set(bank.alerts)
    hits = len(found & planted)
    print(f"rows rejected: {report.rejected}; scored as of {day.isoformat()}\n")
    print("| alerts | planted | caught | precision | recall |\n|---|---|---|---|---|")
    print(f"| {len(found)} | {len(planted)} | {hits} | {hits / max(len(found), 1):.2f} | "
          f"{hits / max(len(planted), 1):.2f} |\n")  # fmt: skip
    patterns = {**bank.alerts, **bank.quiet}
    raised, cases = Counter(patterns[c] for c in found), Counter(patterns.values())
    print("| pattern | should alert | cases | alerted |\n|---|---|---|---|")
    for pattern in sorted(cases):
        print(f"| {pattern} | {pattern in bank.alerts.values()} | {cases[pattern]} | "
              f"{raised[pattern]} |")  # fmt: skip
    people = sorted({who for rows in (*bank.needs.values(), *bank.no_needs.values())
                     for who, _, _ in rows})  # fmt: skip
    stored = await list_needs_of(engine, customer_ids=people)
    held = {(who, n.kind, n.subject_id or "") for who, needs in stored.items() for n in needs}
    print("\n| situation | planted needs | found | recall | covered (no need) | false needs |")
    print("|---|---|---|---|---|---|")
    for pattern in sorted({*bank.needs, *bank.no_needs}):
        want, covered = bank.needs.get(pattern, set()), bank.no_needs.get(pattern, set())
        got = len(want & held)
        recall = f"{got / len(want):.2f}" if want else "-"
        print(f"| {pattern} | {len(want)} | {got} | {recall} | {len(covered)} | "
              f"{len(covered & held)} |")  # fmt: skip
    await engine.close()


def main() -> None:
    """Parse arguments; measure in a temporary folder; clean up."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kith-adversarial-"))
    try:
        bank = write_bank(work / "bank", copies=args.copies, seed=args.seed)
        asyncio.run(measure(work, bank))
    finally:
        EmbeddedServer(work / "kith").stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
