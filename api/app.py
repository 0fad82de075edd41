"""The FastAPI app: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Final

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.requests import HTTPConnection

from api import exports
from api.alert_watch import alert_watch
from api.broker import Broker
from api.context import Context
from api.dataloaders import Loaders, make_loaders
from api.jobs.settings import RuleSettings
from api.observability.audit import TimedAuditLog
from api.observability.engine import ObservedEngine
from api.observability.http import CountRefusals, mount_metrics
from api.observability.settings import ObservabilitySettings
from api.observability.tracing import Observability
from api.schema import schema
from api.security.admission import Admission
from api.security.audit import audit_files
from api.security.http import BodyLimit, Deadline, SecurityState
from api.security.identity import keyring_for
from api.security.nesting import JsonNesting
from api.security.router import PROTOCOLS, SecuredRouter, authenticated
from api.security.settings import SecuritySettings
from api.workspace import mount_workspace
from graph.engines import GraphEngine, open_engine
from graph.engines.pubsub import RedisRelay
from graph.engines.settings import GraphSettings

if TYPE_CHECKING:  # torch behind it: imported when the app starts
    from api.jobs.model_store import ServedModel

logger = logging.getLogger(__name__)

# Probes time out at a few seconds: answer well within them whatever the engine does.
READY_WITHIN_S: Final = 1.5

EngineOpener = Callable[[GraphSettings], Awaitable[GraphEngine]]
LoaderFactory = Callable[[GraphEngine], Loaders]


def create_app(
    settings: GraphSettings,
    security: SecuritySettings,
    *,
    opener: EngineOpener = open_engine,
    loaders: LoaderFactory = make_loaders,
    observability: Observability | None = None,
    rules: RuleSettings | None = None,
) -> FastAPI:
    """Build the app; the engine opens with the app (on its event loop) and closes with it.

    `opener` and `loaders` are seams for tests and benchmarks (a counting engine, the
    unbatched loaders a naive build would have); the service uses the defaults. Production
    mode without token keys raises `Unauthenticated`, without an audit key
    `AuditUnavailable`: the service refuses to start.
    Without `observability` nothing is measured or traced (`kith serve` passes its own).
    `rules` (default: from `KITH_*`) are the thresholds the live attrition re-check uses.
    """
    attrition = (rules or RuleSettings()).attrition()
    observed = observability if observability is not None and observability.active else None
    metrics = observed.metrics if observed else None
    keyring = keyring_for(security, settings.data_dir)
    audit = TimedAuditLog(audit_files(security, settings.data_dir), metrics)
    guard = SecurityState(security, keyring, audit)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = await opener(settings)
        app.state.engine = (
            ObservedEngine(
                engine,
                metrics,
                observed.tracer,
                tracing=observed.provider is not None,
                pool_size=settings.pool_size,
            )
            if observed
            else engine
        )
        # What replicas share besides the graph (events, the alert watch's lease, rate
        # buckets); closed before the engine, which stops only once nobody is connected.
        relay = RedisRelay.for_settings(settings)
        app.state.broker = Broker(relay)
        guard.limiter.shared = relay
        app.state.model = _next_product_model(settings)
        if metrics is not None and app.state.model is not None:
            metrics.served(app.state.model.version)
        try:
            async with (
                app.state.broker.running(),
                alert_watch(app.state.engine, app.state.broker, relay),
            ):
                yield
        finally:
            if relay is not None:
                await relay.close()
            await app.state.engine.close()

    async def context(connection: HTTPConnection) -> Context:
        # HTTPConnection serves both POSTed queries and graphql-transport-ws subscriptions.
        state = connection.app.state
        principal, correlation = await authenticated(connection, guard)
        engine = state.engine
        return Context(
            engine, state.broker, loaders(engine), guard, principal=principal,
            correlation_id=correlation, model=state.model, attrition=attrition,
            observability=observed,
        )  # fmt: skip

    app = FastAPI(title="Kith", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.add_middleware(JsonNesting, limit=security.max_json_depth)
    app.add_middleware(Deadline, seconds=security.request_deadline_s)
    app.add_middleware(BodyLimit, limit=security.max_body_bytes)
    app.add_middleware(  # outermost: a refusal costs nothing else
        Admission, capacity=security.max_concurrency, deadline_s=security.request_deadline_s
    )
    app.add_exception_handler(Exception, _internal_error)
    if metrics is not None:  # outermost: it sees every refusal the others answer with
        app.add_middleware(CountRefusals, metrics=metrics)
    app.state.security = guard
    graphql = SecuredRouter(
        schema,
        context_getter=context,
        graphql_ide=None if security.production else "graphiql",
        allow_queries_via_get=False,
        subscription_protocols=PROTOCOLS,
    )
    app.include_router(graphql, prefix="/graphql")
    app.include_router(exports.router)
    mount_workspace(app, development=not security.production)
    if observed is not None:
        mount_metrics(app, observed)
        if observed.provider is not None:
            from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

            # One span per request: not one more per ASGI message received and sent.
            FastAPIInstrumentor.instrument_app(
                app, tracer_provider=observed.provider, excluded_urls="healthz,readyz,metrics",
                exclude_spans=["receive", "send"],
            )  # fmt: skip

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request, response: Response) -> dict[str, str]:
        """The engine answers within READY_WITHIN_S: ready to serve."""
        engine: GraphEngine = request.app.state.engine
        try:
            async with asyncio.timeout(READY_WITHIN_S):
                health = await engine.health()
        except TimeoutError:  # a stopped or wedged engine: say so, do not hang the prober
            response.status_code = 503
            return {"status": "unavailable", "engine": "no answer within "
                    f"{READY_WITHIN_S:g} s"}  # fmt: skip
        if not health.ok:
            response.status_code = 503
        return {"status": "ready" if health.ok else "unavailable", "engine": health.engine}

    return app


def app_from_environment() -> FastAPI:
    """The app from KITH_* settings: what each worker of `kith serve --workers N` runs."""
    observability = Observability.from_settings(ObservabilitySettings())
    return create_app(GraphSettings(), SecuritySettings(), observability=observability)


def _next_product_model(settings: GraphSettings) -> "ServedModel | None":
    """The current next-product model, or None when none was trained."""
    from api.jobs.model_store import NoModel, load_current  # torch: only the service pays

    try:
        return load_current(settings.data_dir)
    except NoModel as missing:
        logger.info("%s: customers are not re-scored as they change", missing)
        return None


async def _internal_error(request: Request, error: Exception) -> JSONResponse:
    """An unexpected fault, answered in the API's JSON shape rather than plain text."""
    logger.error("unhandled %s on %s", type(error).__name__, request.url.path)
    body = {"errors": [{"message": "internal error", "extensions": {"code": "INTERNAL"}}]}
    return JSONResponse(body, status_code=500)
