"""The embedded engine adapter: FalkorDB spoken to natively over the data dir's socket."""

import asyncio
import contextlib
import logging
import os
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Final, LiteralString, Self, TypeVar

import redis.exceptions
from falkordb.asyncio import FalkorDB
from redis.asyncio import BlockingConnectionPool, UnixDomainSocketConnection

from graph.engines import embedded_schema as ddl
from graph.engines.embedded_bulk import import_whole
from graph.engines.embedded_server import AUTO_REWRITE_PERCENTAGE, EmbeddedServer
from graph.engines.protocol import (
    BULK_BATCH_SIZE,
    DEFAULT_BATCH_SIZE,
    GraphImport,
    Params,
    Row,
    batches,
)
from graph.engines.settings import GraphSettings
from graph.engines.vectors import nearest_vectors, store_vectors
from graph.errors import EngineUnavailable, StatementError
from graph.records import EngineHealth, EngineKind, SchemaReport, SearchHit
from graph.schema import BUSINESS_KEY, NODE_LABELS
from graph.text import search_terms

logger = logging.getLogger(__name__)

_PARAMETER = re.compile(r"\$(\w+)")
_EMPTY_GRAPH = "empty key"
_COMPACT_AFTER_BYTES = 1_000_000
_ALREADY_THERE = ("already indexed", "already exists")
_BUSY_TRIES, _BUSY_WAIT_S = 60, 0.5
_T = TypeVar("_T")
_DOWN_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class EmbeddedEngine:
    """A customer graph inside the embedded engine; one graph (key) per name."""

    kind: EngineKind = "embedded"

    def __init__(
        self,
        server: EmbeddedServer,
        *,
        graph_name: str,
        timeout_s: float,
        pool_size: int,
        acquisition_timeout_s: float,
        owns_server: bool,
    ) -> None:
        self._server = server
        self._graph_name = graph_name
        self._timeout_ms = int(timeout_s * 1000)
        self._owns_server = owns_server
        self._batch_size = DEFAULT_BATCH_SIZE  # BULK_BATCH_SIZE inside bulk_load()
        self._client_name = f"kith-{os.getpid()}-{id(self)}"
        # A blocking pool: a burst of concurrent requests waits for a free connection
        # (up to the acquisition timeout) instead of failing.
        pool = BlockingConnectionPool(
            connection_class=UnixDomainSocketConnection,
            path=str(server.socket),
            max_connections=pool_size,
            timeout=acquisition_timeout_s,
            socket_timeout=timeout_s + 5,
            socket_connect_timeout=5,
            client_name=self._client_name,
            decode_responses=True,
        )
        self._db = FalkorDB(connection_pool=pool)
        self._graph = self._db.select_graph(graph_name)

    @classmethod
    async def open(cls, settings: GraphSettings) -> Self:
        """Start the engine on the data dir (or reuse the running one) and connect."""
        server = EmbeddedServer(settings.data_dir)
        started = await asyncio.to_thread(server.start)
        return cls(
            server,
            graph_name=settings.embedded_graph_name,
            timeout_s=settings.transaction_timeout_s,
            pool_size=settings.pool_size,
            acquisition_timeout_s=settings.acquisition_timeout_s,
            owns_server=started,
        )

    async def read(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run a read-only statement; a graph nothing was written to yet reads as empty."""
        try:
            return await self._run(self._graph.ro_query, query, params)
        except StatementError as err:
            if _EMPTY_GRAPH in str(err):
                return []
            raise

    async def write(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run one atomic write statement."""
        return await self._run(self._graph.query, query, params)

    async def write_batches(
        self,
        query: LiteralString,
        rows: Sequence[Params],
        *,
        params: Params | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Send `rows` as `$rows` in atomic batches; return rows sent."""
        for chunk in batches(rows, self._batch_size if batch_size is None else batch_size):
            await self.write(query, {**(params or {}), "rows": list(chunk)})
        return len(rows)

    async def apply_schema(self) -> SchemaReport:
        """Create missing indexes and unique keys; "already there" counts as done."""
        applied = present = 0
        statements = (
            *ddl.KEY_INDEXES,
            *ddl.LOOKUP_INDEXES,
            ddl.FULLTEXT_INDEX,
            *ddl.VECTOR_INDEXES,
        )
        creations: list[Awaitable[object]] = [self.write(statement) for statement in statements]
        creations += [self._create_unique_key(label) for label in NODE_LABELS]
        for creation in creations:  # one at a time: a key's index must exist before its key
            done = await self._idempotent(creation)
            applied, present = applied + done, present + (not done)
        return SchemaReport(applied=applied, already_present=present)

    async def search_customers(self, text: str, limit: int) -> list[SearchHit]:
        """Full-text search over customers' names, emails and phones (prefix terms)."""
        terms = search_terms(text)
        if not terms:
            return []
        query = " ".join(f"{term}*" if len(term) > 1 else term for term in terms)
        rows = await self.read(ddl.SEARCH_CUSTOMERS, {"text": query, "limit": limit})
        return [SearchHit(customer_id=row["id"], score=float(row["score"])) for row in rows]

    async def store_embeddings(self, label: str, rows: Sequence[tuple[str, list[float]]]) -> int:
        """Write (id, vector) pairs as 32-bit float vectors into the vector index."""
        return await store_vectors(self, ddl.STORE_EMBEDDINGS, label, rows)

    async def nearest(self, label: str, vector: list[float], k: int) -> list[SearchHit]:
        """Return the k nodes of `label` closest to `vector` by cosine similarity."""
        return await nearest_vectors(self, ddl.NEAREST, label, vector, k)

    async def compact(self) -> None:
        """Snapshot the append-only file once it has grown, so a restart need not replay it."""
        await asyncio.to_thread(self._server.compact, min_log_bytes=_COMPACT_AFTER_BYTES)

    @contextlib.asynccontextmanager
    async def bulk_load(self) -> AsyncIterator[None]:
        """Rewrite the append-only file once after a load, not each time it grows by 25 %.

        Each rewrite forks the engine and serialises the whole graph on the second core
        while the load goes on: at a million customers that is a 15 GB copy every few
        minutes. The setting is the running engine's only; a restart restores it. Batches
        are BULK_BATCH_SIZE meanwhile (see there why).
        """
        await self._db.connection.config_set("auto-aof-rewrite-percentage", 0)
        self._batch_size = BULK_BATCH_SIZE
        try:
            yield
        finally:
            self._batch_size = DEFAULT_BATCH_SIZE
            # An engine that died mid-load has its setting back when it restarts; the load's
            # own error (EngineUnavailable) is the one to report.
            # Rewrite first: with the setting back on, a grown log starts a rewrite at once,
            # and compact() would queue a second one behind it.
            with contextlib.suppress(*_DOWN_ERRORS):
                await self.compact()
                await self._db.connection.config_set(
                    "auto-aof-rewrite-percentage", AUTO_REWRITE_PERCENTAGE
                )

    def bulk_import(self) -> AbstractAsyncContextManager[GraphImport]:
        """Write an empty graph whole through GRAPH.BULK (embedded_bulk.py), then index it."""
        return import_whole(self, self._bulk, self._graph_name)

    async def indexes_ready(self) -> bool:
        """Tell whether every index is built (after a restart or an import it may not be)."""
        states = await self.read(ddl.INDEX_STATES)
        return all(row["status"] == "OPERATIONAL" for row in states)

    async def _bulk(self, args: Sequence[Any]) -> object:
        try:
            return await self._db.connection.execute_command("GRAPH.BULK", self._graph_name, *args)
        except redis.exceptions.ResponseError as err:
            raise StatementError(str(err)) from err
        except _DOWN_ERRORS as err:
            raise self._down(err) from err

    async def health(self) -> EngineHealth:
        """Probe the engine with a trivial statement."""
        location = str(self._server.data_dir)
        try:
            await self._db.connection.ping()
        except _DOWN_ERRORS as err:
            return EngineHealth(self.kind, ok=False, location=location, detail=str(self._down(err)))
        return EngineHealth(
            self.kind, ok=True, location=location, detail=f"graph {self._graph_name}"
        )

    async def explain(self, query: str, params: Params | None = None) -> str:
        """Plan a statement without running it; parameters not given are bound to null."""
        names = set(_PARAMETER.findall(query))
        try:
            plan = await self._graph.explain(query, {**dict.fromkeys(names), **(params or {})})
        except redis.exceptions.ResponseError as err:
            raise StatementError(str(err)) from err
        except _DOWN_ERRORS as err:
            raise self._down(err) from err
        return str(plan)

    async def drop_graph(self) -> None:
        """Delete this graph with its indexes and constraints (a fresh demo, a test)."""
        try:
            await self._graph.delete()
        except redis.exceptions.ResponseError as err:
            if _EMPTY_GRAPH in str(err):
                return  # never written to: nothing to delete
            raise StatementError(str(err)) from err
        except _DOWN_ERRORS as err:
            raise self._down(err) from err

    async def close(self) -> None:
        """Disconnect; stop the engine only if this process started it and nobody else uses it."""
        others = await self._other_clients() if self._owns_server else 0
        await self._db.connection.aclose()
        if self._owns_server and others == 0:
            await asyncio.to_thread(self._server.stop)
        elif self._owns_server:
            logger.info("leaving the embedded engine running for %d other client(s)", others)

    async def _run(
        self,
        call: Callable[..., Awaitable[Any]],
        query: LiteralString,
        params: Params | None,
    ) -> list[Row]:
        try:
            result = await self._unbusy(
                lambda: call(query, dict(params or {}), timeout=self._timeout_ms)
            )
        except redis.exceptions.ResponseError as err:
            raise StatementError(str(err)) from err
        except _DOWN_ERRORS as err:
            if self._server.ping():
                raise EngineUnavailable(
                    f"the embedded engine on {self._server.data_dir} is busy: no connection "
                    f"was free in time ({type(err).__name__}); raise KITH_POOL_SIZE or "
                    "KITH_ACQUISITION_TIMEOUT_S"
                ) from err
            raise self._down(err) from err
        names = [column[1] for column in result.header]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in result.result_set]

    async def _create_unique_key(self, label: str) -> None:
        # GRAPH.CONSTRAINT is a command, not Cypher; the label comes from NODE_LABELS.
        try:
            await self._db.connection.execute_command(
                "GRAPH.CONSTRAINT", "CREATE", self._graph_name, "UNIQUE", "NODE", label,
                "PROPERTIES", 1, BUSINESS_KEY,
            )  # fmt: skip
        except redis.exceptions.ResponseError as err:
            raise StatementError(str(err)) from err
        except _DOWN_ERRORS as err:
            raise self._down(err) from err

    async def _idempotent(self, creation: Awaitable[object]) -> bool:
        try:
            await creation
        except StatementError as err:
            if any(marker in str(err) for marker in _ALREADY_THERE):
                return False
            raise
        return True

    async def _other_clients(self) -> int:
        try:
            clients = await self._unbusy(self._db.connection.client_list)
        except _DOWN_ERRORS:
            return 0
        return sum(1 for client in clients if client.get("name") != self._client_name)

    async def _unbusy(self, call: Callable[[], Awaitable[_T]]) -> _T:
        """Run `call`, waiting out the engine's BUSY answers: for a moment after a log
        rewrite starts it refuses every command unrun ("BUSY preparing to fork", seen
        closing the million-customer load), so asking again is safe."""
        for _ in range(_BUSY_TRIES):
            try:
                return await call()
            except redis.exceptions.ResponseError as err:
                if not str(err).startswith("BUSY"):
                    raise
            await asyncio.sleep(_BUSY_WAIT_S)
        raise EngineUnavailable(f"the embedded engine on {self._server.data_dir} stayed busy")

    def _down(self, err: BaseException) -> EngineUnavailable:
        return EngineUnavailable(
            f"the embedded engine on {self._server.data_dir} is down ({type(err).__name__}); "
            "run `kith engine start` to bring it back with its data"
        )


_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Turn engine values into plain Python; nodes and edges must not leave graph/."""
    # Scalars first, by exact type: tens of millions of values pass here in a score of a
    # large bank, and this test costs a third of the isinstance chain below (profiled).
    if type(value) in _SCALARS:
        return value
    if isinstance(value, OrderedDict | dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise StatementError(
        f"a statement returned a {type(value).__name__}; return named properties instead"
    )
