"""Checking raw rows against their contract; every refusal says row, field and why."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from loaders.contracts import Record
from loaders.formats import RawRow


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that was not loaded: where it is, which field, and why."""

    row: int
    field: str
    reason: str


@dataclass(slots=True)
class Checked:
    """A chunk after validation: rows to write (with their row numbers) and rejections."""

    rows: list[tuple[int, dict[str, Any]]]
    rejections: list[Rejection]


def validate(model: type[Record], raw_rows: Sequence[RawRow]) -> Checked:
    """Validate rows; good ones become graph rows (enums as text, times as epoch ms)."""
    checked = Checked(rows=[], rejections=[])
    for number, raw in raw_rows:
        if isinstance(raw, str):
            checked.rejections.append(Rejection(number, "-", raw))
            continue
        try:
            record = model.model_validate(raw)
        except ValidationError as err:
            checked.rejections.append(_rejection(number, err))
            continue
        checked.rows.append((number, record.model_dump(mode="json")))
    return checked


def _rejection(number: int, err: ValidationError) -> Rejection:
    reasons = []
    for error in err.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "-"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "is not a column of this record kind"
        elif error["type"] == "missing" or error.get("input", "") is None:
            message = "is required"  # absent, or an empty cell
        reasons.append((field, message))
    first_field = reasons[0][0]
    return Rejection(number, first_field, "; ".join(f"{f}: {m}" for f, m in reasons))
