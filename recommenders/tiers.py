"""Value tiers: mass, mass affluent, affluent, private.

A customer's tier starts from what they keep with the bank (their assets: deposits,
savings, investments, pensions) and moves one step for how they bank: up for a long,
broad and profitable relationship, down when serving them costs more than they earn the
bank. The thresholds are settings (`TierThresholds`), in minor units of one currency.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from graph.records import Holding
from recommenders.finances import financial_core

TIERS: Final = ("MASS", "MASS_AFFLUENT", "AFFLUENT", "PRIVATE")


@dataclass(frozen=True, slots=True)
class TierThresholds:
    """Where each tier starts, and what moves a customer a step."""

    mass_affluent_minor: int = 1_500_000  # 15,000 in assets
    affluent_minor: int = 7_500_000
    private_minor: int = 25_000_000
    deposit_margin: float = 0.01  # a year's margin on assets…
    lending_margin: float = 0.025  # …and on loans
    cost_per_contact_minor: int = 500  # what a contact costs to serve
    loyal_years: int = 10  # tenure, products and profit that earn a step up
    loyal_products: int = 4
    loyal_profit_minor: int = 50_000


@dataclass(frozen=True, slots=True)
class ValueTier:
    """The tier and what it was read from (a year's profit estimate, in minor units)."""

    tier: str
    assets_minor: int
    annual_profit_minor: int
    products: int
    tenure_years: int


def tenure_years(holdings: Sequence[Holding], today: date) -> int:
    """Whole years since the oldest open account was opened (0 without dates)."""
    opened = [date.fromisoformat(h.opened_on) for h in holdings
              if h.opened_on and h.status != "CLOSED"]  # fmt: skip
    return (today - min(opened)).days // 365 if opened else 0


def value_tier(
    holdings: Sequence[Holding], contacts_per_year: float, currency: str, today: date,
    thresholds: TierThresholds = TierThresholds(),
) -> ValueTier:  # fmt: skip
    """Tier one customer from their open accounts and how often they need serving."""
    t = thresholds
    core = financial_core(holdings, currency)
    open_accounts = [h for h in holdings if h.status != "CLOSED"]
    profit = round(
        core.assets_minor * t.deposit_margin + core.liabilities_minor * t.lending_margin
        - contacts_per_year * t.cost_per_contact_minor
    )  # fmt: skip
    tenure = tenure_years(holdings, today)
    products = len({h.product_id for h in open_accounts})
    level = sum(core.assets_minor >= floor for floor in (
        t.mass_affluent_minor, t.affluent_minor, t.private_minor,
    ))  # fmt: skip
    loyal = tenure >= t.loyal_years and products >= t.loyal_products
    if loyal and profit >= t.loyal_profit_minor:
        level = min(level + 1, len(TIERS) - 1)
    elif profit < 0:
        level = max(level - 1, 0)
    return ValueTier(TIERS[level], core.assets_minor, profit, products, tenure)
