"""Value tiers on hand-built holdings whose right answer is known."""

from datetime import date

from graph.records import Holding, Money
from recommenders.tiers import TierThresholds, value_tier

TODAY = date(2026, 11, 23)


def held(product: str, category: str, balance: int, opened: str = "2024-01-01",
         status: str = "OPEN") -> Holding:  # fmt: skip
    return Holding(
        account_id=product, product_id=product, product_name=product, role="PRIMARY",
        balance=Money(balance, "GBP"), status=status, category=category, opened_on=opened,
    )  # fmt: skip


def test_assets_set_the_tier() -> None:
    assert value_tier([held("P-CURRENT", "CURRENT", 200_000)], 2, "GBP", TODAY).tier == "MASS"
    saver = [held("P-CURRENT", "CURRENT", 300_000), held("P-SAVER", "SAVINGS", 1_500_000)]
    assert value_tier(saver, 2, "GBP", TODAY).tier == "MASS_AFFLUENT"
    rich = [held("P-INVEST", "INVESTMENT", 30_000_000)]
    found = value_tier(rich, 2, "GBP", TODAY)
    assert (found.tier, found.assets_minor, found.products) == ("PRIVATE", 30_000_000, 1)
    assert found.annual_profit_minor == 300_000 - 1_000


def test_a_long_broad_profitable_relationship_steps_up() -> None:
    loyal = [
        held("P-CURRENT", "CURRENT", 500_000, "2008-05-01"),
        held("P-SAVER", "SAVINGS", 2_000_000),
        held("P-CARD", "CARD", -100_000),
        held("P-MORTGAGE", "MORTGAGE", -15_000_000),
    ]
    found = value_tier(loyal, 4, "GBP", TODAY)
    assert (found.tenure_years, found.products) == (18, 4)
    assert found.tier == "AFFLUENT"  # mass affluent by assets, one step up


def test_costing_more_than_earning_steps_down_and_thresholds_are_settings() -> None:
    caller = [held("P-CURRENT", "CURRENT", 1_600_000)]
    assert value_tier(caller, 2, "GBP", TODAY).tier == "MASS_AFFLUENT"
    assert value_tier(caller, 40, "GBP", TODAY).tier == "MASS"  # 16,000 margin < 20,000 cost
    strict = TierThresholds(mass_affluent_minor=5_000_000)
    assert value_tier(caller, 2, "GBP", TODAY, strict).tier == "MASS"
    closed = [held("P-SAVER", "SAVINGS", 9_000_000, status="CLOSED")]
    assert value_tier(closed, 0, "GBP", TODAY).tier == "MASS"
