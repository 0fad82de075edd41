"""What a bank's files must hold: one pydantic model per record kind.

Field names are the file's column names (camelCase, as in the graph). Dates are ISO
`YYYY-MM-DD`, times ISO 8601 with an offset (`2026-03-01T09:30:00Z`, stored as epoch
milliseconds), money integer minor units beside an ISO 4217 currency code.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from graph.codes import (
    CaseStage,
    ChannelCode,
    Intent,
    Outcome,
    ProductCategory,
    Service,
    SurveyKind,
)
from loaders.currencies import ISO_4217


def _date_to_text(value: Any) -> Any:
    """Parquet hands dates over as dates; the graph stores ISO strings."""
    return (
        value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value
    )


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from err


def _epoch_ms(value: Any) -> Any:
    """Turn an ISO 8601 timestamp with an offset into UTC epoch milliseconds."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as err:
            raise ValueError(f"{value!r} is not an ISO 8601 timestamp") from err
    else:
        return value
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset (add Z or +HH:MM)")
    return int(moment.astimezone(UTC).timestamp() * 1000)


def _currency(value: str) -> str:
    if value not in ISO_4217:
        raise ValueError(f"{value!r} is not an ISO 4217 currency code")
    return value


def _month(value: str) -> str:
    try:
        datetime.strptime(value, "%Y-%m")
    except ValueError as err:
        raise ValueError(f"{value!r} is not a month (YYYY-MM)") from err
    return value


def _blank_to_none(value: Any) -> Any:
    """CSV has no null: an empty cell means 'not given'."""
    return None if value == "" else value


Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
IsoDate = Annotated[str, BeforeValidator(_date_to_text), AfterValidator(_iso_date)]
Timestamp = Annotated[int, BeforeValidator(_epoch_ms), Field(ge=0)]
Currency = Annotated[str, AfterValidator(_currency)]
Month = Annotated[str, AfterValidator(_month)]


class Record(BaseModel):
    """Common rules: unknown columns are errors, empty CSV cells are nulls."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blanks_are_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: _blank_to_none(value) for key, value in data.items()}
        return data

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        # No bank text holds one, and the engines' bulk formats end text at it.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("holds a NUL character, which no field may")
        return value


class ChannelRecord(Record):
    """A contact channel of the bank."""

    id: ChannelCode
    name: str = Field(min_length=1, max_length=80)


class ProductRecord(Record):
    """A product of the catalogue."""

    id: Id
    name: str = Field(min_length=1, max_length=120)
    category: ProductCategory
    updatedAt: Timestamp


def _split_list(value: Any) -> Any:
    """A list in one cell is written `A|B|C` (CSV and Parquet); JSON Lines may send a list."""
    if value is None:
        return ()
    return (
        tuple(part.strip() for part in value.split("|") if part.strip())
        if isinstance(value, str)
        else value
    )


class AgentRecord(Record):
    """A member of staff who handles contacts and cases."""

    id: Id
    name: str = Field(min_length=1, max_length=120)
    team: str = Field(min_length=1, max_length=80)
    channelId: ChannelCode
    # The contact intents the agent is trained for: cases are assigned by them.
    skills: Annotated[tuple[Intent, ...], BeforeValidator(_split_list)] = ()
    updatedAt: Timestamp


class IncidentRecord(Record):
    """A known service incident: the days a channel or service failed customers."""

    id: Id
    channelId: ChannelCode
    service: Service
    startedOn: IsoDate
    endedOn: IsoDate
    description: str = Field(min_length=1, max_length=200)
    updatedAt: Timestamp

    @field_validator("endedOn")
    @classmethod
    def _ends_after_it_starts(cls, ended: str, info: ValidationInfo) -> str:
        started = info.data.get("startedOn")
        if started is not None and ended < started:
            raise ValueError(f"the incident ends ({ended}) before it starts ({started})")
        return ended


class CustomerRecord(Record):
    """A person the bank serves."""

    id: Id
    fullName: str = Field(min_length=1, max_length=200)
    # The name to address the customer by, and the family name; fullName is never split.
    givenName: str | None = Field(default=None, max_length=100)
    familyName: str | None = Field(default=None, max_length=100)
    birthDate: IsoDate
    gender: str = Field(pattern=r"^[MFX]$")
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ]{6,20}$")
    city: str = Field(min_length=1, max_length=80)
    # Personal data: compared (normalised) to find households, never logged nor served yet.
    address: str | None = Field(default=None, max_length=200)
    hometown: str | None = Field(default=None, max_length=80)
    occupation: str | None = Field(default=None, max_length=80)
    schooling: str | None = Field(default=None, max_length=40)
    tripsAbroadPerYear: int | None = Field(default=None, ge=0, le=100)
    monthlyIncomeMinor: int | None = Field(default=None, ge=0)
    currency: Currency
    marketingConsent: bool
    profilingConsent: bool
    # The relationship manager's book the customer is in; their tokens name it.
    portfolioId: Id | None = None
    updatedAt: Timestamp


class HouseholdRecord(Record):
    """A household: people who live and decide together."""

    id: Id
    name: str = Field(min_length=1, max_length=200)
    city: str = Field(min_length=1, max_length=80)
    updatedAt: Timestamp


class HouseholdMemberRecord(Record):
    """A customer's membership of a household."""

    householdId: Id
    customerId: Id
    role: str = Field(pattern=r"^(HEAD|MEMBER)$")


