"""The `kith` command line: one module per command group, each parsing options, calling
jobs (`api.jobs`) and printing. Nothing here is imported by the GraphQL service."""

import logging
from pathlib import Path

import typer

from api.commands.audit import audit_app
from api.commands.engine import engine_app, schema_app
from api.commands.households import households
from api.commands.load import demo, load
from api.commands.next_product import evaluate, train
from api.commands.score import score
from api.commands.serve import export_schema, serve, token
from api.observability.jobs import recorded
from api.observability.logs import configure_logging
from api.observability.settings import ObservabilitySettings


def _textfile_dir() -> Path | None:
    """Where a batch command leaves its metrics (KITH_METRICS_TEXTFILE_DIR), if anywhere."""
    return ObservabilitySettings().metrics_textfile_dir


app = typer.Typer(help="Kith: the customer graph of a retail bank.", no_args_is_help=True)
app.add_typer(engine_app, name="engine")
app.add_typer(schema_app, name="schema")
app.add_typer(audit_app, name="audit")

app.command("load")(recorded("load", _textfile_dir)(load))
app.command("demo")(recorded("demo", _textfile_dir)(demo))
app.command("households")(recorded("households", _textfile_dir)(households))
app.command("serve")(serve)
app.command("export-schema")(export_schema)
app.command("token")(token)
app.command("score")(recorded("score", _textfile_dir)(score))
app.command("train")(recorded("train", _textfile_dir)(train))
app.command("evaluate")(recorded("evaluate", _textfile_dir)(evaluate))


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log at INFO")) -> None:
    """Configure logging once for every command (KITH_LOG_FORMAT: json or human)."""
    log_format = ObservabilitySettings().log_format
    configure_logging(log_format, logging.INFO if verbose else logging.WARNING)
