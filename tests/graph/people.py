"""Writing customer records in tests, through the one write path the loaders use."""

from collections.abc import Sequence

from graph.customers import customer_row, upsert_customers
from graph.engines import GraphEngine
from graph.records import Customer


async def add_customers(engine: GraphEngine, customers: Sequence[Customer]) -> int:
    """Upsert customer records as rows."""
    return await upsert_customers(engine, [customer_row(c) for c in customers])
