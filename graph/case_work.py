"""Working a case from a screen: open it, move it on, assign it; each step tells the customer.

Every statement here writes the change and the customer's notice (an outbound interaction
flagged as a notification) together: one statement, so one is never stored without the other.
"""

from typing import Any, Final, LiteralString

from graph.cases import CASE_LINKS_BODY, CASE_STEP_BODY
from graph.engines import GraphEngine
from graph.interactions import NOTIFY_BODY

# The case, its OPENED step, its owner, the contact it came from, and the notice.
OPEN_CASE: Final[LiteralString] = (
    """
WITH $event AS row
MATCH (c:Customer {id: row.customerId})
MERGE (k:Case {id: row.id})
ON CREATE SET k.category = row.category, k.openedAt = row.openedAt,
    k.updatedAt = row.updatedAt, k.stage = 'OPENED', k.stageAt = row.openedAt
MERGE (c)-[:RAISED]->(k)
"""
    + CASE_LINKS_BODY
    + """WITH k, row
MERGE (s:CaseStep {id: row.stepId})
ON CREATE SET s.stage = 'OPENED', s.at = row.openedAt
MERGE (k)-[:HAS_STEP]->(s)
WITH k, s, row
OPTIONAL MATCH (g:Agent {id: row.agentId})
FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END |
  MERGE (s)-[:BY]->(g)
  MERGE (k)-[:ASSIGNED_TO]->(g))
WITH k, s, row
OPTIONAL MATCH (i:Interaction {id: row.interactionId})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (s)-[:DURING]->(i))
WITH DISTINCT k
"""
    + NOTIFY_BODY
    + "RETURN count(i) AS notified"
)

ADVANCE_CASE: Final[LiteralString] = (
    "WITH $event AS row" + CASE_STEP_BODY + "WITH DISTINCT k\n" + NOTIFY_BODY
    + "RETURN count(i) AS notified"
)  # fmt: skip

# The agent with the skill and the fewest open cases; among equals, one who has served
# this customer before, then by id. Picking and assigning in one statement means two
# screens assigning at once cannot both see the same agent as free.
ASSIGN_CASE: Final[LiteralString] = """
MATCH (c:Customer)-[:RAISED]->(k:Case {id: $caseId})
MATCH (g:Agent)
WHERE $skill IN g.skills AND ($agentId IS NULL OR g.id = $agentId)
OPTIONAL MATCH (g)<-[:ASSIGNED_TO]-(other:Case)
WHERE other.id <> k.id AND NOT other.stage IN ['RESOLVED', 'CLOSED']
WITH c, k, g, count(other) AS openCases
OPTIONAL MATCH (c)-[:HAD]->(served:Interaction)-[:HANDLED_BY]->(g)
WITH k, g, openCases, count(served) AS served
ORDER BY openCases, served DESC, g.id
LIMIT 1
OPTIONAL MATCH (k)-[old:ASSIGNED_TO]->(:Agent)
DELETE old
WITH DISTINCT k, g, openCases
MERGE (k)-[r:ASSIGNED_TO]->(g)
SET r.at = $at
RETURN g.id AS agentId, openCases
"""


async def open_case(engine: GraphEngine, event: dict[str, Any], notice: dict[str, Any]) -> bool:
    """Write a new case with its OPENED step, owner, contact and notice, atomically."""
    rows = await engine.write(OPEN_CASE, {"event": event, "notice": notice})
    return bool(rows and rows[0]["notified"])


async def advance_case(engine: GraphEngine, event: dict[str, Any], notice: dict[str, Any]) -> bool:
    """Write a case step, bring the case's stage up to date and notify, atomically."""
    rows = await engine.write(ADVANCE_CASE, {"event": event, "notice": notice})
    return bool(rows and rows[0]["notified"])


async def assign_case(
    engine: GraphEngine, *, case_id: str, skill: str, agent_id: str | None, at: int
) -> tuple[str, int] | None:
    """Assign the case to the best-fitting agent with `skill` (or to `agent_id` if they
    have it); return (agent, their other open cases), or None when nobody fits."""
    params = {"caseId": case_id, "skill": skill, "agentId": agent_id, "at": at}
    rows = await engine.write(ASSIGN_CASE, params)
    return (str(rows[0]["agentId"]), int(rows[0]["openCases"])) if rows else None
