"""`customers(filter, orderBy, first, after)`: a Relay connection over a selection."""

import dataclasses
import json
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final

import strawberry

from api.security.errors import BadArgument
from api.types.codes import ChannelCode
from api.types.common import Info
from api.types.customers import Customer, today
from api.types.paging import PageInfo, cursor, first_page_size, page_info, start_after
from graph.engines import GraphEngine
from graph.segments import get_segment
from graph.selection import CustomerFilter, count_customers, list_customer_ids


@strawberry.enum(description="Orders a list of customers (ties broken by id, so pages are stable).")
class CustomerOrder(StrEnum):
    NAME = "NAME"
    AGE = "AGE"
    LAST_CONTACT = "LAST_CONTACT"
    CITY = "CITY"


@strawberry.input(description="Every criterion is optional; all given must hold.")
class CustomerFilterInput:
    city: str | None = None
    value_tier: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    holds_products: list[strawberry.ID] | None = None
    lacks_products: list[strawberry.ID] | None = None
    last_contact_after: datetime | None = None
    last_contact_before: datetime | None = None
    has_open_case: bool | None = None
    preferred_channel: ChannelCode | None = strawberry.field(
        default=None, description="the channel the recommenders found this customer prefers"
    )
    need: str | None = strawberry.field(
        default=None, description="a lifestyle need kind, e.g. CHILD_EDUCATION"
    )
    segment_id: strawberry.ID | None = strawberry.field(
        default=None, description="members of this saved segment (its criteria and these)"
    )

    def selection(self, on: date) -> CustomerFilter:
        """The graph's filter, ages turned into birth-date bounds as of `on`."""
        oldest = self.max_age + 1 if self.max_age is not None else None
        return CustomerFilter(
            city=self.city,
            value_tier=self.value_tier,
            born_on_or_before=_years_before(on, self.min_age),
            born_after=_years_before(on, oldest),
            contact_after=_ms(self.last_contact_after),
            contact_before=_ms(self.last_contact_before),
            holds=tuple(map(str, self.holds_products)) if self.holds_products else None,
            lacks=tuple(map(str, self.lacks_products)) if self.lacks_products else None,
            open_case=self.has_open_case,
            preferred_channel=self.preferred_channel.value if self.preferred_channel else None,
            need=self.need,
        )


@strawberry.type
class CustomerEdge:
    audit_customer_field = "node.id"  # the audit trail notes each one returned

    cursor: str
    node: Customer


@strawberry.type(description="A page of customers and how many the filter selects in all.")
class CustomerConnection:
    edges: list[CustomerEdge]
    page_info: PageInfo
    total_count: int


async def customer_page(
    info: Info, selection: CustomerFilter, order: CustomerOrder, first: int, after: str | None
) -> CustomerConnection:
    """Read one page (ids, then profiles through the loader) and the total."""
    first, start = first_page_size(first), start_after("customers", after)
    engine = info.context.engine
    ids = await list_customer_ids(
        engine, selection=selection, order=order.value, skip=start, limit=first + 1
    )
    total = await count_customers(engine, selection=selection)
    profiles = await info.context.loaders.profiles.load_many(ids[:first])
    edges = [
        CustomerEdge(cursor=cursor("customers", start + n), node=Customer.from_record(profile))
        for n, profile in enumerate(profiles)
        if profile is not None
    ]
    return CustomerConnection(
        edges=edges,
        page_info=page_info([e.cursor for e in edges], start, has_next=len(ids) > first),
        total_count=total,
    )


async def filter_on_today(engine: GraphEngine, given: CustomerFilterInput | None) -> CustomerFilter:
    """The graph filter for an optional input, a segment's criteria in, ages as of today."""
    return (await with_segment(engine, given or CustomerFilterInput())).selection(today())


async def with_segment(engine: GraphEngine, given: CustomerFilterInput) -> CustomerFilterInput:
    """The filter with its segment's saved criteria merged in (a criterion set on both
    sides must agree); a ValueError says which one does not, or that the segment is gone."""
    if given.segment_id is None:
        return given
    saved = await get_segment(engine, segment_id=str(given.segment_id))
    if saved is None:
        raise BadArgument(f"filter.segmentId: no segment {given.segment_id}")
    merged = dataclasses.asdict(given) | {"segment_id": None}
    for key, value in dataclasses.asdict(filter_from_json(saved.definition)).items():
        if value is None:
            continue
        if merged[key] is not None and merged[key] != value:
            raise BadArgument(
                f"filter.{key} ({merged[key]}) contradicts segment {saved.id} ({value})"
            )
        merged[key] = value
    return CustomerFilterInput(**merged)


def filter_to_json(given: CustomerFilterInput) -> str:
    """Serialise a filter; ages stay ages, so a saved segment ages with its members."""
    fields = dataclasses.asdict(given)
    return json.dumps({k: _plain(v) for k, v in fields.items() if v is not None}, sort_keys=True)


def filter_from_json(text: str) -> CustomerFilterInput:
    """Read a saved filter back."""
    fields: dict[str, Any] = json.loads(text)
    for key in ("last_contact_after", "last_contact_before"):
        if key in fields:
            fields[key] = datetime.fromisoformat(fields[key])
    if "preferred_channel" in fields:
        fields["preferred_channel"] = ChannelCode(fields["preferred_channel"])
    return CustomerFilterInput(**fields)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value.value if isinstance(value, ChannelCode) else value


MAX_AGE: Final = 130  # no customer is older; beyond it a date cannot be computed


def _years_before(on: date, years: int | None) -> str | None:
    if years is None:
        return None
    if not 0 <= years <= MAX_AGE + 1:  # max_age + 1 is asked for the oldest bound
        raise BadArgument(f"filter: ages must be 0-{MAX_AGE}, got {years}")
    try:
        return on.replace(year=on.year - years).isoformat()
    except ValueError:  # 29 February in a year without one
        return on.replace(year=on.year - years, day=28).isoformat()


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp() * 1000)
