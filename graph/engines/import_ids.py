"""The business ids a whole-graph import has added, shared by the engines' import writers."""

from collections.abc import Mapping

from graph.engines.protocol import Params


class ImportedIds:
    """Each label's business ids added so far, each with its node's number in the import."""

    def __init__(self) -> None:
        self._ids: dict[str, dict[str, int]] = {}

    def ids(self, label: str) -> Mapping[str, int]:
        """The business ids of `label` added so far."""
        return self._ids.setdefault(label, {})

    def forget(self, label: str) -> None:
        """Let go of the ids of `label`: nothing added later names its nodes."""
        self._ids[label] = {}

    def _admit(self, label: str, properties: Params, number: int) -> str:
        """Record a new node's business id (`properties["id"]`) as node `number`; return it."""
        known = self._ids.setdefault(label, {})
        node_id = str(properties["id"])
        if node_id in known:
            raise ValueError(f"{label} {node_id!r} was added twice to one import")
        known[node_id] = number
        return node_id
