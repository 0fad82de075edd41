"""A new Neo4j database written as the files `neo4j-admin database import full` reads.

Neo4j imports offline: the files are written here, an operator runs the command in
`import.sh` on the database server with the database stopped, then starts it. The format
is the tool's documented CSV header format: a node file's `id:ID(<Label>)` column is the
node's business key (stored as its `id` property, one id space per label), an edge
file's `:START_ID(<Label>)` and `:END_ID(<Label>)` name its ends, and every other column
is `<property>:<type>`. An empty unquoted field leaves the property unset; every text is
quoted, so an empty text stays an empty text. Headers are written in files of their own
once every row is in, because a column's type is known only from its values.
"""

import math
import shlex
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from graph.engines.import_ids import ImportedIds
from graph.engines.protocol import Params

ARRAY_DELIMITER: Final = ";"
IMPORT_SCRIPT: Final = "import.sh"
_RUN_ROWS: Final = 10_000

# neo4j-admin's type for each value Kith stores (validated rows hold no other).
_TYPES: Final[dict[type, str]] = {str: "string", int: "long", float: "double", bool: "boolean"}


class ImportValueError(ValueError):
    """A value the import files cannot carry as it is."""


def field_text(value: object) -> str:
    """One property value as a CSV field (an empty field means: not set)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):  # Java reads "Infinity" and "NaN", not Python's text
            raise ImportValueError(f"{value} is not a number the import can carry")
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, list | tuple):
        items = [item if isinstance(item, str) else field_text(item) for item in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise ImportValueError(f"a list item holds {ARRAY_DELIMITER!r}, the array delimiter")
        return field_text(ARRAY_DELIMITER.join(items))
    raise ImportValueError(f"a {type(value).__name__} cannot be written to an import file")


def _type_of(value: object) -> str:
    if isinstance(value, list | tuple):
        inner = {_TYPES[type(item)] for item in value} or {"string"}
        return f"{inner.pop() if len(inner) == 1 else 'string'}[]"
    return _TYPES[type(value)]


class _File:
    """Rows of one label (or type) under one set of columns: its data and its header.

    Rows are appended in runs of _RUN_ROWS, the file open only meanwhile, so a bank's many
    files never hold many handles."""

    def __init__(self, data: Path, header: Path, leading: Sequence[str], keys: Sequence[str]):
        self.data, self.header = data, header
        self.leading, self.keys = tuple(leading), tuple(keys)
        self.columns = frozenset(self.keys)
        self.types: dict[str, set[str]] = {key: set() for key in self.keys}
        self._lines: list[str] = []
        data.write_text("", encoding="utf-8")

    def add(self, leading: Sequence[str], properties: Mapping[str, object]) -> None:
        fields = [field_text(value) for value in leading]
        for key in self.keys:
            value = properties.get(key)  # a column this row lacks: left unset
            if value is not None:
                self.types[key].add(_type_of(value))
            fields.append(field_text(value))
        self._lines.append(",".join(fields) + "\n")
        if len(self._lines) >= _RUN_ROWS:
            self._append()

    def close(self) -> None:
        self._append()
        columns = [*self.leading, *(f"{key}:{_column_type(self.types[key])}" for key in self.keys)]
        self.header.write_text(",".join(columns) + "\n", encoding="utf-8")

    def _append(self) -> None:
        with self.data.open("a", encoding="utf-8", newline="") as handle:
            handle.writelines(self._lines)
        self._lines.clear()


def _column_type(seen: set[str]) -> str:
    if seen <= {"long", "double"} and seen:
        return "double" if "double" in seen else "long"
    if len(seen) > 1:
        raise ImportValueError(f"one column holds values of types {sorted(seen)}")
    return seen.pop() if seen else "string"


class Neo4jImportFiles(ImportedIds):
    """Nodes and edges by business key, written as neo4j-admin import files in `out_dir`."""

    def __init__(self, out_dir: Path, database: str = "neo4j") -> None:
        if out_dir.exists() and any(out_dir.iterdir()):
            raise FileExistsError(f"{out_dir} holds files already: give a new or empty folder")
        out_dir.mkdir(parents=True, exist_ok=True)
        super().__init__()
        self.out_dir, self.database = out_dir, database
        self._files: dict[tuple[str, str], list[_File]] = {}
        self.nodes_created = self.edges_created = 0

    def add_node(self, label: str, properties: Params) -> None:
        """Add a node; `properties["id"]` is its business key, None values are left unset."""
        node_id = self._admit(label, properties, self.nodes_created)
        keys = tuple(key for key in properties if key != "id")
        self._file("nodes", label, [f"id:ID({label})"], keys).add([node_id], properties)
        self.nodes_created += 1

    def add_edge(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        properties: Params | None = None,
    ) -> None:
        """Add an edge between two nodes added before, named by (label, business id)."""
        props = properties or {}
        for label, node_id in (start, end):
            if node_id not in self.ids(label):
                raise ValueError(f"an edge {rel_type} names {label} {node_id!r}, not added")
        leading = [f":START_ID({start[0]})", f":END_ID({end[0]})"]
        name = f"{rel_type}-{start[0]}-{end[0]}"
        self._file("relationships", name, leading, tuple(props)).add([start[1], end[1]], props)
        self.edges_created += 1

    async def flush_when_full(self) -> None:
        """Nothing waits: rows are written to their files as they come."""

    def close(self) -> Path:
        """Write every header and the import command; return the command's script, which
        names the files relative to itself, so the folder can be copied to the server."""
        nodes, relationships = [], []
        for (kind, name), files in self._files.items():
            for file in files:
                file.close()
                paths = ",".join(str(p.relative_to(self.out_dir)) for p in (file.header, file.data))
                if kind == "nodes":
                    nodes.append(f"--nodes={name}={paths}")
                else:
                    relationships.append(f"--relationships={name.split('-')[0]}={paths}")
        command = [
            "neo4j-admin", "database", "import", "full", "--overwrite-destination",
            "--multiline-fields=true", f"--array-delimiter={ARRAY_DELIMITER}",
            *nodes, *relationships, self.database,
        ]  # fmt: skip
        script = self.out_dir / IMPORT_SCRIPT
        script.write_text(
            "#!/bin/sh\n# Run on the database server with the database stopped; then start it\n"
            f"# and run: kith after-import {shlex.quote(str(self.out_dir))}\n"
            'cd "$(dirname "$0")" || exit 1\n'
            f"exec {shlex.join(command)}\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        return script

    def _file(self, kind: str, name: str, leading: list[str], keys: tuple[str, ...]) -> _File:
        """The file of this label (or type) that has every one of `keys` as a column, or a
        new one with the columns of the last and these: usage series each name their own
        months, so the columns grow to every month and files stay few."""
        files = self._files.setdefault((kind, name), [])
        if files and files[-1].columns.issuperset(keys):
            return files[-1]
        last = files[-1] if files else None
        columns = (*last.keys, *(k for k in keys if k not in last.columns)) if last else keys
        stem = self.out_dir / kind / f"{name}-{len(files)}"
        stem.parent.mkdir(parents=True, exist_ok=True)
        header = stem.with_suffix(".header.csv")
        files.append(_File(stem.with_suffix(".csv"), header, leading, columns))
        return files[-1]
