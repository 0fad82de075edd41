"""The access policy: for every field, what each role on each channel may see.

Every object type of the schema has a data class (a test fails when a new type has none),
and fields that carry other data than their type's override it. Each data class gives each
role an access: FULL, MASKED (a shape without the secret part), CONSENTED (shown only for
customers who did not object to direct marketing), AGGREGATE (counted in aggregates over
the caller's reach, suppressed below the minimum group size, never read, filtered or sorted
row by row) or ABSENT (the request is refused before any engine call). A role missing from
a class's row gets ABSENT: the default is to deny. Channels cap what a role gets (a
contact-center screen never shows the customer's value); which roles may use which channel
is the binding in api.security.identity (ROLE_CHANNELS), checked at authentication.
"""

from enum import IntEnum
from functools import cache
from typing import Final

from api.security.identity import Role

POLICY_VERSION: Final = "2026-11-23.1"


class Access(IntEnum):
    """How much of a field a caller gets; lower is less."""

    ABSENT = 0
    AGGREGATE = 1  # in k-suppressed aggregates only (see AGGREGATE_FIELDS)
    CONSENTED = 2
    MASKED = 3
    FULL = 4


R = Role
ME: Final = (R.CUSTOMER,)  # a customer sees a little of their own data, on self-service only
STAFF: Final = (R.RELATIONSHIP_MANAGER, R.BRANCH_OFFICER, R.CONTACT_CENTER_AGENT, R.CARE_AGENT)
FRONT_OFFICE: Final = (R.RELATIONSHIP_MANAGER, R.BRANCH_OFFICER)


def _row(full: tuple[Role, ...], **others: tuple[Role, ...]) -> dict[Role, Access]:
    row = {role: Access.FULL for role in (*full, R.ADMINISTRATOR)}
    for access, roles in others.items():
        row.update({role: Access[access] for role in roles})
    return row


# Data class -> role -> access. Administrators get FULL everywhere (their reads are audited).
CLASSES: Final[dict[str, dict[Role, Access]]] = {
    # Connections, page info, panes, payloads and typed errors: no data of their own.
    "PLUMBING": _row((*STAFF, R.MARKETING_ANALYST, *ME)),
    "IDENTITY": _row((*STAFF, R.MARKETING_ANALYST)),  # name, age, city, id
    "BIRTH_DATE": _row(FRONT_OFFICE),  # others see the age (year of birth) only
    "CONTACT": _row(STAFF, CONSENTED=(R.MARKETING_ANALYST,)),
    "ACCOUNT_NUMBER": _row(FRONT_OFFICE, MASKED=(R.CONTACT_CENTER_AGENT, R.CARE_AGENT)),
    "HOLDINGS": _row(STAFF, AGGREGATE=(R.MARKETING_ANALYST,)),
    "FINANCES": _row((*FRONT_OFFICE, R.CARE_AGENT)),
    "VALUE": _row((*FRONT_OFFICE, R.MARKETING_ANALYST)),
    "CONSENT": _row((*STAFF, R.MARKETING_ANALYST)),
    "FAMILY": _row(FRONT_OFFICE),
    "SERVICE": _row((*STAFF, *ME), AGGREGATE=(R.MARKETING_ANALYST,)),
    "INSIGHT": _row(
        (*FRONT_OFFICE, R.CONTACT_CENTER_AGENT, R.CARE_AGENT, *ME),
        AGGREGATE=(R.MARKETING_ANALYST,),
    ),
    "SEGMENTS": _row((R.RELATIONSHIP_MANAGER, R.MARKETING_ANALYST)),
    "JOURNEYS": _row((R.MARKETING_ANALYST, R.CARE_AGENT)),
    "WORK_QUEUES": _row((*STAFF, *ME)),  # a customer: their own open cases on their view
    "CUSTOMER_LISTS": _row((*FRONT_OFFICE, R.MARKETING_ANALYST, R.CARE_AGENT)),
    "CUSTOMER_WRITES": _row(FRONT_OFFICE),
    "CUSTOMER_CREATE": _row((R.BRANCH_OFFICER,)),  # a new customer: onboarding, audited
    "EVENT_WRITES": _row(STAFF),
    "ERASURE": _row(()),
}

