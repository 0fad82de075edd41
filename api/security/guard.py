"""The one place below the resolvers where the policy is enforced and reads are audited.

Before execution the whole document is checked against the caller's policy, list sizes
and cost: a field the caller may not see refuses the request before any engine call.
While executing, every resolved value passes here: masked fields are masked, fields shown
only with marketing consent are hidden for customers who objected, and every customer
returned is noted. After execution the notes become audit events; when they cannot be
written, the personal data is withheld (fail closed).
"""

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
from strawberry.types.graphql import OperationType

from api.security.audit import AuditUnavailable
from api.security.documents import digest, document_cost, document_literals
from api.security.errors import BadArgument, Forbidden, LimitExceeded
from api.security.identity import Principal, Role
from api.security.limits import COST_BUDGET, control_character, oversized_list
from api.security.policy import POLICY_VERSION, Access, access

# The subgraph's SDL is introspection by another name: production routers compose from
# the exported file (`kith export-schema --federation`), not from the live service.
_INTROSPECTION: Final = frozenset({"__schema", "__type", "_service"})
# Values that never carry a customer: shown as they are where the caller has full access.
_PLAIN: Final = frozenset({str, int, float, bool, type(None)})


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
            refusal = GraphQLError(str(problem), original_error=problem)
            self.execution_context.result = ExecutionResult(data=None, errors=[refusal])
            if context.principal is not None:  # who was refused; nobody to name otherwise
                with suppress(AuditUnavailable):  # the request is refused anyway
                    self._record("DENIED", [None])
            if self.execution_context.operation_type is OperationType.SUBSCRIPTION:
                # strawberry subscribes whatever the result says: only raising stops it.
                raise refusal
        elif self.execution_context.operation_type is OperationType.MUTATION:
            # The write's event is durable before the write runs: no audit, no write.
            try:
                self._record("WRITE", [None])
            except AuditUnavailable as error:
                refusal = GraphQLError(str(error), extensions={"code": "AUDIT_UNAVAILABLE"})
                self.execution_context.result = ExecutionResult(data=None, errors=[refusal])
        yield

    def _refusal(self, principal: Principal | None, production: bool) -> Exception | None:
        if principal is None:  # a websocket that skipped connection_init, or a bare GET
            return Forbidden("authenticate first: no token came with this operation")
        if principal.expired():  # a socket's later operation, or a request that straddled exp
            return Forbidden("the token has expired: authenticate again")
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
        literals = document_literals(ec.query, ec.graphql_document)
        if (oversized := oversized_list(literals, ec.variables)) is not None:
            return LimitExceeded(oversized)
        if (control := control_character(literals, ec.variables)) is not None:
            return BadArgument(control)
        cost = document_cost(ec.query, ec.graphql_document, ec.variables)
        if cost > COST_BUDGET:
            return LimitExceeded(f"query cost {cost} is over the budget of {COST_BUDGET}")
        return None

    def _record(self, outcome: str, customers: list[str | None]) -> None:
        ec, context = self.execution_context, self.execution_context.context
        operation = ec.operation_name or ec.operation_type.value
        context.security.audit.record(
            context.principal, operation, customers, outcome, context.correlation_id,
            digest(ec.query or ""),
        )  # fmt: skip

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: GraphQLResolveInfo[Any], *args: str,
        **kwargs: Any,
    ) -> Any:  # fmt: skip
        principal: Principal = info.context.principal
        if principal.expired():  # each event a subscription pushes is checked again
            raise Forbidden("the token has expired: authenticate again")
        level = access(principal.role, principal.channel, info.parent_type.name, info.field_name)
        if level is Access.ABSENT and not info.parent_type.name.startswith("__"):
            # Refused before execution on every transport; this is the second lock.
            raise Forbidden(f"not available to {principal.role} on {principal.channel}: "
                            f"{info.parent_type.name}.{info.field_name}")  # fmt: skip
        result = _next(root, info, *args, **kwargs)
        if level is Access.FULL and type(result) in _PLAIN:
            return result  # most fields of a 360: nothing to mask, no customer to screen
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
                # Development shows the schema to staff; `_service` also follows the policy.
                allowed = not production and (
                    name != "_service"
                    or access(role, channel, parent.name, name) is not Access.ABSENT
                )
            else:
                level = access(role, channel, parent.name, name)
                allowed = level is not Access.ABSENT
            if not allowed and f"{parent.name}.{name}" not in denied:
                denied.append(f"{parent.name}.{name}")

    visit(parse(query), TypeInfoVisitor(type_info, Fields()))
    return tuple(denied)
