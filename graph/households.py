"""Households: who lives and decides together."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params, Row
from graph.records import Household, Resident

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
RETURN h.id AS id, h.name AS name, h.derived AS derived, h.evidence AS evidence,
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
    return Household(
        id=row["id"], name=row["name"], members=members, derived=bool(row["derived"]),
        evidence=tuple(row["evidence"] or ()),
    )  # fmt: skip


# Deriving households (`kith households`): only customers with a family tie or a shared
# account can be linked, so only they are returned; each column is paid a million times.
LIST_RESIDENTS: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WHERE (c)-[:SPOUSE_OF|PARENT_OF|SIBLING_OF]-(:Customer)
   OR (c)-[:HOLDS]->(:Account)<-[:HOLDS]-(:Customer)
RETURN c.id AS id, c.address AS address, c.birthDate AS birthDate,
       [(c)-[:MEMBER_OF]->(h:Household) WHERE h.derived IS NULL | h.id] AS loaded,
       [(c)-[r:SPOUSE_OF|PARENT_OF|SIBLING_OF]->(m:Customer) | [m.id, type(r)]] AS ties,
       [(c)-[:HOLDS]->(a:Account)<-[:HOLDS]-(o:Customer)
        WHERE a.status <> 'CLOSED' AND o.id > c.id | [a.id, o.id]] AS joint
"""
_TIES: Final = {"SPOUSE_OF": "SPOUSE", "PARENT_OF": "PARENT", "SIBLING_OF": "SIBLING"}


async def list_residents(engine: GraphEngine, *, customer_ids: Sequence[str]) -> list[Resident]:
    """Return those of these customers with a family tie or a shared account, for deriving."""
    rows = await engine.read(LIST_RESIDENTS, {"ids": list(customer_ids)})
    return [_resident(row) for row in rows]


def _resident(row: Row) -> Resident:
    return Resident(
        id=row["id"], address=row["address"], birth_date=row["birthDate"],
        household_id=min(row["loaded"], default=None),
        ties=tuple((str(other), _TIES[tie]) for other, tie in row["ties"]),
        joint=tuple((str(account), str(other)) for account, other in row["joint"]),
    )  # fmt: skip


LIST_DERIVED_HOUSEHOLD_IDS: Final[LiteralString] = """
MATCH (h:Household)
WHERE h.derived = true
RETURN h.id AS id
ORDER BY id
"""


async def list_derived_household_ids(engine: GraphEngine) -> list[str]:
    """Every household Kith derived, by id."""
    return [str(row["id"]) for row in await engine.read(LIST_DERIVED_HOUSEHOLD_IDS)]


COUNT_LOADED_HOUSEHOLDS: Final[LiteralString] = """
MATCH (h:Household)
WHERE h.derived IS NULL
RETURN count(h) AS loaded
"""


async def count_loaded_households(engine: GraphEngine) -> int:
    """How many households the bank loaded."""
    rows = await engine.read(COUNT_LOADED_HOUSEHOLDS)
    return int(rows[0]["loaded"]) if rows else 0


# A derived household is named after its head and lives in the head's city. A loaded
# household with the same id is never touched (nor are its members, below).
UPSERT_DERIVED_HOUSEHOLDS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (h:Household {id: row.id})
ON CREATE SET h.derived = true
WITH h, row
WHERE h.derived = true
MATCH (head:Customer {id: row.headId})
SET h.name = last(split(head.fullName, ' ')) + ' household', h.city = head.city,
    h.evidence = row.evidence
RETURN count(h) AS written
"""

DROP_DERIVED_MEMBERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer)-[m:MEMBER_OF]->(h:Household {id: row.id})
WHERE h.derived = true AND NOT c.id IN row.memberIds
DELETE m
RETURN count(m) AS dropped
"""

ADD_DERIVED_MEMBERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (h:Household {id: row.householdId})
WHERE h.derived = true
MATCH (c:Customer {id: row.customerId})
MERGE (c)-[m:MEMBER_OF]->(h)
SET m.role = row.role
RETURN count(m) AS linked
"""


async def upsert_derived_households(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Write derived households (id, headId, memberIds, evidence) and exactly their members;
    return how many were sent."""
    await engine.write_batches(UPSERT_DERIVED_HOUSEHOLDS, rows)
    await engine.write_batches(DROP_DERIVED_MEMBERS, rows)
    members = [
        {"householdId": row["id"], "customerId": member,
         "role": "HEAD" if member == row["headId"] else "MEMBER"}
        for row in rows for member in row["memberIds"]
    ]  # fmt: skip
    await engine.write_batches(ADD_DERIVED_MEMBERS, members)
    return len(rows)


DELETE_DERIVED_HOUSEHOLDS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (h:Household {id: row.id})
WHERE h.derived = true
DETACH DELETE h
RETURN count(h) AS deleted
"""


async def delete_derived_households(engine: GraphEngine, *, household_ids: Sequence[str]) -> int:
    """Remove derived households (a loaded one of the same id stays); return ids sent."""
    return await engine.write_batches(DELETE_DERIVED_HOUSEHOLDS, [{"id": i} for i in household_ids])
