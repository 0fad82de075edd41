"""The one place below the resolvers where the policy is enforced and reads are audited.

Before execution the whole document is checked against the caller's policy, list sizes
and cost: a field the caller may not see refuses the request before any engine call.
While executing, every resolved value passes here: masked fields are masked, fields shown
only with marketing consent are hidden for customers who objected, and every customer
returned is noted. After execution the notes become audit events; when they cannot be
written, the personal data is withheld (fail closed).
"""

import hashlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import suppress
from functools import lru_cache
from inspect import isawaitable
from typing import Any, Final

from graphql import (
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLResolveInfo,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    parse,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from api.security.audit import AuditUnavailable
from api.security.errors import BadArgument, Forbidden, LimitExceeded
from api.security.identity import Principal, Role
from api.security.limits import COST_BUDGET, control_character, oversized_list, query_cost
from api.security.policy import POLICY_VERSION, Access, access

_INTROSPECTION: Final = frozenset({"__schema", "__type"})


def mask(value: Any) -> Any:
    """Keep only the last four characters of an identifier (or of each in a list)."""
    if isinstance(value, list):
        return [mask(v) for v in value]
    return None if value is None else f"••••{str(value)[-4:]}"


class Guard(SchemaExtension):
    """Enforce the access policy and audit every customer returned."""

    def on_operation(self) -> Iterator[None]:
        yield
        context = self.execution_context.context
        if getattr(context, "principal", None) is None:
            return
        try:
            self._record("RETURNED", sorted(context.returned))
        except AuditUnavailable as error:
            refusal = GraphQLError(str(error), extensions={"code": "AUDIT_UNAVAILABLE"})
            result = self.execution_context.result
            if result is not None:  # strawberry returns this very object: change it in place
                result.data, result.errors = None, [refusal]

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        problem = self._refusal(context.principal, context.security.production)
        if problem is not None:
            self.execution_context.result = ExecutionResult(
                data=None, errors=[GraphQLError(str(problem), original_error=problem)]
            )
            if context.principal is not None:  # who was refused; nobody to name otherwise
                with suppress(AuditUnavailable):  # the request is refused anyway
                    self._record("DENIED", [None])
        yield

    def _refusal(self, principal: Principal | None, production: bool) -> Exception | None:
        if principal is None:  # a websocket that skipped connection_init, or a bare GET
            return Forbidden("authenticate first: no token came with this operation")
        ec = self.execution_context
        assert ec.graphql_document is not None
        assert ec.query is not None  # both transports send a document's text
        denied = _denied_fields(
            ec.schema._schema, ec.query, principal.role, principal.channel, production
        )
        if denied:
            return Forbidden(
                f"not available to {principal.role} on {principal.channel} "
                f"(policy {POLICY_VERSION}): {', '.join(denied)}"
            )
        if (oversized := oversized_list(ec.graphql_document, ec.variables)) is not None:
            return LimitExceeded(oversized)
        if (control := control_character(ec.graphql_document, ec.variables)) is not None:
            return BadArgument(control)
        cost = query_cost(ec.graphql_document, ec.variables)
        if cost > COST_BUDGET:
            return LimitExceeded(f"query cost {cost} is over the budget of {COST_BUDGET}")
        return None

    def _record(self, outcome: str, customers: list[str | None]) -> None:
        ec, context = self.execution_context, self.execution_context.context
        digest = hashlib.sha256((ec.query or "").encode()).hexdigest()
        operation = ec.operation_name or ec.operation_type.value
        context.security.audit.record(
            context.principal, operation, customers, outcome, context.correlation_id, digest
        )

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: str,
        **kwargs: Any,
    ) -> Any:  # fmt: skip
        principal: Principal = info.context.principal
        level = access(principal.role, principal.channel, info.parent_type.name, info.field_name)
        result = _next(root, info, *args, **kwargs)
        if isawaitable(result):
            return self._later(result, level, root, info)
        return _after(result, level, root, info)

    @staticmethod
    async def _later(result: Awaitable[Any], level: Access, root: Any, info: Any) -> Any:
        value = _after(await result, level, root, info)
        return await value if isawaitable(value) else value


def _after(value: Any, level: Access, root: Any, info: GraphQLResolveInfo[Any]) -> Any:
    if level is Access.MASKED:
        return mask(value)
    if level is Access.CONSENTED and not getattr(root, "marketing_consent", False):
        return None
    return info.context.screen(value)


# Front ends send the same few documents: the policy's verdict is kept per document and
# kind of caller, so a 360 does not walk its document through the schema every time.
@lru_cache(maxsize=2048)
def _denied_fields(
    schema: GraphQLSchema, query: str, role: Role, channel: str, production: bool
) -> tuple[str, ...]:
    """The coordinates (Type.field) of the document's fields this caller may not see."""
    type_info, denied = TypeInfo(schema), list[str]()

    class Fields(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent, name = type_info.get_parent_type(), node.name.value
            if parent is None or name == "__typename":
                return
            if name in _INTROSPECTION or parent.name.startswith("__"):
                allowed = not production
            else:
                level = access(role, channel, parent.name, name)
                allowed = level is not Access.ABSENT
            if not allowed and f"{parent.name}.{name}" not in denied:
                denied.append(f"{parent.name}.{name}")

    visit(parse(query), TypeInfoVisitor(type_info, Fields()))
    return tuple(denied)
