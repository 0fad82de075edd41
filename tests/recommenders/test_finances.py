"""The financial core: assets, liabilities, debt ratio and cashflow of open accounts."""

from graph.records import Holding, Money
from recommenders.finances import financial_core


def holding(category: str, balance: int, flow: int, status: str = "OPEN") -> Holding:
    return Holding(
        account_id=category, product_id=category, product_name=category, role="PRIMARY",
        balance=Money(balance, "GBP"), status=status, category=category,
        monthly_flow=Money(flow, "GBP"),
    )  # fmt: skip


def test_loans_are_liabilities_and_closed_accounts_do_not_count() -> None:
    core = financial_core(
        [
            holding("CURRENT", 200_000, 30_000),
            holding("SAVINGS", 800_000, 10_000),
            holding("MORTGAGE", -5_000_000, -90_000),
            holding("PERSONAL_LOAN", -100_000, -5_000, status="CLOSED"),
        ],
        "GBP",
    )
    assert (core.assets_minor, core.liabilities_minor) == (1_000_000, 5_000_000)
    assert core.monthly_cashflow_minor == -50_000
    assert core.debt_ratio == 5.0


def test_no_assets_means_no_ratio() -> None:
    assert financial_core([holding("CARD", -1_000, 0)], "GBP").debt_ratio is None
