"""Households: members with their relation and age, joint accounts, household totals."""

import strawberry

from api.types.accounts import FinancialCore, Holding
from api.types.common import Info
from api.types.customers import Customer, today
from graph.records import Holding as HoldingRecord
from graph.records import Household as HouseholdRecord
from recommenders.deciders import household_decider
from recommenders.finances import financial_core


@strawberry.type(description="A member of a household.")
class HouseholdMember:
    audit_customer_field = "customer.id"  # the audit trail notes each one returned

    role: str = strawberry.field(description="HEAD or MEMBER")
    customer: Customer


@strawberry.type(description="Who in the household decides about its money, and why.")
class HouseholdDecider:
    audit_customer_field = "customer.id"  # the audit trail notes each one returned

    reason: str
    customer: Customer


@strawberry.federation.type(keys=["id"], description="People who live and decide together.")
class Household:
    id: strawberry.ID
    name: str
    derived: bool = strawberry.field(
        description="True when Kith derived it (`kith households`), not the bank's records."
    )
    evidence: list[str] = strawberry.field(
        description="Why Kith grouped them, one link a line; empty for a loaded household."
    )
    member_roles: strawberry.Private[tuple[tuple[str, str], ...]]

    @classmethod
    def from_record(cls, household: HouseholdRecord) -> "Household":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(household.id), name=household.name, derived=household.derived,
            evidence=list(household.evidence), member_roles=household.members,
        )  # fmt: skip

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Household | None":
        """The household a supergraph names by id, as `household(id)` answers it."""
        found = await info.context.loaders.households.load(str(id))
        if found is None or not await info.context.visible([m[0] for m in found.members]):
            return None  # a household with no one the caller may see looks missing
        return cls.from_record(found)

    @strawberry.field(description="Members, the head first.")
    async def members(self, info: Info) -> list[HouseholdMember]:
        ordered = sorted(self.member_roles, key=lambda m: (m[1] != "HEAD", m[0]))
        profiles = await info.context.loaders.profiles.load_many([m[0] for m in ordered])
        return [
            HouseholdMember(role=role, customer=Customer.from_record(profile))
            for (_, role), profile in zip(ordered, profiles, strict=True)
            if profile is not None
        ]

    @strawberry.field(description="The adult at the centre of the household's shared money.")
    async def decider(self, info: Info) -> HouseholdDecider | None:
        ids = [m[0] for m in self.member_roles]
        profiles = [p for p in await info.context.loaders.profiles.load_many(ids) if p]
        held = await info.context.loaders.holdings.load_many(ids)
        found = household_decider(profiles, dict(zip(ids, held, strict=True)), today())
        chosen = next((p for p in profiles if found and p.id == found.customer_id), None)
        if found is None or chosen is None:
            return None
        return HouseholdDecider(reason=found.reason, customer=Customer.from_record(chosen))

    @strawberry.field(description="Accounts two or more members hold together.")
    async def joint_accounts(self, info: Info) -> list[Holding]:
        members = {m[0] for m in self.member_roles}
        return [
            Holding.from_record(h)
            for h in await self._accounts(info)
            if members.intersection(h.co_holder_ids)
        ]

    @strawberry.field(description="The household's financial core, each account counted once.")
    async def totals(self, info: Info, currency: str = "GBP") -> FinancialCore:
        return FinancialCore.from_record(financial_core(await self._accounts(info), currency))

    async def _accounts(self, info: Info) -> list[HoldingRecord]:
        ids = [m[0] for m in self.member_roles]
        seen: dict[str, HoldingRecord] = {}
        for held in await info.context.loaders.holdings.load_many(ids):
            for holding in held:
                seen.setdefault(holding.account_id, holding)
        return list(seen.values())
