"""A fresh embedded graph written whole through FalkorDB's bulk-insert command (GRAPH.BULK).

The wire format is the one the PyPI package `falkordb-bulk-loader` speaks (its
`entity_file.py`, `label.py`, `relation_type.py`): each command carries blobs per label
and per relationship type, a header (name, property names) then one entry per node or
edge, every value tagged with its type. Nodes take internal ids in the order they are
sent, from 0, across all the commands of one import; an edge names its ends by those
ids. The package reads CSV files and guesses types from text; Kith's rows are already
validated and typed, so they are encoded directly (and a string stays a string).
"""

import asyncio
import contextlib
import struct
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Mapping, Sequence
from typing import Any, Final, LiteralString, Protocol, cast

from graph.engines.import_ids import ImportedIds
from graph.engines.protocol import ANY_NODE, Params, Row
from graph.errors import BulkImportRefused, GraphError
from graph.records import SchemaReport

Send = Callable[[Sequence[Any]], Coroutine[Any, Any, object]]

# One command's size: the engine holds each whole while it inserts it.
COMMAND_BYTES: Final = 64 * 1024 * 1024
_INDEX_POLL_S: Final = 0.5

_NULL, _BOOL, _DOUBLE, _STRING, _LONG_TAG, _ARRAY = (0, 1, 2, 3, 4, 5)
_NULL_TAG, _STRING_TAG = bytes([_NULL]), bytes([_STRING])
_LONG = struct.Struct("=Bq")


class BulkValueError(ValueError):
    """A value the bulk format cannot carry as it is."""


def encode_value(value: object) -> bytes:
    """One property value in the bulk format (null means: not set)."""
    kind = type(value)  # exact types first: this runs for every value of millions of rows
    if kind is str:
        text = cast(str, value)
        if "\x00" in text:
            raise BulkValueError("text with a NUL character cannot be bulk-loaded")
        return _STRING_TAG + text.encode() + b"\x00"
    if kind is int:
        return _LONG.pack(_LONG_TAG, value)
    if value is None:
        return _NULL_TAG
    if kind is bool:
        return struct.pack("=B?", _BOOL, value)
    if kind is float:
        return struct.pack("=Bd", _DOUBLE, value)
    if isinstance(value, list | tuple):
        return struct.pack("=Bq", _ARRAY, len(value)) + b"".join(encode_value(v) for v in value)
    raise BulkValueError(f"a {kind.__name__} cannot be bulk-loaded")


def _header(name: str, keys: Sequence[str]) -> bytes:
    names = b"".join(key.encode() + b"\x00" for key in keys)
    return name.encode() + b"\x00" + struct.pack("=I", len(keys)) + names


class _Blob:
    """Entities of one label (or type) with one set of property names, in order."""

    def __init__(self, name: str, keys: tuple[str, ...]) -> None:
        self.name, self.keys = name, keys
        self.parts = [_header(name, keys)]
        self.size = len(self.parts[0])

    def add(self, prefix: bytes, properties: Mapping[str, object]) -> int:
        entry = prefix + b"".join(encode_value(properties[key]) for key in self.keys)
        self.parts.append(entry)
        self.size += len(entry)
        return len(entry)


