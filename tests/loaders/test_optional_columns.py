"""Every optional column of every kind, generated from the models: not given, the row loads."""

from pathlib import Path

import pytest

from loaders.contracts import KINDS
from loaders.formats import identify, inspect, read_chunks
from loaders.validation import validate
from tests.loaders.bank_files import EXAMPLES, write_csv
from tests.loaders.bank_formats import csv_rows, write_jsonl, write_parquet

OPTIONAL = [
    (kind, column)
    for kind, model in KINDS.items()
    for column, info in model.model_fields.items()
    if not info.is_required()
]
FORMS = ["csv empty cell", "jsonl missing key", "jsonl null", "parquet null"]


def example(kind: str) -> tuple[list[str], dict[str, str]]:
    """The header and first row of the documented example of a kind."""
    header, rows = csv_rows(EXAMPLES / f"{kind}.csv")
    return header, rows[0]


def written_as(folder: Path, kind: str, form: str, header: list[str], row: dict[str, str]) -> Path:
    """Write one row of a kind in the given form; return the file."""
    if form == "csv empty cell":
        write_csv(folder / f"{kind}.csv", [row])
        return folder / f"{kind}.csv"
    if form.startswith("jsonl"):
        given = {k: (v if v != "" else None) for k, v in row.items()}
        if form == "jsonl missing key":
            given = {k: v for k, v in given.items() if v is not None}
        return write_jsonl(folder / f"{kind}.jsonl", [given])
    return write_parquet(folder / f"{kind}.parquet", kind, header, [row])


def read_back(path: Path) -> tuple[list[dict[str, object]], list[str]]:
    """The rows a file's one row becomes, and the reasons for any rejection."""
    source = inspect(identify(path))
    checked = validate(source.model, [row for chunk in read_chunks(source, 10) for row in chunk])
    return [row for _, row in checked.rows], [r.reason for r in checked.rejections]


def test_the_optional_columns_include_those_banks_leave_empty() -> None:
    left_empty = {
        ("accounts", "monthlyFlowMinor"), ("interactions", "responded"),
        ("customers", "givenName"), ("customers", "tripsAbroadPerYear"),
    }  # fmt: skip
    assert left_empty <= set(OPTIONAL)
    assert len(OPTIONAL) >= 25


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("kind", "column"), OPTIONAL)
def test_an_optional_column_not_given_loads_as_not_given(
    kind: str, column: str, form: str, tmp_path: Path
) -> None:
    header, row = example(kind)
    path = written_as(tmp_path, kind, form, header, row | {column: ""})
    rows, rejected = read_back(path)
    assert rejected == []
    assert rows[0][column] in (None, [])


@pytest.mark.parametrize("form", ["csv empty cell", "parquet null"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_header_without_any_optional_column_loads(kind: str, form: str, tmp_path: Path) -> None:
    header, row = example(kind)
    required = [c for c in header if KINDS[kind].model_fields[c].is_required()]
    path = written_as(tmp_path, kind, form, required, {c: row[c] for c in required})
    rows, rejected = read_back(path)
    assert (len(rows), rejected) == (1, [])
