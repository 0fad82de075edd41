"""Monthly usage per account and service, one node per series with a property per month."""

import re
from collections.abc import Sequence
from typing import Any, Final, LiteralString

from graph.engines.protocol import GraphEngine, Params
from graph.records import Incident, UsagePoint, UsageSeries

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


# Incidents are few (a bank logs dozens a year) and indexed by service.
LIST_USAGE_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[:HOLDS]->(a:Account)-[:HAS_USAGE]->(u:Usage)
OPTIONAL MATCH (n:Incident {service: u.service})
WITH id, a, u, collect(n) AS incidents
RETURN id AS of, a.id AS accountId, u.service AS service, u.currency AS currency,
       properties(u) AS months,
       [n IN incidents | [n.id, n.channel, n.startedOn, n.endedOn, n.description]] AS incidents
ORDER BY of, accountId, service
"""


async def list_usage_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[UsageSeries]]:
    """Return the monthly usage series of every account each customer holds."""
    rows = await engine.read(LIST_USAGE_OF, {"ids": list(customer_ids)})
    series: dict[str, list[UsageSeries]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        points = _points(row["months"])
        shown = {point.month for point in points}
        incidents = sorted(
            (Incident(id_, channel, row["service"], start, end, text)
             for id_, channel, start, end, text in row["incidents"]),
            key=lambda incident: incident.started_on,
        )  # fmt: skip
        series.setdefault(row["of"], []).append(
            UsageSeries(
                row["accountId"], row["service"], row["currency"], points,
                tuple(i for i in incidents if shown.intersection(i.months())),
            )
        )  # fmt: skip
    return series


def _points(properties: dict[str, Any]) -> tuple[UsagePoint, ...]:
    """count_YYYY_MM / amount_YYYY_MM properties as points, oldest month first."""
    months = sorted(key[6:] for key in properties if key.startswith("count_"))
    return tuple(
        UsagePoint(
            month=month.replace("_", "-"),
            count=int(properties[f"count_{month}"]),
            amount_minor=int(properties.get(f"amount_{month}") or 0),
        )
        for month in months
    )
