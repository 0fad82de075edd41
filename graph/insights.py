"""What the recommenders write back about customers: needs, preferred channel, value tier.

`kith score` computes them; the API serves them (the 360's needs) and selects by them
(the `need` and `preferredChannel` filters). Writing replaces a customer's previous needs.
"""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params
from graph.records import Need

# One row per customer: all their needs now (id, kind, score, evidence, subjectId).
REPLACE_NEEDS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
OPTIONAL MATCH (c)-[:HAS_NEED]->(old:Need)
DETACH DELETE old
WITH DISTINCT c, row
UNWIND row.needs AS need
CREATE (c)-[:HAS_NEED]->(n:Need {id: need.id, kind: need.kind, score: need.score,
                                 evidence: need.evidence, subjectId: need.subjectId})
RETURN count(n) AS written
"""

WRITE_PREFERRED_CHANNELS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
SET c.preferredChannel = row.channel
RETURN count(c) AS written
"""

WRITE_VALUE_TIERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
SET c.valueTier = row.tier
RETURN count(c) AS written
"""

LIST_NEEDS_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HAS_NEED]->(n:Need)
RETURN id AS of, n.kind AS kind, n.score AS score, n.evidence AS evidence,
       n.subjectId AS subjectId
ORDER BY of, score DESC, kind
"""


async def replace_needs(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Replace each customer's needs (rows: customerId, needs[]); return needs written."""
    await engine.write_batches(REPLACE_NEEDS, rows, batch_size=1_000)
    return sum(len(row["needs"]) for row in rows)


async def write_preferred_channels(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Set each customer's preferred channel (rows: customerId, channel)."""
    return await engine.write_batches(WRITE_PREFERRED_CHANNELS, rows)


async def write_value_tiers(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Set each customer's value tier (rows: customerId, tier)."""
    return await engine.write_batches(WRITE_VALUE_TIERS, rows)


async def list_needs_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[Need]]:
    """Each customer's needs, strongest first."""
    rows = await engine.read(LIST_NEEDS_OF, {"ids": list(customer_ids)})
    found: dict[str, list[Need]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        found.setdefault(row["of"], []).append(
            Need(row["kind"], float(row["score"]), tuple(row["evidence"] or ()),
                       row["subjectId"])
        )  # fmt: skip
    return found
