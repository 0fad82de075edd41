"""Relationship managers' books: which customers a portfolio reaches."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines import GraphEngine

# A portfolio reaches its own customers and the members of their households.
REACHED: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
OPTIONAL MATCH (c)-[:MEMBER_OF]->(:Household)<-[:MEMBER_OF]-(m:Customer {portfolioId: $portfolio})
WITH c, count(m) AS managedHousemates
WHERE c.portfolioId = $portfolio OR managedHousemates > 0
RETURN c.id AS id
"""


async def list_reached(
    engine: GraphEngine, *, portfolio: str, customer_ids: Sequence[str]
) -> set[str]:
    """Which of these customers the portfolio reaches."""
    rows = await engine.read(REACHED, {"ids": list(customer_ids), "portfolio": portfolio})
    return {row["id"] for row in rows}
