"""A score run writes the whole bank: the embedded engine's log is rewritten once, at its
end, not whenever it grows by a quarter (a rewrite forks the whole engine; at a million
customers one mid-run ran the machine out of memory)."""

from datetime import date
from pathlib import Path

import pytest

from api.jobs import scoring
from api.jobs.scoring import ScoreReport, ScoreSettings
from graph.engines.embedded import EmbeddedEngine
from tests.graph.engines.test_embedded_server import _rewrite_percentage


async def test_a_score_run_holds_log_rewrites_until_its_end(
    engine: EmbeddedEngine, engine_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[bytes] = []

    async def the_run(*_: object) -> ScoreReport:
        during.append(_rewrite_percentage(engine_dir))
        return ScoreReport(customers=1)

    monkeypatch.setattr(scoring, "_score_all", the_run)
    report = await scoring.score_all(engine, ScoreSettings(date(2026, 10, 31)))
    assert report.customers == 1
    assert during == [b"0"]  # held off while the run writes
    assert _rewrite_percentage(engine_dir) == b"25"  # and back after it