# Channel -> data class -> the most any role gets there.
CHANNEL_CAPS: Final[dict[str, dict[str, Access]]] = {
    "CONTACT_CENTER": {"VALUE": Access.ABSENT, "BIRTH_DATE": Access.ABSENT},
    "KIOSK": {"FINANCES": Access.ABSENT, "VALUE": Access.ABSENT, "FAMILY": Access.ABSENT},
}

# Root fields a customer may ask for (self-service screens): their own view, nothing else.
CUSTOMER_ROOTS: Final = frozenset({"Query.view"})
_ROOTS: Final = frozenset({"Query", "Mutation", "Subscription"})

# Fields that only aggregate: a class granted AGGREGATE may be read through them alone.
AGGREGATE_FIELDS: Final = frozenset({
    "SegmentPreview.count", "SegmentPreview.ageBands", "SegmentPreview.tiers",
    "SegmentPreview.productPenetration", "SegmentPreview.nps", "SegmentPreview.npsAnswers",
    "SegmentPreview.preferredChannels", "ProductPenetration.holders",
    "ProductPenetration.share", "ProductPenetration.averageBalance",
})  # fmt: skip

# Filter criteria and sort keys -> the data class they read: filtering, sorting or
# aggregating on a field needs read access to it (row access when rows come back).
CRITERIA: Final[dict[str, str]] = {
    "city": "IDENTITY", "min_age": "IDENTITY", "max_age": "IDENTITY", "value_tier": "VALUE",
    "holds_products": "HOLDINGS", "lacks_products": "HOLDINGS",
    "last_contact_after": "SERVICE", "last_contact_before": "SERVICE",
    "has_open_case": "SERVICE", "preferred_channel": "SERVICE", "need": "INSIGHT",
}  # fmt: skip
ORDERS: Final[dict[str, str]] = {
    "NAME": "IDENTITY", "AGE": "IDENTITY", "CITY": "IDENTITY", "LAST_CONTACT": "SERVICE",
}  # fmt: skip

# Object type -> its data class.
TYPES: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("AlertAcknowledged", "AlertConnection", "AlertEdge", "CaseAdvanced", "CaseAssigned",
         "CaseConnection", "CaseEdge", "CaseOpened", "Conflict", "InvalidInput", "NotFound",
         "ContactCenterView", "FullView", "SelfServiceView", "ViewFrame", "CustomerConnection",
         "CustomerEdge", "CustomerSaved", "FamilyLinked", "FamilyUnlinked", "FeedbackRecorded",
         "InteractionRecorded", "OpportunityAnswered", "PageInfo", "Pane", "SearchResult",
         "Money", "CustomerErased", "_Service"),
        "PLUMBING",
    ),
    **dict.fromkeys(("Customer", "Caller"), "IDENTITY"),
    **dict.fromkeys(("Alert", "Case"), "WORK_QUEUES"),
    **dict.fromkeys(
        ("ChannelPreference", "ContactEvent", "Feedback", "ServiceExcellence", "ServiceIncident",
         "UsagePoint", "UsageTrend"),
        "SERVICE",
    ),
    **dict.fromkeys(
        ("Edge", "Node", "Neighborhood", "Path", "Household", "HouseholdDecider",
         "HouseholdMember", "Relative"),
        "FAMILY",
    ),
    **dict.fromkeys(("FinancialCore", "Lifestyle", "ProductPosition"), "FINANCES"),
    "Holding": "HOLDINGS",
    **dict.fromkeys(("FundsUse", "Need", "Opportunity", "ProductPropensity"), "INSIGHT"),
    **dict.fromkeys(
        ("Lookalike", "ProductPenetration", "Share", "Segment", "SegmentDeleted",
         "SegmentPreview", "SegmentSaved"),
        "SEGMENTS",
    ),
    "JourneyPainPoint": "JOURNEYS",
}  # fmt: skip

_VIEW_PANES: Final = {
    "nextBestAction": "INSIGHT", "contactHistory": "SERVICE", "openCases": "SERVICE",
    "replyChannel": "SERVICE", "serviceExcellence": "SERVICE", "contactPreferences": "SERVICE",
    "holdings": "HOLDINGS", "usageTrends": "SERVICE",
}  # fmt: skip

