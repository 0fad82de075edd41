"""Households: who lives and decides together."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engine import GraphEngine, Params, Row
from graph.records import Household

UPSERT_HOUSEHOLDS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (h:Household {id: row.id})
WITH h, row
WHERE h.updatedAt IS NULL OR h.updatedAt < row.updatedAt
SET h.name = row.name, h.city = row.city, h.updatedAt = row.updatedAt
RETURN count(h) AS written
"""


async def upsert_households(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update households (id, name, city, updatedAt); a newer row wins."""
    return await engine.write_batches(UPSERT_HOUSEHOLDS, rows)


ADD_MEMBERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (h:Household {id: row.householdId})
MATCH (c:Customer {id: row.customerId})
MERGE (c)-[m:MEMBER_OF]->(h)
SET m.role = row.role
RETURN count(m) AS linked
"""


async def add_household_members(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Attach customers to households (householdId, customerId, role HEAD | MEMBER)."""
    return await engine.write_batches(ADD_MEMBERS, rows)


async def get_household(engine: GraphEngine, *, household_id: str) -> Household | None:
    """Return a household with its members (id, role) ordered by id, or None."""
    return (await get_households(engine, household_ids=[household_id])).get(household_id)


GET_HOUSEHOLDS: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (h:Household {id: id})
RETURN h.id AS id, h.name AS name,
       [(c:Customer)-[m:MEMBER_OF]->(h) | [c.id, m.role]] AS members
"""


async def get_households(
    engine: GraphEngine, *, household_ids: Sequence[str]
) -> dict[str, Household]:
    """Return the households among these ids, by id, with members (id, role)."""
    rows = await engine.read(GET_HOUSEHOLDS, {"ids": list(household_ids)})
    return {row["id"]: _household(row) for row in rows}


def _household(row: Row) -> Household:
    members = tuple(sorted((member[0], member[1]) for member in row["members"]))
    return Household(id=row["id"], name=row["name"], members=members)
