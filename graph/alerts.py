"""Alerts: something an agent must act on about a customer (an attrition risk, say).

The recommenders raise them (`kith score`, any process); the API lists them as a work
queue, lets an agent acknowledge one, and tells subscribed screens when new ones appear.
"""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params, Row
from graph.records import Alert

# storedAt is the engine's own clock at the write (timestamp()), so a screen watching for
# new alerts sees every one exactly once, whatever time the raiser put in raisedAt. An
# alert raised again (a re-run) keeps its id, raisedAt, owner and acknowledgement, takes
# the new reason, severity and as-of day, and opens again if it had been closed.
RAISE_ALERTS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MERGE (a:Alert {id: row.id})
ON CREATE SET a.kind = row.kind, a.raisedAt = row.raisedAt, a.storedAt = timestamp(),
    a.status = 'OPEN', a.agentId = row.agentId, a.linking = true
SET a.severity = row.severity, a.reason = row.reason, a.asOf = row.asOf,
    a.closedAt = CASE WHEN a.status = 'CLOSED' THEN null ELSE a.closedAt END,
    a.status = CASE WHEN a.status = 'CLOSED' THEN 'OPEN' ELSE a.status END
WITH c, a, coalesce(a.linking, false) AS fresh
FOREACH (_ IN CASE WHEN fresh THEN [1] ELSE [] END | CREATE (c)-[:HAS_ALERT]->(a))
REMOVE a.linking
RETURN count(a) AS raised
"""

# A rule's alerts about these customers that it no longer raises: closed as of a day. The
# filter comes after a WITH: in the MATCH's WHERE, its parameters made FalkorDB start from
# the alerts, scanning every one for each customer (0.24 s a page at a million customers).
CLOSE_ALERTS: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HAS_ALERT]->(a:Alert)
WITH a WHERE a.kind = $kind AND a.status <> 'CLOSED' AND NOT a.id IN $kept
SET a.status = 'CLOSED', a.closedAt = $at, a.asOf = $asOf
RETURN count(a) AS closed
"""

_ALERT_COLUMNS: Final[LiteralString] = """
RETURN a.id AS id, c.id AS customerId, a.kind AS kind, a.severity AS severity,
       a.reason AS reason, a.raisedAt AS raisedAt, a.storedAt AS storedAt,
       a.status AS status, a.agentId AS agentId, a.acknowledgedAt AS acknowledgedAt,
       a.acknowledgedBy AS acknowledgedBy, a.asOf AS asOf
"""

GET_ALERTS: Final[LiteralString] = (
    "UNWIND $ids AS id MATCH (c:Customer)-[:HAS_ALERT]->(a:Alert {id: id})" + _ALERT_COLUMNS
)

# The queue: most severe first, then oldest, so nothing serious waits behind the trivial.
_QUEUE_BODY: Final[LiteralString] = """
MATCH (c:Customer)-[:HAS_ALERT]->(a:Alert)
WHERE ($status IS NULL OR a.status = $status) AND ($agentId IS NULL OR a.agentId = $agentId)
"""
LIST_ALERT_QUEUE: Final[LiteralString] = (
    _QUEUE_BODY
    + "RETURN a.id AS id ORDER BY a.severity DESC, a.raisedAt, a.id SKIP $skip LIMIT $limit"
)
COUNT_ALERT_QUEUE: Final[LiteralString] = _QUEUE_BODY + "RETURN count(a) AS total"

# Alerts stored after a watermark (storedAt, id), oldest first: what a watcher has not seen.
LIST_ALERTS_STORED_AFTER: Final[LiteralString] = (
    """
MATCH (c:Customer)-[:HAS_ALERT]->(a:Alert)
WHERE a.storedAt > $storedAt OR (a.storedAt = $storedAt AND a.id > $id)
WITH c, a ORDER BY a.storedAt, a.id LIMIT $limit
"""
    + _ALERT_COLUMNS
)

LATEST_ALERT: Final[LiteralString] = """
MATCH (a:Alert)
RETURN a.storedAt AS storedAt, a.id AS id ORDER BY storedAt DESC, id DESC LIMIT 1
"""

# Agents with a skill and how many open alerts each holds: who should take the next one.
# An agent's load is counted in one pass over the open alerts, then joined to the agents
# here: matched per agent, the open alerts were scanned once for each agent (0.74 s at a
# million customers, a third of a score run, which asks before each page's alerts).
SKILLED_AGENTS: Final[LiteralString] = """
MATCH (g:Agent)
WHERE $skill IN g.skills
RETURN g.id AS agentId
"""

