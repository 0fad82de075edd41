"""Which variant of a category a customer adopts: what fits them, and what their family holds.

The category of each account is decided in holdings.py; here its variant is drawn in
proportion to exp(utility): the customer's fit (income band, age, travel, card spending,
the range they bank in) plus what their relatives adopted before them. A spouse's choice
counts most, a parent's, child's or sibling's less, and more when it is recent.
"""

import zlib
from collections import defaultdict
from datetime import date
from math import exp
from random import Random
from typing import Final

from loaders.synthetic.calendar import SNAPSHOT
from loaders.synthetic.holdings import Account
from loaders.synthetic.people import FamilyUnit, Person
from loaders.synthetic.variants import LINES, VARIANTS_OF, Variant

# Utility weights; each unit multiplies a variant's odds by e (about 2.7).
_TIER: Final = 1.1  # per income band between the customer and the variant
_AGE: Final = 0.15  # per year outside the ages it is made for
_AGE_CAP: Final = 3.0
_TRAVEL: Final = 1.0  # travel variants for those who travel, not for those who do not
_SPEND: Final = 0.8
_LINE: Final = 1.0  # the range the customer banks in
_PARENTS_BANK: Final = 1.6  # a child's plan opens in the range the parent banks in
_SPOUSE: Final = 2.2  # couples choose together
_RELATIVE: Final = 0.9  # a parent, child or sibling holds it
_RECENT: Final = 1.6  # ... and adopted it in the two years before
_RECENT_DAYS: Final = 730
_APPEAL: Final = 1.2  # some variants sell better than others, whoever buys them

_BANDS: Final = (170_000, 280_000, 420_000)  # monthly income, minor units
_TRAVELLER: Final = 2  # trips abroad a year
_BIG_SPENDER: Final = -150_000  # a card balance at or under this
# The family's range by the head's contact habits: (Classic, Online, Green).
_LINE_ODDS: Final = {
    "DIGITAL": (0.2, 0.6, 0.2),
    "MIXED": (0.4, 0.35, 0.25),
    "PHONE": (0.7, 0.1, 0.2),
    "BRANCH": (0.7, 0.1, 0.2),
}

Adopted = tuple[Variant, date]


class Adoption:
    """Picks each account's variant, family unit by family unit, from its own random source."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self._kin: dict[int, list[tuple[Person, float]]] = {}
        self._held: defaultdict[int, list[Adopted]] = defaultdict(list)
        self._line = LINES[0]

    def start(self, unit: FamilyUnit) -> None:
        """Meet a new family: who is whose relative, and the range it banks in."""
        people = {p.id: p for h in unit.households for p in h.members}
        kin: defaultdict[int, list[tuple[Person, float]]] = defaultdict(list)
        for from_id, to_id, tie in unit.ties:
            weight = _SPOUSE if tie == "SPOUSE" else _RELATIVE
            kin[id(people[from_id])].append((people[to_id], weight))
            kin[id(people[to_id])].append((people[from_id], weight))
        self._kin, self._held = dict(kin), defaultdict(list)
        head = unit.households[0].members[0]
        self._line = self.rng.choices(LINES, _LINE_ODDS[head.persona])[0]

    def pick(self, accounts: list[Account], later: list[Account]) -> None:
        """Choose every account's variant in the order opened; `later` (adopted after the
        snapshot, the held-out truth) last, as of the snapshot, swaying nobody."""
        spenders = {
            id(a.holders[0])
            for a in (*accounts, *later)
            if a.category == "CARD" and a.balance <= _BIG_SPENDER
        }
        for account in sorted(accounts, key=lambda a: a.opened):
            opened = date.fromisoformat(account.opened)
            variant = self._choose(account, opened, spenders)
            for holder in account.holders:
                self._held[id(holder)].append((variant, opened))
        for account in later:
            self._choose(account, SNAPSHOT, spenders)

    def _choose(self, account: Account, on: date, spenders: set[int]) -> Variant:
        primary = account.holders[0]
        child = next((h for h in account.holders if h.age < 18), None)
        family = self._family(account, on)
        line = self._bank_line(primary)
        variants = VARIANTS_OF[account.category]
        weights = []
        for variant in variants:
            fit = variant.fit
            utility = _appeal(variant) - _TIER * abs(fit.tier - _band(primary.income))
            utility -= _AGE * min(_outside(fit.ages, (child or primary).age), _AGE_CAP / _AGE)
            if fit.travel:
                utility += _TRAVEL if primary.trips >= _TRAVELLER else -_TRAVEL
            if fit.spend:
                utility += _SPEND if id(primary) in spenders else -_SPEND
            if fit.line == line:
                utility += _PARENTS_BANK if child else _LINE
            weights.append(exp(utility + family.get(variant.id, 0.0)))
        variant = self.rng.choices(variants, weights)[0]
        account.variant = variant.id
        return variant

    def _family(self, account: Account, on: date) -> dict[str, float]:
        """Variant id -> the pull of the relatives who adopted it of this category by `on`."""
        holders = {id(h) for h in account.holders}
        relatives: dict[int, tuple[Person, float]] = {}
        for holder in account.holders:
            for relative, weight in self._kin.get(id(holder), ()):
                known = relatives.get(id(relative))
                if id(relative) not in holders and (known is None or known[1] < weight):
                    relatives[id(relative)] = (relative, weight)
        pull: dict[str, float] = {}
        for relative, weight in relatives.values():
            for variant, opened in self._held[id(relative)]:
                if variant.category != account.category or opened > on:
                    continue
                recent = _RECENT if (on - opened).days <= _RECENT_DAYS else 0.0
                pull[variant.id] = pull.get(variant.id, 0.0) + weight + recent
        return pull

    def _bank_line(self, person: Person) -> str:
        """The range of the person's latest current account, else the family's."""
        current = [v for v, _ in self._held[id(person)] if v.category == "CURRENT"]
        return current[-1].fit.line if current else self._line


def _band(income: int) -> int:
    return sum(income >= threshold for threshold in _BANDS)


def _outside(ages: tuple[int, int], age: int) -> int:
    """Years between `age` and the ages a variant is made for (0 within them)."""
    return max(ages[0] - age, age - ages[1], 0)


def _appeal(variant: Variant) -> float:
    """A fixed appeal per variant, from its id (no draw), so the catalogue has a long tail."""
    return _APPEAL * (zlib.crc32(variant.id.encode()) % 1000) / 1000
