"""Lifestyle needs from the family graph, the profile and the holdings, with evidence.

Each need names the path that justifies it in words an officer can say aloud ("daughter
Ada, 14, no education plan"). A product held by the customer or by the relative it is
about counts as covering the need (a grandparent's own medical cover, say).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from graph.codes import ProductCategory
from graph.records import Customer, FamilyMember, Holding
from recommenders.ages import age_on

CHILDREN: Final = frozenset({"son", "daughter", "child"})
PARENTS: Final = frozenset({"mother", "father", "parent"})
# A need's score at its strongest; weaker cases scale it down.
SCHOOL_AGE: Final = range(4, 18)
CARE_AGE: Final = 65  # from 65 a parent's care is a need; from 70 a pressing one
RETIREMENT_AGES: Final = range(45, 65)
HOME_AGES: Final = range(25, 41)
HOME_INCOME_MINOR: Final = 300_000  # a monthly income that can carry a mortgage
FREQUENT_TRAVEL: Final = 3  # trips abroad a year


@dataclass(frozen=True, slots=True)
class Need:
    """One lifestyle need: kind, score 0-1, evidence, and the relative it is about."""

    kind: str
    score: float
    evidence: tuple[str, ...]
    subject_id: str | None = None


def needs_of(
    customer: Customer,
    family: Sequence[FamilyMember],
    holdings: Mapping[str, Sequence[Holding]],
    today: date,
) -> list[Need]:
    """The customer's needs, strongest first; `holdings` by customer id (theirs and kin's)."""
    own = _categories(holdings.get(customer.id, ()))
    age = age_on(customer.birth_date, today)
    found = [*_children(family, holdings, own, today), *_parents(family, holdings, own, today)]
    found += _own_life(customer, age, own)
    return sorted(found, key=lambda n: (-n.score, n.kind, n.subject_id or ""))


def _categories(held: Sequence[Holding]) -> set[str]:
    return {h.category for h in held if h.status != "CLOSED"}


def _first_name(member: FamilyMember) -> str:
    return member.full_name.split()[0]


def _children(
    family: Sequence[FamilyMember], holdings: Mapping[str, Sequence[Holding]], own: set[str],
    today: date,
) -> list[Need]:  # fmt: skip
    found = []
    for child in (m for m in family if m.relation in CHILDREN):
        years = age_on(child.birth_date, today)
        if years is None:
            continue
        covered = own | _categories(holdings.get(child.customer_id, ()))
        who = f"{child.relation} {_first_name(child)}, {years}"
        if years in SCHOOL_AGE and ProductCategory.EDUCATION_SAVINGS not in covered:
            # University is closer for a teenager: the plan has fewer years to grow.
            score = 0.9 if years >= 12 else 0.7 if years >= 8 else 0.5
            plan = (f"{who}, no education plan",)
            found.append(Need("CHILD_EDUCATION", score, plan, child.customer_id))
        if years <= 1:
            evidence: tuple[str, ...] = (f"{who}, born in the last two years",)
            if ProductCategory.LIFE_INSURANCE not in own:
                evidence += ("no life cover for the family",)
            found.append(Need("NEW_BABY", 0.8, evidence, child.customer_id))
    return found


def _parents(
    family: Sequence[FamilyMember], holdings: Mapping[str, Sequence[Holding]], own: set[str],
    today: date,
) -> list[Need]:  # fmt: skip
    found = []
    for parent in (m for m in family if m.relation in PARENTS):
        years = age_on(parent.birth_date, today)
        covered = own | _categories(holdings.get(parent.customer_id, ()))
        if years is None or years < CARE_AGE or ProductCategory.MEDICAL_INSURANCE in covered:
            continue
        score = 0.9 if years >= 70 else 0.6
        evidence = (f"{parent.relation} {_first_name(parent)}, {years}, no medical cover",)
        found.append(Need("AGING_PARENT_CARE", score, evidence, parent.customer_id))
    return found


def _own_life(customer: Customer, age: int | None, own: set[str]) -> list[Need]:
    found = []
    income = customer.monthly_income.minor_units if customer.monthly_income else 0
    if age is not None and age in RETIREMENT_AGES and ProductCategory.PENSION not in own:
        score = 0.8 if age >= 55 else 0.6
        found.append(Need("RETIREMENT_GAP", score, (f"{age}, no pension with us",)))
    if age in HOME_AGES and ProductCategory.MORTGAGE not in own and income >= HOME_INCOME_MINOR:
        home = (f"{age}, no mortgage", f"income {income // 100:,} a month")
        found.append(Need("HOME_PURCHASE", 0.6, home))
    trips = customer.trips_abroad_per_year
    if trips >= FREQUENT_TRAVEL and ProductCategory.TRAVEL_INSURANCE not in own:
        travel = (f"travels abroad {trips} times a year, no travel cover",)
        found.append(Need("TRAVEL", 0.5 if trips < 6 else 0.7, travel))
    return found
