"""Referential integrity: a row may only name nodes in the graph or earlier in this load.

Files load in dependency order (`KINDS`), so "earlier in this load" is already in the
graph when a row that names it is checked.
"""

from typing import Final

from graph.engine import GraphEngine
from graph.references import existing_ids
from loaders.validation import Checked, Rejection

# For each kind: column -> label of the node it names.
REFERENCES: Final[dict[str, dict[str, str]]] = {
    "agents": {"channelId": "Channel"},
    "household_members": {"householdId": "Household", "customerId": "Customer"},
    "family": {"fromId": "Customer", "toId": "Customer"},
    "accounts": {"productId": "Product"},
    "account_holders": {"accountId": "Account", "customerId": "Customer"},
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


async def check_references(engine: GraphEngine, kind: str, checked: Checked) -> Checked:
    """Move rows that name a missing node from `rows` to `rejections`."""
    missing: dict[int, list[str]] = {}
    for column, label in REFERENCES.get(kind, {}).items():
        named = {row[column] for _, row in checked.rows if row.get(column) is not None}
        found = await existing_ids(engine, label=label, ids=named)
        for number, row in checked.rows:
            value = row.get(column)
            if value is not None and value not in found:
                missing.setdefault(number, []).append(
                    f"{column}: {value!r} names no {label} in the graph or earlier in this load"
                )
    if not missing:
        return checked
    kept = [(number, row) for number, row in checked.rows if number not in missing]
    refused = [
        Rejection(number, reasons[0].split(":")[0], "; ".join(reasons))
        for number, reasons in missing.items()
    ]
    return Checked(rows=kept, rejections=checked.rejections + refused)
