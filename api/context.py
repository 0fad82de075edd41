"""What every resolver gets: the engine, this request's DataLoaders and who is asking."""

from collections.abc import Callable
from inspect import isawaitable
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader
from strawberry.fastapi import BaseContext

from api.broker import Broker
from api.dataloaders import Loaders
from api.security.http import SecurityState
from api.security.identity import Principal, Role
from graph.engines import GraphEngine
from graph.portfolios import list_reached
from recommenders.attrition import AttritionSettings

if TYPE_CHECKING:  # torch behind it: imported by the app's start, not by every command
    from api.jobs.model_store import ServedModel


class Context(BaseContext):
    """Per-request context: the process's engine and broker, fresh loaders per request."""

    def __init__(
        self, engine: GraphEngine, broker: Broker, loaders: Loaders, security: SecurityState,
        *, principal: Principal | None, correlation_id: str, model: "ServedModel | None" = None,
        attrition: AttritionSettings | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.engine = engine
        self.broker = broker
        self.loaders = loaders
        self.model = model  # the current next-product model, loaded at start (None: not trained)
        self.security = security
        self.attrition = attrition or AttritionSettings()  # the live re-check's thresholds
        self.principal = principal  # None only on a websocket before its connection_init
        self.correlation_id = correlation_id
        self.returned: set[str] = set()  # customers this request returned, for the audit
        self._book: DataLoader[str, bool] | None = None  # a manager's reach, per request

    def may_see(self, customer_id: str) -> bool:
        """Object-level access: a contact-center agent sees only the caller verified."""
        principal = self.principal
        if principal is not None and principal.role is Role.CONTACT_CENTER_AGENT:
            return customer_id == principal.verified_customer
        return True

    def audit_delivery(self, subscription: str, customer_id: str) -> None:
        """Audit a customer pushed over a subscription before it leaves (fail closed)."""
        p = self.principal
        assert p is not None  # subscriptions start only after connection_init
        self.security.audit.record(p, subscription, [customer_id], "RETURNED", self.correlation_id)

    async def reaches(self, customer_id: str) -> bool:
        """Whether this caller may see (and so act on) the customer: the screen's rule."""
        return bool(await self.visible([customer_id]))

    async def visible(self, customer_ids: list[str]) -> set[str]:
        """Which of these customers this caller may see (those are noted for the audit)."""
        kept = await _awaited(self.screen([_Named(c) for c in customer_ids]))
        return {named.customer_id for named in kept}

    def screen(self, value: Any) -> Any:
        """The value without the customers this caller may not see (as if missing); note the
        others for the audit. Types that carry a customer name the path to its id. For a
        relationship manager this reads which customers their book reaches (awaitable)."""
        principal = self.principal
        if principal is not None and principal.role is Role.RELATIONSHIP_MANAGER:
            return self._screen_book(value, principal.portfolio or "")
        return _kept(value, lambda customer: self.may_see(customer), self.returned)

    async def _screen_book(self, value: Any, portfolio: str) -> Any:
        if self._book is None:
            engine = self.engine

            async def reached(ids: list[str]) -> list[bool]:
                found = await list_reached(engine, portfolio=portfolio, customer_ids=ids)
                return [i in found for i in ids]

            self._book = DataLoader(load_fn=reached)
        items = value if isinstance(value, list) else [value]
        ids = sorted({c for item in items if (c := customer_of(item)) is not None})
        reach = dict(zip(ids, await self._book.load_many(ids), strict=True))
        return _kept(value, lambda customer: reach[customer], self.returned)


class _Named:
    """A bare customer id, screened like any value that carries one."""

    audit_customer_field = "customer_id"

    def __init__(self, customer_id: str) -> None:
        self.customer_id = customer_id


async def _awaited(value: Any) -> Any:
    return await value if isawaitable(value) else value


def customer_of(value: Any) -> str | None:
    """The id of the customer a value carries (its type names the path), or None."""
    path = getattr(type(value), "audit_customer_field", None)
    if path is None:
        return None
    for step in path.split("."):
        value = getattr(value, step)
    return str(value)


def _kept(value: Any, visible: Callable[[str], bool], returned: set[str]) -> Any:
    """The value, or the items of a list, whose customer is visible; note those returned."""

    def keep(item: Any) -> bool:
        customer = customer_of(item)
        if customer is None:
            return True
        if not visible(customer):
            return False
        returned.add(customer)
        return True

    if isinstance(value, list):
        return [item for item in value if keep(item)]
    return value if keep(value) else None
