"""What the recommenders write back about customers: needs, preferred channel, value tier.

`kith score` computes them; the API serves them (the 360's needs) and selects by them
(the `need` and `preferredChannel` filters). Writing replaces a customer's previous needs.
"""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params
from graph.records import Need

# One row per customer: all their needs now (id, kind, score, evidence, subjectId) and the
# day they were found as of (asOf, ISO: the ages in their evidence are counted to it).
REPLACE_NEEDS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
OPTIONAL MATCH (c)-[:HAS_NEED]->(old:Need)
DETACH DELETE old
WITH DISTINCT c, row
UNWIND row.needs AS need
CREATE (c)-[:HAS_NEED]->(n:Need {id: need.id, kind: need.kind, score: need.score,
                                 evidence: need.evidence, subjectId: need.subjectId,
                                 asOf: row.asOf})
RETURN count(n) AS written
"""

# A customer's value tier and preferred channel, in one SET and only when either changed
# (a null keeps what is stored). Any write to a customer that holds an embedding re-inserts
# it into the vector index, about 0.5 ms even when the value is the same (measured on the
# 100,000-customer bank: 25x a customer without one), so a re-score that changes nothing
# writes nothing, and a first score pays once per customer, not once per fact.
WRITE_CUSTOMER_SCORES: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
WITH c, coalesce(row.tier, c.valueTier) AS tier,
     coalesce(row.channel, c.preferredChannel) AS channel
WITH c, tier, channel,
     coalesce(c.valueTier, '') = coalesce(tier, '')
       AND coalesce(c.preferredChannel, '') = coalesce(channel, '') AS unchanged
FOREACH (_ IN CASE WHEN unchanged THEN [] ELSE [1] END |
  SET c.valueTier = tier, c.preferredChannel = channel)
RETURN count(c) AS written
"""

LIST_NEEDS_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HAS_NEED]->(n:Need)
RETURN id AS of, n.kind AS kind, n.score AS score, n.evidence AS evidence,
       n.subjectId AS subjectId, n.asOf AS asOf
ORDER BY of, score DESC, kind
"""


async def replace_needs(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Replace each customer's needs (rows: customerId, needs[], asOf); return needs
    written."""
    await engine.write_batches(REPLACE_NEEDS, [{"asOf": None, **r} for r in rows],
                               batch_size=1_000)  # fmt: skip
    return sum(len(row["needs"]) for row in rows)


async def write_customer_scores(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Set each customer's value tier and preferred channel (rows: customerId, tier,
    channel; a null leaves that fact as it is); return rows sent."""
    return await engine.write_batches(WRITE_CUSTOMER_SCORES, rows)


async def list_needs_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[Need]]:
    """Each customer's needs, strongest first."""
    rows = await engine.read(LIST_NEEDS_OF, {"ids": list(customer_ids)})
    found: dict[str, list[Need]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        found.setdefault(row["of"], []).append(
            Need(row["kind"], float(row["score"]), tuple(row["evidence"] or ()),
                 row["subjectId"], row["asOf"])
        )  # fmt: skip
    return found
