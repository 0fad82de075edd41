"""What scoring reads for a page of customers, in one place.

A page's reads do not depend on one another (but the relatives' holdings, which wait for
the families), so they are sent together. Measured on the 100,000-customer bank, that gains
nothing (four pages 1.9 s at once against 1.8 s one by one): the time is this process
parsing the replies. Reading the next page while the current one is derived and written
gained nothing either (tried, BENCHMARKS.md) and was dropped.
"""

import asyncio
from dataclasses import dataclass

from graph.accounts import list_cover_of, list_holdings_of
from graph.cases import list_cases_of
from graph.customers import get_profiles, list_families
from graph.engagement import list_contact_habits
from graph.engines import GraphEngine
from graph.next_product import list_propensities_of
from graph.records import CaseSummary, ContactHabits, Customer, FamilyMember, Holding, Propensity
from recommenders.needs import PARENTS


@dataclass(frozen=True, slots=True)
class PageFacts:
    """Everything scoring reads about a page of customers (and their relatives)."""

    ids: list[str]
    cases: dict[str, list[CaseSummary]]
    profiles: dict[str, Customer]
    families: dict[str, list[FamilyMember]]
    holdings: dict[str, list[Holding]]  # the page's customers and their relatives
    cover: dict[str, frozenset[str]]  # the same customers
    homes: dict[str, set[str]]  # each customer's parents' households
    habits: dict[str, ContactHabits]  # contacts in all and by channel
    chances: dict[str, list[Propensity]]


async def read_page(engine: GraphEngine, ids: list[str]) -> PageFacts:
    """Read one page's facts, independent reads at once."""
    cases, profiles, families, habits, chances = await asyncio.gather(
        list_cases_of(engine, customer_ids=ids), get_profiles(engine, customer_ids=ids),
        list_families(engine, customer_ids=ids), list_contact_habits(engine, customer_ids=ids),
        list_propensities_of(engine, customer_ids=ids),
    )  # fmt: skip
    kin = {m.customer_id for members in families.values() for m in members}
    wanted = sorted(set(ids) | kin)
    holdings, cover, homes = await asyncio.gather(
        list_holdings_of(engine, customer_ids=wanted), list_cover_of(engine, customer_ids=wanted),
        parents_homes(engine, families),
    )  # fmt: skip
    return PageFacts(ids, cases, profiles, families, holdings, cover, homes, habits, chances)


async def parents_homes(
    engine: GraphEngine, families: dict[str, list[FamilyMember]]
) -> dict[str, set[str]]:
    """Each customer's parents' households (a young adult living there is a dependant)."""
    parents = {c: [m.customer_id for m in kin if m.relation in PARENTS]
               for c, kin in families.items()}  # fmt: skip
    wanted = sorted({p for ids in parents.values() for p in ids})
    profiles = await get_profiles(engine, customer_ids=wanted) if wanted else {}
    return {c: {h for p in ids if (h := getattr(profiles.get(p), "household_id", None))}
            for c, ids in parents.items()}  # fmt: skip
