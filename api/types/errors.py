"""Typed errors a mutation returns beside its payload, with a message a screen can show."""

import strawberry

from loaders.validation import Rejection


@strawberry.type(description="Something the input names does not exist.")
class NotFound:
    message: str
    field: str


@strawberry.type(description="The input breaks a rule; `field` says which part.")
class InvalidInput:
    message: str
    field: str


@strawberry.type(description="The request clashes with where things stand (a closed case).")
class Conflict:
    message: str
    field: str


def refusal(rejection: Rejection) -> NotFound | InvalidInput:
    """Turn the loaders' reason for refusing a row into the mutation's typed error."""
    field = _graphql_name(rejection.field)
    if "names no" in rejection.reason:
        return NotFound(message=rejection.reason, field=field)
    return InvalidInput(message=rejection.reason, field=field)


def _graphql_name(column: str) -> str:
    """Contract columns are camelCase already; `at` and ids read the same in GraphQL."""
    return column
