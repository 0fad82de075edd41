"""Requests generated from the schema: every field reachable from each root, by its shortest path.

A root field's documents select, between them, every coordinate (Type.field) reachable
from it within the depth limit, each by a shortest path, merged into trees that stay
within the request limits (tokens, depth, cost), so that a handful of documents per root
cover every path to every data class. Arguments get plain values of their type.
"""

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
)
from graphql.language import Lexer, Source, TokenKind

from api.security.limits import MAX_DEPTH

TOKEN_BUDGET: Final = 800  # under the 1,000-token limit, leaving room for the operation
CUSTOMER: Final = "C-0000001"  # a customer of the example bank


@dataclass
class Node:
    """A selection: a field (with its arguments) or an inline fragment, and what it selects."""

    text: str
    children: dict[str, "Node"] = field(default_factory=dict)
    leaf_object: bool = False  # an object field selected for itself: `{ __typename }` below

    def render(self) -> str:
        """This selection as GraphQL text."""
        inner = " ".join(child.render() for child in self.children.values())
        if self.leaf_object and not inner:
            inner = "__typename"
        return f"{self.text} {{ {inner} }}" if inner else self.text


@dataclass(frozen=True)
class Step:
    """One step of a path: a field of a type, reached through an inline fragment or not."""

    parent: str
    name: str
    text: str
    fragment: str | None  # `... on T` when the parent type is reached through an abstract one
    is_object: bool


def coordinates(schema: GraphQLSchema, root: GraphQLObjectType, name: str, channel: str
                ) -> dict[str, tuple[Step, ...]]:  # fmt: skip
    """Every coordinate reachable from root field `name`, with a shortest path to it."""
    first = _step(root.name, name, root.fields[name], None, channel)
    paths: dict[str, tuple[Step, ...]] = {f"{root.name}.{name}": (first,)}
    queue: deque[tuple[GraphQLField, tuple[Step, ...]]] = deque([(root.fields[name], (first,))])
    while queue:
        field_, path = queue.popleft()
        if len(path) >= MAX_DEPTH - 1:
            continue  # one level is left for the `{ __typename }` under an object field
        named = get_named_type(field_.type)
        for parent, fragment in _concrete(schema, named):
            for child, child_field in parent.fields.items():
                coordinate = f"{parent.name}.{child}"
                if coordinate in paths:
                    continue
                step = _step(parent.name, child, child_field, fragment, channel)
                paths[coordinate] = (*path, step)
                if not is_leaf_type(get_named_type(child_field.type)):
                    queue.append((child_field, (*path, step)))
    return paths


def _concrete(
    schema: GraphQLSchema, named: object
) -> Iterator[tuple[GraphQLObjectType, str | None]]:
    if isinstance(named, GraphQLObjectType):
        yield named, None
    elif is_abstract_type(named):
        members = (named.types if isinstance(named, GraphQLUnionType)
                   else schema.get_implementations(named).objects)  # fmt: skip
        for member in members:
            yield member, member.name


def _step(parent: str, name: str, field_: GraphQLField, fragment: str | None, channel: str) -> Step:
    args = [f"{arg}: {value}" for arg, spec in field_.args.items()
            if (value := _argument(arg, spec, channel)) is not None]  # fmt: skip
    text = f"{name}({', '.join(args)})" if args else name
    is_object = not is_leaf_type(get_named_type(field_.type))
    return Step(parent, name, text, fragment, is_object)


def _argument(name: str, spec: GraphQLArgument, channel: str) -> str | None:
    if name == "first":
        return "1"  # pages of one: the cost of nested lists stays low
    if not isinstance(spec.type, GraphQLNonNull):
        return None
    return literal(spec.type, name, channel)


def literal(kind: GraphQLInputType, name: str, channel: str) -> str:
    """A plain value of an input type (ids name a customer of the example bank)."""
    if isinstance(kind, GraphQLNonNull):
        return literal(kind.of_type, name, channel)
    if isinstance(kind, GraphQLList):
        return f"[{literal(kind.of_type, name, channel)}]"
    if isinstance(kind, GraphQLEnumType):
        return channel if channel in kind.values else next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        fields = [f"{n}: {literal(f.type, n, channel)}" for n, f in kind.fields.items()
                  if isinstance(f.type, GraphQLNonNull)]  # fmt: skip
        return "{" + ", ".join(fields) + "}"
    scalar = kind.name
    if scalar == "ID" or name.endswith("Id") or name == "id":
        return f'"{CUSTOMER}"'
    return _SCALARS.get(scalar, '"x"')


_SCALARS: Final = {"Int": "1", "Float": "1.0", "Boolean": "false", "Long": "1",
                   "Date": '"2026-01-01"', "DateTime": '"2026-01-01T00:00:00+00:00"'}  # fmt: skip


def documents(operation: str, paths: dict[str, tuple[Step, ...]]) -> Iterator[tuple[str, set[str]]]:
    """Documents selecting every path, each within the token budget; with their coordinates."""
    chosen = list(paths.values())
    tree = Node(operation)
    for path in chosen:
        _add(tree, path)
    text = tree.render()
    if tokens(text) <= TOKEN_BUDGET or len(chosen) == 1:
        yield text, {f"{step.parent}.{step.name}" for path in chosen for step in path}
        return
    half = len(chosen) // 2  # halves share prefixes: split until each fits
    yield from documents(operation, dict(list(paths.items())[:half]))
    yield from documents(operation, dict(list(paths.items())[half:]))


def _add(tree: Node, path: tuple[Step, ...]) -> None:
    node = tree
    for step in path:
        if step.fragment is not None:
            key = f"... on {step.fragment}"
            node = node.children.setdefault(key, Node(key))
        node = node.children.setdefault(step.text, Node(step.text))
    node.leaf_object = node.leaf_object or path[-1].is_object


def tokens(text: str) -> int:
    """How many tokens strawberry's limiter counts in a document."""
    lexer, count = Lexer(Source(text)), 0
    while lexer.advance().kind is not TokenKind.EOF:
        count += 1
    return count
