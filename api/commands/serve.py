"""`kith serve` runs the GraphQL API under uvicorn; `kith export-schema` writes its SDL."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.commands.console import err, rules_or_exit, security_or_exit, settings_or_exit
from api.schema import schema
from api.security.identity import CHANNELS, Role, Unauthenticated, issue_token, keyring_for


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65_535)] = 8000,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, /healthz, /readyz) until interrupted."""
    security = security_or_exit()
    try:
        app = create_app(settings_or_exit(), security, rules=rules_or_exit())
    except Unauthenticated as refusal:
        err.print(f"[red]not serving:[/] {refusal}")
        raise typer.Exit(2) from refusal
    if not security.production and host not in ("127.0.0.1", "localhost", "::1"):
        err.print(
            f"[yellow]development mode on {host}:[/] anyone who reaches this port can get a "
            "token at /dev/token; set KITH_MODE=production with the bank's keys to expose it"
        )
    # Past max_concurrency uvicorn answers 503 at once rather than queueing without bound.
    uvicorn.run(
        app, host=host, port=port, log_level="info", proxy_headers=False,
        limit_concurrency=security.max_concurrency,
    )  # fmt: skip


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
    output: Annotated[Path, typer.Option(help="where to write the SDL")] = Path("schema.graphql"),
) -> None:
    """Write the GraphQL schema (SDL) that front-end teams build on."""
    output.write_text(schema.as_str() + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")
