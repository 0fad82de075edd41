"""`kith serve` runs the GraphQL API under uvicorn; `kith export-schema` writes its SDL."""

import logging
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.commands.console import err, guard, rules_or_exit, security_or_exit, settings_or_exit
from api.federation import contract_sdl, subgraph_sdl
from api.schema import schema
from api.security.audit import AuditUnavailable
from api.security.identity import CHANNELS, Role, Unauthenticated, issue_token, keyring_for
from graph.engines.embedded_server import EmbeddedServer


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65_535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, envvar="KITH_WORKERS", help="processes serving the port (one a core)"
        ),
    ] = 1,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, /healthz, /readyz) until interrupted."""
    security, settings = security_or_exit(), settings_or_exit()
    try:
        # Refuse here, once, rather than in every worker.
        create_app(settings, security, rules=rules_or_exit())
    except (Unauthenticated, AuditUnavailable) as refusal:
        err.print(f"[red]not serving:[/] {refusal}")
        raise typer.Exit(2) from refusal
    if not security.production and host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]development mode on {host}:[/] anyone who reaches this port can get a "
            "token at /dev/token; set KITH_MODE=production with the bank's keys to expose it"
        )
    # The embedded engine is started here, not by whichever worker comes first, so its
    # life is the command's; the workers (and other hosts' replicas) reuse it.
    server = EmbeddedServer(settings.data_dir) if settings.embedded else None
    started = guard(server.start) if server is not None else False
    try:
        # Past KITH_MAX_CONCURRENCY the app itself refuses with a JSON 503 (api/security/
        # admission.py): no uvicorn cap, whose 503 is plain text. Each worker builds its own
        # app, with its own metrics and traces (KITH_METRICS_*, KITH_OTLP_*); logs go through
        # the handler `kith` configured (JSON lines or human).
        logging.getLogger("uvicorn").setLevel(logging.INFO)
        uvicorn.run(
            "api.app:app_from_environment", factory=True, workers=workers, host=host,
            port=port, log_config=None, proxy_headers=False,
        )  # fmt: skip
    finally:
        if server is not None and started and not server.others_connected():
            server.stop()


def token(
    role: Annotated[Role, typer.Option(help="what the bearer does at the bank")],
    channel: Annotated[str, typer.Option(help="where they work: " + ", ".join(sorted(CHANNELS)))],
    user: Annotated[str, typer.Option(help="who they are")] = "developer",
    portfolio: Annotated[str | None, typer.Option(help="relationship managers")] = None,
    customer: Annotated[str | None, typer.Option(help="contact center: verified")] = None,
    minutes: Annotated[int, typer.Option(min=1, max=24 * 60)] = 480,
) -> None:
    """Print a development bearer token (signed with the data dir's local key)."""
    security = security_or_exit()
    if security.production or security.jwt_public_key:
        err.print("[red]no tokens here:[/] production tokens come from the bank's issuer")
        raise typer.Exit(2)
    keyring = keyring_for(security, settings_or_exit().data_dir)
    try:
        typer.echo(issue_token(keyring, user=user, role=role, channel=channel, minutes=minutes,
                               portfolio=portfolio, customer=customer))  # fmt: skip
    except Unauthenticated as refusal:
        err.print(f"[red]no token:[/] {refusal}")
        raise typer.Exit(2) from refusal


def export_schema(
    output: Annotated[Path | None, typer.Option(help="where to write the SDL")] = None,
    federation: Annotated[
        bool, typer.Option("--federation", help="the subgraph SDL a router composes")
    ] = False,
) -> None:
    """Write the GraphQL schema (SDL) that front-end teams build on, or the subgraph's."""
    if federation:
        output = output or Path("schema.federation.graphql")
        output.write_text(subgraph_sdl(schema), encoding="utf-8")
    else:
        output = output or Path("schema.graphql")
        output.write_text(contract_sdl(schema), encoding="utf-8")
    typer.echo(f"wrote {output}")
