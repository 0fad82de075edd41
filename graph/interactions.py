"""Interactions: every contact, written in bulk or one at a time with the same Cypher."""

from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engagement import ENGAGEMENT_BODY, ENGAGEMENT_PARAMS
from graph.engines.protocol import GraphEngine, Params
from graph.records import Contact

# An interaction is immutable: its id decides, and a re-sent event changes nothing (its
# row stops here, so neither the node nor its links, nor the statistics after, are
# written again). The node and its links are created together: MERGE on a relationship
# would look through every edge of a hub (a channel or product with millions of
# contacts), CREATE does not; a lookup then CREATE also skips the MERGE and the marker
# property the first form set and removed (1.18x the interactions per second: BENCHMARKS.md).
# Optional links are made only when their node exists; the loaders reject rows naming
# nodes that do not, so nothing is dropped silently here.
_INTERACTION_BODY: Final[LiteralString] = """
MATCH (c:Customer {id: row.customerId})
MATCH (ch:Channel {id: row.channelId})
OPTIONAL MATCH (seen:Interaction {id: row.id})
WITH c, ch, row WHERE seen IS NULL
CREATE (i:Interaction {id: row.id, at: row.at, direction: row.direction, intent: row.intent,
    outcome: row.outcome, responded: row.responded,
    turnaroundMinutes: row.turnaroundMinutes, notification: row.notification})
CREATE (c)-[:HAD]->(i)
CREATE (i)-[:VIA]->(ch)
WITH i, row
OPTIONAL MATCH (p:Product {id: row.productId})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | CREATE (i)-[:ABOUT]->(p))
WITH i, row
OPTIONAL MATCH (a:Account {id: row.accountId})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (i)-[:ON_ACCOUNT]->(a))
WITH i, row
OPTIONAL MATCH (g:Agent {id: row.agentId})
FOREACH (_ IN CASE WHEN g IS NULL THEN [] ELSE [1] END | CREATE (i)-[:HANDLED_BY]->(g))
WITH i, row
OPTIONAL MATCH (k:Case {id: row.caseId})
FOREACH (_ IN CASE WHEN k IS NULL THEN [] ELSE [1] END | CREATE (i)-[:CONCERNS]->(k))
"""

WRITE_INTERACTIONS: Final[LiteralString] = (
    "UNWIND $rows AS row" + _INTERACTION_BODY + "RETURN count(i) AS written"
)

# One atomic statement: a new event and its customer's refreshed statistics (a re-sent
# one changes neither, and reports nothing refreshed).
RECORD_INTERACTION: Final[LiteralString] = (
    "WITH $event AS row"
    + _INTERACTION_BODY
    + "WITH DISTINCT row.customerId AS customerId"
    + ENGAGEMENT_BODY
)


# The bank telling a customer about their case: an outbound contact, in the history, but
# kept out of the statistics (the customer was not asked anything; see ENGAGEMENT_BODY).
# Appended to a case statement so the step and its notice are written atomically.
NOTIFY_BODY: Final[LiteralString] = "WITH $notice AS row" + _INTERACTION_BODY


async def write_interactions(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Write interactions in batches (each id once per batch: the loaders send repeats in
    a later one); call refresh_engagement for their customers after."""
    return await engine.write_batches(WRITE_INTERACTIONS, rows)


async def record_interaction(engine: GraphEngine, event: dict[str, Any]) -> bool:
    """Write one new interaction and refresh its customer's statistics, atomically; return
    False for an event already recorded (nothing changes)."""
    rows = await engine.write(RECORD_INTERACTION, {**ENGAGEMENT_PARAMS, "event": event})
    return bool(rows and rows[0]["refreshed"])


RECENT_CONTACTS: Final = 20

# The latest contacts per customer, newest first: what an agent reads before answering.
LIST_RECENT_CONTACTS_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HAD]->(i:Interaction)-[:VIA]->(ch:Channel)
OPTIONAL MATCH (i)-[:ABOUT]->(p:Product)
OPTIONAL MATCH (i)-[:CONCERNS]->(k:Case)
WITH id, i, ch, p, k ORDER BY i.at DESC, i.id
WITH id, collect([i.id, i.at, ch.id, i.direction, i.intent, i.outcome, p.id, k.id,
                  coalesce(i.notification, false)]) AS contacts
RETURN id AS of, contacts[0..$limit] AS contacts
"""


async def list_recent_contacts_of(
    engine: GraphEngine, *, customer_ids: Sequence[str], limit: int = RECENT_CONTACTS
) -> dict[str, list[Contact]]:
    """Return each customer's most recent contacts, newest first."""
    rows = await engine.read(LIST_RECENT_CONTACTS_OF, {"ids": list(customer_ids), "limit": limit})
    contacts: dict[str, list[Contact]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        contacts[row["of"]] = [Contact(*contact) for contact in row["contacts"]]
    return contacts
