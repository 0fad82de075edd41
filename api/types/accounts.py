"""Holdings and the financial core (assets, liabilities, debt ratio, cashflow)."""

import strawberry

from api.types.common import Long, Money
from graph.records import Holding as HoldingRecord
from recommenders.finances import FinancialCore as FinancialCoreRecord


@strawberry.type(description="An account the customer holds, with their role in it.")
class Holding:
    account_id: strawberry.ID
    product_id: strawberry.ID
    product_name: str
    category: str
    role: str = strawberry.field(description="PRIMARY or JOINT")
    balance: Money
    monthly_flow: Money | None
    status: str
    opened_on: str | None
    co_holder_ids: list[strawberry.ID]

    @classmethod
    def from_record(cls, holding: HoldingRecord) -> "Holding":
        """Build from a graph record."""
        return cls(
            account_id=strawberry.ID(holding.account_id),
            product_id=strawberry.ID(holding.product_id),
            product_name=holding.product_name,
            category=holding.category,
            role=holding.role,
            balance=Money.from_record(holding.balance),
            monthly_flow=Money.from_record(holding.monthly_flow) if holding.monthly_flow else None,
            status=holding.status,
            opened_on=holding.opened_on,
            co_holder_ids=[strawberry.ID(i) for i in holding.co_holder_ids],
        )


@strawberry.type(description="Assets, liabilities and monthly cashflow in one currency.")
class FinancialCore:
    currency: str
    assets_minor: Long
    liabilities_minor: Long
    monthly_cashflow_minor: Long
    debt_ratio: float | None = strawberry.field(description="liabilities / assets")

    @classmethod
    def from_record(cls, core: FinancialCoreRecord) -> "FinancialCore":
        """Build from the computed core."""
        return cls(
            currency=core.currency,
            assets_minor=Long(core.assets_minor),
            liabilities_minor=Long(core.liabilities_minor),
            monthly_cashflow_minor=Long(core.monthly_cashflow_minor),
            debt_ratio=core.debt_ratio,
        )


@strawberry.type(description="One product's contribution to the financial core.")
class ProductPosition:
    category: str
    product_name: str
    balance: Money
    monthly_flow: Money | None
