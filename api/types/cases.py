"""Dispute and complaint cases as agents see them."""

from datetime import datetime

import strawberry

from api.types.common import instant, moment
from graph.records import CaseSummary


@strawberry.type(description="A dispute or complaint case and where it stands.")
class Case:
    audit_customer_field = "customer_id"  # the audit trail notes each one returned

    id: strawberry.ID
    customer_id: strawberry.ID
    category: str
    stage: str = strawberry.field(
        description="OPENED, INVESTIGATING, AWAITING_CUSTOMER, RESOLVED or CLOSED"
    )
    opened_at: datetime
    stage_at: datetime | None
    resolved_at: datetime | None
    open: bool
    days_open: int
    product_id: strawberry.ID | None
    account_id: strawberry.ID | None
    agent_id: strawberry.ID | None = strawberry.field(description="the owner it is assigned to")

    @classmethod
    def from_record(cls, case: CaseSummary, now: datetime) -> "Case":
        """Build from a graph record; `days_open` runs to resolution or to `now`."""
        opened, resolved = instant(case.opened_at), moment(case.resolved_at)
        return cls(
            id=strawberry.ID(case.id),
            customer_id=strawberry.ID(case.customer_id),
            category=case.category,
            stage=case.stage,
            opened_at=opened,
            stage_at=moment(case.stage_at),
            resolved_at=resolved,
            open=case.stage not in ("RESOLVED", "CLOSED"),
            days_open=max(((resolved or now) - opened).days, 0),
            product_id=strawberry.ID(case.product_id) if case.product_id else None,
            account_id=strawberry.ID(case.account_id) if case.account_id else None,
            agent_id=strawberry.ID(case.agent_id) if case.agent_id else None,
        )
