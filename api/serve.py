"""`kith serve` runs the GraphQL API under uvicorn; `kith export-schema` writes its SDL."""

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.app import create_app
from api.console import settings_or_exit
from api.schema import schema


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65_535)] = 8000,
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, /healthz, /readyz) until interrupted."""
    app = create_app(settings_or_exit())
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def export_schema(
    output: Annotated[Path, typer.Option(help="where to write the SDL")] = Path("schema.graphql"),
) -> None:
    """Write the GraphQL schema (SDL) that front-end teams build on."""
    output.write_text(schema.as_str() + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}")
