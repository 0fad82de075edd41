"""The attrition rule on hand-built disputes and spending whose right answer is known."""

from datetime import UTC, datetime

from graph.records import CaseSummary, Incident, UsagePoint, UsageSeries
from recommenders.attrition import AttritionSettings, attrition_signals, seasonal_index

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
    slow = AttritionSettings(dispute_days=90)
    assert attrition_signals([late], STEADY_THEN_FALLING, now_ms=NOW, settings=slow) == []
    deep = AttritionSettings(spend_drop=0.9)
    assert attrition_signals([late], STEADY_THEN_FALLING, now_ms=NOW, settings=deep) == []


def test_a_month_an_incident_touched_is_not_a_drop() -> None:
    outage = Incident("INC-1", "CONTACT_CENTER", "CARD_SPEND", "2026-07-06", "2026-07-08", "x")
    dip = spending(60_000, 62_000, 58_000, 61_000, 20_000, 59_000, 60_000, incidents=(outage,))
    assert attrition_signals([dispute("2026-06-10", None)], dip, now_ms=NOW) == []


def test_a_dispute_early_in_the_series_takes_its_own_month_into_the_baseline() -> None:
    [signal] = attrition_signals([dispute("2026-05-02", None)], STEADY_THEN_FALLING, now_ms=NOW)
    assert signal.drop_month == "2026-07"  # baseline: March to May
    assert (
        attrition_signals([dispute("2026-03-02", None)], spending(*7 * [60_000]), now_ms=NOW) == []
    )


def test_a_one_month_dip_is_not_sustained() -> None:
    dip = spending(60_000, 62_000, 58_000, 61_000, 15_000, 59_000, 60_000)
    assert attrition_signals([dispute("2026-06-10", None)], dip, now_ms=NOW) == []


def test_a_dip_the_whole_bank_has_is_not_this_customers_drop() -> None:
    # Everyone's spending halved in July and August (say, a long holiday season).
    dipped = spending(60_000, 62_000, 58_000, 61_000, 24_000, 25_000, 60_000)
    index = {m: 1.0 for m in MONTHS} | {"2026-07": 0.4, "2026-08": 0.42}
    case = [dispute("2026-06-10", None)]
    assert attrition_signals(case, dipped, now_ms=NOW, index=index) == []
    assert attrition_signals(case, dipped, now_ms=NOW) != []  # without the index it would fire


def test_a_volatile_spender_falls_within_their_own_spread() -> None:
    volatile = spending(90_000, 30_000, 70_000, 20_000, 15_000, 14_000, 80_000)
    assert attrition_signals([dispute("2026-06-10", None)], volatile, now_ms=NOW) == []


def closed(opened: str, closed_on: str) -> CaseSummary:
    return CaseSummary(
        id="K-1", customer_id="C-1", category="CARD_DISPUTE", stage="CLOSED",
        opened_at=ms(opened), stage_at=ms(closed_on), resolved_at=None,
        product_id="P-CARD", account_id="A-1",
    )  # fmt: skip


def test_a_case_ends_at_its_closed_step() -> None:
    quick = closed("2026-06-10", "2026-06-14")
    assert attrition_signals([quick], STEADY_THEN_FALLING, now_ms=NOW) == []
    late = closed("2026-06-10", "2026-09-20")
    [signal] = attrition_signals([late], STEADY_THEN_FALLING, now_ms=NOW)
    assert (signal.days_unresolved, signal.still_open) == (102, False)
    # As of a day before it closed, it was still open then.
    [then] = attrition_signals([late], STEADY_THEN_FALLING, now_ms=ms("2026-08-31"))
    assert (then.days_unresolved, then.still_open) == (82, True)


def test_a_dispute_naming_only_the_product_reads_the_customers_accounts_of_it() -> None:
    series = [
        UsageSeries("A-9", "CARD_SPEND", "GBP",
                    tuple(UsagePoint(m, 10, 50_000) for m in MONTHS), (), "P-OTHER"),
        UsageSeries("A-1", "CARD_SPEND", "GBP", STEADY_THEN_FALLING[0].points, (), "P-CARD"),
    ]  # fmt: skip
    product_only = CaseSummary(
        id="K-2", customer_id="C-1", category="CARD_DISPUTE", stage="OPENED",
        opened_at=ms("2026-06-10"), stage_at=None, resolved_at=None,
        product_id="P-CARD", account_id=None,
    )  # fmt: skip
    [signal] = attrition_signals([product_only], series, now_ms=NOW)
    assert (signal.account_id, signal.drop_month) == ("A-1", "2026-07")


def test_the_run_sees_nothing_after_its_as_of_day() -> None:
    case = [dispute("2026-06-10", None)]
    assert attrition_signals(case, STEADY_THEN_FALLING, now_ms=ms("2026-07-20")) == []
    [signal] = attrition_signals(case, STEADY_THEN_FALLING, now_ms=ms("2026-08-31"))
    assert (signal.days_unresolved, signal.as_of) == (82, "2026-08-31")
    assert "unresolved for 82 days on 2026-08-31 (still open)" in signal.reason


def test_the_seasonal_index_is_the_banks_movement_per_month() -> None:
    shapes = (1.0, 1.0, 1.5, 0.5)  # a peak then a dip for everyone, at any level
    sample = [
        UsageSeries(f"A-{n}", "CARD_SPEND", "GBP", tuple(
            UsagePoint(m, 1, int(level * shape))
            for m, shape in zip(MONTHS[:4], shapes, strict=True)
        ))
        for n, level in enumerate(range(10_000, 60_000, 2_000))
    ]  # fmt: skip
    index = seasonal_index(sample)
    assert index["2026-05"] == round(1.5 / 1.0, 4)
    assert index["2026-06"] == round(0.5 / 1.0, 4)
    assert seasonal_index(sample[:5]) == {}  # too few series for any month
