"""What replicas of the service share besides the graph: events, a lease, rate buckets.

All three live in one Redis. On the embedded engine that Redis is the engine itself (a
redis-server: the same unix socket, nothing more to run); with Neo4j, KITH_BROKER_URL
names one. Keys and the channel are prefixed with the graph's name, so deployments (and
tests) sharing one Redis do not hear each other. Leases, marks and buckets are written by
scripts that keep them out of the append-only log: they are worth nothing after a restart,
and the embedded engine fsyncs every logged write (one per request would be felt).
"""

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Final, Self

import redis.exceptions
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript

from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from graph.errors import EngineUnavailable, StatementError

logger = logging.getLogger(__name__)

_DOWN_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
_RETRY_S: Final = 1.0
# A request asks for a rate token: a broker that is down must cost it little, not the
# client's default ten retries with backoff. One retry at once replaces a stale connection.
_CLIENT_OPTIONS: Final = {
    "decode_responses": True,
    "retry": Retry(NoBackoff(), 1),
    "socket_timeout": 2.0,
    "socket_connect_timeout": 2.0,
}

# Hold (or renew) a lease: the owner renews its own; anyone takes a free one (SET NX PX).
_HOLD_LEASE: Final = """
redis.set_repl(redis.REPL_NONE)
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""

_REMEMBER: Final = """
redis.set_repl(redis.REPL_NONE)
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""

# A token bucket per key: ARGV[1] tokens a minute, refilled continuously on the server's
# clock (one clock for every replica). Returns 1 when a token was taken.
_TAKE_FROM_BUCKET: Final = """
redis.set_repl(redis.REPL_NONE)
local capacity = tonumber(ARGV[1])
local now_t = redis.call('TIME')
local now = tonumber(now_t[1]) * 1000 + math.floor(tonumber(now_t[2]) / 1000)
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(held[1]) or capacity
local at = tonumber(held[2]) or now
tokens = math.min(capacity, tokens + (now - at) * capacity / 60000)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
return taken
"""


class RedisRelay:
    """One deployment's events channel, leases and rate buckets in one Redis."""

    def __init__(self, client: Redis, namespace: str) -> None:
        self._client = client
        self._prefix = f"kith:{namespace}:"
        self._channel = f"{self._prefix}events"
        self._hold_lease = client.register_script(_HOLD_LEASE)
        self._remember = client.register_script(_REMEMBER)
        self._take_token = client.register_script(_TAKE_FROM_BUCKET)

    @classmethod
    def for_settings(cls, settings: GraphSettings) -> Self | None:
        """The relay for this deployment: KITH_BROKER_URL, else the embedded engine's own
        redis-server; None on Neo4j without a broker (one process serves alone)."""
        if settings.broker_url:
            url = settings.broker_url.get_secret_value()
            client = Redis.from_url(url, **_CLIENT_OPTIONS)  # type: ignore[arg-type]
        elif settings.embedded:
            socket = str(EmbeddedServer(settings.data_dir).socket)
            client = Redis(unix_socket_path=socket, **_CLIENT_OPTIONS)  # type: ignore[arg-type]
        else:
            return None
        return cls(client, settings.embedded_graph_name)

    async def publish(self, topic: str, message: str) -> None:
        """Send one event to every replica listening (this one included)."""
        payload = json.dumps([topic, message])
        try:
            await self._client.publish(self._channel, payload)
        except _DOWN_ERRORS as err:
            raise self._down(err) from err

    async def events(self, listening: asyncio.Event) -> AsyncIterator[tuple[str, str]]:
        """Yield (topic, message) from every replica, for ever; set `listening` once the
        subscription is in place. A lost connection is retried every second."""
        while True:
            pubsub = self._client.pubsub()
            try:
                await pubsub.subscribe(self._channel)
                async for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        listening.set()
                    elif message["type"] == "message" and (event := _event(message["data"])):
                        yield event
            except _DOWN_ERRORS as err:
                logger.warning("events: %s; listening again in %.0f s", self._down(err), _RETRY_S)
                await asyncio.sleep(_RETRY_S)
            finally:
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def hold_lease(self, name: str, owner: str, ttl_ms: int) -> bool:
        """Take or renew the lease `name` for `owner`; False while another holds it."""
        return bool(await self._script(self._hold_lease, name, owner, ttl_ms))

    async def remember(self, name: str, value: str, ttl_ms: int) -> None:
        """Keep a small value for `ttl_ms` (a watch's watermark, for whoever takes over)."""
        await self._script(self._remember, name, value, ttl_ms)

    async def recall(self, name: str) -> str | None:
        """The value remembered under `name`, or None once it has expired."""
        try:
            value = await self._client.get(self._prefix + name)
        except _DOWN_ERRORS as err:
            raise self._down(err) from err
        return None if value is None else str(value)

    async def take_token(self, bucket: str, per_minute: int) -> bool:
        """Take one request from a bucket shared by every replica; False when empty."""
        return bool(await self._script(self._take_token, f"rate:{bucket}", per_minute))

    async def close(self) -> None:
        """Release the connections."""
        await self._client.aclose()

    async def _script(self, script: AsyncScript, name: str, *args: str | int) -> object:
        try:
            return await script(keys=[self._prefix + name], args=list(args))
        except _DOWN_ERRORS as err:
            raise self._down(err) from err
        except redis.exceptions.ResponseError as err:
            raise StatementError(f"the broker refused a script: {err}") from err

    def _down(self, err: BaseException) -> EngineUnavailable:
        return EngineUnavailable(f"the broker is unreachable ({type(err).__name__})")


def _event(data: str) -> tuple[str, str] | None:
    """A (topic, message) pair from the channel, or None for anything else sent there."""
    try:
        topic, message = json.loads(data)
    except (ValueError, TypeError):
        logger.warning("events: ignored a message that is not a [topic, message] pair")
        return None
    return str(topic), str(message)
