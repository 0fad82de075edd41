"""`kith engine` and `kith schema`: start, stop and inspect the embedded engine; apply DDL."""

import typer
from rich.table import Table

from api.commands.console import (
    embedded_server_or_exit,
    err,
    guard,
    out,
    settings_or_exit,
    with_engine,
)
from graph.engines.embedded_server import EmbeddedServer

engine_app = typer.Typer(help="Start, stop and inspect the embedded engine.", no_args_is_help=True)
schema_app = typer.Typer(help="Create the graph's constraints and indexes.", no_args_is_help=True)


@engine_app.command("start")
def engine_start() -> None:
    """Start the embedded engine on KITH_DATA_DIR, or report the one already running."""
    server = embedded_server_or_exit()
    started = guard(server.start)
    state = server.status()
    verb = "started" if started else "already running"
    out.print(f"embedded engine {verb}: pid {state.pid}, data dir {state.data_dir}")


@engine_app.command("stop")
def engine_stop() -> None:
    """Stop the embedded engine on KITH_DATA_DIR (its data stays on disk)."""
    server = embedded_server_or_exit()
    stopped = guard(server.stop)
    out.print(f"embedded engine {'stopped' if stopped else 'was not running'}: {server.data_dir}")


@engine_app.command("status")
def engine_status() -> None:
    """Say whether the engine answers, where it keeps its data, and what the graph holds."""
    settings = settings_or_exit()
    table = Table(title="Kith graph engine", show_header=False)
    if settings.embedded:
        state = EmbeddedServer(settings.data_dir).status()
        table.add_row("engine", "embedded (FalkorDB in redis-server)")
        table.add_row("data dir", str(state.data_dir))
        table.add_row("socket", str(state.socket))
        table.add_row("pid", str(state.pid) if state.running else "-")
        table.add_row("running", "yes" if state.running else "no")
        if not state.running:
            out.print(table)
            err.print("the embedded engine is not running; start it with `kith engine start`")
            raise typer.Exit(1)
    health = with_engine(settings, lambda engine: engine.health())
    table.add_row("location", health.location)
    table.add_row("healthy", "yes" if health.ok else f"no: {health.detail}")
    out.print(table)
    if not health.ok:
        raise typer.Exit(1)


@schema_app.command("apply")
def schema_apply() -> None:
    """Create every missing constraint and index (safe to run again)."""
    report = with_engine(settings_or_exit(), lambda engine: engine.apply_schema())
    out.print(f"schema: {report.applied} applied, {report.already_present} already present")
