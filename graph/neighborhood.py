"""The graph around a customer, and how two customers are connected, for an explorer.

Traversal follows people, households and accounts only: products and channels are hubs
(every account of a product meets there), so an account shows its product as its name
instead of leading through it.
"""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Row
from graph.records import GraphEdge, GraphNode

RELATIONS: Final = ("SPOUSE_OF", "PARENT_OF", "SIBLING_OF", "MEMBER_OF", "HOLDS")
MAX_DEPTH: Final = 3
MAX_EDGES: Final = 300

_ENDS_BODY: Final[LiteralString] = """
RETURN a.id AS source, labels(a)[0] AS sourceLabel,
       coalesce(a.fullName, a.name, head([(a)-[:OF_PRODUCT]->(p:Product) | p.name]), a.id)
         AS sourceName,
       type(r) AS type, r.role AS role,
       b.id AS target, labels(b)[0] AS targetLabel,
       coalesce(b.fullName, b.name, head([(b)-[:OF_PRODUCT]->(q:Product) | q.name]), b.id)
         AS targetName
"""

# The allowed types are compared as values (`$types`), never spliced into the pattern.
NEIGHBORHOOD: Final[LiteralString] = (
    """
MATCH path = (c:Customer {id: $id})-[:SPOUSE_OF|PARENT_OF|SIBLING_OF|MEMBER_OF|HOLDS*1..3]-(n)
WITH path, all(r IN relationships(path) WHERE type(r) IN $types) AS allowed
WHERE allowed AND length(path) <= $depth
UNWIND relationships(path) AS r
WITH DISTINCT r
WITH r, startNode(r) AS a, endNode(r) AS b
"""
    + _ENDS_BODY
    + "LIMIT $limit"
)


async def list_neighborhood(
    engine: GraphEngine, *, customer_id: str, depth: int, relations: Sequence[str]
) -> tuple[list[GraphNode], list[GraphEdge], bool]:
    """Nodes and edges within `depth` hops; True when cut at MAX_EDGES."""
    rows = await engine.read(
        NEIGHBORHOOD,
        {"id": customer_id, "depth": depth, "types": list(relations), "limit": MAX_EDGES + 1},
    )
    nodes, edges = _drawing(rows[:MAX_EDGES])
    return nodes, edges, len(rows) > MAX_EDGES


PATHS: Final[LiteralString] = """
MATCH (a:Customer {id: $from})
MATCH (b:Customer {id: $to})
WITH a, b
MATCH path = allShortestPaths((a)-[:SPOUSE_OF|PARENT_OF|SIBLING_OF|MEMBER_OF|HOLDS*..8]-(b))
RETURN [n IN nodes(path) | [n.id, labels(n)[0],
         coalesce(n.fullName, n.name, head([(n)-[:OF_PRODUCT]->(p:Product) | p.name]), n.id)]]
         AS nodes,
       [r IN relationships(path) | [startNode(r).id, type(r), endNode(r).id, r.role]] AS edges
LIMIT $limit
"""


async def list_paths(
    engine: GraphEngine, *, from_id: str, to_id: str, limit: int = 5
) -> list[tuple[list[GraphNode], list[GraphEdge]]]:
    """The shortest ways two customers are connected (family, household, joint accounts)."""
    rows = await engine.read(PATHS, {"from": from_id, "to": to_id, "limit": limit})
    return [
        ([GraphNode(*node) for node in row["nodes"]], [GraphEdge(*edge) for edge in row["edges"]])
        for row in rows
    ]


def _drawing(rows: list[Row]) -> tuple[list[GraphNode], list[GraphEdge]]:
    nodes: dict[str, GraphNode] = {}
    edges = []
    for row in rows:
        for end in ("source", "target"):
            nodes.setdefault(row[end], GraphNode(row[end], row[f"{end}Label"], row[f"{end}Name"]))
        edges.append(GraphEdge(row["source"], row["type"], row["target"], row["role"]))
    return sorted(nodes.values(), key=lambda n: n.id), edges
