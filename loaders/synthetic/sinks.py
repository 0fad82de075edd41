"""Files the synthetic bank writes: one per record kind, CSV, JSON Lines or Parquet, streamed."""

import csv
import json
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Literal, Self

import pyarrow as pa
import pyarrow.parquet as pq

from loaders.contracts import KINDS

FileFormat = Literal["csv", "jsonl", "parquet"]
Row = tuple[Any, ...]
# Timestamps are written as ISO text, as a bank's export would carry them.
_TIMESTAMPS: Final = frozenset({"updatedAt", "at", "openedAt"})
_PARQUET_BATCH: Final = 50_000


def columns(kind: str) -> tuple[str, ...]:
    """A kind's columns, in the contract's order."""
    return tuple(KINDS[kind].model_fields)


def _arrow_type(kind: str, column: str) -> pa.DataType:
    annotation = KINDS[kind].model_fields[column].annotation
    if annotation in (bool, bool | None):
        return pa.bool_()
    if annotation in (int, int | None) and column not in _TIMESTAMPS:
        return pa.int64()
    return pa.string()


class _Sink:
    """One kind's file: rows go in as tuples in column order."""

    def __init__(self, path: Path, kind: str, file_format: FileFormat) -> None:
        self.kind, self.format, self.rows = kind, file_format, 0
        self.columns = columns(kind)
        self._bools = [i for i, c in enumerate(self.columns) if _arrow_type(kind, c) == pa.bool_()]
        self._buffer: list[Row] = []
        self._parquet: pq.ParquetWriter | None = None
        self._schema = pa.schema([(c, _arrow_type(kind, c)) for c in self.columns])
        self._path = path
        self._handle: IO[str] | None = None
        if file_format != "parquet":
            self._handle = path.open("w", encoding="utf-8", newline="")
        if file_format == "csv":
            self._csv = csv.writer(self._handle)  # type: ignore[arg-type]
            self._csv.writerow(self.columns)

    def write(self, row: Row) -> None:
        """Append one row."""
        self.rows += 1
        if self.format == "csv":
            if self._bools:
                row = tuple(
                    ("true" if v else "false") if i in self._bools else v for i, v in enumerate(row)
                )
            self._csv.writerow(row)
        elif self.format == "jsonl":
            assert self._handle is not None
            self._handle.write(json.dumps(dict(zip(self.columns, row, strict=True))) + "\n")
        else:
            self._buffer.append(row)
            if len(self._buffer) >= _PARQUET_BATCH:
                self._flush()

    def close(self) -> None:
        """Flush and close the file."""
        if self.format == "parquet":
            self._flush()
            if self._parquet is None:  # an empty kind still gets a well-formed file
                self._parquet = pq.ParquetWriter(self._path, self._schema)
            self._parquet.close()
        elif self._handle is not None:
            self._handle.close()

    def _flush(self) -> None:
        if not self._buffer:
            return
        data = list(zip(*self._buffer, strict=True))
        table = pa.table(
            [pa.array(values, type=t.type) for values, t in zip(data, self._schema, strict=True)],
            schema=self._schema,
        )
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._path, self._schema)
        self._parquet.write_table(table)
        self._buffer.clear()


class Sinks:
    """Every kind's file in one folder, named after the kind."""

    def __init__(self, folder: Path, file_format: FileFormat) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._sinks = {
            kind: _Sink(folder / f"{kind}.{file_format}", kind, file_format) for kind in KINDS
        }

    def write(self, kind: str, row: Row) -> None:
        """Append a row to a kind's file."""
        self._sinks[kind].write(row)

    @property
    def counts(self) -> dict[str, int]:
        """Rows written per kind."""
        return {kind: sink.rows for kind, sink in self._sinks.items()}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sink in self._sinks.values():
            sink.close()
