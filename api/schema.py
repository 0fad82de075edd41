"""The GraphQL schema: the queries front-end teams build on."""

import logging
from datetime import datetime
from typing import Annotated, Final

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache
from strawberry.federation.schema import FederationAny
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.mutations import Mutation
from api.observability.extension import Observed
from api.security.documents import CACHED_DOCUMENTS, DocumentValidation
from api.security.errors import BadArgument, ErrorPolicy, code_of
from api.security.guard import Guard
from api.security.limits import MAX_TOKENS
from api.security.objects import may_use_channel
from api.security.policy import Access, access
from api.subscriptions import Subscription
from api.types.alerts import AlertConnection, AlertStatus, alert_queue
from api.types.case_work import CaseCategory, CaseConnection, case_queue
from api.types.codes import CaseStage, ViewChannel
from api.types.common import LONG_SCALAR, Info, Long
from api.types.customers import Customer
from api.types.gate import Reader, selection_for
from api.types.households import Household
from api.types.journeys import JourneyPainPoint, pain_points
from api.types.neighborhood import (
    Neighborhood,
    Path,
    Relation,
    neighborhood_of,
    paths_between,
)
from api.types.paging import first_page_size
from api.types.panes import ContactIntent
from api.types.segments import Segment, SegmentPreview, preview
from api.types.selection import (
    CustomerConnection,
    CustomerFilterInput,
    CustomerOrder,
    customer_page,
)
from api.types.views import CustomerView, build_view
from graph.errors import GraphError
from graph.segments import get_segment, list_segments

logger = logging.getLogger(__name__)


@strawberry.type(description="A customer found by search, with the engine's relevance score.")
class SearchResult:
    audit_customer_field = "customer.id"  # the audit trail notes each one returned

    score: float
    customer: Customer


