"""What a bulk import leaves to do once its graph is in, kept in a file where the import
runs offline (Neo4j's `neo4j-admin`), done at once where it does not (the embedded engine).

Rows repeating a key are replayed through their kind's writer (whose Cypher holds the
repeat rule), cases with steps get their stage derived, and the customers the files named
get their engagement statistics: the same statements a row-by-row load runs.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from graph.cases import refresh_case_stages
from graph.engagement import refresh_engagement
from graph.engines.protocol import GraphEngine, Params
from loaders.writers import WRITERS

AFTER_IMPORT_FILE: Final = "after-import.jsonl"


class AfterImportMissing(FileNotFoundError):
    """The folder holds no import files written by `kith load --neo4j-import`."""


@dataclass(slots=True)
class AfterImport:
    """Replays in load order, the cases to stage, the customers to refresh."""

    replays: list[tuple[str, list[Params]]]
    staged_cases: Sequence[str]
    customers: Sequence[str]

    async def apply(self, engine: GraphEngine) -> int:
        """Replay the repeats and derive the cases' stages; return the rows replayed."""
        replayed = 0
        for kind, rows in self.replays:
            replayed += await WRITERS[kind](engine, rows)
        await refresh_case_stages(engine, sorted(self.staged_cases))
        return replayed

    async def refresh(self, engine: GraphEngine) -> int:
        """Refresh the engagement statistics of the customers; return how many."""
        return await refresh_engagement(engine, self.customers)

    def save(self, folder: Path) -> Path:
        """Write it beside the import files, one JSON line per part."""
        path = folder / AFTER_IMPORT_FILE
        with path.open("w", encoding="utf-8") as handle:
            for kind, rows in self.replays:
                handle.write(json.dumps({"replay": kind, "rows": rows}) + "\n")
            handle.write(json.dumps({"stagedCases": sorted(self.staged_cases)}) + "\n")
            handle.write(json.dumps({"customers": sorted(self.customers)}) + "\n")
        return path

    @classmethod
    def read(cls, folder: Path) -> "AfterImport":
        """Read what `save` wrote in `folder`."""
        path = folder / AFTER_IMPORT_FILE
        if not path.is_file():
            raise AfterImportMissing(
                f"{path} not found: give the folder `kith load --neo4j-import` wrote"
            )
        found = cls([], [], [])
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                part = json.loads(line)
                if "replay" in part:
                    found.replays.append((part["replay"], part["rows"]))
                found.staged_cases = part.get("stagedCases", found.staged_cases)
                found.customers = part.get("customers", found.customers)
        return found
