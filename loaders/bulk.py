"""The first load of an empty graph: checked rows become nodes and edges, sent whole.

The graph is the one `kith load` would build (tests/loaders/test_bulk.py compares them
kind by kind). The first row of each key (a node's id, an edge's two ends) goes into the
import; a later row with a key already seen is kept aside and, once the import is in,
replayed through the kind's own writer, whose Cypher applies the repeat rule (a newer row
wins, an event is written once, links merge). Bank files rarely repeat a key, so nearly
everything goes the fast way and the rules stay written once. Usage months are the
exception: a series gets a row per month, so its months are gathered here and written
with the series.
"""

import struct
from collections.abc import Callable, KeysView, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from graph.customers import FAMILY_TIES
from graph.engines.protocol import GraphImport, Params
from loaders.after_import import AfterImport
from loaders.contracts import KINDS
from loaders.references import REFERENCES

Row = Mapping[str, Any]
Node = tuple[str, str]  # (label, business id)

# Properties each node kind stores, as its writer's Cypher sets them on a new node.
_PROPERTIES: Final[dict[str, tuple[str, ...]]] = {
    "channels": ("id", "name"),
    "products": ("id", "name", "category", "updatedAt"),
    "agents": ("id", "name", "team", "skills", "updatedAt"),
    "households": ("id", "name", "city", "updatedAt"),
    "accounts": (
        "id",
        "status",
        "openedOn",
        "openedAt",
        "balanceMinor",
        "monthlyFlowMinor",
        "currency",
        "updatedAt",
    ),
    "interactions": (
        "id",
        "at",
        "direction",
        "intent",
        "outcome",
        "responded",
        "turnaroundMinutes",
    ),
    "case_steps": ("id", "stage", "at"),
    "feedback": ("id", "kind", "score", "at", "touchpoint"),
}
_LABELS: Final[dict[str, str]] = {
    "channels": "Channel",
    "products": "Product",
    "agents": "Agent",
    "incidents": "Incident",
    "customers": "Customer",
    "households": "Household",
    "accounts": "Account",
    "cases": "Case",
    "interactions": "Interaction",
    "case_steps": "CaseStep",
    "feedback": "Feedback",
    "usage": "Usage",  # gathered into series (_gather_usage), not added row by row
}
_FAMILY_TYPES: Final = {tie: f"{tie}_OF" for tie in FAMILY_TIES}

# kind -> the node's optional links: (column, relationship type, label, outward?)
_LINKS: Final[dict[str, tuple[tuple[str, str, str, bool], ...]]] = {
    "agents": (("channelId", "WORKS_IN", "Channel", True),),
    "accounts": (("productId", "OF_PRODUCT", "Product", True),),
    "cases": (
        ("customerId", "RAISED", "Customer", False),
        ("productId", "ABOUT", "Product", True),
        ("accountId", "ON_ACCOUNT", "Account", True),
    ),
    "interactions": (
        ("customerId", "HAD", "Customer", False),
        ("channelId", "VIA", "Channel", True),
        ("productId", "ABOUT", "Product", True),
        ("accountId", "ON_ACCOUNT", "Account", True),
        ("agentId", "HANDLED_BY", "Agent", True),
        ("caseId", "CONCERNS", "Case", True),
    ),
    "case_steps": (
        ("caseId", "HAS_STEP", "Case", False),
        ("agentId", "BY", "Agent", True),
        ("interactionId", "DURING", "Interaction", True),
    ),
    "feedback": (
        ("customerId", "GAVE", "Customer", False),
        ("interactionId", "ON", "Interaction", True),
    ),
}

# kind -> (relationship type, start (column, label), end (column, label), its properties)
_EDGES: Final[dict[str, tuple[str, tuple[str, str], tuple[str, str], tuple[str, ...]]]] = {
    "household_members": (
        "MEMBER_OF",
        ("customerId", "Customer"),
        ("householdId", "Household"),
        ("role",),
    ),
    "account_holders": ("HOLDS", ("customerId", "Customer"), ("accountId", "Account"), ("role",)),
    "covers": ("COVERS", ("accountId", "Account"), ("customerId", "Customer"), ()),
}


def _node_properties(kind: str, row: Row) -> dict[str, Any]:
    if kind == "customers":
        return dict(row)  # every column, as `SET c += row` stores them
    if kind == "incidents":
        return {
            "id": row["id"],
            "channel": row["channelId"],
            "service": row["service"],
            "startedOn": row["startedOn"],
            "endedOn": row["endedOn"],
            "description": row["description"],
            "updatedAt": row["updatedAt"],
        }
    if kind == "cases":
        return {
            "id": row["id"],
            "category": row["category"],
            "openedAt": row["openedAt"],
            "updatedAt": row["updatedAt"],
            "stage": "OPENED",
        }
    return {key: row.get(key) for key in _PROPERTIES[kind]}


_MONTH: Final = struct.Struct("=Iqq")  # YYYYMM, count, amount: a million series' months


@dataclass(slots=True)
class _Series:
    """One usage series being gathered: the last row's currency, its months packed."""

    account_id: str
    service: str
    currency: str
    months: bytearray = field(default_factory=bytearray)

    def by_month(self) -> dict[int, tuple[int, int]]:
        """YYYYMM -> (count, amount), a later row of a month overwriting an earlier one."""
        return {
            number: (count, amount) for number, count, amount in _MONTH.iter_unpack(self.months)
        }


