"""Authentication at the edge: every HTTP request and every websocket's connection_init."""

import re
from contextlib import suppress
from typing import Final, cast

from fastapi import HTTPException
from starlette.requests import HTTPConnection
from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET, UnsetType

from api.security.audit import AuditEvent, AuditUnavailable
from api.security.http import SecurityState, correlation_id
from api.security.identity import Principal, Unauthenticated, authenticate

_CORRELATION: Final = re.compile(r"^[A-Za-z0-9-]{8,64}$")
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
    try:
        principal = authenticate(guard.keyring, authorization, api_key)
    except Unauthenticated as error:
        _audit_refusal(guard, correlation)
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


def _audit_refusal(guard: SecurityState, correlation: str) -> None:
    event = AuditEvent("-", "-", "-", "-", "-", None, "UNAUTHENTICATED", correlation)
    with suppress(AuditUnavailable):  # refused anyway
        guard.audit.write([event])


class SecuredRouter(GraphQLRouter):
    """The GraphQL router; a websocket without a token authenticates in connection_init."""

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
