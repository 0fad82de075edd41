"""Embeddings in and nearest neighbours out, the same for every engine: only the
statements differ (each adapter's DDL module holds its own, per label)."""

from collections.abc import Mapping, Sequence
from typing import LiteralString

from graph.engines.protocol import GraphEngine
from graph.records import SearchHit
from graph.schema import require_vector_label


async def store_vectors(
    engine: GraphEngine, statements: Mapping[str, LiteralString], label: str,
    rows: Sequence[tuple[str, list[float]]],
) -> int:  # fmt: skip
    """Write (id, vector) pairs with the engine's statement for `label`; return rows sent."""
    payload = [{"id": node_id, "vector": vector} for node_id, vector in rows]
    return await engine.write_batches(statements[require_vector_label(label)], payload)


async def nearest_vectors(
    engine: GraphEngine, statements: Mapping[str, LiteralString], label: str,
    vector: list[float], k: int,
) -> list[SearchHit]:  # fmt: skip
    """The k nodes of `label` closest to `vector` by cosine similarity, best first."""
    rows = await engine.read(statements[require_vector_label(label)], {"vector": vector, "k": k})
    return [SearchHit(customer_id=row["id"], score=float(row["score"])) for row in rows]
