"""Accounts that follow life stage and wealth: joint current accounts and mortgages for couples,
education savings for some children, medical cover for some elderly parents."""

from dataclasses import dataclass, field
from datetime import timedelta
from random import Random
from typing import Final

from loaders.synthetic.calendar import SNAPSHOT
from loaders.synthetic.catalogue import LOANS, PRODUCT_OF
from loaders.synthetic.people import Household, Person


@dataclass(slots=True)
class Account:
    """An account as the generator knows it, with its holders (primary first)."""

    id: str
    category: str
    opened: str
    balance: int
    flow: int
    status: str = "OPEN"
    holders: list[Person] = field(default_factory=list)
    variant: str | None = None  # the product, where the bank sells variants of its category

    @property
    def product(self) -> str:
        """The catalogue product of this account."""
        return self.variant or PRODUCT_OF[self.category]


class Holdings:
    """Opens each household's accounts with fresh ids."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.accounts = 0

    def open(self, household: Household) -> list[Account]:
        """Every account the household's members hold."""
        rng = self.rng
        adults = [p for p in household.members if p.age >= 18]
        children = [p for p in household.members if p.age < 18]
        accounts: list[Account] = []
        couple = household.shape in ("COUPLE", "FAMILY", "ELDERLY") and len(adults) >= 2
        if couple and rng.random() < 0.7:
            accounts.append(self._account("CURRENT", adults[:2]))
        if couple and 28 <= adults[0].age <= 62 and rng.random() < 0.55:
            accounts.append(self._account("MORTGAGE", adults[:2]))
        for person in adults:
            has_current = any(person in a.holders for a in accounts)
            accounts.extend(self._personal(person, household, bool(children), has_current))
        if adults:
            for child in children:
                if rng.random() < 0.42 + min(adults[0].income / 2_000_000, 0.3):
                    accounts.append(self._account("EDUCATION_SAVINGS", [adults[0], child]))
        return accounts

    def _personal(
        self, person: Person, household: Household, parent: bool, has_current: bool
    ) -> list[Account]:
        rng, age, rich = self.rng, person.age, person.income >= 400_000
        odds = {
            "CURRENT": 0.0 if has_current and rng.random() < 0.6 else 1.0,
            "CARD": (0.75 if age < 75 else 0.45) if age >= 21 else 0.0,
            "SAVINGS": 0.3 + (0.3 if rich else 0.0),
            "MORTGAGE": 0.3 if household.shape == "SINGLE" and 30 <= age <= 60 else 0.0,
            "PERSONAL_LOAN": 0.1 if 22 <= age <= 60 else 0.0,
            "HIRE_PURCHASE": 0.1 if 25 <= age <= 65 else 0.0,
            "LIFE_INSURANCE": 0.5 if parent else 0.12 if 25 <= age <= 60 else 0.0,
            "MEDICAL_INSURANCE": 0.4 if age >= 65 else 0.12,
            "TRAVEL_INSURANCE": 0.55 if person.trips >= 2 else 0.15 if person.trips else 0.0,
            "INVESTMENT": (0.45 if rich else 0.08) if age >= 30 else 0.0,
            "PENSION": 0.35 if 25 <= age <= 64 else 0.0,
        }
        return [self._account(c, [person]) for c, p in odds.items() if rng.random() < p]

    def _account(self, category: str, holders: list[Person]) -> Account:
        rng = self.rng
        self.accounts += 1
        primary = holders[0]
        years = rng.uniform(0.1, min(max(primary.age - 18, 1), 25 if category == "CURRENT" else 12))
        opened = (SNAPSHOT - timedelta(days=int(years * 365))).isoformat()
        balance, flow = _money(category, primary.income or 50_000, rng)
        account = Account(
            f"A-{self.accounts:08d}", category, opened, balance, flow, "OPEN", holders
        )
        if category == "CURRENT" and rng.random() < 0.03:
            account.status = "DORMANT"
        return account


def early_repayment(account: Account, rng: Random) -> bool:
    """Close some consumer loans years before their term: a planted life situation."""
    if account.category not in LOANS - {"MORTGAGE"} or rng.random() >= 0.08:
        return False
    account.status, account.balance, account.flow = "CLOSED", 0, 0
    return True


# Category -> (balance range, net monthly flow range), each as (low, high, times income?).
_MONEY: Final[dict[str, tuple[tuple[float, float, bool], tuple[float, float, bool]]]] = {
    "CURRENT": ((0.1, 1.5, True), (-0.1, 0.15, True)),
    "SAVINGS": ((1, 12, True), (0, 0.1, True)),
    "EDUCATION_SAVINGS": ((50_000, 800_000, False), (2_000, 15_000, False)),
    "CARD": ((-300_000, 0, False), (-20_000, 0, False)),
    "MORTGAGE": ((-35_000_000, -5_000_000, False), (-180_000, -60_000, False)),
    "PERSONAL_LOAN": ((-2_000_000, -200_000, False), (-45_000, -10_000, False)),
    "HIRE_PURCHASE": ((-2_500_000, -500_000, False), (-50_000, -15_000, False)),
    "LIFE_INSURANCE": ((0, 0, False), (-6_000, -1_500, False)),
    "MEDICAL_INSURANCE": ((0, 0, False), (-15_000, -3_000, False)),
    "TRAVEL_INSURANCE": ((0, 0, False), (-2_500, -800, False)),
    "INVESTMENT": ((3, 40, True), (0, 0.08, True)),
    "PENSION": ((5, 60, True), (0.03, 0.08, True)),
}


def _money(category: str, income: int, rng: Random) -> tuple[int, int]:
    """(balance, net monthly flow) in minor units; liabilities are negative."""
    amounts = []
    for low, high, by_income in _MONEY[category]:
        amount = rng.uniform(low, high)
        amounts.append(int(amount * income if by_income else amount))
    return amounts[0], amounts[1]
