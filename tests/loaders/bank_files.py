"""The example bank under examples/, copied and rewritten for tests, and graph snapshots."""

import csv
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from graph.engines import GraphEngine
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from loaders.pipeline import LoadReport, load_files, plan

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties"
EDGES = (
    "MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, "
    "properties(r) AS properties, b.id AS target"
)


def copy_examples(target: Path, file_format: str = "csv") -> Path:
    """Copy the example bank into `target`, converted to `file_format`."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(EXAMPLES.glob("*.csv")):
        if file_format == "csv":
            shutil.copy(source, target / source.name)
            continue
        rows = read_csv(source)
        stem = target / source.stem
        if file_format == "jsonl":
            lines = [json.dumps({k: (v if v != "" else None) for k, v in r.items()}) for r in rows]
            stem.with_suffix(".jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            columns = {key: [row[key] or None for row in rows] for key in rows[0]}
            pq.write_table(pa.table(columns), stem.with_suffix(".parquet"))
    return target


def read_csv(path: Path) -> list[dict[str, str]]:
    """Read a CSV file into dicts of strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Write dicts of strings as CSV with their keys as header."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def bank_paths(folder: Path, *names: str) -> list[Path]:
    """Every bank file in `folder` (or only the kinds named), without rejects reports."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and ".rejected." not in p.name)
    return [p for p in files if not names or p.name.split(".")[0] in names]


async def load_dir(engine: GraphEngine, folder: Path, *names: str) -> LoadReport:
    """Plan and load the bank files of `folder`, three rows a chunk to cross chunk edges."""
    return await load_files(engine, plan(bank_paths(folder, *names)), chunk_size=3)


async def snapshot(engine: GraphEngine) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties, in a comparable order."""
    nodes = sorted(_canonical(row) for row in await engine.read(NODES))
    edges = sorted(_canonical(row) for row in await engine.read(EDGES))
    return nodes, edges


def _canonical(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True)


@asynccontextmanager
async def bank_graph(
    engine_dir: Path, bank: Path, prefix: str = "api"
) -> AsyncIterator[tuple[GraphSettings, EmbeddedEngine]]:
    """A fresh graph holding the bank in `bank`; yields its settings and engine, drops it."""
    settings = GraphSettings(data_dir=engine_dir, graph_database=f"{prefix}{uuid.uuid4().hex[:10]}")
    engine = await EmbeddedEngine.open(settings)
    await engine.apply_schema()
    await load_files(engine, plan(bank_paths(bank)))
    try:
        yield settings, engine
    finally:
        await engine.drop_graph()
        await engine.close()
