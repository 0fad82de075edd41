"""Dispute and complaint cases, and the steps that move them through their stages."""

from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engines.protocol import GraphEngine, Params, Row
from graph.records import CaseSummary

# A case's product and account, linked when they exist (the loaders reject rows naming
# ones that do not, so nothing is dropped silently here).
CASE_LINKS_BODY: Final[LiteralString] = """
WITH k, row
OPTIONAL MATCH (p:Product {id: row.productId})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (k)-[:ABOUT]->(p))
WITH k, row
OPTIONAL MATCH (a:Account {id: row.accountId})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | MERGE (k)-[:ON_ACCOUNT]->(a))
"""

UPSERT_CASES: Final[LiteralString] = (
    """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MERGE (k:Case {id: row.id})
WITH c, k, row
WHERE k.updatedAt IS NULL OR k.updatedAt < row.updatedAt
SET k.category = row.category, k.openedAt = row.openedAt, k.updatedAt = row.updatedAt,
    k.stage = coalesce(k.stage, 'OPENED')
MERGE (c)-[:RAISED]->(k)
"""
    + CASE_LINKS_BODY
    + "RETURN count(k) AS written"
)


async def upsert_cases(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update cases with their customer, product and account; a newer row wins."""
    return await engine.write_batches(UPSERT_CASES, rows)


# A case's stage, stage time and resolution time, from all its steps (bound: k).
CASE_STAGE_BODY: Final[LiteralString] = """
MATCH (k)-[:HAS_STEP]->(step:CaseStep)
WITH k, step ORDER BY step.at DESC, step.id DESC
WITH k, collect(step) AS steps,
     min(CASE WHEN step.stage = 'RESOLVED' THEN step.at END) AS resolvedAt
SET k.stage = steps[0].stage, k.stageAt = steps[0].at, k.resolvedAt = resolvedAt
"""

# A step is immutable; the case's stage, stage time and resolution time are derived from
# all its steps, so steps may arrive in any order and more than once.
CASE_STEP_BODY: Final[LiteralString] = (
    """
MATCH (k:Case {id: row.caseId})
MERGE (s:CaseStep {id: row.id})
ON CREATE SET s.stage = row.stage, s.at = row.at
MERGE (k)-[:HAS_STEP]->(s)
WITH k, s, row
OPTIONAL MATCH (g:Agent {id: row.agentId})
FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END | MERGE (s)-[:BY]->(g))
WITH k, s, row
OPTIONAL MATCH (i:Interaction {id: row.interactionId})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (s)-[:DURING]->(i))
WITH DISTINCT k
"""
    + CASE_STAGE_BODY
)

WRITE_CASE_STEPS: Final[LiteralString] = (
    "UNWIND $rows AS row" + CASE_STEP_BODY + "RETURN count(k) AS cases"
)
RECORD_CASE_STEP: Final[LiteralString] = (
    "WITH $event AS row" + CASE_STEP_BODY + "RETURN count(k) AS cases"
)


async def write_case_steps(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Write case steps in batches and bring each touched case's stage up to date."""
    return await engine.write_batches(WRITE_CASE_STEPS, rows)


# After a bulk import, which writes cases and their steps as plain nodes and edges.
REFRESH_CASE_STAGES: Final[LiteralString] = (
    "UNWIND $rows AS row MATCH (k:Case {id: row.id}) WITH k"
    + CASE_STAGE_BODY
    + "RETURN count(k) AS cases"
)


async def refresh_case_stages(engine: GraphEngine, case_ids: Sequence[str]) -> int:
    """Derive these cases' stage, stage time and resolution time from their steps."""
    return await engine.write_batches(REFRESH_CASE_STAGES, [{"id": id_} for id_ in case_ids])


async def record_case_step(engine: GraphEngine, event: dict[str, Any]) -> bool:
    """Write one case step and bring its case's stage up to date, atomically."""
    return bool(await engine.write(RECORD_CASE_STEP, {"event": event}))


