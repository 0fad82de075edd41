"""Tells subscribed screens about new alerts, whichever process raised them.

Alerts are raised by the recommenders (`kith score`), not by this process, so the service
watches the graph: every second it reads the alerts stored since the last one it saw (an
indexed read) and publishes each to its agent's topic and to everyone's. With several
replicas one of them watches, the holder of a lease in the broker's Redis; it leaves its
watermark there too, so whoever takes over when it goes starts where it stopped.
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Final, Protocol

from api.broker import Broker
from graph.alerts import latest_alert_mark, list_alerts_stored_after
from graph.engines import GraphEngine
from graph.errors import GraphError

logger = logging.getLogger(__name__)
EVERY_S: Final = 1.0
LEASE: Final = "alert-watch"
MARK: Final = "alert-watch:mark"
ALL_AGENTS: Final = "alerts:*"
Mark = tuple[int, str]


class Lease(Protocol):
    """A lease shared by the replicas, and a small value its holder leaves for the next."""

    async def hold_lease(self, name: str, owner: str, ttl_ms: int) -> bool:
        """Take or renew the lease for `owner`; False while another holds it."""
        ...

    async def remember(self, name: str, value: str, ttl_ms: int) -> None:
        """Keep a value for `ttl_ms`."""
        ...

    async def recall(self, name: str) -> str | None:
        """The value kept under `name`, or None."""
        ...


def alert_topic(agent_id: str | None) -> str:
    """The broker topic of one agent's alerts, or of all alerts."""
    return f"alerts:{agent_id}" if agent_id else ALL_AGENTS


async def watch_alerts(
    engine: GraphEngine, broker: Broker, lease: Lease | None = None, every_s: float = EVERY_S
) -> None:
    """Publish alert ids as they are stored, from now on, until cancelled."""
    owner, ttl_ms = uuid.uuid4().hex, int(every_s * 5000)  # five missed renewals: taken over
    mark: Mark | None = await latest_alert_mark(engine) if lease is None else None
    while True:
        await asyncio.sleep(every_s)
        try:
            if lease is not None and not await lease.hold_lease(LEASE, owner, ttl_ms):
                mark = None  # another replica watches; start from its mark if ever it goes
                continue
            mark = mark or await _handed_over(engine, lease)
            mark = await _publish_fresh(engine, broker, mark)
            if lease is not None:
                await lease.remember(MARK, f"{mark[0]}:{mark[1]}", ttl_ms * 2)
        except GraphError as error:  # the engine or broker is down: try again next time
            logger.warning("alert watch: %s", error)


async def _handed_over(engine: GraphEngine, lease: Lease | None) -> Mark:
    """Where the previous holder stopped, or the newest alert when none did recently."""
    kept = await lease.recall(MARK) if lease is not None else None
    if kept is not None:
        stored_at, _, alert_id = kept.partition(":")
        if stored_at.isdigit():
            return int(stored_at), alert_id
    return await latest_alert_mark(engine)


async def _publish_fresh(engine: GraphEngine, broker: Broker, mark: Mark) -> Mark:
    """Publish the alerts stored after `mark`; the new mark."""
    for alert in await list_alerts_stored_after(engine, mark=mark):
        await broker.publish(ALL_AGENTS, alert.id)
        if alert.agent_id:
            await broker.publish(alert_topic(alert.agent_id), alert.id)
        mark = (alert.stored_at, alert.id)
    return mark


@contextlib.asynccontextmanager
async def alert_watch(
    engine: GraphEngine, broker: Broker, lease: Lease | None = None
) -> AsyncIterator[None]:
    """Run the watch for the app's lifetime."""
    task = asyncio.create_task(watch_alerts(engine, broker, lease))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
