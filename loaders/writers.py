"""Which graph/ function writes each record kind."""

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Final

from graph import (
    accounts,
    cases,
    channels,
    customers,
    feedback,
    households,
    incidents,
    interactions,
    usage,
)
from graph.engines.protocol import GraphEngine, Params

Writer = Callable[[GraphEngine, Sequence[Params]], Coroutine[Any, Any, int]]


async def _write_family(engine: GraphEngine, rows: Sequence[Params]) -> int:
    for tie in customers.FAMILY_TIES:
        pairs = [(row["fromId"], row["toId"]) for row in rows if row["tie"] == tie]
        if pairs:
            await customers.link_family(engine, tie=tie, pairs=pairs)
    return len(rows)


WRITERS: Final[dict[str, Writer]] = {
    "channels": channels.upsert_channels,
    "products": accounts.upsert_products,
    "agents": channels.upsert_agents,
    "incidents": incidents.upsert_incidents,
    "customers": customers.upsert_customers,
    "households": households.upsert_households,
    "household_members": households.add_household_members,
    "family": _write_family,
    "accounts": accounts.upsert_accounts,
    "account_holders": accounts.add_account_holders,
    "cases": cases.upsert_cases,
    "interactions": interactions.write_interactions,
    "case_steps": cases.write_case_steps,
    "feedback": feedback.write_feedback,
    "usage": usage.upsert_usage,
}

# Kinds whose rows change a customer's engagement statistics, and the column naming them.
ENGAGEMENT_SOURCES: Final[dict[str, str]] = {"interactions": "customerId", "feedback": "customerId"}


def touched_customers(kind: str, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Return the customers whose statistics these rows change."""
    column = ENGAGEMENT_SOURCES.get(kind)
    return {str(row[column]) for row in rows} if column else set()
