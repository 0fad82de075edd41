"""The financial core of a customer or household: assets, liabilities, debt ratio, cashflow."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from graph.codes import ProductCategory
from graph.records import Holding

LIABILITIES: Final = frozenset(
    {
        ProductCategory.CARD,
        ProductCategory.MORTGAGE,
        ProductCategory.PERSONAL_LOAN,
        ProductCategory.HIRE_PURCHASE,
    }
)


@dataclass(frozen=True, slots=True)
class FinancialCore:
    """Totals in minor units of one currency; the debt ratio is liabilities / assets."""

    currency: str
    assets_minor: int
    liabilities_minor: int
    monthly_cashflow_minor: int
    debt_ratio: float | None


def financial_core(holdings: Iterable[Holding], currency: str) -> FinancialCore:
    """Sum open accounts in `currency`: positive balances are assets, loans liabilities."""
    assets = liabilities = cashflow = 0
    for holding in holdings:
        if holding.status == "CLOSED" or holding.balance.currency != currency:
            continue
        balance = holding.balance.minor_units
        if holding.category in LIABILITIES or balance < 0:
            liabilities += abs(balance)
        else:
            assets += balance
        cashflow += holding.monthly_flow.minor_units if holding.monthly_flow else 0
    ratio = round(liabilities / assets, 4) if assets else None
    return FinancialCore(currency, assets, liabilities, cashflow, ratio)
