"""Lifestyle needs and opportunities: written by the recommenders, answered by officers."""

from collections.abc import Callable
from datetime import date

import strawberry

from api.security.policy import Access, class_access
from api.types.common import Info
from graph.records import Need as NeedRecord
from graph.records import Opportunity as OpportunityRecord
from graph.records import Propensity
from recommenders.facts import visible, words_of
from recommenders.needs import said
from recommenders.offers import script_for_channel, told


def readable(info: Info) -> Callable[[str], bool]:
    """Whether the caller may read a data class row by row (facts are said by it)."""
    principal = info.context.principal
    assert principal is not None  # the guard refuses anonymous operations

    def may_see(data_class: str) -> bool:
        level = class_access(principal.role, principal.channel, data_class)
        return level not in (Access.ABSENT, Access.AGGREGATE)

    return may_see


@strawberry.type(description="A lifestyle need and the path in the graph that justifies it.")
class Need:
    kind: str
    score: float
    subject_id: strawberry.ID | None
    as_of: date | None = strawberry.field(description="the day the need was found as of")
    facts: strawberry.Private[tuple[str, ...]] = ()

    @strawberry.field(
        description="Why, in words: only the facts the caller may see; ages name the day "
        'they are counted to ("son Sam, 11 on 2026-10-31")'
    )
    def evidence(self, info: Info) -> list[str]:
        day = self.as_of.isoformat() if self.as_of else None
        return [said(words_of(line), day) for line in visible(self.facts, readable(info))]

    @classmethod
    def from_record(cls, need: NeedRecord) -> "Need":
        """Build from a graph record, its evidence dated with the day it was found as of."""
        subject = strawberry.ID(need.subject_id) if need.subject_id else None
        as_of = date.fromisoformat(need.as_of) if need.as_of else None
        return cls(kind=need.kind, score=need.score, facts=need.evidence, subject_id=subject,
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
    status: str = strawberry.field(description="OPEN, LATER, ACCEPTED or DECLINED")
    stored: strawberry.Private[tuple[str, ...]]
    customer_id: strawberry.Private[str]
    channel: strawberry.Private[str | None]

    @strawberry.field(
        description="the approach, in order, ending with the close (the call to action "
        "on self-service channels); the offer is said with the need's facts the caller "
        "may see, and on the customer's own screens in the customer's terms"
    )
    async def script(self, info: Info) -> list[str]:
        needs = await info.context.loaders.needs.load(self.customer_id)
        facts = next((n.evidence for n in needs if n.kind == self.need_kind), ())
        said = told(self.stored, visible(facts, readable(info)), self.product_name)
        if self.channel is not None:
            said = script_for_channel(said, self.channel, self.product_name, self.need_kind)
        return list(said)

    @classmethod
    def from_record(
        cls, found: OpportunityRecord, customer_id: str, channel: str | None = None
    ) -> "Opportunity":
        """Build from a graph record; `channel`: said that view channel's way."""
        return cls(
            id=strawberry.ID(found.id), product_id=strawberry.ID(found.product_id),
            product_name=found.product_name, score=found.score, need_kind=found.need_kind,
            stored=found.script, status=found.status, customer_id=customer_id, channel=channel,
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
