"""The customer 360: profile, family and household, finances, usage, service, contact."""

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.dataloaders import make_loaders
from api.types.accounts import FinancialCore, Holding, ProductPosition
from api.types.cases import Case
from api.types.common import Info, Money
from api.types.engagement import ChannelPreference, Feedback, ServiceExcellence, UsageTrend
from api.types.needs import Need, Opportunity, ProductPropensity
from api.types.repayment import FundsUse, early_repayment_uses_of
from graph.records import NO_ENGAGEMENT, FamilyMember
from graph.records import Customer as CustomerRecord
from recommenders.ages import age_on
from recommenders.channels import rank_channels
from recommenders.finances import financial_core
from recommenders.satisfaction import satisfaction

if TYPE_CHECKING:
    from api.types.households import Household


def today() -> date:
    """Today in UTC: ages and days open are counted from it."""
    return datetime.now(UTC).date()


@strawberry.type(description="A relative, named from the customer's side: 'daughter', 'father'.")
class Relative:
    audit_customer_field = "customer_id"  # the audit trail notes each one returned

    customer_id: strawberry.ID
    full_name: str
    relation: str
    age: int | None
    schooling: str | None

    @classmethod
    def from_record(cls, member: FamilyMember) -> "Relative":
        """Build from a graph record."""
        return cls(
            customer_id=strawberry.ID(member.customer_id),
            full_name=member.full_name,
            relation=member.relation,
            age=age_on(member.birth_date, today()),
            schooling=member.schooling,
        )


@strawberry.type(description="Financial core and family life, as the lifestyle pane shows them.")
class Lifestyle:
    total: FinancialCore
    by_product: list[ProductPosition]
    monthly_income: Money | None
    trips_abroad_per_year: int


@strawberry.type(description="A person the bank serves, organised as the branch tablet's 360.")
class Customer:
    audit_customer_field = "id"  # the audit trail notes each one returned

    id: strawberry.ID
    full_name: str
    birth_date: str | None
    age: int | None
    gender: str | None
    email: str | None
    phone: str | None
    city: str | None
    hometown: str | None
    occupation: str | None
    schooling: str | None
    value_tier: str | None
    marketing_consent: bool
    profiling_consent: bool
    household_id: strawberry.Private[str | None]
    record: strawberry.Private[CustomerRecord]

    @classmethod
    def from_record(cls, customer: CustomerRecord) -> "Customer":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(customer.id), full_name=customer.full_name,
            birth_date=customer.birth_date, age=age_on(customer.birth_date, today()),
            gender=customer.gender, email=customer.email, phone=customer.phone,
            city=customer.city, hometown=customer.hometown, occupation=customer.occupation,
            schooling=customer.schooling, value_tier=customer.value_tier,
            marketing_consent=customer.marketing_consent,
            profiling_consent=customer.profiling_consent,
            household_id=customer.household_id, record=customer,
        )  # fmt: skip

    @strawberry.field(
        description="Year of birth: all that roles without the full date of birth may see"
    )
    def birth_year(self) -> int | None:
        return int(self.birth_date[:4]) if self.birth_date else None

    @strawberry.field(description="The household the customer lives in.")
    async def household(
        self, info: Info
    ) -> Annotated["Household", strawberry.lazy("api.types.households")] | None:
        from api.types.households import Household

        if self.household_id is None:
            return None
        found = await info.context.loaders.households.load(self.household_id)
        return Household.from_record(found) if found else None

    @strawberry.field(description="Spouse, parents, children and siblings, with age and schooling.")
    async def family(self, info: Info) -> list[Relative]:
        return [Relative.from_record(m) for m in await info.context.loaders.families.load(self.id)]

    @strawberry.field(description="Accounts held, primary or joint, with co-holders.")
    async def holdings(self, info: Info) -> list[Holding]:
        return await holdings_of(info, self.id)

    @strawberry.field(
        description="Assets, liabilities, debt ratio and cashflow, in total and per product."
    )
    async def lifestyle(self, info: Info) -> Lifestyle:
        held = await info.context.loaders.holdings.load(self.id)
        income = self.record.monthly_income
        currency = income.currency if income else (held[0].balance.currency if held else "GBP")
        open_held = [h for h in held if h.status != "CLOSED"]
        return Lifestyle(
            total=FinancialCore.from_record(financial_core(held, currency)),
            by_product=[
                ProductPosition(
                    category=h.category,
                    product_name=h.product_name,
                    balance=Money.from_record(h.balance),
                    monthly_flow=Money.from_record(h.monthly_flow) if h.monthly_flow else None,
                )
                for h in open_held
            ],
            monthly_income=Money.from_record(income) if income else None,
            trips_abroad_per_year=self.record.trips_abroad_per_year,
        )

    @strawberry.field(description="Monthly series per account and service, oldest month first.")
    async def usage_trends(self, info: Info, service: str | None = None) -> list[UsageTrend]:
        series = await info.context.loaders.usage.load(self.id)
        return [UsageTrend.from_record(s) for s in series if service in (None, s.service)]

    @strawberry.field(description="Interactions, resolution, turnaround and satisfaction.")
    async def service_excellence(self, info: Info) -> ServiceExcellence:
        return await service_excellence_of(info, self.id)

    @strawberry.field(description="Channels ranked by response; ineffective ones only if asked.")
    async def contact_preferences(
        self, info: Info, include_ineffective: bool = False
    ) -> list[ChannelPreference]:
        return await contact_preferences_of(info, self.id, include_ineffective)

    @strawberry.field(description="Cases, newest first.")
    async def cases(self, info: Info, open_only: bool = False) -> list[Case]:
        return await cases_of(info, self.id, open_only=open_only)

    @strawberry.field(description="The most recent survey answers, newest first.")
    async def feedback(self, info: Info) -> list[Feedback]:
        return [Feedback.from_record(f) for f in await info.context.loaders.feedback.load(self.id)]

    @strawberry.field(description="Lifestyle needs, strongest first, with their evidence.")
    async def needs(self, info: Info) -> list[Need]:
        return [Need.from_record(n) for n in await info.context.loaders.needs.load(self.id)]

    @strawberry.field(
        description="Unanswered opportunities, best first, with their face-to-face approach "
        "scripts (a view's nextBestAction says its script the view channel's way)."
    )
    async def opportunities(self, info: Info) -> list[Opportunity]:
        found = await info.context.loaders.opportunities.load(self.id)
        return [Opportunity.from_record(o) for o in found]

    @strawberry.field(
        description="Repaying a loan early: uses of the freed payment, by this customer's needs."
    )
    async def early_repayment_uses(self, info: Info, account_id: strawberry.ID) -> list[FundsUse]:
        return await early_repayment_uses_of(info, self.id, str(account_id))

    @strawberry.field(description="The model's next-product propensities, best first.")
    async def propensities(self, info: Info) -> list[ProductPropensity]:
        found = await info.context.loaders.propensities.load(self.id)
        return [ProductPropensity.from_record(p) for p in found]


