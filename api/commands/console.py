"""Console plumbing shared by the `kith` commands: settings, engines, errors."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from api.jobs.settings import RuleSettings
from api.security.settings import SecuritySettings
from graph.engines import GraphEngine, open_engine
from graph.engines.embedded_server import EmbeddedServer
from graph.engines.settings import GraphSettings
from graph.errors import GraphError

out = Console()
err = Console(stderr=True, soft_wrap=True)
T = TypeVar("T")


def settings_or_exit() -> GraphSettings:
    """Build the graph settings, or name the bad variable and exit 2."""
    return _built(GraphSettings)


def security_or_exit() -> SecuritySettings:
    """Build the security settings, or name the bad variable and exit 2."""
    return _built(SecuritySettings)


def rules_or_exit() -> RuleSettings:
    """Build the scoring rules' thresholds, or name the bad variable and exit 2."""
    return _built(RuleSettings)


Settings = TypeVar("Settings", GraphSettings, SecuritySettings, RuleSettings)


def _built(kind: type[Settings]) -> Settings:
    try:
        return kind()
    except ValidationError as error:
        first = error.errors()[0]
        where = "KITH_" + "_".join(str(part) for part in first["loc"]).upper()
        err.print(f"[red]bad configuration:[/] {where}: {first['msg']}")
        raise typer.Exit(2) from error


def embedded_server_or_exit() -> EmbeddedServer:
    """Return the embedded engine's process manager, or exit 2 when Neo4j is configured."""
    settings = settings_or_exit()
    if not settings.embedded:
        err.print("KITH_GRAPH_URI is set: Kith uses that Neo4j, not the embedded engine")
        raise typer.Exit(2)
    return EmbeddedServer(settings.data_dir)


def with_engine(settings: GraphSettings, use: Callable[[GraphEngine], Awaitable[T]]) -> T:
    """Open the configured engine, use it, and close it, on a fresh event loop."""

    async def run() -> T:
        engine = await open_engine(settings)
        try:
            return await use(engine)
        finally:
            await engine.close()

    return guard(lambda: asyncio.run(run()))


def guard(action: Callable[[], T]) -> T:
    """Run an action; a graph error becomes one clear line and a non-zero exit."""
    try:
        return action()
    except GraphError as error:
        err.print(f"[red]error:[/] {error}")
        raise typer.Exit(1) from error
