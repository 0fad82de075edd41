"""Derive households from family ties, joint accounts and shared addresses.

Orchestration only: every customer's id once, then lean pages of those with a family tie or
a shared account (`graph.households.list_residents`), the rule in `recommenders.households`,
and the derived households written back through `graph.households`. Households the bank
loaded are never changed; a derived household no longer found is removed, so a rerun on an
unchanged graph leaves it as it was.
"""

import asyncio
from dataclasses import dataclass
from typing import Final

from graph.customers import list_all_customer_ids
from graph.engines import GraphEngine
from graph.households import (
    count_loaded_households,
    delete_derived_households,
    list_derived_household_ids,
    list_residents,
    upsert_derived_households,
)
from graph.records import Resident
from recommenders.households import households_to_write

PAGE: Final = 5_000


@dataclass(frozen=True, slots=True)
class HouseholdReport:
    """What a derivation considered, wrote and left alone."""

    customers: int  # every customer in the graph
    written: int  # derived households now in the graph
    placed: int  # people in them
    removed: int  # derived households no longer found
    loaded: int  # the bank's own households, left as they are


async def read_unplaced(engine: GraphEngine) -> tuple[int, list[Resident]]:
    """Every customer's id once, then pages by id; return how many customers there are and
    those with a tie or a shared account whom the bank has not placed in a household."""
    everyone = await list_all_customer_ids(engine)
    pages = [everyone[n : n + PAGE] for n in range(0, len(everyone), PAGE)]
    in_flight = asyncio.Semaphore(2)  # the engine reads on two threads while this parses

    async def read(page: list[str]) -> list[Resident]:
        async with in_flight:
            found = await list_residents(engine, customer_ids=page)
        # Customers the bank placed are never grouped: keep none of them in memory.
        return [resident for resident in found if resident.household_id is None]

    unplaced = [r for page in await asyncio.gather(*(read(p) for p in pages)) for r in page]
    return len(everyone), unplaced


async def derive_all(engine: GraphEngine) -> HouseholdReport:
    """Derive households over the whole bank and write them; return what was done."""
    customers, unplaced = await read_unplaced(engine)
    found = households_to_write(unplaced)
    stale = sorted(set(await list_derived_household_ids(engine)) - {h.id for h in found})
    await delete_derived_households(engine, household_ids=stale)
    await upsert_derived_households(engine, [
        {"id": h.id, "headId": h.head_id, "memberIds": list(h.members),
         "evidence": list(h.evidence)}
        for h in found
    ])  # fmt: skip
    return HouseholdReport(
        customers=customers, written=len(found), placed=sum(len(h.members) for h in found),
        removed=len(stale), loaded=await count_loaded_households(engine),
    )  # fmt: skip
