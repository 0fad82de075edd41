"""Journeys: survey answers beside the operational figures of the same touchpoints."""

from typing import Final, LiteralString

from graph.engines import GraphEngine
from graph.records import JourneyFigures

# A journey is what the customer came for (the contact's intent), a touchpoint the channel
# it happened on. A contact "needed a repeat" when the same customer came back about the
# same intent, on any channel, within the window after it: the touchpoint did not settle it.
# Only inbound contacts count: the bank's own outreach is not a customer journey.
# One pattern comprehension, split afterwards: FalkorDB 4.16 evaluates only the first of
# two comprehensions that reuse a variable name in one projection (the rest come back empty).
JOURNEY_FIGURES: Final[LiteralString] = """
MATCH (i:Interaction)
WHERE i.at >= $since AND i.at < $until AND i.direction = 'INBOUND'
MATCH (c:Customer)-[:HAD]->(i)-[:VIA]->(ch:Channel)
OPTIONAL MATCH (c)-[:HAD]->(next:Interaction)
WHERE next.intent = i.intent AND next.direction = 'INBOUND' AND next.at > i.at
  AND next.at <= i.at + $repeatWindowMs
WITH i, ch, count(next) > 0 AS repeated
WITH i, ch, repeated, [(f:Feedback)-[:ON]->(i) | [f.kind, f.score]] AS answers
WITH i, ch, repeated, [a IN answers WHERE a[0] = 'NPS' | a[1]] AS nps,
     [a IN answers WHERE a[0] = 'CSAT' | a[1]] AS csat
RETURN i.intent AS journey, ch.id AS touchpoint, count(i) AS contacts,
       count(CASE WHEN repeated THEN 1 END) AS repeats,
       count(CASE WHEN i.outcome = 'RESOLVED' THEN 1 END) AS resolved,
       avg(i.turnaroundMinutes) AS meanTurnaroundMinutes,
       sum(size([s IN nps WHERE s >= 9])) AS promoters,
       sum(size([s IN nps WHERE s <= 6])) AS detractors,
       sum(size(nps)) AS npsAnswers,
       sum(reduce(total = 0, s IN csat | total + s)) AS csatTotal,
       sum(size(csat)) AS csatAnswers
ORDER BY journey, touchpoint
"""


async def list_journey_figures(
    engine: GraphEngine, *, since_ms: int, until_ms: int, repeat_window_ms: int
) -> list[JourneyFigures]:
    """Per journey and touchpoint, contacts in [since, until) with their surveys."""
    params = {"since": since_ms, "until": until_ms, "repeatWindowMs": repeat_window_ms}
    rows = await engine.read(JOURNEY_FIGURES, params)
    # sum() of integers comes back as a float from the embedded engine: counts are ints.
    return [
        JourneyFigures(
            journey=row["journey"], touchpoint=row["touchpoint"],
            contacts=int(row["contacts"]), repeats=int(row["repeats"]),
            resolved=int(row["resolved"]),
            mean_turnaround_minutes=(
                None if row["meanTurnaroundMinutes"] is None
                else float(row["meanTurnaroundMinutes"])
            ),
            promoters=int(row["promoters"]), detractors=int(row["detractors"]),
            nps_answers=int(row["npsAnswers"]), csat_total=int(row["csatTotal"]),
            csat_answers=int(row["csatAnswers"]),
        )
        for row in rows
    ]  # fmt: skip
