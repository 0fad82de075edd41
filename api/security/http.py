"""HTTP-level protections: body size, deadline, per-user rate, and the state they share."""

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from api.security.audit import AuditLog
from api.security.failures import FailedLogins
from api.security.identity import Keyring
from api.security.settings import SecuritySettings
from graph.errors import GraphError

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SharedBuckets(Protocol):
    """Token buckets every replica takes from (the broker's Redis)."""

    async def take_token(self, bucket: str, per_minute: int) -> bool:
        """Take one token; False when the bucket is empty (raises GraphError when down)."""
        ...


SHARED_WAIT_S: Final = 0.25  # a rate check is microseconds when the broker answers


class RateLimiter:
    """A token bucket per user: `per_minute` requests, refilled continuously.

    With `shared` buckets the limit holds for the whole deployment, however many replicas
    a user's requests land on; while they cannot be reached, each process keeps its own.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self.shared: SharedBuckets | None = None
        self._buckets: dict[str, tuple[float, float]] = {}

    async def allow(self, user: str) -> bool:
        """Take one request from the user's bucket; False when it is empty."""
        if self.shared is not None:
            try:
                # A stalled broker must not hold the request: past a moment, count here.
                async with asyncio.timeout(SHARED_WAIT_S):
                    return await self.shared.take_token(user, self.per_minute)
            except (GraphError, TimeoutError) as error:
                logger.warning("rate limit: %s; counting in this process", type(error).__name__)
        return self.allow_here(user)

    def allow_here(self, user: str) -> bool:
        """Take one request from this process's own bucket for the user."""
        now = time.monotonic()
        tokens, then = self._buckets.get(user, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - then) * self.refill)
        if tokens < 1:
            self._buckets[user] = (tokens, now)
            return False
        self._buckets[user] = (tokens - 1, now)
        return True


@dataclass
class SecurityState:
    """What every request's security needs, built once per app."""

    settings: SecuritySettings
    keyring: Keyring
    audit: AuditLog
    limiter: RateLimiter = field(init=False)
    failures: FailedLogins = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.settings.rate_limit_per_minute)
        self.failures = FailedLogins(self.settings.auth_failures_per_minute)

    @property
    def production(self) -> bool:
        """Tell whether the app runs in production mode."""
        return self.settings.production


def correlation_id() -> str:
    """A fresh id that ties a response, its log lines and its audit events together."""
    return uuid.uuid4().hex


class BodyLimit:
    """Answer 413 to a request body over `limit` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await _too_large(send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    await answer_json(send, 413, f"request body over the limit of {limit} bytes", "LIMIT_EXCEEDED")


class Deadline:
    """Answer a GraphQL request still running after `seconds` with 503, and cancel its work.

    Engine calls carry their own timeout (KITH_TRANSACTION_TIMEOUT_S); this bounds the whole
    request, however many calls it makes. Streamed exports are left to run.
    """

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/graphql"):
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, tracked)
        except TimeoutError:
            if started:
                raise
            await answer_json(send, 503, f"the request ran past its deadline of {self.seconds:g} s",
                          "DEADLINE_EXCEEDED")  # fmt: skip


async def answer_json(
    send: Send, status: int, message: str, code: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:  # fmt: skip
    """Answer in the API's error shape: JSON with a message and a code, never plain text."""
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), *(headers or [])]})  # fmt: skip
    await send({"type": "http.response.body", "body": body.encode()})
