"""What scoring reads for a page of customers: read at once, and one page ahead.

A page's reads do not depend on one another (but the relatives' holdings, which wait for
the families), so they go to the engine together and its threads, one per core, run them
side by side. And the next page is read while this process derives and writes the current
one. Nothing a page writes (tiers, offers, needs, preferred channels, alerts) is read by a
later page's reads, so the answers are those of reading one page after another.
"""

import asyncio
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass

from graph.accounts import list_cover_of, list_holdings_of
from graph.cases import list_cases_of
from graph.customers import get_profiles, list_families
from graph.engagement import get_engagements
from graph.engines import GraphEngine
from graph.next_product import list_propensities_of
from graph.records import CaseSummary, Customer, Engagement, FamilyMember, Holding, Propensity
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
    engagements: dict[str, Engagement]
    chances: dict[str, list[Propensity]]


async def read_page(engine: GraphEngine, ids: list[str]) -> PageFacts:
    """Read one page's facts, independent reads at once."""
    cases, profiles, families, engagements, chances = await asyncio.gather(
        list_cases_of(engine, customer_ids=ids), get_profiles(engine, customer_ids=ids),
        list_families(engine, customer_ids=ids), get_engagements(engine, customer_ids=ids),
        list_propensities_of(engine, customer_ids=ids),
    )  # fmt: skip
    kin = {m.customer_id for members in families.values() for m in members}
    wanted = sorted(set(ids) | kin)
    holdings, cover, homes = await asyncio.gather(
        list_holdings_of(engine, customer_ids=wanted), list_cover_of(engine, customer_ids=wanted),
        parents_homes(engine, families),
    )  # fmt: skip
    return PageFacts(ids, cases, profiles, families, holdings, cover, homes, engagements, chances)


async def read_ahead(
    engine: GraphEngine, everyone: Sequence[str], size: int
) -> AsyncGenerator[PageFacts]:
    """Each page's facts in id order, the next page's reads in flight while the caller works
    on this one. Use it inside `contextlib.aclosing`, so a failed run stops the read ahead."""
    pages = [list(everyone[start : start + size]) for start in range(0, len(everyone), size)]
    if not pages:
        return
    pending = asyncio.ensure_future(read_page(engine, pages[0]))
    try:
        for following in pages[1:]:
            facts = await pending
            pending = asyncio.ensure_future(read_page(engine, following))
            yield facts
        yield await pending
    finally:
        if not pending.done():
            pending.cancel()
            await asyncio.gather(pending, return_exceptions=True)


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
