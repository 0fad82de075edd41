"""The attrition rule on hand-built disputes and spending whose right answer is known."""

from datetime import UTC, datetime

from graph.records import CaseSummary, Incident, UsagePoint, UsageSeries
from recommenders.attrition import AttritionSettings, attrition_signals

NOW = int(datetime(2026, 11, 23, tzinfo=UTC).timestamp() * 1000)
MONTHS = ("2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09")


def ms(day: str) -> int:
    return int(datetime.fromisoformat(day + "T10:00:00+00:00").timestamp() * 1000)


def dispute(opened: str, resolved: str | None, category: str = "CARD_DISPUTE") -> CaseSummary:
    return CaseSummary(
        id="K-1", customer_id="C-1", category=category, stage="RESOLVED" if resolved else "OPENED",
        opened_at=ms(opened), stage_at=None, resolved_at=ms(resolved) if resolved else None,
        product_id="P-CARD", account_id="A-1",
    )  # fmt: skip


def spending(*amounts: int, incidents: tuple[Incident, ...] = ()) -> list[UsageSeries]:
    points = tuple(UsagePoint(m, 10, a) for m, a in zip(MONTHS, amounts, strict=True))
    return [UsageSeries("A-1", "CARD_SPEND", "GBP", points, incidents)]


STEADY_THEN_FALLING = spending(60_000, 62_000, 58_000, 61_000, 20_000, 15_000, 9_000)


def test_a_dragging_dispute_then_a_drop_raises_a_signal() -> None:
    [signal] = attrition_signals([dispute("2026-06-10", None)], STEADY_THEN_FALLING, now_ms=NOW)
    assert (signal.case_id, signal.drop_month, signal.still_open) == ("K-1", "2026-07", True)
    assert signal.days_unresolved == 165
    assert signal.drop_share == round(1 - 20_000 / 60_000, 3)
    assert signal.severity == 5
    assert "down 67 % from 2026-07" in signal.reason


def test_no_signal_for_a_quick_dispute_a_steady_card_or_another_case() -> None:
    quick = dispute("2026-06-10", "2026-06-15")
    assert attrition_signals([quick], STEADY_THEN_FALLING, now_ms=NOW) == []
    steady = spending(60_000, 62_000, 58_000, 61_000, 59_000, 57_000, 60_500)
    assert attrition_signals([dispute("2026-06-10", None)], steady, now_ms=NOW) == []
    billing = dispute("2026-06-10", None, category="BILLING_DISPUTE")
    assert attrition_signals([billing], STEADY_THEN_FALLING, now_ms=NOW) == []


def test_a_late_resolution_still_counts_and_thresholds_are_settings() -> None:
    late = dispute("2026-06-10", "2026-08-30")
    [signal] = attrition_signals([late], STEADY_THEN_FALLING, now_ms=NOW)
    assert (signal.days_unresolved, signal.still_open, signal.severity) == (81, False, 4)
    assert (
        attrition_signals(
            [late], STEADY_THEN_FALLING, now_ms=NOW, settings=AttritionSettings(dispute_days=90)
        )
        == []
    )
    assert (
        attrition_signals(
            [late], STEADY_THEN_FALLING, now_ms=NOW, settings=AttritionSettings(spend_drop=0.9)
        )
        == []
    )


def test_a_month_an_incident_touched_is_not_a_drop() -> None:
    outage = Incident("INC-1", "CONTACT_CENTER", "CARD_SPEND", "2026-07-06", "2026-07-08", "x")
    dip = spending(60_000, 62_000, 58_000, 61_000, 20_000, 59_000, 60_000, incidents=(outage,))
    assert attrition_signals([dispute("2026-06-10", None)], dip, now_ms=NOW) == []


def test_a_dispute_early_in_the_series_takes_its_own_month_into_the_baseline() -> None:
    [signal] = attrition_signals([dispute("2026-04-02", None)], STEADY_THEN_FALLING, now_ms=NOW)
    assert signal.drop_month == "2026-07"  # baseline: March and April
    assert (
        attrition_signals([dispute("2026-03-02", None)], spending(*7 * [60_000]), now_ms=NOW) == []
    )
