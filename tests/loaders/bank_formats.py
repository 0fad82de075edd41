"""A bank's CSV files written again as JSON Lines and as typed Parquet, as another bank would."""

import csv
import json
import types
import typing
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from loaders.contracts import KINDS, Timestamp


def _arrow_type(kind: str, column: str) -> pa.DataType:
    """The Parquet type a bank's export gives a column: integers and booleans typed."""
    hint = typing.get_type_hints(KINDS[kind], include_extras=True)[column]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if hint is bool:
        return pa.bool_()
    return pa.int64() if hint is int and hint != Timestamp else pa.string()


def _typed(value: str, arrow_type: pa.DataType) -> Any:
    if value == "":
        return None
    if arrow_type == pa.bool_():
        return value.lower() in {"true", "1", "yes"}
    return int(value) if arrow_type == pa.int64() else value


def csv_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV file's header and rows, as text."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or ()), list(reader)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """One JSON object a line; a key left out is a column not given."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def write_parquet(path: Path, kind: str, header: list[str], rows: list[dict[str, Any]]) -> Path:
    """A typed Parquet file; an empty or missing cell becomes a null."""
    columns = {}
    for column in header:
        arrow_type = _arrow_type(kind, column)
        cells = [_typed(str(r.get(column) or ""), arrow_type) for r in rows]
        columns[column] = pa.array(cells, type=arrow_type)
    pq.write_table(pa.table(columns), path)
    return path


def convert_bank(folder: Path, target: Path, file_format: str) -> list[Path]:
    """Every CSV file of `folder` written to `target` as JSON Lines (empty cells left out) or
    Parquet (empty cells null); return the new files."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(folder.glob("*.csv")):
        kind = source.stem
        header, rows = csv_rows(source)
        if file_format == "jsonl":
            given = [{k: v for k, v in r.items() if v != ""} for r in rows]
            written.append(write_jsonl(target / f"{kind}.jsonl", given))
        else:
            written.append(write_parquet(target / f"{kind}.parquet", kind, header, rows))
    return written
