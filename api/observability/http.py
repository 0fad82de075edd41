"""The HTTP side: /metrics for a scraper holding the token, refusals counted at the edge."""

import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.observability.metrics import Metrics, refusal
from api.observability.tracing import Observability

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class CountRefusals:
    """Count the answers that refuse a request before GraphQL runs (401, 413, 429, 503)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def counted(message: Message) -> None:
            if message["type"] == "http.response.start":
                reason = refusal(message["status"])
                if reason is not None:
                    self.metrics.refusals.labels(reason).inc()
            await send(message)

        await self.app(scope, receive, counted)


def mount_metrics(app: FastAPI, observability: Observability) -> None:
    """Serve /metrics to a scraper showing the token whose sha256 is configured."""
    metrics, expected = observability.metrics, observability.token_sha256
    if metrics is None or expected is None:
        return  # not configured: there is no /metrics to find

    @app.get("/metrics", include_in_schema=False)
    async def scrape(request: Request) -> Response:
        """The metrics in Prometheus' text format."""
        given = request.headers.get("authorization", "")
        token = given.removeprefix("Bearer ") if given.startswith("Bearer ") else ""
        digest = hashlib.sha256(token.encode()).hexdigest()
        if not token or not hmac.compare_digest(digest, expected):
            raise HTTPException(401, "metrics: show the scrape token as a bearer token",
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
