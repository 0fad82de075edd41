"""Survey answers (NPS, CSAT), tied to the contact they rate."""

from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engagement import ENGAGEMENT_BODY, ENGAGEMENT_PARAMS
from graph.engines.protocol import GraphEngine, Params
from graph.records import FeedbackEntry

_FEEDBACK_BODY: Final[LiteralString] = """
MATCH (c:Customer {id: row.customerId})
MERGE (f:Feedback {id: row.id})
ON CREATE SET f.kind = row.kind, f.score = row.score, f.at = row.at,
    f.touchpoint = row.touchpoint
MERGE (c)-[:GAVE]->(f)
WITH f, row
OPTIONAL MATCH (i:Interaction {id: row.interactionId})
FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | MERGE (f)-[:ON]->(i))
"""

WRITE_FEEDBACK: Final[LiteralString] = (
    "UNWIND $rows AS row" + _FEEDBACK_BODY + "RETURN count(f) AS written"
)

RECORD_FEEDBACK: Final[LiteralString] = (
    "WITH $event AS row"
    + _FEEDBACK_BODY
    + "WITH DISTINCT row.customerId AS customerId"
    + ENGAGEMENT_BODY
)


async def write_feedback(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Write survey answers in batches; call refresh_engagement for their customers after."""
    return await engine.write_batches(WRITE_FEEDBACK, rows)


async def record_feedback(engine: GraphEngine, event: dict[str, Any]) -> bool:
    """Write one survey answer and refresh its customer's statistics, atomically."""
    rows = await engine.write(RECORD_FEEDBACK, {**ENGAGEMENT_PARAMS, "event": event})
    return bool(rows and rows[0]["refreshed"])


RECENT_FEEDBACK: Final = 20

# The most recent answers per customer; a 360 view shows a page, not the whole history.
LIST_FEEDBACK_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:GAVE]->(f:Feedback)
OPTIONAL MATCH (f)-[:ON]->(i:Interaction)
WITH id, f, i ORDER BY f.at DESC, f.id
WITH id, collect([f.id, f.kind, f.score, f.at, f.touchpoint, i.id]) AS answers
RETURN id AS of, answers[0..$limit] AS answers
"""


async def list_feedback_of(
    engine: GraphEngine, *, customer_ids: Sequence[str], limit: int = RECENT_FEEDBACK
) -> dict[str, list[FeedbackEntry]]:
    """Return each customer's most recent survey answers, newest first."""
    rows = await engine.read(LIST_FEEDBACK_OF, {"ids": list(customer_ids), "limit": limit})
    answers: dict[str, list[FeedbackEntry]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        answers[row["of"]] = [FeedbackEntry(*answer) for answer in row["answers"]]
    return answers
