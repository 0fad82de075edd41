"""`kith load` and `kith demo`: files into the graph, with progress and a summary."""

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Final, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

from api.commands.console import err, guard, out, rules_or_exit, settings_or_exit, with_engine
from api.jobs.scoring import data_day, recheck_disputing
from api.observability.jobs import current
from graph.engines.neo4j_import import IMPORT_SCRIPT, ImportValueError
from graph.engines.protocol import BULK_BATCH_SIZE, GraphEngine
from loaders.after_import import AfterImportMissing
from loaders.formats import MalformedFile, SourceFile
from loaders.pipeline import (
    LoadMode,
    LoadReport,
    ProgressCallback,
    finish_import,
    load_files,
    plan,
    write_import_files,
)
from loaders.synthetic import Catalogue, write_bank
from recommenders.attrition import AttritionSettings

DEMO_CUSTOMERS: Final = 10_000


class RowsPerSecond(ProgressColumn):
    """Rows per second of one file, as the loader goes."""

    def render(self, task: Task) -> Text:
        """Show the task's speed."""
        return Text(f"{task.speed or 0:>9,.0f} rows/s", style="progress.data.speed")


RECHECK_AFTER: Final = frozenset({"usage", "cases", "case_steps", "incidents"})


def load(
    paths: Annotated[list[Path], typer.Argument(help="files, one record kind each")],
    kind: Annotated[str | None, typer.Option(help="record kind of every file given")] = None,
    max_reject_rate: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="share of rejected rows still accepted")
    ] = 0.0,
    chunk_size: Annotated[int, typer.Option(min=1, max=BULK_BATCH_SIZE)] = BULK_BATCH_SIZE,
    mode: Annotated[
        LoadMode,
        typer.Option(
            help="auto: an empty embedded graph is imported through the bulk path, any other "
            "load goes row by row; bulk: insist on the bulk path; incremental: decline it"
        ),
    ] = "auto",
    neo4j_import: Annotated[
        Path | None,
        typer.Option(
            help="check the files and write them to this new folder as Neo4j's offline "
            "import files, without loading; then run its import.sh with the database "
            "stopped, start it, and run `kith after-import` on the folder"
        ),
    ] = None,
) -> None:
    """Validate and load CSV, JSON Lines or Parquet files; rejected rows go beside each file."""
    if neo4j_import is not None:
        try:
            report = guard(lambda: asyncio.run(_write_files(paths, kind, chunk_size, neo4j_import)))
        except (FileExistsError, ImportValueError) as error:
            err.print(f"[red]error:[/] {error}")
            raise typer.Exit(2) from error
        _finish(report, max_reject_rate, loaded=False)
        out.print(f"import files written to {neo4j_import}: run {neo4j_import / IMPORT_SCRIPT}")
        return
    report = _load(paths, kind, chunk_size, mode)
    _finish(report, max_reject_rate)


def after_import(
    folder: Annotated[Path, typer.Argument(help="the folder `kith load --neo4j-import` wrote")],
) -> None:
    """Finish a Neo4j import: replay rows repeating a key, derive case stages, statistics."""
    rules = rules_or_exit().attrition()

    async def run(engine: GraphEngine) -> LoadReport:
        report = await finish_import(engine, folder)
        await _recheck_attrition(engine, rules)
        return report

    try:
        report = with_engine(settings_or_exit(), run)
    except AfterImportMissing as error:
        err.print(f"[red]error:[/] {error}")
        raise typer.Exit(2) from error
    out.print(f"{report.replayed:,} rows repeating a key written after the import")
    out.print(f"engagement statistics refreshed for {report.refreshed_customers:,} customers")


async def _write_files(
    paths: list[Path], kind: str | None, chunk_size: int, folder: Path
) -> LoadReport:
    sources = _plan_or_exit(paths, kind)
    with _progress(sources) as advance:
        return await write_import_files(sources, folder, chunk_size=chunk_size, on_progress=advance)


