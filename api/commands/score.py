"""`kith score`: derive needs, offers, channels, tiers and alerts, and say what was written."""

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from api.commands.console import out, rules_or_exit, settings_or_exit, with_engine
from api.jobs.scoring import ScoreReport, ScoreSettings, data_day, score_all
from graph.engines import GraphEngine

if TYPE_CHECKING:  # the model modules import torch (seconds): only commands that score pay
    from api.jobs.model_store import ServedModel


def score(
    on: Annotated[
        datetime | None,
        typer.Option(help="score as of this day (default: the data's latest event day)"),
    ] = None,
    dispute_days: Annotated[
        int | None,
        typer.Option(
            min=1, help="attrition: a card dispute unresolved this many days "
            "(default KITH_ATTRITION_DISPUTE_DAYS, 30)",
        ),
    ] = None,
    spend_drop: Annotated[
        float | None,
        typer.Option(
            min=0.05, max=1.0, help="attrition: then spending this share down "
            "(default KITH_ATTRITION_SPEND_DROP, 0.4)",
        ),
    ] = None,
) -> None:  # fmt: skip
    """Derive needs, preferred channels and attrition alerts; write them to the graph."""
    rules = rules_or_exit()
    attrition = rules.attrition()
    if dispute_days is not None:
        attrition = replace(attrition, dispute_days=dispute_days)
    if spend_drop is not None:
        attrition = replace(attrition, spend_drop=spend_drop)
    tiers = rules.tiers()
    from api.jobs.model_store import NoModel, load_current

    graph_settings = settings_or_exit()
    try:
        served: ServedModel | None = load_current(graph_settings.data_dir)
    except NoModel as missing:
        out.print(f"{missing}; scoring without propensities")
        served = None

    async def run(engine: GraphEngine) -> ScoreReport:
        day = on.date() if on else await data_day(engine)  # never the wall clock
        out.print(f"scoring as of {day.isoformat()}")
        return await score_all(engine, ScoreSettings(day, attrition, tiers), served)

    report = with_engine(graph_settings, run)
    out.print(
        f"scored {report.customers:,} customers: {report.propensities:,} propensities "
        f"({report.propensities_written:,} customers' changed and written), "
        f"{report.needs:,} needs, "
        f"{report.preferred_channels:,} preferred channels, {report.value_tiers:,} tiers, "
        f"{report.opportunities:,} opportunities ({report.opportunities_withdrawn:,} no longer "
        "made withdrawn), "
        f"{report.attrition_alerts:,} attrition alerts"
    )
