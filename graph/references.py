"""Which business keys already exist: the loaders' referential-integrity check."""

from collections.abc import Iterable
from typing import Final, LiteralString

from graph.engines import GraphEngine

# One literal statement per label that rows may refer to (labels are never free text).
EXISTING_IDS: Final[dict[str, LiteralString]] = {
    "Customer": "UNWIND $ids AS id MATCH (n:Customer {id: id}) RETURN n.id AS id",
    "Household": "UNWIND $ids AS id MATCH (n:Household {id: id}) RETURN n.id AS id",
    "Account": "UNWIND $ids AS id MATCH (n:Account {id: id}) RETURN n.id AS id",
    "Product": "UNWIND $ids AS id MATCH (n:Product {id: id}) RETURN n.id AS id",
    "Channel": "UNWIND $ids AS id MATCH (n:Channel {id: id}) RETURN n.id AS id",
    "Agent": "UNWIND $ids AS id MATCH (n:Agent {id: id}) RETURN n.id AS id",
    "Case": "UNWIND $ids AS id MATCH (n:Case {id: id}) RETURN n.id AS id",
    "Interaction": "UNWIND $ids AS id MATCH (n:Interaction {id: id}) RETURN n.id AS id",
    # Customers erased under the right to erasure: never loaded again.
    "Erasure": "UNWIND $ids AS id MATCH (n:Erasure {id: id}) RETURN n.id AS id",
}


async def existing_ids(engine: GraphEngine, *, label: str, ids: Iterable[str]) -> set[str]:
    """Return the subset of `ids` that name a node of `label` in the graph."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    rows = await engine.read(EXISTING_IDS[label], {"ids": wanted})
    return {row["id"] for row in rows}
