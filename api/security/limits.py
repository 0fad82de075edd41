"""Document limits checked before any engine call: list sizes and query cost.

Depth (8) and aliases (15) are strawberry's rules, tokens (1000) its parser's limit, all
applied in api/schema.py (the rules once per document: api/security/documents.py); this
module adds what they do not cover.
"""

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    value_from_ast_untyped,
    visit,
)
from graphql.language import Visitor

MAX_DEPTH: Final = 8
MAX_ALIASES: Final = 15
MAX_TOKENS: Final = 1000
MAX_LIST: Final = 100
# A field costs 1 times the size of the lists above it (`first`, default 20): a page of 100
# customers with a 60-field 360 each costs about 6,000; 10,000 leaves room and stops 100x100.
COST_BUDGET: Final = 10_000
_DEFAULT_PAGE: Final = 20


Arguments = Sequence[tuple[str, Any]]


def oversized_list(literals: Arguments, variables: Mapping[str, Any] | None) -> str | None:
    """A message naming the first list argument over MAX_LIST items, or None."""
    for where, value in arguments(literals, variables):
        if _longest(value) > MAX_LIST:
            return f"{where} holds a list over the limit of {MAX_LIST} items"
    return None


def control_character(literals: Arguments, variables: Mapping[str, Any] | None) -> str | None:
    """A message naming the first string argument holding a control character, or None.

    No business key, name or search text has one; the engines refuse some (NUL) with an
    error of their own, so they are refused here, before any engine call, as bad input.
    """
    for where, value in arguments(literals, variables):
        if _has_control(value):
            return f"{where} holds a control character"
    return None


def arguments(
    literals: Arguments, variables: Mapping[str, Any] | None
) -> Iterator[tuple[str, Any]]:
    """Every value a document passes: its variables, then its literal arguments."""
    for name, value in (variables or {}).items():
        yield f"variable ${name}", value
    yield from literals


def literal_arguments(document: DocumentNode) -> list[tuple[str, Any]]:
    """The literal arguments a document passes (where, value as Python), in order."""
    literals: list[tuple[str, Any]] = []

    class Arguments(Visitor):
        def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
            literals.append((f"argument {node.name.value}", value_from_ast_untyped(node.value)))

    visit(document, Arguments())
    return literals


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value)
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    if isinstance(value, dict):
        return any(_has_control(v) for v in value.values())
    return False


def _longest(value: Any) -> int:
    if isinstance(value, list):
        return max([len(value), *(_longest(v) for v in value)])
    if isinstance(value, dict):
        return max([0, *(_longest(v) for v in value.values())])
    return 0


def query_cost(document: DocumentNode, variables: Mapping[str, Any] | None) -> int:
    """The cost of the document's operations: every field weighted by the lists above it."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return sum(_cost(op.selection_set, fragments, variables or {}, 1) for op in operations)


def _cost(
    selections: SelectionSetNode | None, fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any], weight: int,
) -> int:  # fmt: skip
    if selections is None:
        return 0
    total = 0
    for node in selections.selections:
        if isinstance(node, FieldNode):
            inner = weight * _page_size(node, variables)
            total += weight + _cost(node.selection_set, fragments, variables, inner)
        elif isinstance(node, InlineFragmentNode):
            total += _cost(node.selection_set, fragments, variables, weight)
        elif isinstance(node, FragmentSpreadNode) and node.name.value in fragments:
            spread = fragments[node.name.value].selection_set
            total += _cost(spread, fragments, variables, weight)
    return total


def _page_size(node: FieldNode, variables: Mapping[str, Any]) -> int:
    for argument in node.arguments or ():
        if argument.name.value != "first":
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(1, int(value.value))
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            return max(1, given) if isinstance(given, int) else _DEFAULT_PAGE
        return _DEFAULT_PAGE
    return _DEFAULT_PAGE if node.name.value in _PAGED else 1


_PAGED: Final = frozenset({"customers", "alerts", "cases", "members", "search", "lookalikes"})
