"""Repeat contacts in a customer's statistics: the same intent again within a week."""

from typing import Any

import pytest

from graph.channels import upsert_channels
from graph.customers import upsert_customers
from graph.engagement import get_engagement, list_contact_habits, refresh_engagement
from graph.engines.embedded import EmbeddedEngine
from graph.feedback import record_feedback
from graph.interactions import record_interaction, write_interactions
from graph.opportunities import respond_to_opportunity, write_opportunities

DAY = 86_400_000
START = 1_780_000_000_000


def contact(number: int, day: float, intent: str, **changes: Any) -> dict[str, Any]:
    """An inbound contact of C-1, shaped like a validated interactions row."""
    return {
        "id": f"I-{number}", "customerId": "C-1", "channelId": "WEB", "at": int(START + day * DAY),
        "direction": "INBOUND", "intent": intent, "outcome": "RESOLVED", "responded": True,
        "productId": None, "accountId": None, "agentId": None, "caseId": None,
        "turnaroundMinutes": None, **changes,
    }  # fmt: skip


async def seed(engine: EmbeddedEngine) -> None:
    await upsert_channels(engine, [{"id": "WEB", "name": "Web"}])
    await upsert_customers(engine, [{"id": "C-1", "fullName": "Ada Byrne", "updatedAt": 1}])


@pytest.mark.parametrize(
    ("contacts", "repeats"),
    [
        ([contact(1, 0, "BILLING"), contact(2, 3, "BILLING")], 1),
        ([contact(1, 0, "BILLING"), contact(2, 10, "BILLING")], 0),
        ([contact(1, 0, "BILLING"), contact(2, 3, "CARDS")], 0),
        # Three calls about one bill in four days: the first two each needed another.
        ([contact(1, 0, "BILLING"), contact(2, 2, "BILLING"), contact(3, 4, "BILLING")], 2),
        # The bank's own contacts are no customer coming back: a notice about the case...
        ([contact(1, 0, "BILLING"),
          contact(2, 1, "BILLING", direction="OUTBOUND", notification=True)], 0),
        # ...nor a second sales call two days after the first.
        ([contact(1, 0, "SALES", direction="OUTBOUND"),
          contact(2, 2, "SALES", direction="OUTBOUND")], 0),
    ],
    ids=["3-days-apart", "10-days-apart", "other-intent", "three-in-a-row", "notification",
         "outbound"],
)  # fmt: skip
async def test_a_contact_followed_by_the_same_intent_within_7_days_is_a_repeat(
    engine: EmbeddedEngine, contacts: list[dict[str, Any]], repeats: int
) -> None:
    await seed(engine)
    await write_interactions(engine, contacts)
    await refresh_engagement(engine, ["C-1"])
    engagement = await get_engagement(engine, customer_id="C-1")
    assert engagement is not None
    assert engagement.repeat_contacts == repeats


async def test_events_recorded_one_at_a_time_count_the_same_repeats(
    engine: EmbeddedEngine,
) -> None:
    await seed(engine)
    for event in (contact(1, 0, "BILLING"), contact(2, 3, "BILLING"), contact(3, 20, "BILLING")):
        assert await record_interaction(engine, event)
    assert await repeats_and_contacts(engine) == (1, 3)
    # Every statement that refreshes the statistics recounts the repeats, not only this one.
    answer = {"id": "F-1", "customerId": "C-1", "kind": "CSAT", "score": 2, "at": START + DAY,
              "touchpoint": None, "interactionId": "I-1"}  # fmt: skip
    assert await record_feedback(engine, answer)
    assert await repeats_and_contacts(engine) == (1, 3)
    await write_opportunities(engine, [
        {"id": "O-1", "customerId": "C-1", "productId": "P-SAVER", "score": 0.5,
         "needKind": "SAVINGS", "script": [], "scoredAt": START},
    ])  # fmt: skip
    offer = contact(4, 21, "SALES", direction="OUTBOUND")
    assert await respond_to_opportunity(
        engine, opportunity_id="O-1", status="ACCEPTED", event=offer
    )
    assert await repeats_and_contacts(engine) == (1, 4)


async def repeats_and_contacts(engine: EmbeddedEngine) -> tuple[int, int]:
    engagement = await get_engagement(engine, customer_id="C-1")
    assert engagement is not None
    return engagement.repeat_contacts, engagement.contact_count


async def test_a_resent_event_changes_nothing_and_says_so(engine: EmbeddedEngine) -> None:
    await seed(engine)
    assert await record_interaction(engine, contact(1, 0, "BILLING"))
    before = await get_engagement(engine, customer_id="C-1")
    # The same id again, even with other values: the first recording stands.
    assert not await record_interaction(engine, contact(1, 2, "CARDS", outcome="UNRESOLVED"))
    assert await get_engagement(engine, customer_id="C-1") == before
    rows = await engine.read(
        "MATCH (:Customer {id: 'C-1'})-[h:HAD]->(i:Interaction)-[v:VIA]->(:Channel) "
        "RETURN count(i) AS contacts, collect(i.intent) AS intents, count(h) + count(v) AS links"
    )
    assert rows == [{"contacts": 1, "intents": ["BILLING"], "links": 2}]


async def test_the_habits_scoring_reads_are_the_full_statistics_contacts_and_channels(
    engine: EmbeddedEngine,
) -> None:
    await seed(engine)
    await upsert_channels(engine, [{"id": "MOBILE", "name": "Mobile"}])
    await write_interactions(engine, [
        contact(1, 0, "BILLING"), contact(2, 1, "CARDS", channelId="MOBILE"),
        contact(3, 2, "SALES", direction="OUTBOUND", responded=False),
    ])  # fmt: skip
    await refresh_engagement(engine, ["C-1"])
    full = await get_engagement(engine, customer_id="C-1")
    habits = await list_contact_habits(engine, customer_ids=["C-1", "C-NOBODY"])
    assert full is not None
    assert list(habits) == ["C-1"]
    assert (habits["C-1"].contact_count, habits["C-1"].channels) == (3, full.channels)
    assert [use.channel_id for use in full.channels] == ["MOBILE", "WEB"]
