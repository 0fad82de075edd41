"""Channel-tailored views: a type per audience, so a field a channel may not see is absent."""

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any, Final

import strawberry

from api.types.accounts import Holding
from api.types.cases import Case
from api.types.codes import ViewChannel
from api.types.common import Info, instant
from api.types.customers import (
    Customer,
    contact_preferences_of,
    holdings_of,
    service_excellence_of,
    today,
)
from api.types.engagement import ChannelPreference, ServiceExcellence, UsageTrend
from api.types.needs import Opportunity
from api.types.panes import (
    INTENT_CASES,
    INTENT_SERVICES,
    ContactIntent,
    PaneKind,
    order_panes,
)
from graph.records import Contact
from graph.records import Customer as CustomerRecord
from graph.records import Opportunity as OpportunityRecord
from recommenders.ages import age_on
from recommenders.channels import rank_channels
from recommenders.offers import script_for_channel


@strawberry.type(description="Where a block goes on the screen, and why there.")
class Pane:
    kind: PaneKind
    reason: str


@strawberry.type(description="A past contact; those about this contact's intent come first.")
class ContactEvent:
    id: strawberry.ID
    at: datetime
    channel: str
    direction: str
    intent: str
    outcome: str
    product_id: strawberry.ID | None
    case_id: strawberry.ID | None
    matches_intent: bool
    notification: bool = strawberry.field(
        description="the bank telling the customer about a case step (not a conversation)"
    )

    @classmethod
    def from_record(cls, contact: Contact, intent: ContactIntent) -> "ContactEvent":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(contact.id), at=instant(contact.at), channel=contact.channel_id,
            direction=contact.direction, intent=contact.intent, outcome=contact.outcome,
            product_id=strawberry.ID(contact.product_id) if contact.product_id else None,
            case_id=strawberry.ID(contact.case_id) if contact.case_id else None,
            matches_intent=contact.intent == intent.value, notification=contact.notification,
        )  # fmt: skip


@strawberry.type(description="Who is calling: identity only, no value tier, income or finances.")
class Caller:
    audit_customer_field = "id"  # the audit trail notes each one returned

    id: strawberry.ID
    full_name: str
    age: int | None
    city: str | None
    phone: str | None
    email: str | None


@strawberry.interface(description="What every view says first: where to look and what to do.")
class ViewFrame:
    channel: ViewChannel
    intent: ContactIntent
    panes: list[Pane]
    reply_channel: str | None = strawberry.field(description="Best channel to answer on.")
    next_best_action: Opportunity | None = strawberry.field(
        description="The offer to make once service is done (recommenders), its script said "
        "the channel's way: the contact center's opens with the security check and closes by "
        "sending the details (SMS, email) or booking a call back; the branch tablet's and the "
        "relationship manager's close at the desk or with the advisory meeting; the mobile "
        "app, web and kiosk get the offer in the customer's terms and one call to action."
    )
    contact_history: list[ContactEvent]
    open_cases: list[Case]


@strawberry.type(description="Branch tablet and relationship manager: the whole 360.")
class FullView(ViewFrame):
    customer: Customer


@strawberry.type(
    description="Contact center: what this call needs, nothing of the customer's value."
)
class ContactCenterView(ViewFrame):
    audit_customer_field = "customer_id"  # the audit trail notes each one returned

    caller: Caller
    customer_id: strawberry.Private[str]

    @strawberry.field(description="Interactions, resolution, turnaround and satisfaction.")
    async def service_excellence(self, info: Info) -> ServiceExcellence:
        return await service_excellence_of(info, self.customer_id)

    @strawberry.field(description="Channels ranked by response; ineffective ones hidden.")
    async def contact_preferences(self, info: Info) -> list[ChannelPreference]:
        return await contact_preferences_of(info, self.customer_id, include_ineffective=False)

    @strawberry.field(description="Accounts held, with balances (no totals, no profitability).")
    async def holdings(self, info: Info) -> list[Holding]:
        return await holdings_of(info, self.customer_id)

    @strawberry.field(description="Usage of the services this intent is about only.")
    async def usage_trends(self, info: Info) -> list[UsageTrend]:
        services = INTENT_SERVICES[self.intent]
        series = await info.context.loaders.usage.load(self.customer_id)
        return [UsageTrend.from_record(s) for s in series if s.service in services]


@strawberry.type(description="Mobile app, web and kiosk: the customer's own small screen.")
class SelfServiceView(ViewFrame):
    first_name: str


CustomerView = Annotated[
    FullView | ContactCenterView | SelfServiceView, strawberry.union("CustomerView")
]


def caller_of(customer: CustomerRecord) -> Caller:
    """The caller's identity from the profile."""
    return Caller(
        id=strawberry.ID(customer.id), full_name=customer.full_name,
        age=age_on(customer.birth_date, today()), city=customer.city,
        phone=customer.phone, email=customer.email,
    )  # fmt: skip


def best_action(offer: OpportunityRecord, channel: ViewChannel) -> Opportunity:
    """The offer with its stored script said the channel's way."""
    script = script_for_channel(offer.script, channel.value, offer.product_name)
    return Opportunity.from_record(replace(offer, script=script))


_HISTORY: Final = {ViewChannel.CONTACT_CENTER: 10, ViewChannel.BRANCH_TABLET: 20,
                   ViewChannel.RELATIONSHIP_MANAGER: 20}  # fmt: skip


async def build_view(
    info: Info, customer_id: str, channel: ViewChannel, intent: ContactIntent
) -> FullView | ContactCenterView | SelfServiceView | None:
    """Read what the ordering needs in one batch, order the panes, build the channel's type."""
    loaders = info.context.loaders
    profile, cases, contacts, engagement, offers = await asyncio.gather(
        loaders.profiles.load(customer_id), loaders.cases.load(customer_id),
        loaders.contacts.load(customer_id), loaders.engagements.load(customer_id),
        loaders.opportunities.load(customer_id),
    )  # fmt: skip
    if profile is None:
        return None
    now = datetime.now(UTC)
    mine = INTENT_CASES.get(intent)
    open_cases = [Case.from_record(c, now) for c in cases]
    open_cases = sorted((c for c in open_cases if c.open), key=lambda c: c.category != mine)
    history = sorted(contacts, key=lambda c: c.intent != intent.value)[: _HISTORY.get(channel, 0)]
    ranked = rank_channels(engagement.channels) if engagement else []
    frame: dict[str, Any] = {
        "channel": channel,
        "intent": intent,
        "panes": [
            Pane(kind=kind, reason=reason)
            for kind, reason in order_panes(channel, intent, open_cases=len(open_cases))
        ],
        "reply_channel": next((p.channel_id for p in ranked if p.best), None),
        "next_best_action": best_action(offers[0], channel) if offers else None,
        "contact_history": [ContactEvent.from_record(c, intent) for c in history],
        "open_cases": open_cases,
    }
    if channel in (ViewChannel.BRANCH_TABLET, ViewChannel.RELATIONSHIP_MANAGER):
        return FullView(customer=Customer.from_record(profile), **frame)
    if channel is ViewChannel.CONTACT_CENTER:
        return ContactCenterView(caller=caller_of(profile), customer_id=customer_id, **frame)
    return SelfServiceView(first_name=profile.full_name.split()[0], **frame)
