"""The `kith` command line: one module per command group, each parsing options, calling
jobs (`api.jobs`) and printing. Nothing here is imported by the GraphQL service."""

import logging
from collections.abc import Callable

import typer

from api.commands.audit import audit_app
from api.commands.engine import engine_app, schema_app
from api.commands.households import households
from api.commands.load import after_import, demo, load
from api.commands.next_product import evaluate, train
from api.commands.score import score
from api.commands.serve import export_schema, serve, token
from api.observability.jobs import recorded
from api.observability.logs import configure_logging
from api.observability.settings import ObservabilitySettings

app = typer.Typer(help="Kith: the customer graph of a retail bank.", no_args_is_help=True)
app.add_typer(engine_app, name="engine")
app.add_typer(schema_app, name="schema")
app.add_typer(audit_app, name="audit")

app.command("serve")(serve)
app.command("export-schema")(export_schema)
app.command("token")(token)
# Batch commands: each leaves its figures for Prometheus's textfile collector.
BATCH: dict[str, Callable[..., None]] = {
    "load": load, "demo": demo, "households": households, "score": score, "train": train,
    "evaluate": evaluate, "after-import": after_import,
}  # fmt: skip
for name, command in BATCH.items():
    app.command(name)(recorded(name, command))


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log at INFO")) -> None:
    """Configure logging once for every command (KITH_LOG_FORMAT: json or human)."""
    log_format = ObservabilitySettings().log_format
    configure_logging(log_format, logging.INFO if verbose else logging.WARNING)
