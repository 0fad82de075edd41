"""The bank written from the documents (tests/adversarial/bank.py): what each pattern must
and must not raise, loaded and scored as a new user would."""

from datetime import date
from pathlib import Path

from api.jobs.scoring import ScoreSettings, data_day, recheck_disputing, score_all
from api.types.needs import Need as NeedType
from graph.alerts import get_alerts, list_alert_queue
from graph.engines.embedded import EmbeddedEngine
from graph.insights import list_needs_of
from loaders.pipeline import LoadReport, load_files, plan
from recommenders.attrition import AttritionSettings
from recommenders.facts import words_of
from recommenders.needs import said
from tests.adversarial.bank import AS_OF, Bank, write_bank
from tests.loaders.bank_files import bank_paths


async def load(engine: EmbeddedEngine, folder: Path) -> LoadReport:
    return await load_files(engine, plan(bank_paths(folder)))


async def flagged(engine: EmbeddedEngine) -> set[str]:
    """The cases with an attrition alert that holds (open or acknowledged)."""
    ids: list[str] = []
    for status in ("OPEN", "ACKNOWLEDGED"):
        found, _ = await list_alert_queue(engine, status=status, agent_id=None, skip=0,
                                          limit=10_000)  # fmt: skip
        ids += found
    return {i.removeprefix("AL-ATTRITION-") for i in ids if i.startswith("AL-ATTRITION-")}


async def scored(engine: EmbeddedEngine, tmp_path: Path) -> Bank:
    bank = write_bank(tmp_path / "bank")
    report = await load(engine, tmp_path / "bank")
    assert report.rejected == 0
    day = await data_day(engine)
    assert day == date.fromisoformat(AS_OF)  # the data's latest event, not the clock
    await score_all(engine, ScoreSettings(day))
    return bank


async def test_attrition_fires_on_real_falls_and_not_on_seasons_volatility_or_closed_cases(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    bank = await scored(engine, tmp_path)
    found = await flagged(engine)
    assert {bank.alerts[c] for c in found & set(bank.alerts)} == set(bank.alerts.values())
    assert found == set(bank.alerts), {bank.quiet.get(c) for c in found - set(bank.alerts)}
    by_pattern = {pattern: case for case, pattern in bank.alerts.items()}
    alerts = await get_alerts(engine, alert_ids=[f"AL-ATTRITION-{c}" for c in found])
    late = alerts[f"AL-ATTRITION-{by_pattern['late']}"]
    assert (late.severity, late.as_of) == (4, AS_OF)
    assert "unresolved for 79 days (resolved late)" in late.reason
    drop = alerts[f"AL-ATTRITION-{by_pattern['drop']}"]
    # Counted to the as-of day (12 May to 31 October), and raised as of it.
    assert "unresolved for 172 days on 2026-10-31 (still open)" in drop.reason
    assert drop.raised_at == 1_793_404_800_000  # 2026-10-31T00:00Z


async def test_a_rerun_refreshes_alerts_and_closes_one_that_no_longer_holds(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    bank = await scored(engine, tmp_path)
    before = await flagged(engine)
    assert await score_all(engine, ScoreSettings(date.fromisoformat(AS_OF))) is not None
    assert await flagged(engine) == before  # the same alerts, none added
    # The bank sends the dragging dispute's resolution, eight days after it opened.
    drop = next(case for case, pattern in bank.alerts.items() if pattern == "drop")
    steps = tmp_path / "later" / "case_steps.csv"
    steps.parent.mkdir()
    steps.write_text(f"id,caseId,stage,at\n{drop}-R,{drop},RESOLVED,2026-05-20T09:00:00Z\n")
    await load(engine, steps.parent)
    _, holding = await recheck_disputing(engine, AttritionSettings())
    assert await flagged(engine) == before - {drop}
    [closed] = (await get_alerts(engine, alert_ids=[f"AL-ATTRITION-{drop}"])).values()
    assert (closed.status, closed.as_of) == ("CLOSED", AS_OF)
    assert holding == len(before) - 1


async def test_needs_see_the_household_cover(engine: EmbeddedEngine, tmp_path: Path) -> None:
    bank = await scored(engine, tmp_path)
    people = sorted({who for found in (*bank.needs.values(), *bank.no_needs.values())
                     for who, _, _ in found})  # fmt: skip
    stored = await list_needs_of(engine, customer_ids=people)
    held = {(who, n.kind, n.subject_id or "") for who, needs in stored.items() for n in needs}
    for pattern, expected in bank.needs.items():
        assert expected <= held, pattern
    for pattern, covered in bank.no_needs.items():
        assert not covered & held, pattern


async def test_evidence_names_the_day_its_ages_are_counted_to(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    bank = await scored(engine, tmp_path)
    parent, _, child = sorted(bank.needs["child_no_plan"])[0]
    [need] = [n for n in (await list_needs_of(engine, customer_ids=[parent]))[parent]
              if n.subject_id == child]  # fmt: skip
    shown = NeedType.from_record(need)
    day = shown.as_of.isoformat() if shown.as_of else None
    # The bank gives no given name: the full name is said whole (never split).
    assert [said(words_of(line), day) for line in shown.facts] == [
        "child Child O'Brien, 11 on 2026-10-31, no education plan"
    ]
    assert shown.as_of == date(2026, 10, 31)
