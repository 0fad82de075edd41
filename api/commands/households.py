"""`kith households`: derive households and print what was written and left alone."""

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from api.commands.console import out, settings_or_exit, with_engine
from api.jobs.households import HouseholdReport, derive_all
from graph.engines import GraphEngine


def households(
    on: Annotated[
        datetime | None,
        typer.Option(help="who is under 18 as of this day (default today)"),
    ] = None,
) -> None:
    """Derive households from spouses, and family ties and joint accounts at one address."""
    day = on.date() if on else None

    async def run(engine: GraphEngine) -> HouseholdReport:
        return await derive_all(engine, on=day)

    report = with_engine(settings_or_exit(), run)
    table = Table(title="Derived households", show_header=False)
    table.add_row("customers considered", f"{report.customers:,}")
    table.add_row("derived households written", f"{report.written:,}")
    table.add_row("people placed in them", f"{report.placed:,}")
    table.add_row("derived households removed", f"{report.removed:,}")
    table.add_row("loaded households left as they are", f"{report.loaded:,}")
    out.print(table)
