"""One gate for every selection: lists, exports and aggregates read through the policy.

A filter criterion, a sort key or an aggregate reveals a field as much as showing it does,
so each needs the caller's access to its data class: row access when rows come back,
at least aggregate access when only aggregates do. Every selection is audited with its
filter before it runs (no audit, no answer) and confined to the caller's reach: a
relationship manager's book, the one customer a contact-center agent or a self-service
token serves.
"""

import dataclasses
import json
from dataclasses import dataclass, replace

from api.security.errors import Forbidden
from api.security.http import SecurityState
from api.security.identity import Principal, Role
from api.security.policy import CRITERIA, ORDERS, POLICY_VERSION, Access, class_access
from api.types.common import Info
from api.types.customers import today
from api.types.selection import CustomerFilterInput, filter_to_json, with_segment
from graph.engines import GraphEngine
from graph.portfolios import list_housemates
from graph.selection import CustomerFilter


@dataclass(frozen=True, slots=True)
class Reader:
    """Who selects, and where their selections are read and audited."""

    principal: Principal
    engine: GraphEngine
    security: SecurityState
    correlation: str

    @classmethod
    def of(cls, info: Info) -> "Reader":
        """The reader behind a GraphQL request."""
        context = info.context
        assert context.principal is not None  # the guard refuses an anonymous operation
        return cls(context.principal, context.engine, context.security, context.correlation_id)


def refused_criteria(
    principal: Principal, given: CustomerFilterInput, order: str | None, *, rows: bool
) -> list[str]:
    """The criteria (and sort key) of a filter this caller may not use, GraphQL-named."""
    floor = Access.CONSENTED if rows else Access.AGGREGATE
    used = [name for name, value in dataclasses.asdict(given).items() if value is not None]
    refused = [
        f"filter.{_camel(name)}"
        for name in used
        if name in CRITERIA and _level(principal, CRITERIA[name]) < floor
    ]
    if order is not None and _level(principal, ORDERS[order]) < floor:
        refused.append(f"orderBy: {order}")
    return refused


def _level(principal: Principal, data_class: str) -> Access:
    return class_access(principal.role, principal.channel, data_class)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def selection_for(
    reader: Reader, given: CustomerFilterInput | None, *, operation: str, rows: bool,
    order: str | None = None,
) -> tuple[CustomerFilterInput, CustomerFilter]:  # fmt: skip
    """The caller's filter (a saved segment's criteria in), checked against the policy,
    audited, and confined to the caller's reach; Forbidden names what may not be used."""
    merged = await with_segment(reader.engine, given or CustomerFilterInput())
    principal = reader.principal
    refused = refused_criteria(principal, merged, order, rows=rows)
    if refused:
        raise Forbidden(
            f"not available to {principal.role} on {principal.channel} "
            f"(policy {POLICY_VERSION}): {', '.join(refused)}"
        )
    described = json.dumps({"filter": json.loads(filter_to_json(merged)), "orderBy": order})
    reader.security.audit.record_selection(principal, operation, described, reader.correlation)
    return merged, await _confined(reader, merged.selection(today()))


async def _confined(reader: Reader, selection: CustomerFilter) -> CustomerFilter:
    """The selection within the caller's reach (the screen's rule, as a criterion)."""
    principal = reader.principal
    if principal.role is Role.RELATIONSHIP_MANAGER:
        portfolio = principal.portfolio or ""
        housemates = await list_housemates(reader.engine, portfolio=portfolio)
        return replace(selection, portfolio=portfolio, housemates=housemates)
    if principal.role in (Role.CONTACT_CENTER_AGENT, Role.CUSTOMER):
        served = principal.verified_customer
        return replace(selection, among=(served,) if served else ())
    return selection
