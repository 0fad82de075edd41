"""In-process publish/subscribe for GraphQL subscriptions.

One process serves its own subscribers; several replicas behind a load balancer would
share events through an external broker (Redis pub/sub, Kafka) behind this same interface.
"""

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Final

QUEUE_LIMIT: Final = 100  # a subscriber this far behind is cut off, not waited for


class Broker:
    """Topics of customer ids (or agent ids); each subscriber gets its own queue."""

    def __init__(self) -> None:
        self._queues: defaultdict[str, set[asyncio.Queue[str]]] = defaultdict(set)

    def publish(self, topic: str, message: str) -> None:
        """Hand a message to every current subscriber of a topic, without waiting."""
        for queue in list(self._queues.get(topic, ())):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                self._queues[topic].discard(queue)

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
