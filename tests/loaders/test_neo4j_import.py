"""Neo4j's offline import files hold the graph `kith load` builds.

No Neo4j runs here, so `read_import` below reads the files as `neo4j-admin database import
full` is documented to (header `name:type` columns, `:ID(space)`, `:START_ID(space)`,
`:END_ID(space)`, an empty unquoted field unset, `""` an empty text, arrays split on the
delimiter the command names, quoted fields spanning lines with --multiline-fields=true),
written from the Neo4j Operations Manual's import chapter, not from Kith's writer. The
graph it yields is created in the embedded engine, `kith after-import`'s work is run on it,
and the result must equal the row-by-row load of the same files.
"""

import shlex
from pathlib import Path
from typing import Any

import pytest

from graph.engines.embedded import EmbeddedEngine
from graph.engines.neo4j_import import (
    IMPORT_SCRIPT,
    ImportValueError,
    Neo4jImportFiles,
    field_text,
)
from graph.schema import NODE_LABELS
from loaders.after_import import AfterImportMissing
from loaders.pipeline import finish_import, load_files, plan, write_import_files
from tests.api.test_cli import kith
from tests.loaders.bank_files import bank_paths, copy_examples, read_csv, snapshot, write_csv
from tests.loaders.test_bulk import _counts, _diff, _repeat


def _fields(text: str, at: int) -> tuple[list[str | None], int]:
    """One CSV record from `at`: quoted fields as text (quotes doubled inside), unquoted
    ones as text or, when empty, None. Returns the fields and where the next record begins."""
    fields: list[str | None] = []
    while True:
        if text.startswith('"', at):
            end, parts = at + 1, []
            while True:
                close = text.index('"', end)
                parts.append(text[end:close])
                if text.startswith('"', close + 1):
                    parts.append('"')
                    end = close + 2
                    continue
                break
            fields.append("".join(parts))
            at = close + 1
        else:
            stop = min(i for i in (text.find(",", at), text.find("\n", at), len(text)) if i >= 0)
            fields.append(text[at:stop] or None)
            at = stop
        if at >= len(text) or text[at] == "\n":
            return fields, at + 1
        at += 1  # past the comma


def _value(raw: str | None, kind: str, delimiter: str) -> Any:
    if raw is None:
        return None
    if kind.endswith("[]"):
        return [_value(item, kind[:-2], delimiter) for item in raw.split(delimiter)]
    return {"long": int, "int": int, "double": float, "float": float, "string": str}.get(
        kind, lambda text: {"true": True, "false": False}[text]
    )(raw)


def _records(header: Path, data: Path, delimiter: str) -> list[dict[str, Any]]:
    """Each row: its properties, and for each ID column (ID, START_ID, END_ID) its
    (id space, id)."""
    columns = _fields(header.read_text(encoding="utf-8"), 0)[0]
    with data.open(encoding="utf-8", newline="") as handle:  # a text's own \r\n stays
        text, at, records = handle.read(), 0, []
    while at < len(text):
        fields, at = _fields(text, at)
        record: dict[str, Any] = {"properties": {}}
        for column, raw in zip(columns, fields, strict=True):
            name, _, kind = str(column).partition(":")
            role, _, space = kind.partition("(")
            if role in ("ID", "START_ID", "END_ID"):
                record[role] = (space.rstrip(")"), raw)
                if role == "ID" and name:
                    record["properties"][name] = raw  # a named id is stored as a property
            elif raw is not None:
                record["properties"][name] = _value(raw, kind, delimiter)
        records.append(record)
    return records


def read_import(folder: Path) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[Any, ...]]]:
    """(label, properties) per node, (type, (space, start), (space, end), properties) per
    relationship, read as the command in import.sh tells neo4j-admin to read the files."""
    command = shlex.split((folder / IMPORT_SCRIPT).read_text().splitlines()[-1])[1:]
    options = dict(arg[2:].split("=", 1) for arg in command if arg.startswith("--") and "=" in arg)
    assert options["multiline-fields"] == "true"
    delimiter = options["array-delimiter"]
    nodes, edges = [], []
    for arg in command:
        kind, _, spec = arg[2:].partition("=")
        if kind not in ("nodes", "relationships"):
            continue
        name, _, files = spec.partition("=")
        header, data = (folder / path for path in files.split(","))  # relative to import.sh
        for record in _records(header, data, delimiter):
            if kind == "nodes":
                nodes.append((name, record["properties"]))
            else:
                edges.append((name, record["START_ID"], record["END_ID"], record["properties"]))
    return nodes, edges


# The relationship types a load writes: the only names spliced into the statements below
# (Cypher takes no label or type as a parameter); every value goes in a $parameter.
RELATIONSHIP_TYPES = frozenset({
    "ABOUT", "BY", "CONCERNS", "COVERS", "DURING", "GAVE", "HAD", "HANDLED_BY", "HAS_STEP",
    "HAS_USAGE", "HOLDS", "MEMBER_OF", "OF_PRODUCT", "ON", "ON_ACCOUNT", "PARENT_OF", "RAISED",
    "SIBLING_OF", "SPOUSE_OF", "VIA", "WORKS_IN",
})  # fmt: skip


