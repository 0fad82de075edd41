"""Names for the engine's statements: the constant each is defined as in graph/.

Metrics and spans name a statement by where it is defined (`customers.GET_PROFILES`), never
by its text or parameters. The names are read once from graph/'s modules, as the Cypher
tests find the statements; text that is no module-level constant is named `other`.
"""

import importlib
import pkgutil
from collections.abc import Iterator
from functools import cache
from typing import Final

import graph

OTHER: Final = "other"


@cache
def statement_names() -> dict[str, str]:
    """Statement text -> the name of the constant that holds it (the first, if shared)."""
    names: dict[str, str] = {}
    for info in sorted(pkgutil.walk_packages(graph.__path__, "graph."), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("graph.")
        for attr, value in vars(module).items():
            if attr.isupper() or (attr.startswith("_") and attr[1:].isupper()):
                for key, text in _strings(value):
                    names.setdefault(text, f"{short}.{attr}{key}")
    return names


def name_of(query: str) -> str:
    """The statement's name, or `other` for text no constant holds."""
    return statement_names().get(query, OTHER)


def _strings(value: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield "", value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield f"[{index}]", item
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield f"[{key}]", item
