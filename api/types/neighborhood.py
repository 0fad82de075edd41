"""Neighbourhoods and paths for a graph explorer: nodes and edges, nothing to recompute."""

from enum import StrEnum

import strawberry

from api.security.errors import BadArgument
from api.types.common import Info
from graph.neighborhood import MAX_DEPTH, RELATIONS, list_neighborhood, list_paths
from graph.records import GraphEdge, GraphNode


@strawberry.enum(description="Relationships an explorer may follow.")
class Relation(StrEnum):
    SPOUSE_OF = "SPOUSE_OF"
    PARENT_OF = "PARENT_OF"
    SIBLING_OF = "SIBLING_OF"
    MEMBER_OF = "MEMBER_OF"
    HOLDS = "HOLDS"


@strawberry.type(description="A person, household or account (named after its product).")
class Node:
    id: strawberry.ID
    label: str
    name: str

    @classmethod
    def from_record(cls, node: GraphNode) -> "Node":
        """Build from a graph record."""
        return cls(id=strawberry.ID(node.id), label=node.label, name=node.name)


@strawberry.type(description="A relationship in its stored direction; `role` for holdings.")
class Edge:
    source: strawberry.ID
    type: str
    target: strawberry.ID
    role: str | None

    @classmethod
    def from_record(cls, edge: GraphEdge) -> "Edge":
        """Build from a graph record."""
        return cls(
            source=strawberry.ID(edge.source), type=edge.type,
            target=strawberry.ID(edge.target), role=edge.role,
        )  # fmt: skip


@strawberry.type(description="The graph around a customer; `truncated` when cut at 300 edges.")
class Neighborhood:
    center: strawberry.ID
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool


@strawberry.type(description="One shortest way two customers are connected.")
class Path:
    nodes: list[Node]
    edges: list[Edge]
    length: int


async def neighborhood_of(
    info: Info, customer_id: str, depth: int, relations: list[Relation] | None
) -> Neighborhood:
    """Read the neighbourhood within `depth` hops along `relations` (default all)."""
    if not 1 <= depth <= MAX_DEPTH:
        raise BadArgument(f"depth must be 1-{MAX_DEPTH}, got {depth}")
    types = [r.value for r in relations] if relations else list(RELATIONS)
    nodes, edges, truncated = await list_neighborhood(
        info.context.engine, customer_id=customer_id, depth=depth, relations=types
    )
    nodes, edges = await within_reach(info, customer_id, nodes, edges)
    return Neighborhood(
        center=strawberry.ID(customer_id), nodes=[Node.from_record(n) for n in nodes],
        edges=[Edge.from_record(e) for e in edges], truncated=truncated,
    )  # fmt: skip


async def paths_between(info: Info, from_id: str, to_id: str) -> list[Path]:
    """The shortest connections between two customers (at most five)."""
    found = await list_paths(info.context.engine, from_id=from_id, to_id=to_id)
    people = {n.id for nodes, _ in found for n in nodes if n.label == "Customer"}
    seen = await info.context.visible(sorted(people | {from_id, to_id}))
    # A path through someone the caller may not see would say that they exist: left out.
    found = [(n, e) for n, e in found if {x.id for x in n if x.label == "Customer"} <= seen]
    return [
        Path(nodes=[Node.from_record(n) for n in nodes], edges=[Edge.from_record(e) for e in edges],
             length=len(edges))
        for nodes, edges in found
    ]  # fmt: skip


async def within_reach(
    info: Info, center: str, nodes: list[GraphNode], edges: list[GraphEdge]
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The part of a neighbourhood the caller may see: without the customers out of their
    reach, and without what was reached only through them."""
    people = [n.id for n in nodes if n.label == "Customer"]
    hidden = set(people) - await info.context.visible(people)
    if center in hidden:
        return [], []
    kept = [e for e in edges if e.source not in hidden and e.target not in hidden]
    linked: dict[str, set[str]] = {}
    for edge in kept:
        linked.setdefault(edge.source, set()).add(edge.target)
        linked.setdefault(edge.target, set()).add(edge.source)
    reached, frontier = {center}, [center]
    while frontier:
        for nearby in linked.get(frontier.pop(), set()) - reached:
            reached.add(nearby)
            frontier.append(nearby)
    return [n for n in nodes if n.id in reached], [e for e in kept if e.source in reached]
