"""The data's own latest event: the day a run is as of when none is stated."""

from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine

# One statement per kind of event (each an indexed property): interactions, case steps,
# cases opened and survey answers. Usage months are not events: a month is reported whole.
LATEST_EVENTS: Final[tuple[LiteralString, ...]] = (
    "MATCH (i:Interaction) RETURN max(i.at) AS at",
    "MATCH (s:CaseStep) RETURN max(s.at) AS at",
    "MATCH (k:Case) RETURN max(k.openedAt) AS at",
    "MATCH (f:Feedback) RETURN max(f.at) AS at",
)


async def latest_event_at(engine: GraphEngine) -> int | None:
    """The time (epoch ms) of the latest event in the graph, or None when there is none."""
    found = []
    for statement in LATEST_EVENTS:
        rows = await engine.read(statement)
        if rows and rows[0]["at"] is not None:
            found.append(int(rows[0]["at"]))
    return max(found, default=None)
