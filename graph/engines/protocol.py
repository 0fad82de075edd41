"""The one async interface every layer above uses: what an engine must answer."""

from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Final, LiteralString, Protocol

from graph.records import EngineHealth, EngineKind, SchemaReport, SearchHit

Row = dict[str, Any]
Params = Mapping[str, Any]

DEFAULT_BATCH_SIZE = 5_000
# Rows per statement while a bulk load runs on the embedded engine. Each write statement
# there merges its new entries into matrices as large as the whole graph (GraphBLAS adds
# in every profile of the million-customer load), a cost per statement that grows with
# the graph: ten times the rows per statement is a tenth of it per row (BENCHMARKS.md).
BULK_BATCH_SIZE = 50_000

# The cheapest statement that proves an engine answers.
PING: Final[LiteralString] = "RETURN 1 AS ok"

# Whether a graph holds anything at all (a bulk import writes only an empty one).
ANY_NODE: Final[LiteralString] = "MATCH (n) RETURN 1 AS found LIMIT 1"


class GraphImport(Protocol):
    """A new graph written whole: nodes by business key, then the edges between them."""

    def ids(self, label: str) -> Mapping[str, int]:
        """The business ids of `label` imported so far."""
        ...

    def add_node(self, label: str, properties: Params) -> None:
        """Add a node; `properties["id"]` is its business key, None values stay unset."""
        ...

    def add_edge(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        properties: Params | None = None,
    ) -> None:
        """Add an edge between two nodes added before, each named by (label, id)."""
        ...

    async def flush_when_full(self) -> None:
        """Send what is pending once there is enough of it."""
        ...

    def forget(self, label: str) -> None:
        """Let go of the ids of `label`: nothing added later names its nodes."""
        ...


class GraphEngine(Protocol):
    """A customer graph: Cypher in, plain rows out."""

    kind: EngineKind

    async def read(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run a read-only statement (routed to a follower on a Neo4j cluster)."""
        ...

    async def write(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run one atomic write statement (retried on transient Neo4j errors)."""
        ...

    async def write_batches(
        self,
        query: LiteralString,
        rows: Sequence[Params],
        *,
        params: Params | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Send `rows` as `$rows` in atomic batches of `batch_size` (by default the
        engine's own: DEFAULT_BATCH_SIZE, or BULK_BATCH_SIZE during an embedded bulk load);
        return rows sent."""
        ...

    async def apply_schema(self) -> SchemaReport:
        """Create every constraint and index that is missing; safe to run again."""
        ...

    async def search_customers(self, text: str, limit: int) -> list[SearchHit]:
        """Full-text search over customers' names, emails and phones."""
        ...

    async def store_embeddings(self, label: str, rows: Sequence[tuple[str, list[float]]]) -> int:
        """Write (id, vector) pairs into the vector-indexed `embedding` property."""
        ...

    async def nearest(self, label: str, vector: list[float], k: int) -> list[SearchHit]:
        """Return the k nodes of `label` whose embeddings are closest to `vector`."""
        ...

    async def compact(self) -> None:
        """After a bulk load, make the store quick to reopen (a no-op where not needed)."""
        ...

    def bulk_load(self) -> AbstractAsyncContextManager[None]:
        """Hold housekeeping off while a long load writes (in larger statements where the
        engine gains by it), and catch up once at its end."""
        ...

    def bulk_import(self) -> AbstractAsyncContextManager[GraphImport]:
        """Write an empty graph whole through the engine's bulk path, then index it; refuse
        (BulkImportRefused) a graph that holds anything. On error the graph is left empty."""
        ...

    async def health(self) -> EngineHealth:
        """Probe the engine without raising."""
        ...

    async def close(self) -> None:
        """Release connections, and stop an embedded engine this process started."""
        ...


def batches(rows: Sequence[Params], size: int) -> list[Sequence[Params]]:
    """Split rows into consecutive slices of at most `size`."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    return [rows[start : start + size] for start in range(0, len(rows), size)]
