"""Writing people: a customer's profile, and the family ties between customers."""

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from api.security.objects import checked_event
from api.types.common import Info, Long
from api.types.customers import Customer, today, touched_customer
from api.types.errors import InvalidInput, NotFound, refusal
from graph.customers import FamilyTie, link_family, unlink_family, upsert_customers
from graph.references import existing_ids
from loaders.references import check_event
from loaders.validation import Rejection


@strawberry.enum(description="PARENT means `fromId` is a parent of `toId`.")
class Tie(StrEnum):
    SPOUSE = "SPOUSE"
    PARENT = "PARENT"
    SIBLING = "SIBLING"


TIES: dict[Tie, FamilyTie] = {Tie.SPOUSE: "SPOUSE", Tie.PARENT: "PARENT", Tie.SIBLING: "SIBLING"}


@strawberry.input(description="A customer's whole profile (what is left out is cleared).")
class CustomerInput:
    full_name: str
    birth_date: date
    gender: str
    city: str
    currency: str
    marketing_consent: bool
    profiling_consent: bool
    id: strawberry.ID | None = None
    email: str | None = None
    phone: str | None = None
    hometown: str | None = None
    occupation: str | None = None
    schooling: str | None = None
    trips_abroad_per_year: int = 0
    monthly_income_minor: Long = Long(0)


@strawberry.type(description="The profile was saved.")
class CustomerSaved:
    customer: Customer


@strawberry.type(description="The tie now exists (or already did).")
class FamilyLinked:
    from_customer: Customer
    to_customer: Customer


@strawberry.type(description="The tie is gone.")
class FamilyUnlinked:
    from_id: strawberry.ID
    to_id: strawberry.ID


UpsertCustomerResult = Annotated[
    CustomerSaved | InvalidInput, strawberry.union("UpsertCustomerResult")
]
LinkFamilyResult = Annotated[
    FamilyLinked | NotFound | InvalidInput, strawberry.union("LinkFamilyResult")
]
UnlinkFamilyResult = Annotated[FamilyUnlinked | NotFound, strawberry.union("UnlinkFamilyResult")]


async def save_customer(info: Info, given: CustomerInput) -> CustomerSaved | InvalidInput:
    """Check the profile like a loaded row and write it; the newest write wins."""
    if given.id is not None and not await may_write_profile(info, str(given.id)):
        return InvalidInput(message=f"id: {given.id!r} cannot be written by you", field="id")
    row = await check_event(info.context.engine, "customers", {
        "id": given.id or f"C-{uuid.uuid4().hex[:16]}", "fullName": given.full_name,
        "birthDate": given.birth_date.isoformat(), "gender": given.gender, "email": given.email,
        "phone": given.phone, "city": given.city, "hometown": given.hometown,
        "occupation": given.occupation, "schooling": given.schooling,
        "tripsAbroadPerYear": given.trips_abroad_per_year,
        "monthlyIncomeMinor": given.monthly_income_minor, "currency": given.currency,
        "marketingConsent": given.marketing_consent, "profilingConsent": given.profiling_consent,
        "updatedAt": datetime.now(UTC).isoformat(),
    })  # fmt: skip
    if isinstance(row, Rejection):  # a profile names no other node: always invalid input
        return InvalidInput(message=row.reason, field=row.field)
    # The API neither shows nor takes the address or the portfolio: an edit keeps them.
    row.pop("address", None)
    row.pop("portfolioId", None)  # the bank's books decide it, not a profile edit
    await upsert_customers(info.context.engine, [row])
    await rescore(info, str(row["id"]))
    return CustomerSaved(customer=await touched_customer(info, str(row["id"])))


async def may_write_profile(info: Info, customer_id: str) -> bool:
    """A new id may be taken by anyone who may write profiles; an existing customer's
    profile only by those who reach them (a relationship manager: their book)."""
    if await info.context.reaches(customer_id):
        return True
    return not await existing_ids(info.context.engine, label="Customer", ids=[customer_id])


async def link(
    info: Info, from_id: str, to_id: str, tie: Tie
) -> FamilyLinked | NotFound | InvalidInput:
    """Tie two existing customers."""
    if from_id == to_id:
        return InvalidInput(message="a customer cannot be their own relative", field="toId")
    row = await checked_event(info, "family", {"fromId": from_id, "toId": to_id, "tie": tie.value})
    if isinstance(row, Rejection):
        return refusal(row)
    await link_family(info.context.engine, tie=TIES[tie], pairs=[(from_id, to_id)])
    await rescore(info, from_id, to_id)
    return FamilyLinked(
        from_customer=await touched_customer(info, from_id),
        to_customer=await touched_customer(info, to_id),
    )


async def unlink(info: Info, from_id: str, to_id: str, tie: Tie) -> FamilyUnlinked | NotFound:
    """Remove a tie."""
    if not all([await info.context.reaches(c) for c in (from_id, to_id)]):
        return NotFound(message=f"no {tie.value} tie from {from_id} to {to_id}", field="tie")
    if not await unlink_family(info.context.engine, tie=TIES[tie], from_id=from_id, to_id=to_id):
        return NotFound(message=f"no {tie.value} tie from {from_id} to {to_id}", field="tie")
    await rescore(info, from_id, to_id)
    for customer_id in (from_id, to_id):
        info.context.broker.publish(f"customer:{customer_id}", customer_id)
    return FamilyUnlinked(from_id=strawberry.ID(from_id), to_id=strawberry.ID(to_id))


async def rescore(info: Info, *customer_ids: str) -> None:
    """Re-score changed customers with the served model (inductive: no retraining)."""
    if info.context.model is None:
        return
    from api.jobs.next_product import score_customer  # loaded with the model already

    for customer_id in customer_ids:
        await score_customer(info.context.engine, info.context.model, customer_id, today())
