"""A file's rows read and validated chunk by chunk, in a thread or in a second process.

Reading and validating hold the interpreter (csv and pydantic build Python objects), so
a thread cannot overlap them with the writing. A bulk import writes in Python too, while
the engine waits for its next command: there, a large file is read and validated in a
second process, chunks ahead, and only the checked rows cross over. An incremental
load keeps the thread: its engine is busy writing on the second core.
"""

import asyncio
import queue
from collections.abc import AsyncGenerator
from multiprocessing import get_context
from multiprocessing.queues import Queue
from typing import Final

from loaders.formats import SourceFile, read_chunks
from loaders.validation import Checked, validate

# Smaller files are not worth starting an interpreter for (about a second).
SECOND_PROCESS_FROM_ROWS: Final = 100_000
_AHEAD: Final = 2  # chunks read ahead of the writing: memory stays flat

Chunk = tuple[int, Checked]  # rows read, and what became of them


class ReaderStopped(Exception):
    """The process reading a file ended without finishing it."""


async def checked_chunks(
    source: SourceFile, size: int, *, second_process: bool
) -> AsyncGenerator[Chunk]:
    """Yield each chunk of `source` read and validated."""
    if second_process and source.rows >= SECOND_PROCESS_FROM_ROWS:
        async for chunk in _from_process(source, size):
            yield chunk
        return
    chunks = read_chunks(source, size)
    while (raw := await asyncio.to_thread(next, chunks, None)) is not None:
        yield len(raw), await asyncio.to_thread(validate, source.model, raw)


def _produce(source: SourceFile, size: int, out: "Queue[Chunk | BaseException | None]") -> None:
    """In the second process: read, validate and hand over every chunk, then None."""
    try:
        for raw in read_chunks(source, size):
            out.put((len(raw), validate(source.model, raw)))
        out.put(None)
    except Exception as err:  # noqa: BLE001 - any error is the reader's to tell the loader
        out.put(err)


async def _from_process(source: SourceFile, size: int) -> AsyncGenerator[Chunk]:
    context = get_context("spawn")  # not fork: the loader holds sockets and threads
    out: Queue[Chunk | BaseException | None] = context.Queue(maxsize=_AHEAD)
    reader = context.Process(target=_produce, args=(source, size, out), daemon=True)
    reader.start()

    def next_chunk() -> Chunk | BaseException | None:
        while True:
            try:
                return out.get(timeout=1.0)
            except queue.Empty:
                if not reader.is_alive():
                    raise ReaderStopped(
                        f"{source.path.name}: the process reading it stopped "
                        f"(exit code {reader.exitcode})"
                    ) from None

    try:
        while (item := await asyncio.to_thread(next_chunk)) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if reader.is_alive():
            reader.kill()  # the load stopped early: no reading ahead for nobody
        reader.join()
        out.close()
