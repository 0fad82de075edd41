"""`kith score`: derive what officers act on and write it back to the graph.

So far: each customer's lifestyle needs (`recommenders.needs`) and preferred channel
(`recommenders.channels`). The graph is read a page of customers at a time (keyset by id),
so memory stays flat whatever the bank's size.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Final

import typer

from api.console import out, settings_or_exit, with_engine
from graph.accounts import list_holdings_of
from graph.customers import get_profiles, list_families
from graph.engagement import get_engagements
from graph.engine import GraphEngine
from graph.insights import replace_needs, write_preferred_channels
from graph.selection import CustomerFilter, list_customer_ids_after
from recommenders.channels import rank_channels
from recommenders.needs import needs_of

PAGE: Final = 1_000


@dataclass(slots=True)
class ScoreReport:
    """How many customers were scored, and what was written."""

    customers: int = 0
    needs: int = 0
    preferred_channels: int = 0


async def score_all(engine: GraphEngine, today: date) -> ScoreReport:
    """Score every customer, a page at a time; return what was written."""
    report, after = ScoreReport(), None
    while ids := await list_customer_ids_after(
        engine, selection=CustomerFilter(), after_id=after, limit=PAGE
    ):
        await _score_page(engine, ids, today, report)
        after = ids[-1]
    return report


async def _score_page(
    engine: GraphEngine, ids: list[str], today: date, report: ScoreReport
) -> None:
    profiles = await get_profiles(engine, customer_ids=ids)
    families = await list_families(engine, customer_ids=ids)
    kin = {m.customer_id for members in families.values() for m in members}
    holdings = await list_holdings_of(engine, customer_ids=sorted(set(ids) | kin))
    engagements = await get_engagements(engine, customer_ids=ids)
    needs_rows, channel_rows = [], []
    for customer_id, customer in profiles.items():
        # Profiling needs the customer's consent; without it, no needs are kept.
        found = needs_of(customer, families.get(customer_id, []), holdings, today)
        kept = found if customer.profiling_consent else []
        needs_rows.append({"customerId": customer_id, "needs": [
            {"id": f"N-{customer_id}-{n.kind}-{n.subject_id or 'self'}", "kind": n.kind,
             "score": n.score, "evidence": list(n.evidence), "subjectId": n.subject_id}
            for n in kept
        ]})  # fmt: skip
        engagement = engagements.get(customer_id)
        best = [p for p in rank_channels(engagement.channels) if p.best] if engagement else []
        if best:
            channel_rows.append({"customerId": customer_id, "channel": best[0].channel_id})
    report.customers += len(profiles)
    report.needs += await replace_needs(engine, needs_rows)
    report.preferred_channels += await write_preferred_channels(engine, channel_rows)


def score(
    on: Annotated[
        datetime | None, typer.Option(help="score as of this day (default today)")
    ] = None,
) -> None:
    """Derive needs and preferred channels for every customer and write them to the graph."""
    today = (on or datetime.now(UTC)).date()

    async def run(engine: GraphEngine) -> ScoreReport:
        return await score_all(engine, today)

    report = with_engine(settings_or_exit(), run)
    out.print(
        f"scored {report.customers:,} customers: {report.needs:,} needs, "
        f"{report.preferred_channels:,} preferred channels"
    )
