"""What every resolver gets: the engine, this request's DataLoaders and who is asking."""

from typing import TYPE_CHECKING, Any

from strawberry.fastapi import BaseContext

from api.broker import Broker
from api.dataloaders import Loaders
from api.security.http import SecurityState
from api.security.identity import Principal, Role
from graph.engine import GraphEngine

if TYPE_CHECKING:  # torch behind it: imported by the app's start, not by every command
    from api.model_store import ServedModel


class Context(BaseContext):
    """Per-request context: the process's engine and broker, fresh loaders per request."""

    def __init__(
        self, engine: GraphEngine, broker: Broker, loaders: Loaders, security: SecurityState,
        *, principal: Principal | None, correlation_id: str, model: "ServedModel | None" = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.engine = engine
        self.broker = broker
        self.loaders = loaders
        self.model = model  # the current adoption model, loaded at start (None: not trained)
        self.security = security
        self.principal = principal  # None only on a websocket before its connection_init
        self.correlation_id = correlation_id
        self.returned: set[str] = set()  # customers this request returned, for the audit

    def may_see(self, customer_id: str) -> bool:
        """Object-level access: a contact-center agent sees only the caller verified."""
        principal = self.principal
        if principal is not None and principal.role is Role.CONTACT_CENTER_AGENT:
            return customer_id == principal.verified_customer
        return True

    def screen(self, value: Any) -> Any:
        """The value without the customers this caller may not see (as if missing); note the
        others for the audit. Types that carry a customer name the path to its id."""
        if isinstance(value, list):
            return [item for item in value if self._visible(item)]
        return value if self._visible(value) else None

    def _visible(self, value: Any) -> bool:
        path = getattr(type(value), "audit_customer_field", None)
        if path is None:
            return True
        customer = value
        for step in path.split("."):
            customer = getattr(customer, step)
        if not self.may_see(str(customer)):
            return False
        self.returned.add(str(customer))
        return True
