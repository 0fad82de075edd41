"""The engine as the service uses it, each statement timed, counted and traced by name.

A wrapper rather than a hook inside graph/: graph/ stays free of metrics and tracing, and
whichever adapter is open (embedded or Neo4j) is observed the same way.
"""

import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, LiteralString, TypeVar

from opentelemetry.trace import Tracer

from api.observability.metrics import Metrics
from api.observability.statements import name_of
from graph.engines.protocol import GraphEngine, GraphImport, Params, Row
from graph.records import EngineHealth, SchemaReport, SearchHit

_T = TypeVar("_T")
Load = Callable[[Sequence[str]], Awaitable[Any]]


class ObservedEngine:
    """A GraphEngine that reports every statement to the metrics and the tracer."""

    def __init__(
        self,
        engine: GraphEngine,
        metrics: Metrics | None,
        tracer: Tracer,
        *,
        tracing: bool,
        pool_size: int,
    ) -> None:
        self.inner = engine
        self.kind = engine.kind
        self.metrics = metrics
        self.tracer = tracer
        self.tracing = tracing  # False: spans are skipped, not made as no-ops
        self._bound: dict[str, tuple[Any, Any, Any]] = {}  # per statement: labelled children
        self._pool_size = pool_size
        self._in_flight = 0
        if metrics is not None:
            metrics.pool_size.set(pool_size)

    async def read(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run a read-only statement, observed."""
        return await self._observed(name_of(query), lambda: self.inner.read(query, params))

    async def write(self, query: LiteralString, params: Params | None = None) -> list[Row]:
        """Run one atomic write statement, observed."""
        return await self._observed(name_of(query), lambda: self.inner.write(query, params))

    async def write_batches(
        self, query: LiteralString, rows: Sequence[Params], *, params: Params | None = None,
        batch_size: int | None = None,
    ) -> int:  # fmt: skip
        """Send rows in batches, observed as one statement."""
        return await self._observed(
            name_of(query),
            lambda: self.inner.write_batches(query, rows, params=params, batch_size=batch_size),
        )

    async def search_customers(self, text: str, limit: int) -> list[SearchHit]:
        """Full-text search, observed."""
        return await self._observed(
            "engine.search_customers", lambda: self.inner.search_customers(text, limit)
        )

    async def store_embeddings(self, label: str, rows: Sequence[tuple[str, list[float]]]) -> int:
        """Write embeddings, observed."""
        return await self._observed(
            "engine.store_embeddings", lambda: self.inner.store_embeddings(label, rows)
        )

    async def nearest(self, label: str, vector: list[float], k: int) -> list[SearchHit]:
        """Vector search, observed."""
        return await self._observed("engine.nearest", lambda: self.inner.nearest(label, vector, k))

    async def apply_schema(self) -> SchemaReport:
        """Create missing constraints and indexes."""
        return await self.inner.apply_schema()

    async def compact(self) -> None:
        """Compact the store."""
        await self.inner.compact()

    def bulk_load(self) -> AbstractAsyncContextManager[None]:
        """Hold housekeeping off during a long load."""
        return self.inner.bulk_load()

    def bulk_import(self) -> AbstractAsyncContextManager[GraphImport]:
        """Write an empty graph whole."""
        return self.inner.bulk_import()

    async def health(self) -> EngineHealth:
        """Probe the engine without raising."""
        return await self.inner.health()

    async def close(self) -> None:
        """Close the engine underneath."""
        await self.inner.close()

    def batched(self, loader: str, load: Load) -> Load:
        """A DataLoader's batch function, traced as a span and counted with its keys."""
        metrics, tracer, span = self.metrics, self.tracer, f"dataloader.{loader}"
        counted = (
            (metrics.loader_batches.labels(loader), metrics.loader_keys.labels(loader))
            if metrics is not None
            else None
        )

        async def observed(keys: Sequence[str]) -> Any:
            if counted is not None:
                counted[0].inc()
                counted[1].inc(len(keys))
            if not self.tracing:
                return await load(keys)
            with tracer.start_as_current_span(span, attributes={"kith.keys": len(keys)}):
                return await load(keys)

        return observed

    async def _observed(self, name: str, call: Callable[[], Awaitable[_T]]) -> _T:
        if not self.tracing:  # metrics only: no span to open, not even a no-op one
            return await self._measured(name, call)
        with self.tracer.start_as_current_span(name, attributes={"db.operation.name": name}):
            return await self._measured(name, call)

    async def _measured(self, name: str, call: Callable[[], Awaitable[_T]]) -> _T:
        if self.metrics is None:
            return await call()
        count_ok, count_failed, latency = self._children(name)
        m = self.metrics
        if self._in_flight >= self._pool_size:
            m.pool_waits.inc()
        self._in_flight += 1
        m.pool_in_use.set(self._in_flight)
        started = time.perf_counter()
        try:
            result = await call()
        except BaseException:
            count_failed.inc()
            raise
        finally:
            latency.observe(time.perf_counter() - started)
            self._in_flight -= 1
            m.pool_in_use.set(self._in_flight)
        count_ok.inc()
        return result

    def _children(self, name: str) -> tuple[Any, Any, Any]:
        # Labelled children looked up once per statement: .labels() costs a lock and a hash.
        bound = self._bound.get(name)
        if bound is None:
            assert self.metrics is not None
            m = self.metrics
            bound = (
                m.statements.labels(name, "ok"), m.statements.labels(name, "error"),
                m.statement_latency.labels(name),
            )  # fmt: skip
            self._bound[name] = bound
        return bound
