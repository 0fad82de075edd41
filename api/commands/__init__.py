"""The `kith` command line: one module per command group, each parsing options, calling
jobs (`api.jobs`) and printing. Nothing here is imported by the GraphQL service."""

import logging

import typer

from api.commands.engine import engine_app, schema_app
from api.commands.households import households
from api.commands.load import demo, load
from api.commands.next_product import evaluate, train
from api.commands.score import score
from api.commands.serve import export_schema, serve, token

app = typer.Typer(help="Kith: the customer graph of a retail bank.", no_args_is_help=True)
app.add_typer(engine_app, name="engine")
app.add_typer(schema_app, name="schema")

app.command("load")(load)
app.command("demo")(demo)
app.command("households")(households)
app.command("serve")(serve)
app.command("export-schema")(export_schema)
app.command("token")(token)
app.command("score")(score)
app.command("train")(train)
app.command("evaluate")(evaluate)


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="log at INFO")) -> None:
    """Configure logging once for every command."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
