"""Each customer's engagement statistics, derived from their events and kept current.

The statistics are a pure function of the customer's interactions and feedback, so
refreshing them is idempotent: loading events twice, or one at a time, gives one answer.
"""

from collections.abc import Iterable, Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Row
from graph.records import ChannelUse, ContactHabits, Engagement

# A contact of the customer's own "needed a repeat" when they came back about the same
# intent, on any channel, within this window after it (as the journeys' pain points count).
REPEAT_WINDOW_MS: Final = 7 * 86_400_000
# Every statement built on ENGAGEMENT_BODY sends these beside its own parameters.
ENGAGEMENT_PARAMS: Final = {"repeatWindowMs": REPEAT_WINDOW_MS}

# The refresh for one bound `customerId`; the single-event statements reuse it.
# count(CASE ...) rather than sum(...): the embedded engine sums integers as floats.
# Notifications (the bank telling the customer about a case) are no engagement: left out.
# Repeats are among inbound contacts only: the bank's own outreach (a second sales call, a
# notice) is not the customer coming back. They are found in the list of the customer's own
# [intent, at] (tens of contacts), not by matching a later contact per contact: the same
# answer in under half the time (BENCHMARKS.md); the embedded engine has no COUNT {} either.
ENGAGEMENT_BODY: Final[LiteralString] = """
MATCH (c:Customer {id: customerId})
OPTIONAL MATCH (c)-[:HAD]->(i:Interaction)
WHERE i.notification IS NULL
WITH c, count(i) AS contacts, max(i.at) AS lastAt,
     count(CASE WHEN i.outcome = 'RESOLVED' THEN 1 END) AS resolved,
     count(CASE WHEN i.outcome = 'UNRESOLVED' THEN 1 END) AS unresolved,
     toInteger(sum(coalesce(i.turnaroundMinutes, 0))) AS turnaround,
     count(i.turnaroundMinutes) AS turnaroundCount,
     count(CASE WHEN i.intent = 'BILLING' THEN 1 END) AS billing,
     count(CASE WHEN i.intent = 'CARDS' THEN 1 END) AS cards,
     count(CASE WHEN i.intent = 'LOANS' THEN 1 END) AS loans,
     count(CASE WHEN i.intent = 'COMPLAINT' THEN 1 END) AS complaints,
     collect(CASE WHEN i.direction = 'INBOUND' THEN [i.intent, i.at] END) AS own
SET c.contactCount = contacts, c.lastContactAt = lastAt, c.resolvedCount = resolved,
    c.unresolvedCount = unresolved, c.turnaroundMinutesTotal = turnaround,
    c.turnaroundCount = turnaroundCount, c.billingContacts = billing,
    c.cardContacts = cards, c.loanContacts = loans, c.complaintContacts = complaints,
    c.repeatContacts = size([a IN own WHERE any(b IN own WHERE b[0] = a[0] AND b[1] > a[1]
                                                 AND b[1] <= a[1] + $repeatWindowMs)])
WITH c
OPTIONAL MATCH (c)-[:GAVE]->(f:Feedback)
WITH c, count(CASE WHEN f.kind = 'NPS' THEN 1 END) AS npsCount,
     toInteger(sum(CASE WHEN f.kind = 'NPS' THEN f.score ELSE 0 END)) AS npsSum,
     count(CASE WHEN f.kind = 'NPS' AND f.score >= 9 THEN 1 END) AS promoters,
     count(CASE WHEN f.kind = 'NPS' AND f.score <= 6 THEN 1 END) AS detractors,
     count(CASE WHEN f.kind = 'CSAT' THEN 1 END) AS csatCount,
     toInteger(sum(CASE WHEN f.kind = 'CSAT' THEN f.score ELSE 0 END)) AS csatSum
SET c.npsCount = npsCount, c.npsSum = npsSum, c.npsPromoters = promoters,
    c.npsDetractors = detractors, c.csatCount = csatCount, c.csatSum = csatSum
WITH c
OPTIONAL MATCH (c)-[:HAD]->(i:Interaction)-[:VIA]->(ch:Channel)
WHERE i.notification IS NULL
WITH c, ch, count(i) AS contacts, max(i.at) AS lastAt,
     count(CASE WHEN i.direction = 'OUTBOUND' THEN 1 END) AS outbound,
     count(CASE WHEN i.direction = 'OUTBOUND' AND i.responded THEN 1 END) AS responded
FOREACH (_ IN CASE WHEN ch IS NULL THEN [] ELSE [1] END |
  MERGE (c)-[u:USES]->(ch)
  SET u.contacts = contacts, u.outbound = outbound, u.responded = responded, u.lastAt = lastAt)
WITH DISTINCT c
OPTIONAL MATCH (c)-[:HAD]->(i:Interaction)-[:ABOUT]->(p:Product)
WHERE i.notification IS NULL
WITH c, p, count(i) AS contacts, max(i.at) AS lastAt
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  MERGE (c)-[e:ENGAGED_WITH]->(p)
  SET e.contacts = contacts, e.lastAt = lastAt)
RETURN count(DISTINCT c) AS refreshed
"""

