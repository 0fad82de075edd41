"""The bank's contact channels and the staff who work them."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params

UPSERT_CHANNELS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (ch:Channel {id: row.id})
SET ch.name = row.name
RETURN count(ch) AS written
"""


async def upsert_channels(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or rename channels (id is the channel code)."""
    return await engine.write_batches(UPSERT_CHANNELS, rows)


UPSERT_AGENTS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (ch:Channel {id: row.channelId})
MERGE (a:Agent {id: row.id})
WITH a, ch, row
WHERE a.updatedAt IS NULL OR a.updatedAt < row.updatedAt
SET a.name = row.name, a.team = row.team, a.skills = row.skills, a.updatedAt = row.updatedAt
MERGE (a)-[:WORKS_IN]->(ch)
RETURN count(a) AS written
"""


async def upsert_agents(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update agents and the channel each works in; a newer row wins."""
    return await engine.write_batches(UPSERT_AGENTS, rows)


# The bank's answer rate per channel, over every customer's outbound contacts: what a
# customer's own sparse history is smoothed toward. Written by `kith score`, read with the
# customer's channel statistics (no extra round trip).
WRITE_CHANNEL_RESPONSE_RATES: Final[LiteralString] = """
MATCH (ch:Channel)
OPTIONAL MATCH (:Customer)-[u:USES]->(ch)
WITH ch, sum(u.outbound) AS outbound, sum(u.responded) AS responded
SET ch.responseRate = CASE WHEN outbound > 0 THEN toFloat(responded) / outbound END
RETURN count(ch) AS written
"""


async def write_channel_response_rates(engine: GraphEngine) -> int:
    """Recompute each channel's bank-wide answer rate; return how many channels."""
    rows = await engine.write(WRITE_CHANNEL_RESPONSE_RATES)
    return int(rows[0]["written"]) if rows else 0
