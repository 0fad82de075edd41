"""`journeys`: pain points, survey answers beside the operational figures of a touchpoint."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Final

import strawberry

from api.security.errors import BadArgument
from api.types.common import Info
from graph.journeys import list_journey_figures
from recommenders.journeys import PainPoint, rank_pain_points

DEFAULT_PERIOD: Final = timedelta(days=90)
MAX_PERIOD: Final = timedelta(days=366)


@strawberry.type(
    description="A journey (why customers came) at a touchpoint (the channel), scored. "
    "painScore 0-100 blends dissatisfaction (NPS and CSAT, 40 %), the repeat rate (30 %) "
    "and the share not resolved (30 %); parts without data are left out."
)
class JourneyPainPoint:
    rank: int
    journey: str
    touchpoint: str
    pain_score: int
    contacts: int
    repeat_contacts: int = strawberry.field(
        description="contacts followed by another about the same journey within the window"
    )
    repeat_rate: float
    resolution_rate: float
    mean_turnaround_minutes: float | None
    nps: float | None = strawberry.field(description="-100..100 over the touchpoint's answers")
    nps_answers: int
    csat: float | None = strawberry.field(description="mean CSAT, 1-5")
    csat_answers: int

    @classmethod
    def from_point(cls, rank: int, point: PainPoint, least: int = 1) -> "JourneyPainPoint":
        """Build from a scored pain point; survey scores over fewer than `least` answers
        are withheld (they would describe a person)."""
        f = point.figures
        if f.nps_answers < least:
            point = replace(point, nps=None)
        if f.csat_answers < least:
            point = replace(point, csat=None)
        return cls(
            rank=rank, journey=f.journey, touchpoint=f.touchpoint, pain_score=point.pain,
            contacts=f.contacts, repeat_contacts=f.repeats,
            repeat_rate=round(point.repeat_rate, 4),
            resolution_rate=round(point.resolution_rate, 4),
            mean_turnaround_minutes=f.mean_turnaround_minutes,
            nps=None if point.nps is None else round(point.nps, 1), nps_answers=f.nps_answers,
            csat=None if point.csat is None else round(point.csat, 2),
            csat_answers=f.csat_answers,
        )  # fmt: skip


def _audited(info: Info, asked: dict[str, object]) -> int:
    """Audit an aggregate request with its parameters (fail closed), as every aggregate is
    (docs/security.md, "One gate for every selection"); the minimum group size."""
    context = info.context
    assert context.principal is not None  # the guard refuses anonymous operations
    context.security.audit.record_selection(
        context.principal, "journeys", json.dumps(asked), context.correlation_id
    )
    return context.security.settings.min_group_size


async def pain_points(
    info: Info,
    since: datetime | None,
    until: datetime | None,
    repeat_window_days: int,
    min_contacts: int,
) -> list[JourneyPainPoint]:
    """Rank the period's journeys and touchpoints; the period defaults to the last 90 days."""
    end = until or datetime.now(UTC)
    if (since is not None and since.tzinfo is None) or end.tzinfo is None:
        raise BadArgument("since and until need a UTC offset (add Z)")
    try:
        start = since or end - DEFAULT_PERIOD
    except OverflowError as early:  # the default period would start before year 1
        raise BadArgument("until is too early for the default 90-day period; give since") from early
    if not timedelta(0) < end - start <= MAX_PERIOD:
        raise BadArgument("since must be before until, and the period at most 366 days")
    if not 1 <= repeat_window_days <= 30:
        raise BadArgument("repeatWindowDays must be 1-30")
    if min_contacts < 1:
        raise BadArgument("minContacts must be at least 1")
    asked = {"since": start.isoformat(), "until": end.isoformat(),
             "repeatWindowDays": repeat_window_days, "minContacts": min_contacts}  # fmt: skip
    least = _audited(info, asked)
    figures = await list_journey_figures(
        info.context.engine,
        since_ms=int(start.timestamp() * 1000),
        until_ms=int(end.timestamp() * 1000),
        repeat_window_ms=repeat_window_days * 86_400_000,
    )
    ranked = rank_pain_points(figures, max(min_contacts, least))
    return [JourneyPainPoint.from_point(rank, p, least) for rank, p in enumerate(ranked, start=1)]
