"""Per-request DataLoaders: one engine round trip per pane, however many customers ask."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from graph import (
    accounts,
    cases,
    customers,
    engagement,
    feedback,
    households,
    insights,
    interactions,
    next_product,
    opportunities,
    usage,
)
from graph.engines import GraphEngine
from graph.records import (
    CaseSummary,
    Contact,
    Customer,
    Engagement,
    FamilyMember,
    FeedbackEntry,
    Holding,
    Household,
    Propensity,
    UsageSeries,
)
from graph.records import Need as NeedRecord
from graph.records import Opportunity as OpportunityRecord

T = TypeVar("T")
Batch = Callable[[list[str]], Awaitable[Mapping[str, T]]]


def _loader(batch: Batch[T], default: T) -> DataLoader[str, T]:
    """Wrap a graph/ batch read keyed by id; unknown ids get `default`."""

    async def load(keys: Sequence[str]) -> list[T]:
        found = await batch(list(keys))
        return [found.get(key, default) for key in keys]

    return DataLoader(load_fn=load)


@dataclass(frozen=True, slots=True)
class Loaders:
    """Every per-customer read the API makes, batched and cached for one request."""

    profiles: DataLoader[str, Customer | None]
    families: DataLoader[str, list[FamilyMember]]
    holdings: DataLoader[str, list[Holding]]
    engagements: DataLoader[str, Engagement | None]
    cases: DataLoader[str, list[CaseSummary]]
    feedback: DataLoader[str, list[FeedbackEntry]]
    usage: DataLoader[str, list[UsageSeries]]
    households: DataLoader[str, Household | None]
    contacts: DataLoader[str, list[Contact]]
    opportunities: DataLoader[str, list[OpportunityRecord]]
    needs: DataLoader[str, list[NeedRecord]]
    propensities: DataLoader[str, list[Propensity]]


def make_loaders(engine: GraphEngine) -> Loaders:
    """Fresh loaders for one request (their caches must not outlive it)."""
    return Loaders(
        profiles=_loader(lambda ids: customers.get_profiles(engine, customer_ids=ids), None),
        families=_loader(lambda ids: customers.list_families(engine, customer_ids=ids), []),
        holdings=_loader(lambda ids: accounts.list_holdings_of(engine, customer_ids=ids), []),
        engagements=_loader(lambda ids: engagement.get_engagements(engine, customer_ids=ids), None),
        cases=_loader(lambda ids: cases.list_cases_of(engine, customer_ids=ids), []),
        feedback=_loader(lambda ids: feedback.list_feedback_of(engine, customer_ids=ids), []),
        usage=_loader(lambda ids: usage.list_usage_of(engine, customer_ids=ids), []),
        households=_loader(lambda ids: households.get_households(engine, household_ids=ids), None),
        contacts=_loader(
            lambda ids: interactions.list_recent_contacts_of(engine, customer_ids=ids), []
        ),
        opportunities=_loader(
            lambda ids: opportunities.list_opportunities_of(engine, customer_ids=ids), []
        ),
        needs=_loader(lambda ids: insights.list_needs_of(engine, customer_ids=ids), []),
        propensities=_loader(
            lambda ids: next_product.list_propensities_of(engine, customer_ids=ids), []
        ),
    )