REFRESH_ENGAGEMENT: Final[LiteralString] = "UNWIND $customerIds AS customerId" + ENGAGEMENT_BODY

REFRESH_BATCH: Final = 1_000


async def refresh_engagement(engine: GraphEngine, customer_ids: Iterable[str]) -> int:
    """Recompute the statistics of these customers from their events; return how many."""
    ids = sorted(set(customer_ids))
    for start in range(0, len(ids), REFRESH_BATCH):
        chunk = ids[start : start + REFRESH_BATCH]
        await engine.write(REFRESH_ENGAGEMENT, {**ENGAGEMENT_PARAMS, "customerIds": chunk})
    return len(ids)


# A customer's channel uses as lists, read by both statements below (see _channel_uses).
_CHANNEL_USES: Final[LiteralString] = """
       [(c)-[u:USES]->(ch:Channel)
        | [ch.id, u.contacts, u.outbound, u.responded, u.lastAt, ch.responseRate]] AS channels"""

GET_ENGAGEMENTS: Final[LiteralString] = (
    """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
RETURN id AS of, c.contactCount AS contactCount, c.lastContactAt AS lastContactAt,
       c.resolvedCount AS resolvedCount, c.unresolvedCount AS unresolvedCount,
       c.turnaroundMinutesTotal AS turnaroundMinutesTotal, c.turnaroundCount AS turnaroundCount,
       c.billingContacts AS billingContacts, c.cardContacts AS cardContacts,
       c.loanContacts AS loanContacts, c.complaintContacts AS complaintContacts,
       c.repeatContacts AS repeatContacts,
       c.npsCount AS npsCount, c.npsSum AS npsSum, c.npsPromoters AS npsPromoters,
       c.npsDetractors AS npsDetractors, c.csatCount AS csatCount, c.csatSum AS csatSum,"""
    + _CHANNEL_USES
    + """,
       [(c)-[e:ENGAGED_WITH]->(p:Product) | [p.id, e.contacts, e.lastAt]] AS products
"""
)


# What scoring needs of the statistics (the tier's contacts, the channel ranking), for a
# page of customers: reading the whole record cost 57 s of a 240 s score of 100,000
# customers, most of it parsing the twenty columns in this process (profiled).
LIST_CONTACT_HABITS: Final[LiteralString] = (
    """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
RETURN id AS of, c.contactCount AS contactCount,"""
    + _CHANNEL_USES
    + "\n"
)


async def list_contact_habits(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, ContactHabits]:
    """Each customer's contacts in all and channel uses, by id (unknown ids left out)."""
    rows = await engine.read(LIST_CONTACT_HABITS, {"ids": list(customer_ids)})
    return {row["of"]: ContactHabits(row["contactCount"] or 0, _channel_uses(row)) for row in rows}


async def get_engagements(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, Engagement]:
    """Return the engagement statistics of the customers among these ids, by id."""
    rows = await engine.read(GET_ENGAGEMENTS, {"ids": list(customer_ids)})
    return {row["of"]: _engagement(row) for row in rows}


async def get_engagement(engine: GraphEngine, *, customer_id: str) -> Engagement | None:
    """Return a customer's engagement statistics, or None for an unknown customer."""
    return (await get_engagements(engine, customer_ids=[customer_id])).get(customer_id)


def _channel_uses(row: Row) -> tuple[ChannelUse, ...]:
    return tuple(sorted(ChannelUse(*use) for use in row["channels"]))


def _engagement(row: Row) -> Engagement:
    return Engagement(
        contact_count=row["contactCount"] or 0,
        last_contact_at=row["lastContactAt"],
        resolved_count=row["resolvedCount"] or 0,
        unresolved_count=row["unresolvedCount"] or 0,
        turnaround_minutes_total=row["turnaroundMinutesTotal"] or 0,
        turnaround_count=row["turnaroundCount"] or 0,
        contacts_by_intent=tuple(
            (intent, row[column] or 0) for intent, column in _INTENT_COLUMNS.items()
        ),
        repeat_contacts=row["repeatContacts"] or 0,
        nps_count=row["npsCount"] or 0,
        nps_sum=row["npsSum"] or 0,
        nps_promoters=row["npsPromoters"] or 0,
        nps_detractors=row["npsDetractors"] or 0,
        csat_count=row["csatCount"] or 0,
        csat_sum=row["csatSum"] or 0,
        channels=_channel_uses(row),
        products=tuple(sorted((p[0], p[1], p[2]) for p in row["products"])),
    )


_INTENT_COLUMNS: Final = {
    "BILLING": "billingContacts",
    "CARDS": "cardContacts",
    "LOANS": "loanContacts",
    "COMPLAINT": "complaintContacts",
}