class BulkGraph(ImportedIds):
    """Nodes and edges by business key, sent to a new graph in large commands."""

    def __init__(self, send: Send, *, command_bytes: int = COMMAND_BYTES) -> None:
        super().__init__()
        self._send, self._limit = send, command_bytes
        self._next_id = 0
        self._nodes: list[_Blob] = []  # in id order: runs of one label and key set
        self._edges: dict[tuple[str, tuple[str, ...]], _Blob] = {}
        self._node_count = self._edge_count = self._bytes = 0
        self._begun = False
        self._sending: asyncio.Task[object] | None = None
        self.nodes_created = self.edges_created = 0

    def add_node(self, label: str, properties: Params) -> None:
        """Add a node; `properties["id"]` is its business key, None values are left unset."""
        self._admit(label, properties, self._next_id)
        keys = tuple(properties)
        last = self._nodes[-1] if self._nodes else None
        if last is None or last.name != label or last.keys != keys:
            last = _Blob(label, keys)
            self._nodes.append(last)
            self._bytes += last.size
        self._bytes += last.add(b"", properties)
        self._next_id += 1
        self._node_count += 1

    def add_edge(
        self,
        rel_type: str,
        start: tuple[str, str],
        end: tuple[str, str],
        properties: Params | None = None,
    ) -> None:
        """Add an edge between two nodes added before, named by (label, business id)."""
        props = properties or {}
        keys = tuple(props)
        blob = self._edges.get((rel_type, keys))
        if blob is None:
            blob = self._edges[(rel_type, keys)] = _Blob(rel_type, keys)
            self._bytes += blob.size
        ends = struct.pack("=QQ", self._ids[start[0]][start[1]], self._ids[end[0]][end[1]])
        self._bytes += blob.add(ends, props)
        self._edge_count += 1

    async def flush_when_full(self) -> None:
        """Start sending what is pending once it is a command's worth; the engine inserts
        it while the next one is built (one command in flight at a time)."""
        if self._bytes >= self._limit:
            await self._start_sending()

    async def flush(self) -> None:
        """Send everything pending and wait until the engine has inserted it."""
        await self._start_sending()
        await self._sent()

    async def abandon(self) -> None:
        """Stop a command in flight (the import failed)."""
        if self._sending is not None and not self._sending.done():
            self._sending.cancel()
        with contextlib.suppress(BaseException):
            await self._sent()

    async def _start_sending(self) -> None:
        if not self._node_count and not self._edge_count:
            return
        edges = list(self._edges.values())
        args: list[Any] = [] if self._begun else ["BEGIN"]
        args += [self._node_count, self._edge_count, len(self._nodes), len(edges)]
        args += [b"".join(blob.parts) for blob in (*self._nodes, *edges)]
        self._begun = True
        self._nodes, self._edges = [], {}
        self._node_count = self._edge_count = self._bytes = 0
        await self._sent()  # the commands of one import are inserted in order
        self._sending = asyncio.create_task(self._send(args))

    async def _sent(self) -> None:
        if self._sending is None:
            return
        sending, self._sending = self._sending, None
        created = _created(str(await sending))
        self.nodes_created += created[0]
        self.edges_created += created[1]


def _created(reply: str) -> tuple[int, int]:
    """Read "3 nodes created, 2 edges created"."""
    parts: Iterable[str] = reply.split(", ")
    counts = [int(part.split(" ")[0]) for part in parts]
    return counts[0], counts[1]


class _Engine(Protocol):
    """What an import needs of the embedded engine."""

    async def read(self, query: LiteralString, params: Params | None = None) -> list[Row]: ...

    async def drop_graph(self) -> None: ...

    async def apply_schema(self) -> SchemaReport: ...

    async def indexes_ready(self) -> bool: ...


@contextlib.asynccontextmanager
async def import_whole(engine: _Engine, send: Send, graph_name: str) -> AsyncIterator[BulkGraph]:
    """Refuse a graph holding anything; else import into it, then index it. On error the
    graph is left as it was found: empty, with its indexes."""
    if await engine.read(ANY_NODE):
        raise BulkImportRefused(
            f"graph {graph_name} holds data already: a bulk import writes an empty graph "
            "only; load into it row by row (kith load --mode incremental)"
        )
    await engine.drop_graph()  # and its indexes: GRAPH.BULK makes the key anew
    graph = BulkGraph(send)
    try:
        yield graph
        await graph.flush()
    except BaseException:
        await graph.abandon()
        with contextlib.suppress(GraphError):  # the import's own error is the one to tell
            await engine.drop_graph()
            await engine.apply_schema()
        raise
    await engine.apply_schema()
    # The engine builds indexes over data already there in the background, and a write
    # waits behind them: at a million customers longer than a statement's timeout (the
    # first 1M import failed so, in the case-stage statement after it).
    while not await engine.indexes_ready():  # noqa: ASYNC110 - the engine tells only when asked
        await asyncio.sleep(_INDEX_POLL_S)
