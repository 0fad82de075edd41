"""The planted truth: written beside the bank for evaluation, never loaded into the graph."""

import csv
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Self

from loaders.synthetic.catalogue import INCIDENTS

FILES: Final = {
    "next_products": ("customerId", "productId", "category", "adoptedOn"),
    "attrition_cases": (
        "caseId", "customerId", "accountId", "openedAt", "resolvedAt", "attrition", "spendDropFrom",
    ),
    "life_situations": ("customerId", "situation", "subjectId", "covered", "evidence"),
    "incidents": ("id", "channelId", "service", "firstDay", "lastDay", "description"),
}  # fmt: skip


class Truth:
    """CSV files under `<bank>/truth/`, one per kind of planted fact."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.counts = dict.fromkeys(FILES, 0)
        self._handles: dict[str, IO[str]] = {}
        self._writers = {}
        for name, header in FILES.items():
            handle = (folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles[name] = handle
            self._writers[name] = csv.writer(handle)
            self._writers[name].writerow(header)
        for incident in INCIDENTS:
            self.write("incidents", incident)

    def write(self, name: str, row: tuple[Any, ...]) -> None:
        """Record one planted fact."""
        self.counts[name] += 1
        self._writers[name].writerow(
            tuple(("true" if v else "false") if isinstance(v, bool) else v for v in row)
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for handle in self._handles.values():
            handle.close()
