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


Key = Callable[[Params], object]


def _by_id(row: Params) -> object:
    return row["id"]


def _by_ends(start: str, end: str) -> Key:
    return lambda row: (row[start], row[end])


def _by_tie(row: Params) -> object:
    ends = (row["fromId"], row["toId"])
    return (row["tie"], *(ends if row["tie"] == "PARENT" else sorted(ends)))  # as link_family


def in_rounds(rows: Sequence[Params], key: Key) -> list[list[Params]]:
    """Split rows so that no key repeats within a part: a key's n-th row goes to part n."""
    parts: list[list[Params]] = []
    seen: dict[object, int] = {}
    for row in rows:
        n = seen[key(row)] = seen.get(key(row), -1) + 1
        if n == len(parts):
            parts.append([])
        parts[n].append(row)
    return parts


def _rounds(writer: Writer, key: Key) -> Writer:
    """Send repeats of a key in later statements, in file order.

    One statement does not apply its rows in order on the embedded engine: rows of one key
    are all MERGEd before any is SET, so of (older, newer) in one batch the older won
    (tests/loaders/test_bulk.py). Each key once per statement keeps the promised rule."""

    async def write(engine: GraphEngine, rows: Sequence[Params]) -> int:
        for part in in_rounds(rows, key):
            await writer(engine, part)
        return len(rows)

    return write


WRITERS: Final[dict[str, Writer]] = {
    "channels": _rounds(channels.upsert_channels, _by_id),
    "products": _rounds(accounts.upsert_products, _by_id),
    "agents": _rounds(channels.upsert_agents, _by_id),
    "incidents": _rounds(incidents.upsert_incidents, _by_id),
    "customers": _rounds(customers.upsert_customers, _by_id),
    "households": _rounds(households.upsert_households, _by_id),
    "household_members": _rounds(
        households.add_household_members, _by_ends("customerId", "householdId")
    ),
    "family": _rounds(_write_family, _by_tie),
    "accounts": _rounds(accounts.upsert_accounts, _by_id),
    "account_holders": _rounds(accounts.add_account_holders, _by_ends("customerId", "accountId")),
    "covers": _rounds(accounts.add_covers, _by_ends("accountId", "customerId")),
    "cases": _rounds(cases.upsert_cases, _by_id),
    "interactions": _rounds(interactions.write_interactions, _by_id),
    "case_steps": _rounds(cases.write_case_steps, _by_id),
    "feedback": _rounds(feedback.write_feedback, _by_id),
    "usage": usage.upsert_usage,  # gathers a batch's rows into series itself
}

# Kinds whose rows change a customer's engagement statistics, and the column naming them.
ENGAGEMENT_SOURCES: Final[dict[str, str]] = {"interactions": "customerId", "feedback": "customerId"}


def touched_customers(kind: str, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Return the customers whose statistics these rows change."""
    column = ENGAGEMENT_SOURCES.get(kind)
    return {str(row[column]) for row in rows} if column else set()
