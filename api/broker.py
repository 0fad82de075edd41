"""Publish/subscribe for GraphQL subscriptions, across every replica of the service.

Each process fans a topic's messages out to its own subscribers' queues. With a relay
(Redis pub/sub: the embedded engine's own redis-server, or KITH_BROKER_URL), a message
published by any replica goes through the relay and comes back to every replica, this one
included, so a screen subscribed on one host hears a write made on another. Without one
(Neo4j and no broker URL), one process serves alone and messages stay in it.
"""

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Final, Protocol

from graph.errors import GraphError

logger = logging.getLogger(__name__)
QUEUE_LIMIT: Final = 100  # a subscriber this far behind is cut off, not waited for
LISTEN_TIMEOUT_S: Final = 10.0


class Relay(Protocol):
    """Carries events between the replicas of one deployment."""

    async def publish(self, topic: str, message: str) -> None:
        """Send one event to every replica (raises GraphError when unreachable)."""
        ...

    def events(self, listening: asyncio.Event) -> AsyncIterator[tuple[str, str]]:
        """Every replica's events, for ever; sets `listening` once subscribed."""
        ...


class Broker:
    """Topics of customer ids (or agent ids); each subscriber gets its own queue."""

    def __init__(self, relay: Relay | None = None) -> None:
        self._relay = relay
        self._queues: defaultdict[str, set[asyncio.Queue[str]]] = defaultdict(set)
        self._pump: asyncio.Task[None] | None = None

    async def publish(self, topic: str, message: str) -> None:
        """Hand a message to every current subscriber of a topic, on every replica."""
        if self._relay is None:
            self._deliver(topic, message)
            return
        try:
            await self._relay.publish(topic, message)
        except GraphError as error:  # the write is done: tell this replica's screens at least
            logger.warning("broker: %s; delivered on this replica only", error)
            self._deliver(topic, message)

    async def subscribe(self, topic: str) -> AsyncIterator[str]:
        """Yield the topic's messages from now on, until the subscriber goes away."""
        queue: asyncio.Queue[str] = asyncio.Queue(QUEUE_LIMIT)
        self._queues[topic].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues[topic].discard(queue)
            if not self._queues[topic]:
                del self._queues[topic]

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Listen to the relay while the app runs; serve only once the listening began."""
        if self._relay is None:
            yield
            return
        listening = asyncio.Event()
        self._pump = asyncio.create_task(self._listen(self._relay, listening))
        try:
            async with asyncio.timeout(LISTEN_TIMEOUT_S):
                await listening.wait()
        except TimeoutError:  # the relay is down: serve, and hear others once it is back
            logger.warning("broker: not listening to other replicas yet")
        try:
            yield
        finally:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump

    async def _listen(self, relay: Relay, listening: asyncio.Event) -> None:
        async for topic, message in relay.events(listening):
            self._deliver(topic, message)

    def _deliver(self, topic: str, message: str) -> None:
        for queue in list(self._queues.get(topic, ())):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._queues[topic].discard(queue)