# Fields whose data differs from their type's.
FIELDS: Final[dict[str, str]] = {
    "Customer.birthDate": "BIRTH_DATE",
    **{f"{t}.{f}": "CONTACT" for t in ("Customer", "Caller") for f in ("email", "phone")},
    "Customer.valueTier": "VALUE",
    "SegmentPreview.tiers": "VALUE", "SegmentPreview.productPenetration": "HOLDINGS",
    "SegmentPreview.nps": "SERVICE", "SegmentPreview.npsAnswers": "SERVICE",
    "SegmentPreview.preferredChannels": "SERVICE", "ProductPenetration.averageBalance": "HOLDINGS",
    "Customer.marketingConsent": "CONSENT", "Customer.profilingConsent": "CONSENT",
    "Customer.household": "FAMILY", "Customer.family": "FAMILY",
    "Customer.holdings": "HOLDINGS", "Customer.lifestyle": "FINANCES",
    **dict.fromkeys(
        (f"Customer.{f}" for f in ("usageTrends", "serviceExcellence", "contactPreferences",
                                   "cases", "feedback")),
        "SERVICE",
    ),
    **dict.fromkeys(
        (f"Customer.{f}" for f in ("needs", "opportunities", "earlyRepaymentUses",
                                   "propensities")),
        "INSIGHT",
    ),
    **{f"{view}.{pane}": data for view in ("ContactCenterView", "FullView", "SelfServiceView",
                                           "ViewFrame") for pane, data in _VIEW_PANES.items()},
    "ContactCenterView.caller": "IDENTITY",
    "Holding.accountId": "ACCOUNT_NUMBER", "Holding.coHolderIds": "ACCOUNT_NUMBER",
    "UsageTrend.accountId": "ACCOUNT_NUMBER", "Case.accountId": "ACCOUNT_NUMBER",
    "Household.totals": "FINANCES", "Household.jointAccounts": "HOLDINGS",
    "Query.customer": "IDENTITY", "Query.household": "FAMILY", "Query.view": "PLUMBING",
    # A router's entity fetches: each entity's own fields decide what comes back.
    "Query._entities": "IDENTITY", "Query._service": "PLUMBING",
    "Query.customers": "CUSTOMER_LISTS", "Query.search": "CUSTOMER_LISTS",
    "Query.neighborhood": "FAMILY", "Query.paths": "FAMILY",
    **{f"Query.{f}": "SEGMENTS" for f in ("segmentPreview", "segments", "segment")},
    "Query.alerts": "WORK_QUEUES", "Query.cases": "WORK_QUEUES", "Query.journeys": "JOURNEYS",
    **{f"Mutation.{f}": "EVENT_WRITES"
       for f in ("recordInteraction", "recordFeedback", "openCase", "respondToOpportunity")},
    **{f"Mutation.{f}": "WORK_QUEUES"
       for f in ("advanceCase", "resolveCase", "assignCase", "acknowledgeAlert")},
    **{f"Mutation.{f}": "CUSTOMER_WRITES"
       for f in ("upsertCustomer", "linkFamily", "unlinkFamily")},
    "Mutation.createSegment": "SEGMENTS", "Mutation.deleteSegment": "SEGMENTS",
    "Mutation.eraseCustomer": "ERASURE",
    "Subscription.customerUpdated": "IDENTITY", "Subscription.alertRaised": "WORK_QUEUES",
}  # fmt: skip


def data_class(type_name: str, field: str) -> str | None:
    """The data class of a field; None for a field the policy does not know (denied)."""
    return FIELDS.get(f"{type_name}.{field}") or TYPES.get(type_name)


@cache
def access(role: Role, channel: str, type_name: str, field: str) -> Access:
    """What this role on this channel gets of a field: the class's grant, capped by channel."""
    if field == "__typename":
        return Access.FULL
    if (
        role is Role.CUSTOMER
        and type_name in _ROOTS
        and f"{type_name}.{field}" not in CUSTOMER_ROOTS
    ):
        return Access.ABSENT
    kind = data_class(type_name, field)
    if kind is None:
        return Access.ABSENT
    level = class_access(role, channel, kind)
    if level is Access.AGGREGATE and f"{type_name}.{field}" not in AGGREGATE_FIELDS:
        return Access.ABSENT  # aggregate-only data is never read row by row
    return level


def class_access(role: Role, channel: str, kind: str) -> Access:
    """What this role on this channel gets of a data class: its grant, capped by channel."""
    granted = CLASSES[kind].get(role, Access.ABSENT)
    return min(granted, CHANNEL_CAPS.get(channel, {}).get(kind, Access.FULL))
