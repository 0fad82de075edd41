"""Lifestyle needs from the family graph, the profile and the holdings, with evidence.

Each need names the path that justifies it in words an officer can say aloud ("daughter
Ada, 14 on 2026-10-31, no education plan"), as facts tagged with the data classes they
reveal (recommenders.facts), so each audience is told only what it may see; ages are counted
to the run's as-of day, which the line names when it is read (`said`).

Cover counts for the person it covers, whoever holds it (`cover`: person -> categories,
read through `COVERS` links, docs/data-contracts.md). An account naming no one covers its
holders, and a parent's plan naming no one counts for their children (the customer's or
their spouse's: a plan "for the children"). A parent's care is covered only by cover of
that parent: the customer's own policy is theirs, not their parent's.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from graph.codes import ProductCategory
from graph.records import Customer, FamilyMember, Holding
from recommenders.ages import age_on
from recommenders.facts import fact
from recommenders.names import addressed_as

CHILDREN: Final = frozenset({"son", "daughter", "child"})
PARENTS: Final = frozenset({"mother", "father", "parent"})
SPOUSES: Final = frozenset({"wife", "husband", "spouse"})
# A need's score at its strongest; weaker cases scale it down.
SCHOOL_AGE: Final = range(4, 18)
CARE_AGE: Final = 65  # from 65 a parent's care is a need; from 70 a pressing one
RETIREMENT_AGES: Final = range(45, 65)
HOME_AGES: Final = range(25, 41)
HOME_INCOME_MINOR: Final = 300_000  # a monthly income that can carry a mortgage
FREQUENT_TRAVEL: Final = 3  # trips abroad a year
AS_OF: Final = " on {asOf}"  # after an age: the day it was counted to, filled in when read
Cover = Mapping[str, frozenset[str]]  # person -> the categories that cover them


@dataclass(frozen=True, slots=True)
class Need:
    """One lifestyle need: kind, score 0-1, evidence, and the relative it is about."""

    kind: str
    score: float
    evidence: tuple[str, ...]
    subject_id: str | None = None


def said(line: str, as_of: str | None) -> str:
    """An evidence line as read: its ages dated with the run's day, or undated without one."""
    return line.replace(AS_OF, f" on {as_of}" if as_of else "")


def needs_of(
    customer: Customer,
    family: Sequence[FamilyMember],
    holdings: Mapping[str, Sequence[Holding]],
    today: date,
    cover: Cover | None = None,
) -> list[Need]:
    """The customer's needs as of `today`, strongest first; `holdings` by customer id
    (theirs and kin's); `cover` by person (None: each person's own holdings cover them)."""
    own = _categories(holdings.get(customer.id, ()))
    if cover is None:
        cover = {who: frozenset(_categories(held)) for who, held in holdings.items()}
    age = age_on(customer.birth_date, today)
    spouses = [m.customer_id for m in family if m.relation in SPOUSES]
    unnamed = set().union(*(cover.get(who, ()) for who in [customer.id, *spouses]))
    found = [*_children(family, cover, unnamed, own, today), *_parents(family, cover, today)]
    found += _own_life(customer, age, own)
    return sorted(found, key=lambda n: (-n.score, n.kind, n.subject_id or ""))


def _categories(held: Sequence[Holding]) -> set[str]:
    return {h.category for h in held if h.status != "CLOSED"}


def _children(
    family: Sequence[FamilyMember], cover: Cover, unnamed: set[str], own: set[str],
    today: date,
) -> list[Need]:  # fmt: skip
    found = []
    for child in (m for m in family if m.relation in CHILDREN):
        years = age_on(child.birth_date, today)
        if years is None:
            continue
        covered = unnamed | cover.get(child.customer_id, frozenset())
        who = f"{child.relation} {addressed_as(child)}, {years}{AS_OF}"
        if years in SCHOOL_AGE and ProductCategory.EDUCATION_SAVINGS not in covered:
            # University is closer for a teenager: the plan has fewer years to grow.
            score = 0.9 if years >= 12 else 0.7 if years >= 8 else 0.5
            plan = (fact(f"{who}, no education plan", "FAMILY", "HOLDINGS"),)
            found.append(Need("CHILD_EDUCATION", score, plan, child.customer_id))
        if years <= 1:
            evidence: tuple[str, ...] = (fact(f"{who}, born in the last two years", "FAMILY"),)
            if ProductCategory.LIFE_INSURANCE not in own:
                evidence += (fact("no life cover for the family", "HOLDINGS"),)
            found.append(Need("NEW_BABY", 0.8, evidence, child.customer_id))
    return found


def _parents(family: Sequence[FamilyMember], cover: Cover, today: date) -> list[Need]:
    found = []
    for parent in (m for m in family if m.relation in PARENTS):
        years = age_on(parent.birth_date, today)
        covered = cover.get(parent.customer_id, frozenset())
        if years is None or years < CARE_AGE or ProductCategory.MEDICAL_INSURANCE in covered:
            continue
        score = 0.9 if years >= 70 else 0.6
        who = f"{parent.relation} {addressed_as(parent)}, {years}{AS_OF}"
        evidence = (fact(f"{who}, no medical cover", "FAMILY", "HOLDINGS"),)
        found.append(Need("AGING_PARENT_CARE", score, evidence, parent.customer_id))
    return found


def _own_life(customer: Customer, age: int | None, own: set[str]) -> list[Need]:
    found = []
    income = customer.monthly_income.minor_units if customer.monthly_income else 0
    if age is not None and age in RETIREMENT_AGES and ProductCategory.PENSION not in own:
        score = 0.8 if age >= 55 else 0.6
        gap = (fact(f"{age}{AS_OF}, no pension with us", "IDENTITY", "HOLDINGS"),)
        found.append(Need("RETIREMENT_GAP", score, gap))
    if age in HOME_AGES and ProductCategory.MORTGAGE not in own and income >= HOME_INCOME_MINOR:
        home = (
            fact(f"{age}{AS_OF}, no mortgage", "IDENTITY", "HOLDINGS"),
            fact(f"income {income // 100:,} a month", "FINANCES"),
        )
        found.append(Need("HOME_PURCHASE", 0.6, home))
    trips = customer.trips_abroad_per_year
    if trips >= FREQUENT_TRAVEL and ProductCategory.TRAVEL_INSURANCE not in own:
        said = f"travels abroad {trips} times a year, no travel cover"
        travel = (fact(said, "FINANCES", "HOLDINGS"),)
        found.append(Need("TRAVEL", 0.5 if trips < 6 else 0.7, travel))
    return found
