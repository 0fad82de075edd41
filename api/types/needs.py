"""Lifestyle needs and opportunities: written by the recommenders, answered by officers."""

from datetime import date

import strawberry

from graph.records import Need as NeedRecord
from graph.records import Opportunity as OpportunityRecord
from graph.records import Propensity
from recommenders.needs import said


@strawberry.type(description="A lifestyle need and the path in the graph that justifies it.")
class Need:
    kind: str
    score: float
    evidence: list[str] = strawberry.field(
        description="the path, said aloud; ages name the day they are counted to "
        '("son Sam, 11 on 2026-10-31")'
    )
    subject_id: strawberry.ID | None
    as_of: date | None = strawberry.field(description="the day the need was found as of")

    @classmethod
    def from_record(cls, need: NeedRecord) -> "Need":
        """Build from a graph record, its evidence dated with the day it was found as of."""
        subject = strawberry.ID(need.subject_id) if need.subject_id else None
        evidence = [said(line, need.as_of) for line in need.evidence]
        as_of = date.fromisoformat(need.as_of) if need.as_of else None
        return cls(kind=need.kind, score=need.score, evidence=evidence, subject_id=subject,
                   as_of=as_of)  # fmt: skip


@strawberry.type(description="A product to offer, why, and how to open the conversation.")
class Opportunity:
    id: strawberry.ID
    product_id: strawberry.ID
    product_name: str
    score: float = strawberry.field(
        description="the offer's score, 0-1: need relevance x value to the bank x propensity "
        "lift x officers' answers x segment policy (docs/recommenders.md, Offers); not a "
        "probability"
    )
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
