"""The right to erasure over the API: administrators only, audited before it happens."""

import time
from typing import Annotated

import strawberry

from api.types.common import Info
from api.types.errors import InvalidInput, NotFound
from graph.erasure import erase_customer


@strawberry.type(description="The customer is erased; records the law keeps are restricted.")
class CustomerErased:
    customer_id: strawberry.ID
    accounts_kept: int = strawberry.field(
        description="their accounts, kept for the retention period without them"
    )
    cases_restricted: int = strawberry.field(
        description="complaint and dispute records kept, unreadable through the API"
    )
    records_removed: int = strawberry.field(
        description="interactions, survey answers, needs, offers and alerts removed"
    )


EraseCustomerResult = Annotated[
    CustomerErased | NotFound | InvalidInput, strawberry.union("EraseCustomerResult")
]


async def erase(info: Info, customer_id: str, reference: str) -> EraseCustomerResult:
    """Audit the erasure (refusing it when the audit cannot be written), then erase."""
    if not 1 <= len(reference.strip()) <= 80:
        return InvalidInput(message="reference: the erasure request's ticket, 1-80 characters",
                            field="reference")  # fmt: skip
    context, principal = info.context, info.context.principal
    assert principal is not None  # the guard refuses anonymous operations
    operation = f"eraseCustomer ref {reference.strip()}"
    # AuditUnavailable: nothing is erased.
    context.security.audit.record(
        principal, operation, [customer_id], "ERASED", context.correlation_id
    )
    erased = await erase_customer(
        context.engine, customer_id=customer_id, at_ms=int(time.time() * 1000)
    )
    if erased is None:
        return NotFound(message=f"customerId: no customer {customer_id}", field="customerId")
    return CustomerErased(
        customer_id=strawberry.ID(erased.customer_id), accounts_kept=erased.accounts_kept,
        cases_restricted=erased.cases_restricted, records_removed=erased.records_removed,
    )  # fmt: skip
