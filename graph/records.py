"""Plain frozen records that leave graph/: no driver object ever does."""

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

EngineKind = Literal["embedded", "neo4j"]


@dataclass(frozen=True, slots=True)
class EngineHealth:
    """What a health probe saw: which engine, whether it answered, and where it lives."""

    engine: EngineKind
    ok: bool
    location: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SchemaReport:
    """What a schema bootstrap did: statements applied and ones already in place."""

    applied: int
    already_present: int


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in integer minor units (cents) with its ISO 4217 currency."""

    minor_units: int
    currency: str


@dataclass(frozen=True, slots=True)
class Customer:
    """A person the bank serves; dates are ISO strings, times epoch milliseconds."""

    id: str
    full_name: str
    birth_date: str | None = None
    gender: str | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None
    hometown: str | None = None
    value_tier: str | None = None
    updated_at: int = 0
    occupation: str | None = None
    schooling: str | None = None
    trips_abroad_per_year: int = 0
    monthly_income: Money | None = None
    marketing_consent: bool = False
    profiling_consent: bool = False
    household_id: str | None = None
    given_name: str | None = None  # the name to address them by; full_name is never split
    family_name: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """Another customer as seen from one customer: 'daughter', 'spouse', 'father'."""

    customer_id: str
    full_name: str
    relation: str
    birth_date: str | None = None
    schooling: str | None = None
    given_name: str | None = None


@dataclass(frozen=True, slots=True)
class Household:
    """A household and its members' ids with each member's role in it.

    derived: Kith found it (`kith households`), with the evidence of each link, said aloud;
    otherwise the bank loaded it and evidence is empty.
    """

    id: str
    name: str
    members: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    derived: bool = False
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Resident:
    """What deriving households reads of a customer with a family tie or a shared account.

    address: as on file (personal data: compare it, never log it); household_id: the loaded
    household, if any (a derived one is not counted); ties: the family ties stored from this
    customer, (other id, SPOUSE | PARENT | SIBLING; PARENT: this customer is the parent);
    joint: the open accounts held with a customer of larger id, (account id, other id).
    """

    id: str
    address: str | None = None
    household_id: str | None = None
    birth_date: str | None = None
    ties: tuple[tuple[str, str], ...] = ()
    joint: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Holding:
    """One account a customer holds, with the role and the co-holders."""

    account_id: str
    product_id: str
    product_name: str
    role: str
    balance: Money
    status: str
    co_holder_ids: tuple[str, ...] = ()
    category: str = ""
    monthly_flow: Money | None = None
    opened_on: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A customer found by full-text or vector search, with the engine's score."""

    customer_id: str
    score: float


@dataclass(frozen=True, slots=True, order=True)
class ChannelUse:
    """How a customer used one channel: contacts, and answers to outbound contacts."""

    channel_id: str
    contacts: int
    outbound: int
    responded: int
    last_at: int | None
    population_rate: float | None = None  # the whole bank's answer rate on this channel


@dataclass(frozen=True, slots=True)
class ContactHabits:
    """What scoring reads of a customer's engagement: contacts in all, and by channel."""

    contact_count: int
    channels: tuple[ChannelUse, ...]