async def _create(engine: EmbeddedEngine, folder: Path) -> None:
    """Build the graph the files describe, as neo4j-admin would, in the embedded engine.
    Labels and types come from the files, so each is checked against its allow-list first."""
    nodes, edges = read_import(folder)
    for label, properties in nodes:
        assert label in NODE_LABELS, label
        await engine.write(f"CREATE (n:{label}) SET n = $p", {"p": properties})
    for rel_type, (start_label, start), (end_label, end), properties in edges:
        assert {start_label, end_label} <= set(NODE_LABELS), (start_label, end_label)
        assert rel_type in RELATIONSHIP_TYPES, rel_type
        made = await engine.write(
            f"MATCH (a:{start_label} {{id: $s}}), (b:{end_label} {{id: $e}}) "
            f"CREATE (a)-[r:{rel_type}]->(b) SET r = $p RETURN count(r) AS n",
            {"s": start, "e": end, "p": properties},
        )
        assert made == [{"n": 1}], f"{rel_type} {start} -> {end} names a node not imported"


async def _through_files(engine: EmbeddedEngine, bank: Path, out: Path) -> Any:
    written = await write_import_files(plan(bank_paths(bank)), out, chunk_size=3)
    await engine.apply_schema()
    await _create(engine, out)
    finished = await finish_import(engine, out)
    return written, finished


async def test_the_import_files_hold_the_graph_a_load_builds(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path / "bank")
    loaded = await load_files(engine, plan(bank_paths(folder)), chunk_size=3)
    written, finished = await _through_files(other_engine, folder, tmp_path / "import")
    assert _counts(written) == _counts(loaded)
    assert finished.refreshed_customers == loaded.refreshed_customers
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []


async def test_repeats_odd_text_and_lists_survive_the_files(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path / "bank")
    _repeat(folder, "customers", {"city": "York", "updatedAt": "2026-06-01T10:00:00Z"})
    _repeat(folder, "interactions", {"outcome": "RESOLVED"})  # a re-sent event: written once
    _repeat(folder, "usage", {"count": "99"}, {"month": "2026-11", "count": "7"})
    _repeat(folder, "account_holders", {"role": "JOINT"})
    households = read_csv(folder / "households.csv")
    odd = 'The "Old" Mill,\nflat 2;\r\n3'
    write_csv(folder / "households.csv", [{**households[0], "name": odd}, *households[1:]])
    loaded = await load_files(engine, plan(bank_paths(folder)), chunk_size=3)
    written, finished = await _through_files(other_engine, folder, tmp_path / "import")
    assert _counts(written) == _counts(loaded)
    assert finished.replayed > 0
    assert _diff(await snapshot(other_engine), await snapshot(engine)) == []
    skills = await other_engine.read("MATCH (g:Agent) WHERE size(g.skills) > 1 RETURN g.id AS id")
    assert skills, "an agent with several skills came through as a list"


async def test_bad_rows_are_rejected_before_any_file_is_written(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    _repeat(folder, "accounts", {"id": "A-ORPHAN", "productId": "P-NONE"})
    written = await write_import_files(plan(bank_paths(folder)), tmp_path / "import")
    accounts = next(f for f in written.files if f.source.kind == "accounts")
    assert accounts.rejected == 1
    assert accounts.rejects_path is not None
    assert "P-NONE" in accounts.rejects_path.read_text()
    assert "A-ORPHAN" not in "".join(p.read_text() for p in (tmp_path / "import").rglob("*.csv"))


def test_a_folder_holding_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("x\n")
    with pytest.raises(FileExistsError, match="new or empty folder"):
        Neo4jImportFiles(tmp_path)


async def test_after_import_without_the_files_says_what_is_missing(
    other_engine: EmbeddedEngine, tmp_path: Path
) -> None:
    with pytest.raises(AfterImportMissing, match="kith load --neo4j-import"):
        await finish_import(other_engine, tmp_path)


def test_the_command_line_writes_the_files_and_names_the_next_step(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    done = kith("load", *map(str, bank_paths(folder)), "--neo4j-import", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert f"import files written to {tmp_path / 'out'}" in done.stdout
    script = (tmp_path / "out" / IMPORT_SCRIPT).read_text()
    assert "neo4j-admin database import full" in script
    assert "kith after-import" in script
    again = kith("load", *map(str, bank_paths(folder)), "--neo4j-import", str(tmp_path / "out"))
    assert again.returncode == 2  # the folder holds the first files now: one clear line
    assert "new or empty folder" in again.stderr
    assert "Traceback" not in again.stderr
    missing = kith("after-import", str(tmp_path / "bank"), KITH_DATA_DIR=str(tmp_path / "kith"))
    assert missing.returncode == 2
    assert "kith load --neo4j-import" in missing.stderr


def test_values_the_tool_would_misread_are_refused_not_written() -> None:
    assert field_text(None) == ""  # unset
    assert field_text("") == '""'  # an empty text, kept
    assert field_text('say "hi"') == '"say ""hi"""'
    assert field_text([True, 2, "x"]) == '"true;2;x"'
    with pytest.raises(ImportValueError, match="array delimiter"):
        field_text(["BILLING", "CARDS;LOANS"])
    with pytest.raises(ImportValueError, match="not a number"):
        field_text(float("inf"))
