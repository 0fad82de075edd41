"""Referential integrity: a row may only name nodes in the graph or earlier in this load.

Files load in dependency order (`KINDS`), so "earlier in this load" is already in the
graph when a row that names it is checked. Ids this load has written are remembered
(`Written`), so only the others cost a query; interactions are too many to remember.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final, Protocol

from graph.engines import GraphEngine
from graph.references import existing_ids
from loaders.contracts import KINDS
from loaders.validation import Checked, Rejection, validate

# For each kind: column -> label of the node it names.
REFERENCES: Final[dict[str, dict[str, str]]] = {
    "agents": {"channelId": "Channel"},
    "incidents": {"channelId": "Channel"},
    "household_members": {"householdId": "Household", "customerId": "Customer"},
    "family": {"fromId": "Customer", "toId": "Customer"},
    "accounts": {"productId": "Product"},
    "account_holders": {"accountId": "Account", "customerId": "Customer"},
    "covers": {"accountId": "Account", "customerId": "Customer"},
    "cases": {"customerId": "Customer", "productId": "Product", "accountId": "Account"},
    "interactions": {
        "customerId": "Customer",
        "channelId": "Channel",
        "productId": "Product",
        "accountId": "Account",
        "agentId": "Agent",
        "caseId": "Case",
    },
    "case_steps": {"caseId": "Case", "agentId": "Agent", "interactionId": "Interaction"},
    "feedback": {"customerId": "Customer", "interactionId": "Interaction"},
    "usage": {"accountId": "Account"},
}


# The label whose ids each kind writes, for kinds that later rows refer to.
WRITES_LABEL: Final[dict[str, str]] = {
    "channels": "Channel",
    "products": "Product",
    "agents": "Agent",
    "customers": "Customer",
    "households": "Household",
    "accounts": "Account",
    "cases": "Case",
}


class Known(Protocol):
    """Ids a load has put in the graph, per label: they exist, so they need no query."""

    @property
    def complete(self) -> bool:
        """Whether these are all the graph holds (a bulk import into an empty graph)."""
        ...

    def of(self, label: str) -> Collection[str]:
        """Ids of a label loaded so far."""
        ...


class Written:
    """Ids an incremental load has written, per label; the graph may hold others."""

    complete: Final = False

    def __init__(self) -> None:
        self._ids: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, kind: str, rows: Iterable[Mapping[str, object]]) -> None:
        """Remember the ids of rows just written."""
        label = WRITES_LABEL.get(kind)
        if label is not None:
            self._ids[label].update(str(row["id"]) for row in rows)

    def of(self, label: str) -> set[str]:
        """Ids of a label written so far."""
        return self._ids[label]


async def check_references(
    engine: GraphEngine | None, kind: str, checked: Checked, written: Known | None = None
) -> Checked:
    """Move rows that name a missing node, or an erased customer, to `rejections`. Without
    an engine, `written` must be complete (a new graph: every id is there)."""
    missing: dict[int, list[str]] = {}
    complete = written is not None and written.complete  # nothing else to ask the graph
    graph = None if complete else engine
    if graph is None and not complete:
        raise ValueError("references are checked against the graph or a complete import")
    if graph is not None and kind == "customers":
        erased = await existing_ids(graph, label="Erasure", ids={r["id"] for _, r in checked.rows})
        for number, row in checked.rows:
            if row["id"] in erased:
                missing[number] = [f"id: customer {row['id']!r} was erased on request; "
                                   "the bank may not load them again"]  # fmt: skip
    for column, label in REFERENCES.get(kind, {}).items():
        named = {row[column] for _, row in checked.rows if row.get(column) is not None}
        ids = written.of(label) if written else ()
        known = {name for name in named if name in ids}
        found = (
            known
            if graph is None
            else known | await existing_ids(graph, label=label, ids=named - known)
        )
        for number, row in checked.rows:
            value = row.get(column)
            if value is not None and value not in found:
                missing.setdefault(number, []).append(missing_reference(column, value, label))
    if not missing:
        return checked
    kept = [(number, row) for number, row in checked.rows if number not in missing]
    refused = [
        Rejection(number, reasons[0].split(":")[0], "; ".join(reasons))
        for number, reasons in missing.items()
    ]
    return Checked(rows=kept, rejections=checked.rejections + refused)


def missing_reference(column: str, value: object, label: str) -> str:
    """Why a row naming nothing is refused (the API says the same of what one may not see)."""
    return f"{column}: {value!r} names no {label} in the graph or earlier in this load"


async def check_event(
    engine: GraphEngine, kind: str, raw: dict[str, Any]
) -> dict[str, Any] | Rejection:
    """Check one event as the loaders check a row: its graph row, or why it is refused."""
    checked = await check_references(engine, kind, validate(KINDS[kind], [(1, raw)]))
    return checked.rejections[0] if checked.rejections else checked.rows[0][1]
