"""docs/data-contracts.md's tables read as data, and the same facts read from the models."""

import re
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from pydantic.fields import FieldInfo

from loaders.contracts import Currency, Id, IsoDate, Month, Record, Timestamp

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-contracts.md"
_CELL_SPLIT: Final = re.compile(r"(?<!\\)\|")  # `A\|B` in a rule is text, not a border
_CODES: Final = re.compile(r"one of ((?:`[^`]+`(?:, )?)+)")
# A column's type in the doc, by the annotation the model gives it.
_ALIASES: Final[tuple[tuple[Any, str], ...]] = (
    (Timestamp, "timestamp"), (IsoDate, "date"), (Month, "month"), (Currency, "currency"),
    (Id, "text"), (str, "text"), (bool, "boolean"), (int, "integer"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Column:
    """One column as a contract states it: type word, required or not, its codes if listed."""

    kind: str
    required: bool
    codes: frozenset[str] | None


def documented(kind: str) -> dict[str, Column]:
    """The columns of one record kind's table in the doc, in their order."""
    after = DOC.read_text(encoding="utf-8").split(f"### {kind}\n", 1)[1]
    section = re.split(r"\n#{1,3} ", after, maxsplit=1)[0]  # up to the next heading
    columns = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        name, kind_, required, rule = (c.strip() for c in _CELL_SPLIT.split(line)[1:5])
        assert required in {"yes", "no"}, f"{kind}.{name}: required is {required!r}"
        assert not (required == "yes" and kind_.endswith(" or empty")), f"{kind}.{name}"
        codes = _CODES.search(rule)
        columns[name.strip("`")] = Column(
            kind_.removesuffix(" or empty"), required == "yes",
            frozenset(re.findall(r"`([^`]+)`", codes.group(1))) if codes else None,
        )  # fmt: skip
    return columns


def modelled(model: type[Record]) -> dict[str, Column]:
    """The same facts read from a pydantic model."""
    hints = typing.get_type_hints(model, include_extras=True)
    columns = {}
    for name, info in model.model_fields.items():
        kind, codes = _type_and_codes(hints[name], info)
        columns[name] = Column(kind, info.is_required(), codes)
    return columns


def _type_and_codes(hint: Any, info: FieldInfo) -> tuple[str, frozenset[str] | None]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(arg for arg in typing.get_args(hint) if arg is not type(None))
    if typing.get_origin(hint) is typing.Annotated and not any(hint == a for a, _ in _ALIASES):
        hint = typing.get_args(hint)[0]  # a validator of its own (a list split from a cell)
    if typing.get_origin(hint) is tuple:  # a list in one cell: of codes, or of ids
        member = typing.get_args(hint)[0]
        if isinstance(member, type) and issubclass(member, StrEnum):
            return "list of codes", frozenset(member)
        return "list of ids", None
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return "code", frozenset(hint)
    word = next(word for alias, word in _ALIASES if hint == alias)
    return word, _pattern_codes(info)


def _pattern_codes(info: FieldInfo) -> frozenset[str] | None:
    """Codes a text column is held to by its pattern (`^(HEAD|MEMBER)$`, `^[MFX]$`)."""
    pattern = next((m.pattern for m in info.metadata if getattr(m, "pattern", None)), None)
    if pattern is None:
        return None
    if found := re.fullmatch(r"\^\(([A-Z_|]+)\)\$", pattern):
        return frozenset(found.group(1).split("|"))
    if found := re.fullmatch(r"\^\[([A-Z]+)\]\$", pattern):
        return frozenset(found.group(1))
    return None
