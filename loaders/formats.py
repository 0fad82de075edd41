"""Reading a bank's files: CSV, JSON Lines and Parquet, one record kind per file.

A file is checked whole before anything of it is written (encoding, header, Parquet
structure), so a malformed file fails with one line and leaves the graph as it was.
Rows are then read in chunks, so memory stays flat whatever the file's size.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from loaders.contracts import KINDS, Record

FileFormat = Literal["csv", "jsonl", "parquet"]
_SUFFIXES: dict[str, FileFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
}
# A raw row, or the reason it could not even be read as one.
RawRow = tuple[int, dict[str, Any] | str]


class MalformedFile(Exception):
    """A file that cannot be read as a whole; the message is one line for a person."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to load, with its record kind, format and number of rows."""

    path: Path
    kind: str
    file_format: FileFormat
    rows: int = 0

    @property
    def model(self) -> type[Record]:
        """The contract its rows must meet."""
        return KINDS[self.kind]


def identify(path: Path, kind: str | None = None) -> SourceFile:
    """Tell a file's kind (from its name, or `kind`) and format (from its suffix)."""
    file_format = _SUFFIXES.get(path.suffix.lower())
    if file_format is None:
        raise MalformedFile(f"{path}: unknown format {path.suffix!r}; use .csv, .jsonl or .parquet")
    named = kind or path.name.split(".")[0]
    if named not in KINDS:
        raise MalformedFile(
            f"{path}: cannot tell its record kind {named!r}; name the file after one of "
            f"{', '.join(KINDS)} or pass --kind"
        )
    return SourceFile(path, named, file_format)


def inspect(source: SourceFile) -> SourceFile:
    """Read the whole file once to prove it is well formed; return it with its row count."""
    try:
        rows = _SCANNERS[source.file_format](source)
    except UnicodeDecodeError as err:
        raise MalformedFile(
            f"{source.path}: not UTF-8 text (byte {err.start} of a line cannot be decoded)"
        ) from err
    except (OSError, csv.Error, pa.ArrowException) as err:
        detail = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise MalformedFile(f"{source.path}: cannot be read ({detail})") from err
    return SourceFile(source.path, source.kind, source.file_format, rows)


def read_chunks(source: SourceFile, size: int) -> Iterator[list[RawRow]]:
    """Yield (row number, raw row or why it is unreadable) in chunks of `size`."""
    chunk: list[RawRow] = []
    for row in _READERS[source.file_format](source):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_columns(source: SourceFile, columns: list[str]) -> None:
    fields = source.model.model_fields
    unknown = [c for c in columns if c not in fields]
    missing = [f for f, info in fields.items() if info.is_required() and f not in columns]
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    problems = [
        f"unknown column(s) {', '.join(unknown)}" if unknown else "",
        f"missing required column(s) {', '.join(missing)}" if missing else "",
        f"duplicated column(s) {', '.join(duplicated)}" if duplicated else "",
    ]
    if any(problems):
        raise MalformedFile(
            f"{source.path}: wrong header for {source.kind}: " + "; ".join(p for p in problems if p)
        )


def _open_text(source: SourceFile) -> Any:
    # utf-8-sig: a byte-order mark from a spreadsheet export is not part of the header.
    return source.path.open(encoding="utf-8-sig", newline="")


def _scan_csv(source: SourceFile) -> int:
    with _open_text(source) as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise MalformedFile(f"{source.path}: empty file, expected a header row")
        _check_columns(source, [column.strip() for column in header])
        return sum(1 for _ in reader)


def _read_csv(source: SourceFile) -> Iterator[RawRow]:
    with _open_text(source) as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader)]
        for number, cells in enumerate(reader, start=2):  # the header is row 1
            if len(cells) != len(header):
                yield number, f"row has {len(cells)} cells, the header has {len(header)}"
            else:
                yield number, dict(zip(header, cells, strict=True))


def _scan_jsonl(source: SourceFile) -> int:
    with _open_text(source) as handle:
        return sum(1 for line in handle if line.strip())


def _read_jsonl(source: SourceFile) -> Iterator[RawRow]:
    with _open_text(source) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as err:
                yield number, f"not valid JSON ({err.msg} at column {err.colno})"
                continue
            yield number, value if isinstance(value, dict) else "not a JSON object"


def _scan_parquet(source: SourceFile) -> int:
    parquet = pq.ParquetFile(source.path)
    _check_columns(source, list(parquet.schema_arrow.names))
    for index in range(parquet.num_row_groups):  # decode every page once
        parquet.read_row_group(index)
    return int(parquet.metadata.num_rows)


def _read_parquet(source: SourceFile) -> Iterator[RawRow]:
    number = 0
    for batch in pq.ParquetFile(source.path).iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            yield number, row


_SCANNERS = {"csv": _scan_csv, "jsonl": _scan_jsonl, "parquet": _scan_parquet}
_READERS = {"csv": _read_csv, "jsonl": _read_jsonl, "parquet": _read_parquet}
