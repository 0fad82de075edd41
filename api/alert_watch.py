"""Tells subscribed screens about new alerts, whichever process raised them.

Alerts are raised by the recommenders (`kith score`), not by this process, so the service
watches the graph: every second it reads the alerts stored since the last one it saw (an
indexed read) and publishes each to its agent's topic and to everyone's.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Final

from api.broker import Broker
from graph.alerts import latest_alert_mark, list_alerts_stored_after
from graph.engines import GraphEngine
from graph.errors import GraphError

logger = logging.getLogger(__name__)
EVERY_S: Final = 1.0
ALL_AGENTS: Final = "alerts:*"


def alert_topic(agent_id: str | None) -> str:
    """The broker topic of one agent's alerts, or of all alerts."""
    return f"alerts:{agent_id}" if agent_id else ALL_AGENTS


async def watch_alerts(engine: GraphEngine, broker: Broker, every_s: float = EVERY_S) -> None:
    """Publish alert ids as they are stored, from now on, until cancelled."""
    mark = await latest_alert_mark(engine)
    while True:
        await asyncio.sleep(every_s)
        try:
            fresh = await list_alerts_stored_after(engine, mark=mark)
        except GraphError as error:  # the engine is down: try again next time
            logger.warning("alert watch: %s", error)
            continue
        for alert in fresh:
            broker.publish(ALL_AGENTS, alert.id)
            if alert.agent_id:
                broker.publish(alert_topic(alert.agent_id), alert.id)
            mark = (alert.stored_at, alert.id)


@contextlib.asynccontextmanager
async def alert_watch(engine: GraphEngine, broker: Broker) -> AsyncIterator[None]:
    """Run the watch for the app's lifetime."""
    task = asyncio.create_task(watch_alerts(engine, broker))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
