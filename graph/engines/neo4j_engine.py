"""The production adapter: Neo4j 5 through the official async driver.

Reads and writes run as managed transactions, so the driver retries transient errors
(leader changes, deadlocks); with a `neo4j://` URI reads are routed to followers.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any, LiteralString, Self

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.engines import neo4j_schema as ddl
from graph.engines.protocol import DEFAULT_BATCH_SIZE, PING, GraphImport, Params, Row, batches
from graph.engines.settings import GraphSettings
from graph.engines.vectors import nearest_vectors, store_vectors
from graph.errors import BulkImportRefused, ConfigurationError, EngineUnavailable, StatementError
from graph.records import EngineHealth, EngineKind, SchemaReport, SearchHit
from graph.text import search_terms

logger = logging.getLogger(__name__)

_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")
_DOWN_ERRORS = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    OSError,
    TimeoutError,
)


class Neo4jEngine:
    """A customer graph in a Neo4j database (single server or cluster)."""

    kind: EngineKind = "neo4j"

    def __init__(self, driver: neo4j.AsyncDriver, settings: GraphSettings) -> None:
        self._driver = driver
        self._uri = settings.graph_uri or ""
        self._database = settings.graph_database
        self._timeout_s = settings.transaction_timeout_s

    @classmethod
    async def open(cls, settings: GraphSettings) -> Self:
        """Connect and prove the server answers within the connect timeout, or fail clearly."""
        uri = settings.graph_uri or ""
        if not uri.startswith(_SCHEMES):
            raise ConfigurationError(
                f"KITH_GRAPH_URI={uri!r} is not a Neo4j URI; use neo4j://host:7687 for a "
                "cluster or bolt://host:7687 for one server, or unset it for the embedded engine"
            )
        driver = neo4j.AsyncGraphDatabase.driver(
            uri,
            auth=(settings.graph_user, settings.graph_password.get_secret_value()),
            max_connection_pool_size=settings.pool_size,
            connection_acquisition_timeout=settings.acquisition_timeout_s,
            connection_timeout=settings.connect_timeout_s,
            max_transaction_retry_time=settings.transaction_timeout_s,
            user_agent="kith",
        )
        engine = cls(driver, settings)
        try:
            await asyncio.wait_for(engine._probe(), settings.connect_timeout_s)
        except (*_DOWN_ERRORS, neo4j_errors.Neo4jError, neo4j_errors.DriverError) as err:
            await driver.close()
            raise EngineUnavailable(
                f"cannot reach Neo4j at {uri} within {settings.connect_timeout_s:.0f} s "
                f"({_reason(err)}); check that the server runs and KITH_GRAPH_URI, "
                "KITH_GRAPH_USER and KITH_GRAPH_PASSWORD are right, or unset KITH_GRAPH_URI "
                "to use the embedded engine"
            ) from err
        return engine

    async def read(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run a read-only statement as a managed read transaction."""
        return await self._execute(neo4j.READ_ACCESS, query, params)

    async def write(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run one write statement as a managed write transaction."""
        return await self._execute(neo4j.WRITE_ACCESS, query, params)

    async def write_batches(
        self,
        query: LiteralString,
        rows: Sequence[Params],
        *,
        params: Params | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Send `rows` as `$rows`, one managed transaction per batch; return rows sent."""
        for chunk in batches(rows, DEFAULT_BATCH_SIZE if batch_size is None else batch_size):
            await self.write(query, {**(params or {}), "rows": list(chunk)})
        return len(rows)

    async def apply_schema(self) -> SchemaReport:
        """Create constraints and indexes `IF NOT EXISTS`; Neo4j cannot tell which were new."""
        statements = (
            *ddl.KEY_CONSTRAINTS,
            *ddl.LOOKUP_INDEXES,
            ddl.FULLTEXT_INDEX,
            *ddl.VECTOR_INDEXES,
        )
        for statement in statements:
            await self.write(statement)
        return SchemaReport(applied=len(statements), already_present=0)

    async def search_customers(self, text: str, limit: int) -> list[SearchHit]:
        """Full-text search over customers' names, emails and phones (Lucene prefix terms)."""
        terms = search_terms(text)
        if not terms:
            return []
        query = " AND ".join(f"{term}*" for term in terms)
        rows = await self.read(ddl.SEARCH_CUSTOMERS, {"text": query, "limit": limit})
        return [SearchHit(customer_id=row["id"], score=float(row["score"])) for row in rows]

    async def store_embeddings(self, label: str, rows: Sequence[tuple[str, list[float]]]) -> int:
        """Write (id, vector) pairs as vector properties."""
        return await store_vectors(self, ddl.STORE_EMBEDDINGS, label, rows)

    async def nearest(self, label: str, vector: list[float], k: int) -> list[SearchHit]:
        """Return the k nodes of `label` closest to `vector` by cosine similarity."""
        return await nearest_vectors(self, ddl.NEAREST, label, vector, k)

    async def compact(self) -> None:
        """Nothing to do: Neo4j checkpoints its own transaction log."""

    @contextlib.asynccontextmanager
    async def bulk_load(self) -> AsyncIterator[None]:
        """Nothing to hold off: Neo4j's checkpoints do not stall a load."""
        yield

    @contextlib.asynccontextmanager
    async def bulk_import(self) -> AsyncIterator[GraphImport]:
        """Refuse: Neo4j imports a new database offline, with neo4j-admin."""
        raise BulkImportRefused(
            "Neo4j bulk-imports offline: write its import files with `kith load "
            "--neo4j-import DIR` and run them with neo4j-admin, or load row by row "
            "(kith load --mode incremental)"
        )
        yield  # an async generator, as the protocol's context manager needs

    async def health(self) -> EngineHealth:
        """Probe the database with a trivial read."""
        try:
            await self.read(PING)
        except EngineUnavailable as err:
            return EngineHealth(self.kind, ok=False, location=self._uri, detail=str(err))
        return EngineHealth(self.kind, ok=True, location=self._uri, detail=self._database or "")

    async def close(self) -> None:
        """Close the driver and its pool."""
        await self._driver.close()

    async def _probe(self) -> None:
        # An auto-commit statement is not retried, so an unreachable server fails at once.
        async with self._driver.session(database=self._database) as session:
            result = await session.run(PING)
            await result.consume()

    async def _execute(
        self, access_mode: str, query: LiteralString, params: Params | None
    ) -> list[Row]:
        @neo4j.unit_of_work(timeout=self._timeout_s)
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[Row]:
            result = await tx.run(query, dict(params or {}))
            return [record.data() async for record in result]

        try:
            async with self._driver.session(
                database=self._database, default_access_mode=access_mode
            ) as session:
                if access_mode == neo4j.READ_ACCESS:
                    return await session.execute_read(work)
                return await session.execute_write(work)
        except _DOWN_ERRORS as err:
            raise EngineUnavailable(
                f"Neo4j at {self._uri} is unavailable ({_reason(err)})"
            ) from err
        except neo4j_errors.Neo4jError as err:
            raise StatementError(err.message or err.code or "Neo4j refused the statement") from err
        except neo4j_errors.DriverError as err:
            raise EngineUnavailable(f"Neo4j at {self._uri}: {_reason(err)}") from err


def _reason(err: BaseException) -> str:
    """One line about an error, without parameters or data."""
    cause: Any = err.__cause__ or err
    text = str(cause).splitlines()[0] if str(cause) else ""
    return f"{type(cause).__name__}: {text}"[:200] if text else type(cause).__name__