def _last_needed_by() -> dict[str, list[str]]:
    """kind -> the labels no kind after it writes or names (the import's id maps)."""
    last: dict[str, str] = {}
    for kind in KINDS:  # in load order: a later kind overrides
        for label in (*REFERENCES.get(kind, {}).values(), _LABELS.get(kind)):
            if label is not None:
                last[label] = kind
    kinds: dict[str, list[str]] = {}
    for label, kind in last.items():
        kinds.setdefault(kind, []).append(label)
    return kinds


_LAST_NEEDED_BY: Final = _last_needed_by()


class BulkImport:
    """Turns each kind's checked rows into the import, in load order."""

    def __init__(self, graph: GraphImport) -> None:
        self._graph = graph
        self._edges_seen: set[tuple[str, int, int]] = set()
        self._series: dict[str, _Series] = {}
        self._replays: list[tuple[str, list[Params]]] = []
        self._staged_cases: set[str] = set()  # cases with steps: their stage is derived after
        self._adders: dict[str, Callable[[str, Row], bool]] = {
            "usage": self._gather_usage,
            "family": self._add_family,
        }

    complete: Final = True  # the graph held nothing before: its ids are all here

    def of(self, label: str) -> KeysView[str]:
        """Ids of `label` in the import so far."""
        return self._graph.ids(label).keys()

    async def write(self, kind: str, rows: Sequence[Params]) -> int:
        """Add checked rows of one kind; repeats of a key wait for the replay."""
        repeats = [row for row in rows if not self._add(kind, row)]
        if repeats:
            self._replays.append((kind, repeats))
        await self._graph.flush_when_full()
        return len(rows)

    async def end_kind(self, kind: str) -> None:
        """Send what a kind gathered (usage series) once its last row is in."""
        if kind == "usage":
            await self._add_series()
        self._edges_seen.clear()  # each relationship type comes from one kind
        for label in _LAST_NEEDED_BY.get(kind, ()):
            self._graph.forget(label)  # no later kind names it: its ids need no memory

    def after_import(self, customers: Sequence[str]) -> AfterImport:
        """What is left once the import is in: replays, case stages, these customers'
        statistics."""
        return AfterImport(self._replays, sorted(self._staged_cases), customers)

    def _add(self, kind: str, row: Row) -> bool:
        if kind in _EDGES:
            return self._add_edge_row(kind, row)
        return self._adders.get(kind, self._add_node)(kind, row)

    def _add_node(self, kind: str, row: Row) -> bool:
        label = _LABELS[kind]
        if str(row["id"]) in self._graph.ids(label):
            return False
        self._graph.add_node(label, _node_properties(kind, row))
        me: Node = (label, str(row["id"]))
        for column, rel_type, other, outward in _LINKS.get(kind, ()):
            if row.get(column) is not None:
                there: Node = (other, str(row[column]))
                self._graph.add_edge(rel_type, *((me, there) if outward else (there, me)))
        if kind == "case_steps":
            self._staged_cases.add(str(row["caseId"]))
        return True

    def _add_edge_row(self, kind: str, row: Row) -> bool:
        rel_type, (start_column, start_label), (end_column, end_label), keys = _EDGES[kind]
        start, end = (start_label, str(row[start_column])), (end_label, str(row[end_column]))
        return self._add_once(rel_type, start, end, {key: row[key] for key in keys})

    def _add_family(self, _kind: str, row: Row) -> bool:
        a, b = str(row["fromId"]), str(row["toId"])
        if row["tie"] != "PARENT" and b < a:
            a, b = b, a  # symmetric ties are stored once, smaller id first (link_family)
        return self._add_once(_FAMILY_TYPES[row["tie"]], ("Customer", a), ("Customer", b), {})

    def _add_once(self, rel_type: str, start: Node, end: Node, properties: Params) -> bool:
        key = (rel_type, self._graph.ids(start[0])[start[1]], self._graph.ids(end[0])[end[1]])
        if key in self._edges_seen:
            return False
        self._edges_seen.add(key)
        self._graph.add_edge(rel_type, start, end, properties)
        return True

    def _gather_usage(self, _kind: str, row: Row) -> bool:
        series_id = f"{row['accountId']}:{row['service']}"
        series = self._series.get(series_id)
        if series is None:
            series = self._series[series_id] = _Series(row["accountId"], row["service"], "")
        series.currency = row["currency"]
        year, month = str(row["month"]).split("-")
        series.months += _MONTH.pack(int(year) * 100 + int(month), row["count"], row["amountMinor"])
        return True

    async def _add_series(self) -> None:
        # Series with the same months are sent together: one header for all of them.
        ordered = sorted(self._series.items(), key=lambda item: tuple(item[1].by_month()))
        self._series.clear()
        for series_id, series in ordered:
            properties: dict[str, Any] = {
                "id": series_id, "service": series.service, "currency": series.currency
            }  # fmt: skip
            for number, (count, amount) in series.by_month().items():
                suffix = f"{number // 100:04d}_{number % 100:02d}"
                properties[f"count_{suffix}"], properties[f"amount_{suffix}"] = count, amount
            self._graph.add_node("Usage", properties)
            self._graph.add_edge("HAS_USAGE", ("Account", series.account_id), ("Usage", series_id))
            await self._graph.flush_when_full()
