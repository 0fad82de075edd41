"""Loading files into the graph: inspect all, then validate, check and write in chunks."""

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.engagement import refresh_engagement
from graph.engines.protocol import BULK_BATCH_SIZE, GraphEngine
from loaders.contracts import KINDS
from loaders.formats import SourceFile, identify, inspect, read_chunks
from loaders.references import Written, check_references
from loaders.validation import Rejection, validate
from loaders.writers import WRITERS, touched_customers

ProgressCallback = Callable[[SourceFile, int], None]
_LOAD_ORDER = list(KINDS)


@dataclass(slots=True)
class FileReport:
    """What happened to one file."""

    source: SourceFile
    read: int = 0
    written: int = 0
    rejected: int = 0
    rejects_path: Path | None = None
    seconds: float = 0.0  # from the first read to the last write


@dataclass(slots=True)
class LoadReport:
    """What happened to a whole load."""

    files: list[FileReport] = field(default_factory=list)
    refreshed_customers: int = 0

    @property
    def read(self) -> int:
        """Rows read over all files."""
        return sum(report.read for report in self.files)

    @property
    def rejected(self) -> int:
        """Rows rejected over all files."""
        return sum(report.rejected for report in self.files)

    @property
    def reject_rate(self) -> float:
        """Share of rows rejected (0 when nothing was read)."""
        return self.rejected / self.read if self.read else 0.0


def plan(paths: Sequence[Path], kind: str | None = None) -> list[SourceFile]:
    """Inspect every file before anything is written, and order them by dependency."""
    sources = [inspect(identify(path, kind)) for path in paths]
    return sorted(sources, key=lambda source: _LOAD_ORDER.index(source.kind))


async def load_files(
    engine: GraphEngine,
    sources: Sequence[SourceFile],
    *,
    chunk_size: int = BULK_BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> LoadReport:
    """Load planned files in order, then refresh the statistics of every customer touched."""
    report, state = LoadReport(), _LoadState()
    async with engine.bulk_load():
        for source in sources:
            report.files.append(await _load_file(engine, source, chunk_size, state, on_progress))
        report.refreshed_customers = await refresh_engagement(engine, state.touched)
    return report


@dataclass(slots=True)
class _LoadState:
    """What a load remembers across its files."""

    touched: set[str] = field(default_factory=set)  # customers whose statistics change
    written: Written = field(default_factory=Written)  # ids that need no reference query


async def _load_file(
    engine: GraphEngine,
    source: SourceFile,
    chunk_size: int,
    state: _LoadState,
    on_progress: ProgressCallback | None,
) -> FileReport:
    report, started = FileReport(source), time.perf_counter()
    rejects_path = source.path.with_name(source.path.name + ".rejected.jsonl")
    rejects_path.unlink(missing_ok=True)  # a report from an earlier load no longer applies
    writer = WRITERS[source.kind]
    chunks = read_chunks(source, chunk_size)
    pending: asyncio.Task[int] | None = None
    pending_rows: list[dict[str, Any]] = []
    rejects: IO[str] | None = None
    try:
        # Reading and validating the next chunk overlaps the engine writing this one.
        while (raw := await asyncio.to_thread(next, chunks, None)) is not None:
            checked = await asyncio.to_thread(validate, source.model, raw)
            checked = await check_references(engine, source.kind, checked, state.written)
            rows = [row for _, row in checked.rows]
            if pending is not None:
                report.written += await pending
                state.written.add(source.kind, pending_rows)
            pending = asyncio.create_task(writer(engine, rows)) if rows else None
            pending_rows = rows
            state.touched |= touched_customers(source.kind, rows)
            if checked.rejections:
                rejects = rejects or rejects_path.open("w", encoding="utf-8")
                _write_rejections(rejects, checked.rejections)
            report.read += len(raw)
            report.rejected += len(checked.rejections)
            if on_progress:
                on_progress(source, report.read)
        if pending is not None:
            report.written += await pending
            state.written.add(source.kind, pending_rows)
    finally:
        if pending is not None and not pending.done():
            pending.cancel()  # an error stopped the load: do not leave a write running
        if rejects is not None:
            rejects.close()
            report.rejects_path = rejects_path
        report.seconds = time.perf_counter() - started
    return report


def _write_rejections(handle: IO[str], rejections: Sequence[Rejection]) -> None:
    for rejection in sorted(rejections, key=lambda r: r.row):
        line = {"row": rejection.row, "field": rejection.field, "reason": rejection.reason}
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
