"""The app served by a real uvicorn on loopback, over a real graph loaded with a bank."""

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, LiteralString

import httpx
import uvicorn
from pydantic import SecretStr

from api.app import EngineOpener, LoaderFactory, create_app
from api.dataloaders import make_loaders
from api.jobs.settings import RuleSettings
from api.security.identity import Keyring, Role, issue_token, keyring_for
from api.security.settings import SecuritySettings
from graph.alerts import LIST_ALERTS_STORED_AFTER
from graph.engines.embedded import EmbeddedEngine
from graph.engines.protocol import GraphEngine, Params, Row
from graph.engines.settings import GraphSettings
from tests.graph.engines.test_neo4j_engine import free_port

# The tests' token keys and limits: a shared secret, and room for a suite's requests.
TEST_SECURITY: Final = SecuritySettings(
    jwt_secret=SecretStr("kith-tests-only-secret-0123456789abcdef"), rate_limit_per_minute=100_000
)
TEST_KEYS: Final[Keyring] = keyring_for(TEST_SECURITY, Path("."))


def bearer(
    role: Role = Role.ADMINISTRATOR, channel: str = "BRANCH_TABLET", *,
    portfolio: str | None = None, customer: str | None = None,
) -> dict[str, str]:  # fmt: skip
    """The Authorization header of a fresh test token for this role and channel."""
    token = issue_token(
        TEST_KEYS, user=f"test-{role.lower()}", role=role, channel=channel,
        portfolio=portfolio, customer=customer,
    )  # fmt: skip
    return {"Authorization": f"Bearer {token}"}


ADMIN: Final = bearer()
CC: Final = bearer(Role.CONTACT_CENTER_AGENT, "CONTACT_CENTER", customer="C-0000001")
BRANCH: Final = bearer(Role.BRANCH_OFFICER, "BRANCH_TABLET")
MARKETING: Final = bearer(Role.MARKETING_ANALYST, "BACK_OFFICE")


def secured(changes: dict[str, object]) -> SecuritySettings:
    """The tests' security settings with some changed (validated, as at start)."""
    return SecuritySettings.model_validate({**TEST_SECURITY.model_dump(), **changes})


def post(api: str, query: str, headers: dict[str, str], **variables: object) -> httpx.Response:
    """POST a document as a caller; the whole response."""
    body = {"query": query, "variables": variables}
    return httpx.post(f"{api}/graphql", json=body, headers=headers, timeout=30)


# A websocket authenticates in its connection_init payload (browsers cannot set headers).
WS_AUTH: Final = {"authorization": ADMIN["Authorization"]}


class CountingEngine(EmbeddedEngine):
    """The embedded engine, counting the statements requests send (engine round trips).

    The app's alert watch polls in the background; its one statement is not a request's.
    """

    statements = 0

    async def _run(
        self, call: Callable[..., Awaitable[Any]], query: LiteralString, params: Params | None
    ) -> list[Row]:
        if query is not LIST_ALERTS_STORED_AFTER:
            CountingEngine.statements += 1
        return await super()._run(call, query, params)


async def open_counting(settings: GraphSettings) -> GraphEngine:
    """Open a counting engine (the app's opener in tests)."""
    return await CountingEngine.open(settings)


@contextmanager
def serve(
    settings: GraphSettings,
    *,
    opener: EngineOpener = open_counting,
    loaders: LoaderFactory = make_loaders,
    security: SecuritySettings | None = None,
    rules: RuleSettings | None = None,
) -> Iterator[str]:
    """Run the app under uvicorn in a thread; yield its base URL; stop it after."""
    security = security or TEST_SECURITY
    app = create_app(settings, security, opener=opener, loaders=loaders, rules=rules)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning",
        limit_concurrency=security.max_concurrency,  # as `kith serve` runs it
    ))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def graphql(base: str, query: str, **variables: Any) -> dict[str, Any]:
    """POST a GraphQL document; return its `data`, failing on any error."""
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, headers=ADMIN,
        timeout=30,
    )  # fmt: skip
    body: dict[str, Any] = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def write_elsewhere(
    settings: GraphSettings,
    write: Callable[[GraphEngine, Sequence[Params]], Awaitable[int]],
    rows: Sequence[Params],
) -> None:
    """Write through a connection of its own, as another process (`kith score`) would."""

    async def run() -> None:
        engine = await EmbeddedEngine.open(settings)
        try:
            await write(engine, rows)
        finally:
            await engine.close()

    asyncio.run(run())
