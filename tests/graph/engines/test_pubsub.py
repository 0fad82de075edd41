"""The relay replicas share, on the embedded engine's own redis-server: events, a lease,
rate buckets; each deployment (graph name) apart from the others."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from graph.engines.pubsub import RedisRelay
from graph.engines.settings import GraphSettings


def relay_for(engine_dir: Path, graph: str) -> RedisRelay:
    relay = RedisRelay.for_settings(GraphSettings(data_dir=engine_dir, graph_database=graph))
    assert relay is not None  # the embedded engine is a redis-server: always a relay
    return relay


@pytest.fixture
async def relays(engine_dir: Path) -> AsyncIterator[tuple[RedisRelay, RedisRelay, RedisRelay]]:
    """Two replicas of one deployment and one replica of another."""
    graph = f"p{uuid.uuid4().hex[:10]}"
    made = (relay_for(engine_dir, graph), relay_for(engine_dir, graph),
            relay_for(engine_dir, f"{graph}-other"))  # fmt: skip
    yield made
    for relay in made:
        await relay.close()


async def first_events(
    relay: RedisRelay, count: int
) -> tuple[asyncio.Task[list[tuple[str, str]]], asyncio.Event]:
    """Start listening; the task ends after `count` events."""
    listening = asyncio.Event()

    async def collect() -> list[tuple[str, str]]:
        heard: list[tuple[str, str]] = []
        async for event in relay.events(listening):
            heard.append(event)
            if len(heard) == count:
                return heard
        return heard

    task = asyncio.create_task(collect())
    await asyncio.wait_for(listening.wait(), 5)
    return task, listening


async def test_an_event_reaches_every_replica_of_its_deployment_and_no_other(
    relays: tuple[RedisRelay, RedisRelay, RedisRelay],
) -> None:
    one, two, elsewhere = relays
    hears_one, _ = await first_events(one, 2)
    hears_two, _ = await first_events(two, 2)
    hears_elsewhere, _ = await first_events(elsewhere, 1)
    await asyncio.sleep(2.5)  # quiet for longer than the client's socket timeout
    await two.publish("customer:C-1", "C-1")
    await one.publish("alerts:*", "AL-1")
    expected = [("customer:C-1", "C-1"), ("alerts:*", "AL-1")]
    assert await asyncio.wait_for(hears_one, 5) == expected
    assert await asyncio.wait_for(hears_two, 5) == expected
    await asyncio.sleep(0.3)
    assert not hears_elsewhere.done()  # another deployment's events are not its own
    hears_elsewhere.cancel()


async def test_one_replica_holds_the_lease_until_it_stops_renewing(
    relays: tuple[RedisRelay, RedisRelay, RedisRelay],
) -> None:
    one, two, elsewhere = relays
    assert await one.hold_lease("watch", "one", 400)
    assert not await two.hold_lease("watch", "two", 400)
    assert await elsewhere.hold_lease("watch", "elsewhere", 400)  # its own deployment's
    await asyncio.sleep(0.25)
    assert await one.hold_lease("watch", "one", 400)  # renewed
    await asyncio.sleep(0.25)
    assert not await two.hold_lease("watch", "two", 400)  # still held: the renewal counted
    await asyncio.sleep(0.5)
    assert await two.hold_lease("watch", "two", 400)  # one stopped renewing: taken over
    assert not await one.hold_lease("watch", "one", 400)


async def test_a_remembered_value_is_there_for_the_next_holder_until_it_expires(
    relays: tuple[RedisRelay, RedisRelay, RedisRelay],
) -> None:
    one, two, _ = relays
    assert await two.recall("mark") is None
    await one.remember("mark", "1790000000000:AL-1", 300)
    assert await two.recall("mark") == "1790000000000:AL-1"
    await asyncio.sleep(0.5)
    assert await two.recall("mark") is None


async def test_a_rate_bucket_is_shared_by_the_replicas(
    relays: tuple[RedisRelay, RedisRelay, RedisRelay],
) -> None:
    one, two, elsewhere = relays
    taken = [await relay.take_token("officer-1", 3) for relay in (one, two, one, two)]
    assert taken == [True, True, True, False]  # three a minute in all, not three each
    assert await one.take_token("officer-2", 3)  # per user
    assert await elsewhere.take_token("officer-1", 3)  # per deployment
