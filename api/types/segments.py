"""Marketing's segments: a live preview of any filter, saved segments, their members."""

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Annotated

import strawberry

from api.security.errors import DomainError
from api.types.common import Info, Long, Money
from api.types.customers import Customer, today
from api.types.errors import InvalidInput, NotFound
from api.types.gate import Reader, refused_criteria, selection_for
from api.types.lookalikes import Lookalike, lookalikes_of
from api.types.selection import (
    CustomerConnection,
    CustomerFilterInput,
    CustomerOrder,
    customer_page,
    filter_from_json,
    filter_to_json,
)
from graph.segments import SavedSegment, SegmentProfile, profile_segment
from graph.selection import list_customer_ids

SAMPLE = 10


class GroupTooSmall(DomainError):
    """A selection smaller than the minimum group size: its aggregates would describe people."""

    code = "GROUP_TOO_SMALL"


@strawberry.type
class Share:
    label: str
    customers: int


@strawberry.type(description="How many of the segment hold a product, and their average balance.")
class ProductPenetration:
    product_id: strawberry.ID
    name: str
    holders: int
    share: float
    average_balance: Money


@strawberry.type(description="A selection in aggregate, with a sample to look at.")
class SegmentPreview:
    count: int
    age_bands: list[Share]
    tiers: list[Share]
    product_penetration: list[ProductPenetration]
    nps: float | None = strawberry.field(description="-100..100 over the segment's NPS answers")
    nps_answers: int
    preferred_channels: list[Share] = strawberry.field(
        description="customers by the preferred channel `kith score` found (the one the "
        "preferredChannel filter selects by); customers not yet scored are not counted"
    )
    sample: list[Customer]


async def preview(
    info: Info, given: CustomerFilterInput | None, currency: str, operation: str
) -> SegmentPreview:
    """Aggregate a filter within the caller's reach, every group of at least the minimum
    size, and sample its first members by name (when the caller may read the criteria's
    rows: aggregate-only criteria get no sample)."""
    reader = Reader.of(info)
    merged, selection = await selection_for(reader, given, operation=operation, rows=False)
    engine = info.context.engine
    profile, ids = await asyncio.gather(
        profile_segment(engine, selection=selection, year=today().year),
        list_customer_ids(engine, selection=selection, order="NAME", skip=0, limit=SAMPLE),
    )
    least = reader.security.settings.min_group_size
    if profile.customers < least:
        raise GroupTooSmall(
            f"the selection holds fewer than {least} customers: its aggregates are withheld "
            "so that none describes a person"
        )
    if refused_criteria(reader.principal, merged, None, rows=True):
        ids = []
    sample = await info.context.loaders.profiles.load_many(ids)
    return _preview(profile, [Customer.from_record(c) for c in sample if c], currency, least)


def _preview(
    profile: SegmentProfile, sample: list[Customer], currency: str, least: int
) -> SegmentPreview:
    """The aggregates, each group under `least` customers left out."""
    count = profile.customers
    answers = profile.nps_answers

    def shares(groups: tuple[tuple[str, int], ...]) -> list[Share]:
        return [Share(label=label, customers=n) for label, n in groups if n >= least]

    return SegmentPreview(
        count=count,
        age_bands=shares(profile.age_bands),
        tiers=shares(profile.tiers),
        product_penetration=[
            ProductPenetration(
                product_id=strawberry.ID(product),
                name=name,
                holders=holders,
                share=round(holders / count, 4) if count else 0.0,
                average_balance=Money(minor_units=Long(average), currency=currency),
            )
            for product, name, holders, average in profile.products
            if holders >= least
        ],
        nps=(
            round((profile.nps_promoters - profile.nps_detractors) / answers * 100, 1)
            if answers >= least
            else None
        ),
        nps_answers=answers,
        preferred_channels=shares(profile.preferred_channels),
        sample=sample,
    )


@strawberry.type(description="A saved selection; its members are evaluated when read.")
class Segment:
    id: strawberry.ID
    name: str
    saved_at: datetime
    definition: strawberry.Private[CustomerFilterInput]

    @classmethod
    def from_record(cls, segment: SavedSegment) -> "Segment":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(segment.id), name=segment.name,
            saved_at=datetime.fromtimestamp(segment.saved_at / 1000, tz=UTC),
            definition=filter_from_json(segment.definition),
        )  # fmt: skip

    @strawberry.field(description="The filter, as JSON, that defines the segment.")
    def filter_json(self) -> str:
        return filter_to_json(self.definition)

    @strawberry.field(description="Members, as a connection.")
    async def members(
        self, info: Info, first: int = 20, after: str | None = None,
        order_by: CustomerOrder = CustomerOrder.NAME,
    ) -> CustomerConnection:  # fmt: skip
        _, selection = await selection_for(
            Reader.of(info), self.definition, operation=f"segment {self.id} members", rows=True,
            order=order_by.value,
        )  # fmt: skip
        return await customer_page(info, selection, order_by, first, after)

    @strawberry.field(description="The segment in aggregate.")
    async def preview(self, info: Info, currency: str = "GBP") -> SegmentPreview:
        return await preview(info, self.definition, currency, f"segment {self.id} preview")

    @strawberry.field(description="Customers most like the members, by the graph model.")
    async def lookalikes(self, info: Info, first: int = 20) -> list[Lookalike]:
        return await lookalikes_of(info, self.definition, first)

    @strawberry.field(description="Where to download members (with marketing consent) as CSV.")
    def export_url(self) -> str:
        return f"/segments/{self.id}/members.csv"


def new_segment_id() -> str:
    """A fresh business key for a segment."""
    return f"S-{uuid.uuid4().hex[:12]}"


@strawberry.type(description="The segment was saved.")
class SegmentSaved:
    segment: Segment


@strawberry.type(description="The segment was deleted.")
class SegmentDeleted:
    id: strawberry.ID


CreateSegmentResult = Annotated[
    SegmentSaved | NotFound | InvalidInput, strawberry.union("CreateSegmentResult")
]
DeleteSegmentResult = Annotated[SegmentDeleted | NotFound, strawberry.union("DeleteSegmentResult")]
