"""HTTP-level protections: body size, deadline, per-user rate, and the state they share."""

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from api.security.audit import AuditLog
from api.security.failures import FailedLogins
from api.security.identity import Keyring
from api.security.settings import SecuritySettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RateLimiter:
    """A token bucket per user: `per_minute` requests, refilled continuously."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.refill = per_minute / 60.0
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, user: str) -> bool:
        """Take one request from the user's bucket; False when it is empty."""
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
    await answer(send, 413, f"request body over the limit of {limit} bytes", "LIMIT_EXCEEDED")


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
            await answer(send, 503, f"the request ran past its deadline of {self.seconds:g} s",
                          "DEADLINE_EXCEEDED")  # fmt: skip


async def answer(send: Send, status: int, message: str, code: str) -> None:
    """Answer with a GraphQL-shaped JSON error carrying its code."""
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body.encode()})