OPEN_ALERTS_BY_AGENT: Final[LiteralString] = """
MATCH (a:Alert {status: 'OPEN'})
WHERE a.agentId IS NOT NULL
RETURN a.agentId AS agentId, count(a) AS openAlerts
"""

ACKNOWLEDGE_ALERT: Final[LiteralString] = """
MATCH (a:Alert {id: $id})
WHERE a.status = 'OPEN'
SET a.status = 'ACKNOWLEDGED', a.acknowledgedAt = $at, a.acknowledgedBy = $agentId
RETURN a.id AS id
"""


async def raise_alerts(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Store alerts (id, customerId, kind, severity 1-5, reason, raisedAt, agentId, asOf:
    the ISO day it holds as of, or null); one already stored is refreshed, not added."""
    return await engine.write_batches(RAISE_ALERTS, [{"asOf": None, **row} for row in rows])


async def close_alerts(
    engine: GraphEngine, *, kind: str, customer_ids: Sequence[str], kept: Sequence[str],
    at: int, as_of: str,
) -> int:  # fmt: skip
    """Close these customers' open alerts of `kind` other than `kept`; return how many."""
    params = {"ids": list(customer_ids), "kind": kind, "kept": list(kept), "at": at,
              "asOf": as_of}  # fmt: skip
    rows = await engine.write(CLOSE_ALERTS, params)
    return int(rows[0]["closed"]) if rows else 0


async def agent_alert_loads(engine: GraphEngine, *, skill: str) -> dict[str, int]:
    """The agents trained for `skill`, with their open alerts, least loaded first (ties by
    id)."""
    agents = [str(row["agentId"]) for row in await engine.read(SKILLED_AGENTS, {"skill": skill})]
    rows = await engine.read(OPEN_ALERTS_BY_AGENT, {})
    open_ = {str(row["agentId"]): int(row["openAlerts"]) for row in rows}
    return dict(sorted(((a, open_.get(a, 0)) for a in agents), key=lambda kv: (kv[1], kv[0])))


async def get_alerts(engine: GraphEngine, *, alert_ids: Sequence[str]) -> dict[str, Alert]:
    """The alerts among these ids, by id."""
    rows = await engine.read(GET_ALERTS, {"ids": list(alert_ids)})
    return {row["id"]: _alert(row) for row in rows}


async def list_alert_queue(
    engine: GraphEngine, *, status: str | None, agent_id: str | None, skip: int, limit: int
) -> tuple[list[str], int]:
    """One page of alert ids, most severe first, and how many alerts match."""
    params = {"status": status, "agentId": agent_id}
    rows = await engine.read(LIST_ALERT_QUEUE, {**params, "skip": skip, "limit": limit})
    total = await engine.read(COUNT_ALERT_QUEUE, params)
    return [str(row["id"]) for row in rows], int(total[0]["total"]) if total else 0


async def latest_alert_mark(engine: GraphEngine) -> tuple[int, str]:
    """The watermark of the newest stored alert, or (0, "") when there is none."""
    rows = await engine.read(LATEST_ALERT)
    return (int(rows[0]["storedAt"]), str(rows[0]["id"])) if rows else (0, "")


async def list_alerts_stored_after(
    engine: GraphEngine, *, mark: tuple[int, str], limit: int = 500
) -> list[Alert]:
    """Alerts stored after `mark`, oldest first."""
    params = {"storedAt": mark[0], "id": mark[1], "limit": limit}
    return [_alert(row) for row in await engine.read(LIST_ALERTS_STORED_AFTER, params)]


async def acknowledge_alert(engine: GraphEngine, *, alert_id: str, agent_id: str, at: int) -> bool:
    """Mark an open alert acknowledged; False when it was not open."""
    params = {"id": alert_id, "agentId": agent_id, "at": at}
    return bool(await engine.write(ACKNOWLEDGE_ALERT, params))


def _alert(row: Row) -> Alert:
    return Alert(
        id=row["id"], customer_id=row["customerId"], kind=row["kind"],
        severity=int(row["severity"]), reason=row["reason"], raised_at=int(row["raisedAt"]),
        stored_at=int(row["storedAt"]), status=row["status"], agent_id=row["agentId"],
        acknowledged_at=row["acknowledgedAt"], acknowledged_by=row["acknowledgedBy"],
        as_of=row["asOf"],
    )  # fmt: skip
