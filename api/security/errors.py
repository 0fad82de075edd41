"""Typed errors the API answers with; anything else is masked behind a correlation id."""

import logging
import traceback
from collections.abc import Iterator
from typing import ClassVar, Final

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph.errors import EngineUnavailable

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """An error a caller can act on: its message is shown, with its code."""

    code: ClassVar[str] = "BAD_REQUEST"


class BadArgument(DomainError, ValueError):
    """An argument is wrong; the message names it."""

    code = "INVALID_INPUT"


class Forbidden(DomainError):
    """The caller's role or channel may not do this."""

    code = "FORBIDDEN"


class LimitExceeded(DomainError):
    """The request is larger than a documented limit; the message names the limit."""

    code = "LIMIT_EXCEEDED"


class DatabaseUnavailable(DomainError):
    """The graph engine does not answer; retry later."""

    code = "DATABASE_UNAVAILABLE"


KEPT: Final = {"GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED"}


def code_of(error: GraphQLError) -> str | None:
    """The code of an error whose message may be shown; None for one to mask."""
    if error.extensions and isinstance(error.extensions.get("code"), str):
        return str(error.extensions["code"])  # coded where it was raised (the audit's)
    original = error.original_error
    if original is None:
        return "GRAPHQL_VALIDATION_FAILED"  # parse and validation errors: about the document
    if isinstance(original, DomainError):
        return original.code
    if isinstance(original, EngineUnavailable):
        return DatabaseUnavailable.code
    if isinstance(original, GraphQLError):
        return code_of(original)
    return None


class ErrorPolicy(SchemaExtension):
    """Give every error a code; mask unexpected ones to a message with a correlation id.

    The original error is logged with the correlation id (its type and the field path:
    no arguments, no customer data), so support can find it without the caller seeing it.
    """

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        correlation = getattr(self.execution_context.context, "correlation_id", "-")
        result.errors = [self._coded(error, correlation) for error in result.errors]

    @staticmethod
    def _coded(error: GraphQLError, correlation: str) -> GraphQLError:
        code = code_of(error)
        if code is not None:
            if isinstance(error.original_error, EngineUnavailable):
                message = "DATABASE_UNAVAILABLE: the customer graph is not answering; retry"
                codes = {"code": code, "correlationId": correlation}
                return GraphQLError(message, error.nodes, path=error.path, extensions=codes)
            error.extensions = {**(error.extensions or {}), "code": code}
            return error
        original = error.original_error
        # Type, path and stack only: an exception's message may quote customer data.
        stack = "".join(traceback.format_tb(original.__traceback__)) if original else ""
        kind = type(original).__name__
        logger.error(
            "unexpected %s at %s (correlation %s)\n%s", kind, error.path, correlation, stack
        )
        return GraphQLError(
            f"Unexpected error; quote correlation id {correlation}", error.nodes,
            path=error.path, extensions={"code": "INTERNAL", "correlationId": correlation},
        )  # fmt: skip
