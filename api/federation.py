"""Kith as a subgraph of the bank's supergraph, and the client contract without it.

The served schema is an Apollo Federation 2 subgraph: `Customer` and `Household` are
entities keyed by `id`, and the router asks for them through `_entities`. Front-end teams
query the supergraph, where neither `_entities`, `_service` nor `@key` appear: so
schema.graphql, their contract, is the subgraph's SDL with the federation parts cut out,
while schema.federation.graphql is what a router composes.
"""

from typing import Final

from graphql import Source, parse
from graphql.language import (
    DirectiveNode,
    DocumentNode,
    FieldDefinitionNode,
    Node,
    ObjectTypeDefinitionNode,
    SchemaDefinitionNode,
)

from api.schema import KithSchema

# What federation adds to the schema a client sees.
_FEDERATION_TYPES: Final = frozenset({"_Any", "_Entity", "_Service"})
_FEDERATION_FIELDS: Final = frozenset({"_entities", "_service"})
_FEDERATION_DIRECTIVES: Final = frozenset({"key", "link"})


def subgraph_sdl(schema: KithSchema) -> str:
    """The subgraph's SDL, as `_service { sdl }` answers it (a router composes this)."""
    return schema.as_str() + "\n"


def contract_sdl(schema: KithSchema) -> str:
    """The schema as front-end teams see it through the supergraph: no federation parts."""
    text = schema.as_str()
    lines, cuts = text.split("\n"), _federation_parts(parse(Source(text)))
    spans = sorted(cuts, key=lambda span: (span[0], -span[1]), reverse=True)
    for line, column, end_line, end_column in spans:
        if column < 0:  # whole lines, and the blank line that separated them
            del lines[line : end_line + 1]
            if line < len(lines) and not lines[line]:
                del lines[line]
            elif line == len(lines) and lines and not lines[-1]:
                del lines[-1]
        else:  # a directive inside a line, with the space before it
            lines[line] = lines[line][: column - 1] + lines[line][end_column:]
    return "\n".join(lines) + "\n"


Span = tuple[int, int, int, int]  # first line, column (-1: whole lines), last line, end column


def _federation_parts(document: DocumentNode) -> list[Span]:
    """Where the schema printout has federation's definitions, fields and directives."""
    cuts: list[Span] = []
    for definition in document.definitions:
        name = getattr(definition, "name", None)
        if isinstance(definition, SchemaDefinitionNode) or (
            name is not None and name.value in _FEDERATION_TYPES
        ):
            cuts.append(_lines(definition))
            continue
        if not isinstance(definition, ObjectTypeDefinitionNode):
            continue
        cuts.extend(_inline(d) for d in definition.directives or () if _federated(d))
        cuts.extend(
            _lines(f) for f in definition.fields or () if f.name.value in _FEDERATION_FIELDS
        )
    return cuts


def _federated(directive: DirectiveNode) -> bool:
    return directive.name.value in _FEDERATION_DIRECTIVES


def _lines(node: Node | FieldDefinitionNode) -> Span:
    assert node.loc is not None  # parsed with locations
    return node.loc.start_token.line - 1, -1, node.loc.end_token.line - 1, -1


def _inline(node: DirectiveNode) -> Span:
    assert node.loc is not None
    start, end = node.loc.start_token, node.loc.end_token
    return start.line - 1, start.column - 1, end.line - 1, end.column - 1 + end.end - end.start