@strawberry.type
class Query:
    @strawberry.field(description="The 360 view of one customer; null when there is none.")
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        found = await info.context.loaders.profiles.load(str(id))
        return Customer.from_record(found) if found else None

    @strawberry.field(description="A household with its members, joint accounts and totals.")
    async def household(self, info: Info, id: strawberry.ID) -> Household | None:
        return await Household.resolve_reference(info, id)

    @strawberry.field(
        description="The customer tailored to a channel and the reason for contact: ordered "
        "panes, the reply channel, and only the fields that channel may see."
    )
    async def view(
        self,
        info: Info,
        customer_id: strawberry.ID,
        channel: ViewChannel,
        intent: ContactIntent = ContactIntent.GENERAL,
    ) -> CustomerView | None:
        may_use_channel(info.context.principal, channel.value)
        return await build_view(info, str(customer_id), channel, intent)

    @strawberry.field(description="Customers selected by profile, holdings, contact and cases.")
    async def customers(
        self,
        info: Info,
        filter: CustomerFilterInput | None = None,
        order_by: CustomerOrder = CustomerOrder.NAME,
        first: int = 20,
        after: str | None = None,
    ) -> CustomerConnection:
        _, selection = await selection_for(
            Reader.of(info), filter, operation="customers", rows=True, order=order_by.value
        )
        return await customer_page(info, selection, order_by, first, after)

    @strawberry.field(description="People, households and accounts around a customer.")
    async def neighborhood(
        self,
        info: Info,
        customer_id: strawberry.ID,
        depth: int = 2,
        relations: list[Relation] | None = None,
    ) -> Neighborhood:
        return await neighborhood_of(info, str(customer_id), depth, relations)

    @strawberry.field(description="How two customers are connected: the shortest paths.")
    async def paths(
        self,
        info: Info,
        from_id: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to_id: Annotated[strawberry.ID, strawberry.argument(name="to")],
    ) -> list[Path]:
        return await paths_between(info, str(from_id), str(to_id))

    @strawberry.field(description="A selection in aggregate: count, profile and a sample.")
    async def segment_preview(
        self, info: Info, filter: CustomerFilterInput | None = None, currency: str = "GBP"
    ) -> SegmentPreview:
        return await preview(info, filter, currency, "segmentPreview")

    @strawberry.field(description="Saved segments, by name.")
    async def segments(self, info: Info) -> list[Segment]:
        return [Segment.from_record(s) for s in await list_segments(info.context.engine)]

    @strawberry.field(description="One saved segment; null when there is none.")
    async def segment(self, info: Info, id: strawberry.ID) -> Segment | None:
        found = await get_segment(info.context.engine, segment_id=str(id))
        return Segment.from_record(found) if found else None

    @strawberry.field(description="The alert work queue, most severe first, then oldest.")
    async def alerts(
        self,
        info: Info,
        status: AlertStatus | None = AlertStatus.OPEN,
        agent_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> AlertConnection:
        return await alert_queue(info, status, str(agent_id) if agent_id else None, first, after)

    @strawberry.field(description="The case work queue, oldest first.")
    async def cases(
        self,
        info: Info,
        stage: CaseStage | None = None,
        category: CaseCategory | None = None,
        open_only: bool = True,
        first: int = 20,
        after: str | None = None,
    ) -> CaseConnection:
        return await case_queue(info, stage, category, open_only, first, after)

    @strawberry.field(
        description="Journeys and touchpoints ranked as pain points: NPS and CSAT beside "
        "volumes, turnaround and repeat contacts; the period defaults to the last 90 days."
    )
    async def journeys(
        self,
        info: Info,
        since: datetime | None = None,
        until: datetime | None = None,
        repeat_window_days: int = 7,
        min_contacts: int = 20,
    ) -> list[JourneyPainPoint]:
        return await pain_points(info, since, until, repeat_window_days, min_contacts)

    @strawberry.field(description="Full-text search over names, emails and phone numbers.")
    async def search(self, info: Info, text: str, first: int = 20) -> list[SearchResult]:
        first_page_size(first)
        if not text.strip():
            return []
        try:
            hits = await info.context.engine.search_customers(text, first)
        except GraphError as error:
            raise BadArgument("search: the text cannot be searched; use words") from error
        profiles = await info.context.loaders.profiles.load_many([h.customer_id for h in hits])
        # Search matches emails and phones: a caller who sees contact details only with
        # consent finds only customers who consented, or a match would say whose they are.
        principal = info.context.principal
        assert principal is not None  # the guard refuses anonymous operations
        consented = access(principal.role, principal.channel, "Customer", "email")
        return [
            SearchResult(score=hit.score, customer=Customer.from_record(profile))
            for hit, profile in zip(hits, profiles, strict=True)
            if profile is not None
            and (consented is not Access.CONSENTED or profile.marketing_consent)
        ]


ENTITIES: Final = ("Customer", "Household")  # the types keyed by id for a router


class KithSchema(strawberry.federation.Schema):
    """The schema, an Apollo Federation 2 subgraph; it logs each error by code and path only
    (messages may quote customers)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong where, without the message."""
        for error in errors:
            logger.info("GraphQL error %s at %s", code_of(error) or "INTERNAL", error.path)

    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        """A router's fetch by key; a representation that is not `{__typename, id}` of an
        entity is refused by position, not left to fail inside strawberry."""
        for n, given in enumerate(representations):
            if not (
                isinstance(given, dict) and given.get("__typename") in ENTITIES
                and isinstance(given.get("id"), str) and set(given) == {"__typename", "id"}
            ):  # fmt: skip
                raise BadArgument(
                    f"representations[{n}]: give {{__typename, id}} of {', '.join(ENTITIES)}"
                )
        return super().entities_resolver(info, representations)


# Front ends send the same few documents over and over: parse and validate each once, with
# the depth and alias rules (api/security/documents.py; validation was a third of a 360's
# time in the API while it ran on every request: measured in bench/api_latency.py).
# Limits come before the guard: a document over them never reaches the policy or the engine.
schema: Final = KithSchema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    config=StrawberryConfig(scalar_map={Long: LONG_SCALAR}, disable_field_suggestions=True),
    # Federation 2.5: understood by every Apollo Router and gateway release since mid-2023.
    federation_version="2.5",
    # Factories: the caches live at module level, shared by every request.
    extensions=[
        Observed,  # first: it leaves last, seeing the codes and refusals the others give
        lambda: ParserCache(maxsize=CACHED_DOCUMENTS),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        DocumentValidation,
        ErrorPolicy,
        Guard,
    ],
)