class FamilyRecord(Record):
    """A family tie: PARENT means `fromId` is a parent of `toId`."""

    fromId: Id
    toId: Id
    tie: str = Field(pattern=r"^(SPOUSE|PARENT|SIBLING)$")


class AccountRecord(Record):
    """An account of one product; loans carry a negative balance."""

    id: Id
    productId: Id
    status: str = Field(pattern=r"^(OPEN|DORMANT|CLOSED)$")
    openedOn: IsoDate
    # The moment of opening, where the bank records it: orders a customer's accounts opened
    # on one day (the next-product model's latest adoption); on the day of openedOn (UTC).
    openedAt: Timestamp | None = None
    balanceMinor: int
    monthlyFlowMinor: int | None = None  # not given for most cards, insurance and funds
    currency: Currency
    updatedAt: Timestamp

    @model_validator(mode="after")
    def _opened_that_day(self) -> "AccountRecord":
        if self.openedAt is not None:
            day = datetime.fromtimestamp(self.openedAt / 1000, UTC).date().isoformat()
            if day != self.openedOn:
                raise ValueError(f"openedAt falls on {day}, not on openedOn {self.openedOn}")
        return self


class AccountHolderRecord(Record):
    """A customer's hold on an account."""

    accountId: Id
    customerId: Id
    role: str = Field(pattern=r"^(PRIMARY|JOINT)$")


class CoverRecord(Record):
    """A person an account covers: the insured of a policy, the child a plan saves for."""

    accountId: Id
    customerId: Id


class InteractionRecord(Record):
    """One contact between the customer and the bank."""

    id: Id
    customerId: Id
    channelId: ChannelCode
    at: Timestamp
    direction: str = Field(pattern=r"^(INBOUND|OUTBOUND)$")
    intent: Intent
    outcome: Outcome
    responded: bool | None = None  # said of outbound contacts; not given for most inbound
    productId: Id | None = None
    accountId: Id | None = None
    agentId: Id | None = None
    caseId: Id | None = None
    turnaroundMinutes: int | None = Field(default=None, ge=0, le=525_600)


class UsageRecord(Record):
    """One month of one service on one account."""

    accountId: Id
    service: Service
    month: Month
    count: int = Field(ge=0)
    amountMinor: int = Field(ge=0)
    currency: Currency


class CaseRecord(Record):
    """A dispute or complaint case."""

    id: Id
    customerId: Id
    category: str = Field(pattern=r"^(CARD_DISPUTE|BILLING_DISPUTE|COMPLAINT|LOAN_QUERY)$")
    openedAt: Timestamp
    productId: Id | None = None
    accountId: Id | None = None
    updatedAt: Timestamp


class CaseStepRecord(Record):
    """A case moving to a stage, optionally in a contact and with an owner."""

    id: Id
    caseId: Id
    stage: CaseStage
    at: Timestamp
    agentId: Id | None = None
    interactionId: Id | None = None


class FeedbackRecord(Record):
    """A survey answer, tied to the contact it rates where known."""

    id: Id
    customerId: Id
    kind: SurveyKind
    score: int
    at: Timestamp
    interactionId: Id | None = None
    touchpoint: str | None = Field(default=None, max_length=80)

    @field_validator("score")
    @classmethod
    def _score_on_its_scale(cls, score: int, info: ValidationInfo) -> int:
        kind = info.data.get("kind")
        low, high = (0, 10) if kind is SurveyKind.NPS else (1, 5)
        if kind is not None and not low <= score <= high:
            raise ValueError(f"a {kind} score must be {low}-{high}, got {score}")
        return score


# Record kinds in load order: what a row refers to is loaded before it.
KINDS: Final[dict[str, type[Record]]] = {
    "channels": ChannelRecord,
    "products": ProductRecord,
    "agents": AgentRecord,
    "incidents": IncidentRecord,
    "customers": CustomerRecord,
    "households": HouseholdRecord,
    "household_members": HouseholdMemberRecord,
    "family": FamilyRecord,
    "accounts": AccountRecord,
    "account_holders": AccountHolderRecord,
    "covers": CoverRecord,
    "cases": CaseRecord,
    "interactions": InteractionRecord,
    "case_steps": CaseStepRecord,
    "feedback": FeedbackRecord,
    "usage": UsageRecord,
}
