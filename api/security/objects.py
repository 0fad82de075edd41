"""Object-level rules the field policy cannot express: which view a caller may ask for."""

from typing import Final

from api.security.errors import Forbidden
from api.security.identity import Principal, Role

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
