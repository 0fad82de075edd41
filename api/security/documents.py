"""Document-level checks, run once per document rather than once per request.

Front ends send the same few documents over and over. What depends on the document alone
(validation with the depth and alias limits, its literal arguments, its cost for given
page sizes) is kept under the SHA-256 of its text; what depends on the caller too (the
policy's verdict) is kept per document and kind of caller in the guard.
"""

import copy
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.schema import validate_document

from api.security.limits import MAX_ALIASES, MAX_DEPTH, literal_arguments, query_cost

CACHED_DOCUMENTS: Final = 512
# Built once. strawberry's limiter extensions build new rule classes for every request, so
# the rules never compared equal and its validation cache never hit (every 360 re-validated).
LIMIT_RULES: Final[tuple[type[ASTValidationRule], ...]] = (
    depth_rule(MAX_DEPTH, None),
    alias_rule(MAX_ALIASES),
)

_V = TypeVar("_V")


class Lru(Generic[_V]):
    """A bounded map that forgets the least recently used entry first."""

    def __init__(self, size: int) -> None:
        self._size, self._items = size, OrderedDict[Hashable, _V]()

    def get(self, key: Hashable, compute: Callable[[], _V]) -> _V:
        """The value under `key`, computed and kept on a miss."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = compute()
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return value


@dataclass
class DocumentCounts:
    """How often each document-level check really ran (a cache miss), for tests and bench."""

    validated: int = 0
    literals_read: int = 0


COUNTS: Final = DocumentCounts()
_VALIDATED: Final = Lru[list[GraphQLError]](CACHED_DOCUMENTS)
_LITERALS: Final = Lru[tuple[tuple[str, Any], ...]](CACHED_DOCUMENTS)
_COSTS: Final = Lru[int](4 * CACHED_DOCUMENTS)


def digest(query: str) -> str:
    """The key of a document: the SHA-256 of its text."""
    return hashlib.sha256(query.encode()).hexdigest()


class DocumentValidation(SchemaExtension):
    """Validate each document once (graphql's rules, depth and aliases), keyed by its hash."""

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        assert ec.query is not None
        assert ec.graphql_document is not None
        rules = (*ec.validation_rules, *LIMIT_RULES)
        key = (id(ec.schema._schema), digest(ec.query), rules)
        kept = _VALIDATED.get(key, lambda: _validate(ec.schema._schema, ec.graphql_document, rules))
        # Copies: the error policy rewrites messages per mode and must not edit what is kept.
        ec.pre_execution_errors = [copy.copy(error) for error in kept]
        yield


def _validate(
    schema: GraphQLSchema, document: DocumentNode | None, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    assert document is not None
    COUNTS.validated += 1
    return validate_document(schema, document, rules)


def document_literals(query: str, document: DocumentNode) -> tuple[tuple[str, Any], ...]:
    """The literal arguments a document passes (where, value), read once per document."""

    def read() -> tuple[tuple[str, Any], ...]:
        COUNTS.literals_read += 1
        return tuple(literal_arguments(document))

    return _LITERALS.get(digest(query), read)


def document_cost(query: str, document: DocumentNode, variables: Mapping[str, Any] | None) -> int:
    """The document's cost for these page sizes, computed once per document and sizes."""
    sizes = tuple(sorted((k, v) for k, v in (variables or {}).items() if isinstance(v, int)))
    return _COSTS.get((digest(query), sizes), lambda: query_cost(document, variables))
