"""Lifestyle needs and opportunities: written by the recommenders, answered by officers."""

import strawberry

from graph.records import Need as NeedRecord
from graph.records import Opportunity as OpportunityRecord
from graph.records import Propensity


@strawberry.type(description="A lifestyle need and the path in the graph that justifies it.")
class Need:
    kind: str
    score: float
    evidence: list[str]
    subject_id: strawberry.ID | None

    @classmethod
    def from_record(cls, need: NeedRecord) -> "Need":
        """Build from a graph record."""
        subject = strawberry.ID(need.subject_id) if need.subject_id else None
        return cls(kind=need.kind, score=need.score, evidence=list(need.evidence),
                   subject_id=subject)  # fmt: skip


@strawberry.type(description="A product to offer, why, and how to open the conversation.")
class Opportunity:
    id: strawberry.ID
    product_id: strawberry.ID
    product_name: str
    score: float = strawberry.field(description="propensity, 0-1")
    need_kind: str | None
    script: list[str] = strawberry.field(
        description="the approach, in order, ending with the close (the call to action "
        "on self-service channels)"
    )
    status: str = strawberry.field(description="OPEN, LATER, ACCEPTED or DECLINED")

    @classmethod
    def from_record(cls, found: OpportunityRecord) -> "Opportunity":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(found.id), product_id=strawberry.ID(found.product_id),
            product_name=found.product_name, score=found.score, need_kind=found.need_kind,
            script=list(found.script), status=found.status,
        )  # fmt: skip


@strawberry.type(description="How likely the customer is to take a product next, by the model.")
class ProductPropensity:
    product_id: strawberry.ID
    product_name: str
    score: float = strawberry.field(description="chance it is the next product taken, 0-1")
    model: str = strawberry.field(description="the model version that scored it")

    @classmethod
    def from_record(cls, found: Propensity) -> "ProductPropensity":
        """Build from a graph record."""
        return cls(product_id=strawberry.ID(found.product_id), product_name=found.product_name,
                   score=found.score, model=found.model)  # fmt: skip
