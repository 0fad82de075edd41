"""Scalars and small types shared by every domain: money, times, the typed Info."""

from datetime import UTC, datetime
from typing import NewType, TypeAlias

import strawberry

from api.context import Context
from graph.records import Money as MoneyRecord

Info: TypeAlias = strawberry.Info[Context, None]

# GraphQL's Int is 32-bit; a balance in minor units can exceed it.
Long = NewType("Long", int)
LONG_SCALAR = strawberry.scalar(
    name="Long",
    serialize=int,
    parse_value=int,
    description="A 64-bit integer, e.g. an amount in minor units (cents).",
)


@strawberry.type(description="An amount in integer minor units of an ISO 4217 currency.")
class Money:
    minor_units: Long
    currency: str

    @classmethod
    def from_record(cls, money: MoneyRecord) -> "Money":
        """Build from a graph record."""
        return cls(minor_units=Long(money.minor_units), currency=money.currency)


def instant(epoch_ms: int) -> datetime:
    """An epoch-milliseconds time from the graph as an aware UTC datetime."""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC)


def moment(epoch_ms: int | None) -> datetime | None:
    """An optional epoch-milliseconds time as an aware UTC datetime."""
    return None if epoch_ms is None else instant(epoch_ms)