async def holdings_of(info: Info, customer_id: str) -> list[Holding]:
    """A customer's accounts, through the request's loader."""
    return [Holding.from_record(h) for h in await info.context.loaders.holdings.load(customer_id)]


async def service_excellence_of(info: Info, customer_id: str) -> ServiceExcellence:
    """A customer's service figures and satisfaction, through the request's loader."""
    e = await info.context.loaders.engagements.load(customer_id) or NO_ENGAGEMENT
    return ServiceExcellence.build(
        contacts=e.contact_count, resolved=e.resolved_count, unresolved=e.unresolved_count,
        turnaround_total=e.turnaround_minutes_total, turnaround_count=e.turnaround_count,
        last_contact_at=e.last_contact_at, csat_sum=e.csat_sum, csat_count=e.csat_count,
        promoters=e.nps_promoters, detractors=e.nps_detractors, repeats=e.repeat_contacts,
        satisfaction=satisfaction(e),
    )  # fmt: skip


async def contact_preferences_of(
    info: Info, customer_id: str, include_ineffective: bool
) -> list[ChannelPreference]:
    """A customer's channels ranked by response; ineffective ones only if asked."""
    e = await info.context.loaders.engagements.load(customer_id)
    ranked = rank_channels(e.channels) if e else []
    return [
        ChannelPreference.from_record(p) for p in ranked if include_ineffective or not p.ineffective
    ]


async def cases_of(info: Info, customer_id: str, *, open_only: bool) -> list[Case]:
    """A customer's cases, newest first; only open ones if asked."""
    now = datetime.now(UTC)
    found = [Case.from_record(c, now) for c in await info.context.loaders.cases.load(customer_id)]
    return [c for c in found if c.open or not open_only]


async def touched_customer(info: Info, customer_id: str) -> Customer:
    """Re-read a customer after a write and tell their subscribers (older loaders dropped)."""
    info.context.loaders = make_loaders(info.context.engine)
    info.context.broker.publish(f"customer:{customer_id}", customer_id)
    profile = await info.context.loaders.profiles.load(customer_id)
    if profile is None:  # erased between the write and the read
        raise LookupError(f"customer {customer_id} is gone")
    return Customer.from_record(profile)
