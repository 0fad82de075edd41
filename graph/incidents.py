"""Known service incidents: the days a channel or service failed customers."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params

# The channel is kept as a property: an incident is looked up by service (indexed), and a
# link to the channel hub would only add an edge to a node with millions already.
UPSERT_INCIDENTS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (n:Incident {id: row.id})
WITH n, row
WHERE n.updatedAt IS NULL OR n.updatedAt < row.updatedAt
SET n.channel = row.channelId, n.service = row.service, n.startedOn = row.startedOn,
    n.endedOn = row.endedOn, n.description = row.description, n.updatedAt = row.updatedAt
RETURN count(n) AS written
"""


async def upsert_incidents(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update incidents; a newer row wins."""
    return await engine.write_batches(UPSERT_INCIDENTS, rows)