LIST_CASES_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:RAISED]->(k:Case)
OPTIONAL MATCH (k)-[:ABOUT]->(p:Product)
OPTIONAL MATCH (k)-[:ON_ACCOUNT]->(a:Account)
OPTIONAL MATCH (k)-[:ASSIGNED_TO]->(g:Agent)
RETURN id AS of, k.id AS id, k.category AS category, k.stage AS stage,
       k.openedAt AS openedAt, k.stageAt AS stageAt, k.resolvedAt AS resolvedAt,
       p.id AS productId, a.id AS accountId, g.id AS agentId
ORDER BY of, openedAt DESC, id
"""


async def list_cases_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[CaseSummary]]:
    """Return each customer's cases, newest first."""
    rows = await engine.read(LIST_CASES_OF, {"ids": list(customer_ids)})
    cases: dict[str, list[CaseSummary]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        cases.setdefault(row["of"], []).append(_case(row))
    return cases


def _case(row: Row) -> CaseSummary:
    return CaseSummary(
        id=row["id"],
        customer_id=row["of"],
        category=row["category"],
        stage=row["stage"],
        opened_at=row["openedAt"],
        stage_at=row["stageAt"],
        resolved_at=row["resolvedAt"],
        product_id=row["productId"],
        account_id=row["accountId"],
        agent_id=row["agentId"],
    )


GET_CASES: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer)-[:RAISED]->(k:Case {id: id})
OPTIONAL MATCH (k)-[:ABOUT]->(p:Product)
OPTIONAL MATCH (k)-[:ON_ACCOUNT]->(a:Account)
OPTIONAL MATCH (k)-[:ASSIGNED_TO]->(g:Agent)
RETURN c.id AS of, k.id AS id, k.category AS category, k.stage AS stage,
       k.openedAt AS openedAt, k.stageAt AS stageAt, k.resolvedAt AS resolvedAt,
       p.id AS productId, a.id AS accountId, g.id AS agentId
"""


async def get_cases(engine: GraphEngine, *, case_ids: Sequence[str]) -> dict[str, CaseSummary]:
    """The cases among these ids, by id."""
    rows = await engine.read(GET_CASES, {"ids": list(case_ids)})
    return {row["id"]: _case(row) for row in rows}


# The work queue: oldest first, so nothing waits behind newer cases.
_QUEUE_BODY: Final[LiteralString] = """
MATCH (c:Customer)-[:RAISED]->(k:Case)
WHERE ($stage IS NULL OR k.stage = $stage)
  AND ($category IS NULL OR k.category = $category)
  AND ($openOnly IS NULL OR NOT $openOnly OR NOT k.stage IN ['RESOLVED', 'CLOSED'])
"""
LIST_CASE_QUEUE: Final[LiteralString] = (
    _QUEUE_BODY + "RETURN k.id AS id ORDER BY k.openedAt, k.id SKIP $skip LIMIT $limit"
)
COUNT_CASE_QUEUE: Final[LiteralString] = _QUEUE_BODY + "RETURN count(k) AS total"


async def list_case_queue(
    engine: GraphEngine, *, stage: str | None, category: str | None, open_only: bool,
    skip: int, limit: int,
) -> tuple[list[str], int]:  # fmt: skip
    """One page of case ids, oldest first, and how many cases match."""
    params = {"stage": stage, "category": category, "openOnly": open_only}
    rows = await engine.read(LIST_CASE_QUEUE, {**params, "skip": skip, "limit": limit})
    total = await engine.read(COUNT_CASE_QUEUE, params)
    return [str(row["id"]) for row in rows], int(total[0]["total"]) if total else 0


# Customers with a card dispute, open or not: the only ones the attrition rule can flag.
LIST_DISPUTING_CUSTOMERS: Final[LiteralString] = """
MATCH (c:Customer)-[:RAISED]->(k:Case)
WHERE k.category = 'CARD_DISPUTE'
RETURN DISTINCT c.id AS id
ORDER BY id
"""


async def list_disputing_customers(engine: GraphEngine) -> list[str]:
    """Ids of the customers who ever raised a card dispute."""
    return [str(row["id"]) for row in await engine.read(LIST_DISPUTING_CUSTOMERS)]
