"""Service excellence, contact preferences, usage trends and survey answers."""

from datetime import date, datetime

import strawberry

from api.types.common import Long, instant, moment
from graph.records import FeedbackEntry, UsageSeries
from recommenders.channels import ChannelPreference as ChannelPreferenceRecord
from recommenders.satisfaction import Satisfaction

_SMILEYS = {"DELIGHTED": "😀", "SATISFIED": "🙂", "NEUTRAL": "😐", "UNHAPPY": "🙁", "UNKNOWN": "·"}


@strawberry.type(description="How well the bank has served this customer.")
class ServiceExcellence:
    interactions: int
    resolved: int
    unresolved: int
    mean_turnaround_minutes: float | None
    last_contact_at: datetime | None
    satisfaction_score: int | None = strawberry.field(description="0-100")
    satisfaction_level: str = strawberry.field(
        description="DELIGHTED, SATISFIED, NEUTRAL, UNHAPPY or UNKNOWN"
    )
    smiley: str
    mean_csat: float | None = strawberry.field(description="1-5")
    nps_promoters: int
    nps_detractors: int
    repeat_contacts: int = strawberry.field(
        description="the customer's own contacts followed by another about the same intent "
        "within 7 days: the first did not settle it"
    )
    no_repeat_rate: float | None = strawberry.field(
        description="0-100: share of the customer's own contacts that needed no repeat "
        "(first-contact resolution), an input of the score; null with no such contact"
    )

    @classmethod
    def build(
        cls, *, contacts: int, resolved: int, unresolved: int, turnaround_total: int,
        turnaround_count: int, last_contact_at: int | None, csat_sum: int, csat_count: int,
        promoters: int, detractors: int, repeats: int, satisfaction: Satisfaction,
    ) -> "ServiceExcellence":  # fmt: skip
        """Build from engagement statistics and the computed satisfaction."""
        return cls(
            interactions=contacts,
            resolved=resolved,
            unresolved=unresolved,
            mean_turnaround_minutes=(
                round(turnaround_total / turnaround_count, 1) if turnaround_count else None
            ),
            last_contact_at=moment(last_contact_at),
            satisfaction_score=satisfaction.score,
            satisfaction_level=satisfaction.level,
            smiley=_SMILEYS[satisfaction.level],
            mean_csat=round(csat_sum / csat_count, 2) if csat_count else None,
            nps_promoters=promoters,
            nps_detractors=detractors,
            repeat_contacts=repeats,
            no_repeat_rate=_rounded(satisfaction.no_repeat_rate),
        )


def _rounded(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 1)


@strawberry.type(description="A channel as this customer actually uses and answers it.")
class ChannelPreference:
    channel: str
    score: float = strawberry.field(description="0-1: share of their contacts and answer rate")
    inbound_contacts: int
    outbound_attempts: int
    responses: int
    response_rate: float | None
    last_used_at: datetime | None
    best: bool
    ineffective: bool

    @classmethod
    def from_record(cls, preference: ChannelPreferenceRecord) -> "ChannelPreference":
        """Build from the computed ranking."""
        return cls(
            channel=preference.channel_id,
            score=preference.score,
            inbound_contacts=preference.inbound,
            outbound_attempts=preference.outbound,
            responses=preference.responded,
            response_rate=preference.response_rate,
            last_used_at=moment(preference.last_at),
            best=preference.best,
            ineffective=preference.ineffective,
        )


@strawberry.type(description="One month of a usage series.")
class UsagePoint:
    month: str
    count: int
    amount_minor: Long


@strawberry.type(description="A known incident of the bank, to read a trend line against.")
class ServiceIncident:
    id: strawberry.ID
    channel: str
    description: str
    started_on: date
    ended_on: date
    months: list[str] = strawberry.field(description="YYYY-MM months it touched")


@strawberry.type(description="A monthly series of one service on one account.")
class UsageTrend:
    account_id: strawberry.ID
    service: str
    currency: str
    points: list[UsagePoint]
    incidents: list[ServiceIncident] = strawberry.field(
        description="incidents of this service within the series' months, oldest first"
    )

    @classmethod
    def from_record(cls, series: UsageSeries) -> "UsageTrend":
        """Build from a graph record."""
        return cls(
            account_id=strawberry.ID(series.account_id),
            service=series.service,
            currency=series.currency,
            points=[UsagePoint(month=p.month, count=p.count, amount_minor=Long(p.amount_minor))
                    for p in series.points],
            incidents=[
                ServiceIncident(
                    id=strawberry.ID(i.id), channel=i.channel, description=i.description,
                    started_on=date.fromisoformat(i.started_on),
                    ended_on=date.fromisoformat(i.ended_on), months=list(i.months()),
                )
                for i in series.incidents
            ],
        )  # fmt: skip


@strawberry.type(description="A survey answer: NPS 0-10 or CSAT 1-5.")
class Feedback:
    id: strawberry.ID
    kind: str
    score: int
    at: datetime
    touchpoint: str | None
    interaction_id: strawberry.ID | None

    @classmethod
    def from_record(cls, entry: FeedbackEntry) -> "Feedback":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(entry.id),
            kind=entry.kind,
            score=entry.score,
            at=instant(entry.at),
            touchpoint=entry.touchpoint,
            interaction_id=strawberry.ID(entry.interaction_id) if entry.interaction_id else None,
        )
