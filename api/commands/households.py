"""`kith households`: derive households and print what was written and left alone."""

from rich.table import Table

from api.commands.console import out, settings_or_exit, with_engine
from api.jobs.households import derive_all


def households() -> None:
    """Derive households from spouses, and family ties and joint accounts at one address."""
    report = with_engine(settings_or_exit(), derive_all)
    table = Table(title="Derived households", show_header=False)
    table.add_row("customers considered", f"{report.customers:,}")
    table.add_row("derived households written", f"{report.written:,}")
    table.add_row("people placed in them", f"{report.placed:,}")
    table.add_row("derived households removed", f"{report.removed:,}")
    table.add_row("loaded households left as they are", f"{report.loaded:,}")
    out.print(table)
