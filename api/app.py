"""The FastAPI app: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from starlette.requests import HTTPConnection

from api import exports
from api.alert_watch import alert_watch
from api.broker import Broker
from api.context import Context
from api.dataloaders import Loaders, make_loaders
from api.jobs.settings import RuleSettings
from api.schema import schema
from api.security.audit import AuditLog
from api.security.http import BodyLimit, Deadline, SecurityState
from api.security.identity import keyring_for
from api.security.router import SecuredRouter, authenticated
from api.security.settings import SecuritySettings
from api.workspace import mount_workspace
from graph.engines import GraphEngine, open_engine
from graph.engines.settings import GraphSettings

logger = logging.getLogger(__name__)

EngineOpener = Callable[[GraphSettings], Awaitable[GraphEngine]]
LoaderFactory = Callable[[GraphEngine], Loaders]


def create_app(
    settings: GraphSettings,
    security: SecuritySettings,
    *,
    opener: EngineOpener = open_engine,
    loaders: LoaderFactory = make_loaders,
    rules: RuleSettings | None = None,
) -> FastAPI:
    """Build the app; the engine opens with the app (on its event loop) and closes with it.

    `opener` and `loaders` are seams for tests and benchmarks (a counting engine, the
    unbatched loaders a naive build would have); the service uses the defaults. Production
    mode without token keys raises `Unauthenticated`: the service refuses to start.
    `rules` (default: from `KITH_*`) are the thresholds the live attrition re-check uses.
    """
    attrition = (rules or RuleSettings()).attrition()
    audit = AuditLog(security.audit_path or settings.data_dir / "audit" / "audit.jsonl")
    guard = SecurityState(security, keyring_for(security, settings.data_dir), audit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.engine = await opener(settings)
        app.state.broker = Broker()
        from api.jobs.model_store import NoModel, load_current  # torch: only the service pays

        try:
            app.state.model = load_current(settings.data_dir)
        except NoModel as missing:
            logger.info("%s: customers are not re-scored as they change", missing)
            app.state.model = None
        try:
            async with alert_watch(app.state.engine, app.state.broker):
                yield
        finally:
            await app.state.engine.close()

    async def context(connection: HTTPConnection) -> Context:
        # HTTPConnection serves both POSTed queries and graphql-transport-ws subscriptions.
        state = connection.app.state
        principal, correlation = authenticated(connection, guard)
        engine = state.engine
        return Context(
            engine, state.broker, loaders(engine), guard, principal=principal,
            correlation_id=correlation, model=state.model, attrition=attrition,
        )  # fmt: skip

    app = FastAPI(title="Kith", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(Deadline, seconds=security.request_deadline_s)
    app.add_middleware(BodyLimit, limit=security.max_body_bytes)
    app.state.security = guard
    graphql = SecuredRouter(
        schema,
        context_getter=context,
        graphql_ide=None if security.production else "graphiql",
        allow_queries_via_get=False,
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(exports.router)
    mount_workspace(app, development=not security.production)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request, response: Response) -> dict[str, str]:
        """The engine answers: ready to serve."""
        health = await request.app.state.engine.health()
        if not health.ok:
            response.status_code = 503
        return {"status": "ready" if health.ok else "unavailable", "engine": health.engine}

    return app
