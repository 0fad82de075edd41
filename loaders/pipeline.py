"""Loading files into the graph: inspect all, then validate, check and write in chunks."""

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, Protocol

from graph.engines.neo4j_import import Neo4jImportFiles
from graph.engines.protocol import BULK_BATCH_SIZE, GraphEngine, Params
from graph.errors import BulkImportRefused
from loaders.after_import import AfterImport
from loaders.bulk import BulkImport
from loaders.checking import checked_chunks
from loaders.contracts import KINDS
from loaders.formats import SourceFile, identify, inspect
from loaders.references import Known, Written, check_references
from loaders.validation import Rejection
from loaders.writers import WRITERS, touched_customers

ProgressCallback = Callable[[SourceFile, int], None]
LoadMode = Literal["auto", "bulk", "incremental"]
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

    mode: LoadMode = "incremental"  # the way it went: bulk or incremental
    files: list[FileReport] = field(default_factory=list)
    refreshed_customers: int = 0
    replayed: int = 0  # rows repeating a key, written after a bulk import
    steps: dict[str, float] = field(default_factory=dict)  # after the files: seconds each

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
    mode: LoadMode = "incremental",
) -> LoadReport:
    """Load planned files in order, then refresh the statistics of every customer touched.

    `bulk` writes an empty graph whole through the engine's bulk path (BulkImportRefused
    when it holds anything, or the engine imports offline); `auto` takes it where it can.
    The checks, rejections, report and the graph are the same every way."""
    report = LoadReport(mode=mode)
    async with engine.bulk_load():
        after = await _import(engine, sources, chunk_size, report, on_progress)
        if after is None:
            report.mode = "incremental"
            incremental = _Incremental(engine)
            touched = await _load_all(incremental, engine, sources, chunk_size, report, on_progress)
            after = AfterImport([], [], sorted(touched))
        started = time.perf_counter()
        report.refreshed_customers = await after.refresh(engine)
        report.steps["engagement statistics"] = time.perf_counter() - started
    return report


async def write_import_files(
    sources: Sequence[SourceFile],
    out_dir: Path,
    *,
    chunk_size: int = BULK_BATCH_SIZE,
    on_progress: ProgressCallback | None = None,
) -> LoadReport:
    """Check planned files as a load does and write them as Neo4j's offline import files
    in `out_dir` (new or empty), with what is left to do once the database is started
    (`finish_import`). Nothing is sent to any database."""
    report = LoadReport(mode="bulk")
    files = Neo4jImportFiles(out_dir)
    target = BulkImport(files)
    touched = await _load_all(target, None, sources, chunk_size, report, on_progress)
    files.close()
    target.after_import(sorted(touched)).save(out_dir)
    return report


async def finish_import(engine: GraphEngine, folder: Path) -> LoadReport:
    """Once Neo4j has imported the files `write_import_files` wrote: replay the rows that
    repeat a key, derive the cases' stages, refresh the customers' statistics."""
    after = AfterImport.read(folder)
    await engine.apply_schema()  # the import makes no index or key: the writers need them
    report = LoadReport(mode="bulk")
    report.replayed = await after.apply(engine)
    report.refreshed_customers = await after.refresh(engine)
    return report


async def _import(
    engine: GraphEngine,
    sources: Sequence[SourceFile],
    chunk_size: int,
    report: LoadReport,
    on_progress: ProgressCallback | None,
) -> AfterImport | None:
    """Import through the bulk path, replays and case stages included; None where an
    `auto` load goes incrementally."""
    if report.mode == "incremental":
        return None
    try:
        async with engine.bulk_import() as graph:
            report.mode = "bulk"
            target = BulkImport(graph)
            touched = await _load_all(target, engine, sources, chunk_size, report, on_progress)
            started = time.perf_counter()
    except BulkImportRefused:
        if report.mode == "auto":
            return None
        raise
    report.steps["import: last command, indexes"] = time.perf_counter() - started
    started = time.perf_counter()
    after = target.after_import(sorted(touched))
    report.replayed = await after.apply(engine)
    report.steps["repeated keys, case stages"] = time.perf_counter() - started
    return after


class _Target(Known, Protocol):
    """Where checked rows go: the graph statement by statement, or a bulk import."""

    async def write(self, kind: str, rows: Sequence[Params]) -> int:
        """Write checked rows of one kind; return how many."""
        ...

    async def end_kind(self, kind: str) -> None:
        """Say that the last row of a kind was written."""
        ...


class _Incremental(Written):
    """Each chunk written through its kind's writer in graph/."""

    def __init__(self, engine: GraphEngine) -> None:
        super().__init__()
        self._engine = engine

    async def write(self, kind: str, rows: Sequence[Params]) -> int:
        written = await WRITERS[kind](self._engine, rows)
        self.add(kind, rows)
        return written

    async def end_kind(self, kind: str) -> None:
        """Nothing waits for a kind's end."""


async def _load_all(
    target: _Target,
    engine: GraphEngine | None,
    sources: Sequence[SourceFile],
    chunk_size: int,
    report: LoadReport,
    on_progress: ProgressCallback | None,
) -> set[str]:
    """Load each file in order; return the customers whose statistics change."""
    touched: set[str] = set()
    for number, source in enumerate(sources):
        report.files.append(
            await _load_file(target, engine, source, chunk_size, touched, on_progress)
        )
        if number + 1 == len(sources) or sources[number + 1].kind != source.kind:
            await target.end_kind(source.kind)
    return touched


async def _load_file(
    target: _Target,
    engine: GraphEngine | None,
    source: SourceFile,
    chunk_size: int,
    touched: set[str],
    on_progress: ProgressCallback | None,
) -> FileReport:
    report, started = FileReport(source), time.perf_counter()
    rejects_path = source.path.with_name(source.path.name + ".rejected.jsonl")
    rejects_path.unlink(missing_ok=True)  # a report from an earlier load no longer applies
    chunks = checked_chunks(source, chunk_size, second_process=target.complete)
    pending: asyncio.Task[int] | None = None
    rejects: IO[str] | None = None
    try:
        # Reading and validating the next chunk overlaps writing this one.
        async with aclosing(chunks) as stream:
            async for read, checked in stream:
                # Rows name only earlier kinds, all written before this file began.
                checked = await check_references(engine, source.kind, checked, target)
                rows = [row for _, row in checked.rows]
                if pending is not None:
                    report.written += await pending
                pending = asyncio.create_task(target.write(source.kind, rows)) if rows else None
                touched |= touched_customers(source.kind, rows)
                if checked.rejections:
                    rejects = rejects or rejects_path.open("w", encoding="utf-8")
                    _write_rejections(rejects, checked.rejections)
                report.read += read
                report.rejected += len(checked.rejections)
                if on_progress:
                    on_progress(source, report.read)
        if pending is not None:
            report.written += await pending
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
