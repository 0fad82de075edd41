"""Authentication at the edge: every HTTP request and every websocket's connection_init."""

import asyncio
import re
import time
from contextlib import suppress
from typing import Any, Final, cast

from fastapi import HTTPException
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    SubscribeMessage,
)
from strawberry.types.unset import UNSET, UnsetType

from api.security.audit import AuditEvent, AuditUnavailable
from api.security.http import SecurityState, correlation_id
from api.security.identity import Principal, Unauthenticated, authenticate

_CORRELATION: Final = re.compile(r"^[A-Za-z0-9-]{8,64}$")
PROTOCOLS: Final = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
_ACCEPTED: Final = cast(UnsetType, UNSET)  # strawberry: acknowledge with no payload


async def authenticated(
    connection: HTTPConnection, guard: SecurityState
) -> tuple[Principal | None, str]:
    """The caller and the request's correlation id; 401 or 429 when refused.

    A websocket may authenticate later, in its connection_init payload; the GraphiQL page
    (development only) is served to a browser that has no token yet.
    """
    given = connection.headers.get("x-correlation-id", "")
    correlation = given if _CORRELATION.match(given) else correlation_id()
    authorization = connection.headers.get("authorization")
    api_key = connection.headers.get("x-api-key")
    if not (authorization or api_key) and _may_wait(connection):
        return None, correlation
    address = connection.client.host if connection.client else "-"
    if guard.failures.blocked(address):
        limit = guard.settings.auth_failures_per_minute
        raise HTTPException(429, f"over {limit} failed authentications a minute from here",
                            headers={"Retry-After": "60"})  # fmt: skip
    try:
        principal = authenticate(guard.keyring, authorization, api_key)
    except Unauthenticated as error:
        _count_refusal(guard, address, correlation)
        raise HTTPException(401, str(error), headers={"WWW-Authenticate": "Bearer"}) from error
    if not await guard.limiter.allow(principal.user):
        limit = guard.settings.rate_limit_per_minute
        raise HTTPException(429, f"over {limit} requests a minute", headers={"Retry-After": "1"})
    return principal, correlation


def _may_wait(connection: HTTPConnection) -> bool:
    if connection.scope["type"] == "websocket":
        return True
    html = "text/html" in connection.headers.get("accept", "")
    return connection.scope.get("method") == "GET" and html


def _count_refusal(guard: SecurityState, address: str, correlation: str) -> None:
    """Count a failed authentication; audit only the 1st, 10th, 100th ... in a minute."""
    count = guard.failures.failed(address)
    if count is None:
        return
    operation = f"authentication failed {count}x this minute from {address}"
    event = AuditEvent("-", "-", "-", operation, "-", None, "UNAUTHENTICATED", correlation)
    with suppress(AuditUnavailable):  # refused anyway
        guard.audit.write([event])


class ExpiringSocket(BaseGraphQLTransportWSHandler[Any, Any]):
    """graphql-transport-ws whose connection ends when the caller's token expires."""

    _expiry: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        """Authenticate as usual, then set the socket to close at the token's expiry."""
        await super().handle_connection_init(message)
        principal: Principal | None = getattr(self.context, "principal", None)
        if self.connection_acknowledged and principal and principal.expires_at is not None:
            self._expiry = asyncio.create_task(self._close_at(principal.expires_at))

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        with suppress(Exception):  # the client may be gone already
            await self.websocket.close(code=4403, reason="the token has expired")

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Refuse a new operation once the token has expired: close, as at expiry."""
        principal: Principal | None = getattr(self.context, "principal", None)
        if principal is not None and principal.expired():
            await self.websocket.close(code=4403, reason="the token has expired")
            return
        await super().handle_subscribe(message)

    async def shutdown(self) -> None:
        """Stop the expiry timer with the connection."""
        if self._expiry is not None:
            self._expiry.cancel()
        await super().shutdown()


class SecuredRouter(GraphQLRouter):
    """The GraphQL router; a websocket without a token authenticates in connection_init.

    Build it with `subscription_protocols=PROTOCOLS`: only graphql-transport-ws (the
    workspace's protocol), whose handler closes the socket when the token expires.
    """

    graphql_transport_ws_handler_class = ExpiringSocket

    async def on_ws_connect(self, context: object) -> UnsetType | dict[str, object] | None:
        """Accept `{"authorization": "Bearer ..."}` or `{"apiKey": ...}` as the payload."""
        if getattr(context, "principal", None) is not None:
            return _ACCEPTED
        params = getattr(context, "connection_params", None) or {}
        guard: SecurityState = context.security  # type: ignore[attr-defined]
        try:
            context.principal = authenticate(  # type: ignore[attr-defined]
                guard.keyring, params.get("authorization"), params.get("apiKey")
            )
        except Unauthenticated as error:
            raise ConnectionRejectionError() from error
        return _ACCEPTED