@dataclass(frozen=True, slots=True)
class Engagement:
    """A customer's engagement statistics, kept current by every event written."""

    contact_count: int
    last_contact_at: int | None
    resolved_count: int
    unresolved_count: int
    turnaround_minutes_total: int
    turnaround_count: int
    contacts_by_intent: tuple[tuple[str, int], ...]
    repeat_contacts: int  # own contacts followed by another, same intent, within a week
    nps_count: int
    nps_sum: int
    nps_promoters: int
    nps_detractors: int
    csat_count: int
    csat_sum: int
    channels: tuple[ChannelUse, ...]
    products: tuple[tuple[str, int, int | None], ...]


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case as a work queue or a 360 view lists it."""

    id: str
    customer_id: str
    category: str
    stage: str
    opened_at: int
    stage_at: int | None
    resolved_at: int | None
    product_id: str | None
    account_id: str | None
    agent_id: str | None = None  # the owner it is assigned to


@dataclass(frozen=True, slots=True)
class FeedbackEntry:
    """A survey answer, with the contact it rates where known."""

    id: str
    kind: str
    score: int
    at: int
    touchpoint: str | None
    interaction_id: str | None


@dataclass(frozen=True, slots=True)
class UsagePoint:
    """One month of one service."""

    month: str
    count: int
    amount_minor: int


@dataclass(frozen=True, slots=True)
class Incident:
    """A known incident of a channel or service, from its first to its last day (ISO)."""

    id: str
    channel: str
    service: str
    started_on: str
    ended_on: str
    description: str

    def months(self) -> tuple[str, ...]:
        """The months (YYYY-MM) the incident touched."""
        first, last = self.started_on[:7], self.ended_on[:7]
        year, month, touched = int(first[:4]), int(first[5:]), []
        while f"{year:04d}-{month:02d}" <= last:
            touched.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(touched)


@dataclass(frozen=True, slots=True)
class UsageSeries:
    """Monthly usage of one service on one account, oldest month first.

    `incidents` are those of the same service within the series' months, so a trend line
    can be read against them.
    """

    account_id: str
    service: str
    currency: str
    points: tuple[UsagePoint, ...]
    incidents: tuple[Incident, ...] = ()
    product_id: str | None = None  # the account's product


@dataclass(frozen=True, slots=True)
class Contact:
    """One interaction as a contact history lists it."""

    id: str
    at: int
    channel_id: str
    direction: str
    intent: str
    outcome: str
    product_id: str | None
    case_id: str | None
    notification: bool = False  # the bank telling the customer about a case


NO_ENGAGEMENT = Engagement(0, None, 0, 0, 0, 0, (), 0, 0, 0, 0, 0, 0, 0, (), ())


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node as a graph explorer draws it."""

    id: str
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """A relationship as a graph explorer draws it, in its stored direction."""

    source: str
    type: str
    target: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class JourneyFigures:
    """One journey (intent) at one touchpoint (channel): volumes, service and surveys."""

    journey: str
    touchpoint: str
    contacts: int
    repeats: int  # contacts followed by another about the same intent within the window
    resolved: int
    mean_turnaround_minutes: float | None
    promoters: int
    detractors: int
    nps_answers: int
    csat_total: int
    csat_answers: int


@dataclass(frozen=True, slots=True)
class Alert:
    """Something an agent must act on about a customer; times are epoch milliseconds."""

    id: str
    customer_id: str
    kind: str
    severity: int  # 1 (note it) to 5 (act today)
    reason: str
    raised_at: int
    stored_at: int
    status: str  # OPEN, ACKNOWLEDGED, or CLOSED (its rule no longer holds)
    agent_id: str | None
    acknowledged_at: int | None
    acknowledged_by: str | None
    as_of: str | None = None  # the day (ISO) its reason's figures are counted to


@dataclass(frozen=True, slots=True)
class Opportunity:
    """A product to offer a customer, its score (0-1) and how to open the conversation."""

    id: str
    product_id: str
    product_name: str
    score: float
    need_kind: str | None
    script: tuple[str, ...]
    status: str  # OPEN, LATER (asked again later), ACCEPTED, DECLINED, WITHDRAWN (no longer made)


@dataclass(frozen=True, slots=True)
class Need:
    """A lifestyle need (score 0-1) and the graph paths that justify it, said aloud."""

    kind: str
    score: float
    evidence: tuple[str, ...]
    subject_id: str | None  # the family member it is about, if any
    as_of: str | None = None  # the day (ISO) its evidence's ages are counted to


class Held(NamedTuple):
    """One account as the next-product model sees it: which product, when, and how held."""

    product_id: str
    opened_on: str | None
    status: str | None
    joint: bool
    account_id: str = ""
    opened_at: int | None = None  # epoch milliseconds, where the bank gives the moment


@dataclass(frozen=True, slots=True)
class Adopter:
    """A customer as the next-product model sees them: profile, holdings and kin.

    kin: (customer id, relation from this customer's side: SPOUSE, CHILD, PARENT or
    SIBLING, birth date).
    """

    id: str
    birth_date: str | None
    monthly_income_minor: int
    trips_abroad_per_year: int
    profiling_consent: bool
    holdings: tuple[Held, ...] = ()
    kin: tuple[tuple[str, str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Propensity:
    """How likely a customer is to take a product next (0-1), and which model said so."""

    product_id: str
    product_name: str
    score: float
    model: str


@dataclass(frozen=True, slots=True)
class Erased:
    """What erasing one customer did."""

    customer_id: str
    accounts_kept: int  # their accounts stay for the retention period, without them
    cases_restricted: int  # complaint and dispute records: kept, unreadable through the API
    records_removed: int  # interactions, survey answers, needs, offers, alerts
