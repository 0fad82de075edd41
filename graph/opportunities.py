"""Opportunities: a product to offer a customer, with its score and approach script.

The recommenders write them (`kith score`); officers answer them through the API, and the
answer is a contact like any other: it counts in how this customer responds per channel.
"""

from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engagement import ENGAGEMENT_PARAMS
from graph.engines.protocol import GraphEngine, Params
from graph.interactions import RECORD_INTERACTION
from graph.records import Opportunity

# The product is a property, not an edge: a product is a hub with a million customers.
# A scored opportunity is replaced by a newer score only while nobody has answered it.
WRITE_OPPORTUNITIES: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MERGE (o:Opportunity {id: row.id})
ON CREATE SET o.status = 'OPEN', o.linking = true
WITH c, o, row, coalesce(o.linking, false) AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (c)-[:HAS_OPPORTUNITY]->(o))
WITH o, row
WHERE o.status IN ['OPEN', 'WITHDRAWN']
SET o.status = 'OPEN', o.productId = row.productId, o.score = row.score,
    o.needKind = row.needKind, o.script = row.script, o.scoredAt = row.scoredAt
REMOVE o.linking, o.withdrawnAt
RETURN count(o) AS written
"""

# A scoring run withdraws each customer's unanswered offers it no longer makes (the need is
# met or gone, a case is open, another variant fits better): an officer is never shown an
# offer the bank stopped making. The next run that makes it again opens it again.
WITHDRAW_OPPORTUNITIES: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})-[:HAS_OPPORTUNITY]->(o)
WHERE o.status IN ['OPEN', 'LATER'] AND NOT o.id IN row.keep
SET o.status = 'WITHDRAWN', o.withdrawnAt = row.at
RETURN count(o) AS withdrawn
"""

# Open (or asked-again-later) opportunities, best first, with the product's name.
# No label on `o` (HAS_OPPORTUNITY leads only to offers): with one, FalkorDB planned a scan
# of every offer in the bank instead of starting from the customer's id (ENGINES.md).
LIST_OPPORTUNITIES_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HAS_OPPORTUNITY]->(o)
WHERE o.status IN ['OPEN', 'LATER']
OPTIONAL MATCH (p:Product {id: o.productId})
RETURN id AS of, o.id AS id, o.productId AS productId, p.name AS productName,
       o.score AS score, o.needKind AS needKind, o.script AS script, o.status AS status
ORDER BY of, score DESC, id
"""

GET_OPPORTUNITY: Final[LiteralString] = """
MATCH (c:Customer)-[:HAS_OPPORTUNITY]->(o:Opportunity {id: $id})
RETURN c.id AS customerId, o.productId AS productId, o.status AS status
"""

# The answer and the contact that carried it, with the customer's statistics: one statement.
RESPOND_TO_OPPORTUNITY: Final[LiteralString] = (
    """
MATCH (o:Opportunity {id: $id})
WHERE o.status IN ['OPEN', 'LATER']
SET o.status = coalesce($status, o.status), o.respondedAt = $at, o.respondedVia = $channel
WITH DISTINCT o
"""
    + RECORD_INTERACTION
)


async def write_opportunities(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Store scored opportunities (id, customerId, productId, score, needKind, script,
    scoredAt); one already answered keeps its answer."""
    return await engine.write_batches(WRITE_OPPORTUNITIES, rows)


async def withdraw_opportunities(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Withdraw each customer's open or deferred offers but those kept (customerId, keep:
    the ids this run made, at), in one statement (a scoring page's customers); return how
    many were withdrawn."""
    result = await engine.write(WITHDRAW_OPPORTUNITIES, {"rows": list(rows)})
    return int(result[0]["withdrawn"]) if result else 0


async def list_opportunities_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[Opportunity]]:
    """Each customer's unanswered opportunities, best first."""
    rows = await engine.read(LIST_OPPORTUNITIES_OF, {"ids": list(customer_ids)})
    found: dict[str, list[Opportunity]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        found.setdefault(row["of"], []).append(
            Opportunity(
                id=row["id"], product_id=row["productId"],
                product_name=row["productName"] or row["productId"], score=float(row["score"]),
                need_kind=row["needKind"], script=tuple(row["script"] or ()),
                status=row["status"],
            )
        )  # fmt: skip
    return found


async def get_opportunity(engine: GraphEngine, *, opportunity_id: str) -> dict[str, Any] | None:
    """Whose opportunity it is, for which product, and where it stands."""
    rows = await engine.read(GET_OPPORTUNITY, {"id": opportunity_id})
    return rows[0] if rows else None


async def respond_to_opportunity(
    engine: GraphEngine, *, opportunity_id: str, status: str | None, event: dict[str, Any]
) -> bool:
    """Record the answer (None: no answer, status kept) and its contact atomically;
    False when the opportunity was answered already."""
    params = {
        "id": opportunity_id, "status": status, "at": event["at"],
        "channel": event["channelId"], "event": event, **ENGAGEMENT_PARAMS,
    }  # fmt: skip
    rows = await engine.write(RESPOND_TO_OPPORTUNITY, params)
    return bool(rows and rows[0]["refreshed"])


# How officers' offers of each product were answered, bank-wide: the answers feed ranking.
COUNT_ANSWERS: Final[LiteralString] = """
MATCH (o:Opportunity)
WHERE o.status IN ['ACCEPTED', 'DECLINED']
RETURN o.productId AS productId,
       sum(CASE WHEN o.status = 'ACCEPTED' THEN 1 ELSE 0 END) AS accepted, count(o) AS answered
"""


async def count_answers(engine: GraphEngine) -> dict[str, tuple[int, int]]:
    """Product id -> (offers accepted, offers answered either way)."""
    rows = await engine.read(COUNT_ANSWERS)
    return {row["productId"]: (int(row["accepted"]), int(row["answered"])) for row in rows}