def demo(
    customers: Annotated[
        int, typer.Option(min=10, max=2_000_000, help="people in the bank")
    ] = DEMO_CUSTOMERS,
    seed: Annotated[int, typer.Option(help="the same seed writes the same bank")] = 7,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="where to write it (default KITH_DATA_DIR/demo)")
    ] = None,
    file_format: Annotated[
        Literal["csv", "jsonl", "parquet"], typer.Option("--format", help="file format")
    ] = "csv",
    catalogue: Annotated[
        Catalogue,
        typer.Option(help="compact: one product per category; variants: about 235 variants"),
    ] = "compact",
) -> None:
    """Write a realistic synthetic bank (planted truth in truth/) and load it."""
    target = out_dir or settings_or_exit().data_dir / "demo"
    with out.status(f"writing a bank of {customers:,} customers to {target}"):
        counts = write_bank(
            target, customers=customers, seed=seed, file_format=file_format, catalogue=catalogue
        )
    out.print(
        f"wrote {sum(counts.values()):,} rows to {target} (planted truth in {target / 'truth'})"
    )
    files = sorted(p for p in target.glob(f"*.{file_format}") if ".rejected." not in p.name)
    _finish(_load(files, None, BULK_BATCH_SIZE, "auto"), 0.0)


def _plan_or_exit(paths: list[Path], kind: str | None) -> list[SourceFile]:
    try:
        return plan(paths, kind)
    except MalformedFile as error:
        err.print(f"[red]error:[/] {error}")
        raise typer.Exit(2) from error


def _load(paths: list[Path], kind: str | None, chunk_size: int, mode: LoadMode) -> LoadReport:
    sources = _plan_or_exit(paths, kind)
    rules = rules_or_exit().attrition()

    async def run(engine: GraphEngine) -> LoadReport:
        await engine.apply_schema()
        with _progress(sources) as advance:
            report = await load_files(
                engine, sources, chunk_size=chunk_size, on_progress=advance, mode=mode
            )
        if RECHECK_AFTER.intersection(s.kind for s in sources):
            await _recheck_attrition(engine, rules)
        return report

    return with_engine(settings_or_exit(), run)


async def _recheck_attrition(engine: GraphEngine, rules: AttritionSettings) -> None:
    """New usage or case steps can complete the attrition pattern: check it now, so the
    alert reaches an agent without waiting for the next `kith score`."""
    day = await data_day(engine)  # the data's own latest event day, not the clock
    checked, alerts = await recheck_disputing(engine, rules, day)
    out.print(
        f"attrition re-checked as of {day.isoformat()}: customers with a card dispute "
        f"{checked:,}, alerts holding {alerts:,}"
    )


@contextmanager
def _progress(sources: list[SourceFile]) -> Iterator[ProgressCallback]:
    """A bar per file while it is read; yields what the loaders call as rows go."""
    bars = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        RowsPerSecond(),
        console=out,
        speed_estimate_period=5,
    )
    with bars:
        tasks = {s.path: bars.add_task(s.path.name, total=s.rows) for s in sources}

        def advance(source: SourceFile, rows: int) -> None:
            bars.update(tasks[source.path], completed=rows)

        yield advance


def _finish(report: LoadReport, max_reject_rate: float, *, loaded: bool = True) -> None:
    table = Table(title="Kith load")
    for column in ("kind", "file", "read", "written", "rejected", "rejected rows in"):
        table.add_column(
            column, justify="right" if column in ("read", "written", "rejected") else "left"
        )
    job = current()
    for file in report.files:
        if job is not None:
            job.loaded(
                file.source.kind, read=file.read, written=file.written,
                rejected=file.rejected, seconds=file.seconds,
            )  # fmt: skip
        table.add_row(
            file.source.kind, file.source.path.name, f"{file.read:,}", f"{file.written:,}",
            f"{file.rejected:,}", str(file.rejects_path or ""),
        )  # fmt: skip
    out.print(table)
    if loaded and report.mode == "bulk":
        out.print(
            "imported into the empty graph through the engine's bulk path "
            f"({report.replayed:,} rows repeating a key written after it)"
        )
    if loaded:
        out.print(f"engagement statistics refreshed for {report.refreshed_customers:,} customers")
    if report.rejected and report.reject_rate > max_reject_rate:
        err.print(
            f"[red]error:[/] {report.rejected:,} of {report.read:,} rows rejected "
            f"({report.reject_rate:.2%} > --max-reject-rate {max_reject_rate:.2%}); "
            "see the .rejected.jsonl files"
        )
        raise typer.Exit(1)
