"""Monthly usage per account and service, one node per series with a property per month."""

import re
from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engine import GraphEngine, Params

_MONTH = re.compile(r"^\d{4}-\d{2}$")

# `row.months` maps count_YYYY_MM and amount_YYYY_MM to values: a month loaded again
# overwrites itself, so loads are idempotent and later months extend the series.
UPSERT_USAGE: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (a:Account {id: row.accountId})
MERGE (u:Usage {id: row.id})
SET u.service = row.service, u.currency = row.currency, u += row.months
MERGE (a)-[:HAS_USAGE]->(u)
RETURN count(u) AS written
"""


async def upsert_usage(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Group monthly rows (accountId, service, month, count, amountMinor) into series."""
    series: dict[str, dict[str, Any]] = {}
    for row in rows:
        month = str(row["month"])
        if not _MONTH.match(month):
            raise ValueError(f"usage month {month!r} is not YYYY-MM")
        key = f"{row['accountId']}:{row['service']}"
        entry = series.setdefault(
            key,
            {
                "id": key,
                "accountId": row["accountId"],
                "service": row["service"],
                "currency": row["currency"],
                "months": {},
            },
        )
        suffix = month.replace("-", "_")
        entry["months"][f"count_{suffix}"] = row["count"]
        entry["months"][f"amount_{suffix}"] = row["amountMinor"]
    await engine.write_batches(UPSERT_USAGE, list(series.values()))
    return len(rows)
