"""Object-level rules the field policy cannot express: which view a caller may ask for."""

from typing import TYPE_CHECKING, Any, Final

from api.security.errors import Forbidden
from api.security.identity import Principal, Role
from loaders.references import check_event, missing_reference
from loaders.validation import Rejection

if TYPE_CHECKING:  # the resolvers' Info names the Context, which imports this package
    from api.types.common import Info

# The full 360 views: a relationship manager and a branch officer may use either.
_FULL_VIEWS: Final = frozenset({"BRANCH_TABLET", "RELATIONSHIP_MANAGER"})


def may_use_channel(principal: Principal | None, view_channel: str) -> None:
    """Refuse a view tailored for another channel than the caller's (administrators aside)."""
    if principal is None or principal.role is Role.ADMINISTRATOR:
        return
    if view_channel == principal.channel:
        return
    if view_channel in _FULL_VIEWS and principal.channel in _FULL_VIEWS:
        return
    raise Forbidden(f"channel: a caller on {principal.channel} cannot open the {view_channel} view")


# Columns of an event that name a customer the caller acts on.
_CUSTOMER_COLUMNS: Final = ("customerId", "fromId", "toId")


async def checked_event(info: "Info", kind: str, raw: dict[str, Any]) -> dict[str, Any] | Rejection:
    """Check an event as the loaders do, and refuse a customer the caller may not see with
    the very words used for a customer that does not exist."""
    row = await check_event(info.context.engine, kind, raw)
    if isinstance(row, Rejection):
        return row
    for column in _CUSTOMER_COLUMNS:
        customer = row.get(column)
        if customer is not None and not await info.context.reaches(str(customer)):
            return Rejection(1, column, missing_reference(column, str(customer), "Customer"))
    return row
