"""Every Cypher statement graph/ can send, found by importing its modules."""

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import graph

Dialect = Literal["shared", "neo4j", "embedded"]

_CLAUSES = ("MATCH", "OPTIONAL", "MERGE", "CREATE", "UNWIND", "WITH", "CALL", "RETURN", "DROP")
# DDL is the only Cypher allowed to differ per engine; it lives in these modules.
_DIALECT_MODULES: dict[str, Dialect] = {
    "graph.engines.neo4j_schema": "neo4j",
    "graph.engines.embedded_schema": "embedded",
}


@dataclass(frozen=True)
class Statement:
    """One statement, where it is defined, and which engines must run it."""

    where: str
    dialect: Dialect
    text: str


def graph_modules() -> list[str]:
    """Name every module of the graph package."""
    return [info.name for info in pkgutil.walk_packages(graph.__path__, "graph.")]


def statements() -> list[Statement]:
    """Collect module-level Cypher: string constants, and strings in tuples and dicts."""
    found: list[Statement] = []
    for name in graph_modules():
        module = importlib.import_module(name)
        dialect = _DIALECT_MODULES.get(name, "shared")
        for attr, value in vars(module).items():
            if attr.startswith("_") or attr.endswith("_BODY"):
                continue  # a fragment: checked inside the statements built from it
            for key, text in _strings(value):
                if _is_cypher(text):
                    found.append(Statement(f"{name}.{attr}{key}", dialect, text.strip()))
    return found


def read_statements() -> list[Statement]:
    """The statements graph/ sends through an engine's `read` (a dict sends all its values)."""
    sent = _sent_arguments({"read"})
    return [s for s in statements() if s.where.split("[")[0] in sent]


def write_statements() -> list[Statement]:
    """The statements graph/ sends through an engine's `write` or `write_batches`."""
    sent = _sent_arguments({"write", "write_batches"})
    return [s for s in statements() if s.where.split("[")[0] in sent]


def _sent_arguments(methods: set[str]) -> set[str]:
    """`module.NAME` of each constant passed first to one of these engine methods in graph/."""
    found: set[str] = set()
    for name in graph_modules():
        module = importlib.import_module(name)
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in methods or not node.args:
                continue
            argument = node.args[0]
            if isinstance(argument, ast.Subscript):  # STATEMENTS[key]: every value of it
                argument = argument.value
            if isinstance(argument, ast.Name) and hasattr(module, argument.id):
                found.add(f"{name}.{argument.id}")
            elif isinstance(argument, ast.Attribute) and isinstance(argument.value, ast.Name):
                owner = getattr(module, argument.value.id, None)  # ddl.SEARCH_CUSTOMERS
                if inspect.ismodule(owner):
                    found.add(f"{owner.__name__}.{argument.attr}")
    return found


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
                yield f"[{key!r}]", item


def _is_cypher(text: str) -> bool:
    words = text.split()
    return bool(words) and words[0] in _CLAUSES and len(words) > 2
