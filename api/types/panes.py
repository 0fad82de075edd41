"""Which panes a channel shows, in which order, for the reason a customer made contact.

Policy, not presentation: the intent's own history and cases come first, service comes
before sales while a case or a complaint is open, and a channel never gets a pane it
may not show (the contact center has no lifestyle or household finances).
"""

from collections.abc import Sequence
from enum import StrEnum
from typing import Final

import strawberry

from api.types.codes import ViewChannel
from graph.codes import CASE_INTENT


@strawberry.enum(description="Why the customer is in contact.")
class ContactIntent(StrEnum):
    """Why the customer is in contact (from the IVR, the app or the agent): the contracts'
    `Intent` less SALES, which no view is tailored for (a test keeps the two in step)."""

    BILLING = "BILLING"
    CARDS = "CARDS"
    LOANS = "LOANS"
    COMPLAINT = "COMPLAINT"
    GENERAL = "GENERAL"


@strawberry.enum(description="A block of a view; its data is in the view's field of that name.")
class PaneKind(StrEnum):
    """A block of a view; its data is in the view's field of the same name."""

    CONTACT_HISTORY = "CONTACT_HISTORY"
    OPEN_CASES = "OPEN_CASES"
    SERVICE_EXCELLENCE = "SERVICE_EXCELLENCE"
    NEXT_BEST_ACTION = "NEXT_BEST_ACTION"
    CONTACT_PREFERENCES = "CONTACT_PREFERENCES"
    HOLDINGS = "HOLDINGS"
    USAGE_TRENDS = "USAGE_TRENDS"
    LIFESTYLE = "LIFESTYLE"
    HOUSEHOLD = "HOUSEHOLD"
    FEEDBACK = "FEEDBACK"


P = PaneKind
# What each channel may show, in its order when nothing is pressing.
CHANNEL_PANES: Final[dict[ViewChannel, tuple[PaneKind, ...]]] = {
    ViewChannel.BRANCH_TABLET: (
        P.NEXT_BEST_ACTION, P.HOUSEHOLD, P.LIFESTYLE, P.HOLDINGS, P.USAGE_TRENDS,
        P.SERVICE_EXCELLENCE, P.CONTACT_PREFERENCES, P.OPEN_CASES, P.CONTACT_HISTORY, P.FEEDBACK,
    ),
    ViewChannel.RELATIONSHIP_MANAGER: (
        P.HOUSEHOLD, P.LIFESTYLE, P.NEXT_BEST_ACTION, P.HOLDINGS, P.USAGE_TRENDS,
        P.SERVICE_EXCELLENCE, P.CONTACT_PREFERENCES, P.OPEN_CASES, P.CONTACT_HISTORY, P.FEEDBACK,
    ),
    ViewChannel.CONTACT_CENTER: (
        P.CONTACT_HISTORY, P.OPEN_CASES, P.SERVICE_EXCELLENCE, P.NEXT_BEST_ACTION,
        P.CONTACT_PREFERENCES, P.HOLDINGS, P.USAGE_TRENDS,
    ),
    ViewChannel.MOBILE_APP: (P.OPEN_CASES, P.NEXT_BEST_ACTION, P.HOLDINGS, P.USAGE_TRENDS),
    ViewChannel.WEB: (P.OPEN_CASES, P.NEXT_BEST_ACTION, P.HOLDINGS, P.USAGE_TRENDS),
    ViewChannel.KIOSK: (P.OPEN_CASES, P.NEXT_BEST_ACTION),
}  # fmt: skip
_SERVICE: Final = (P.OPEN_CASES, P.CONTACT_HISTORY, P.SERVICE_EXCELLENCE)
# The case category and usage service that belong to each intent.
INTENT_CASES: Final = {ContactIntent(intent): case for case, intent in CASE_INTENT.items()}
INTENT_SERVICES: Final = {
    ContactIntent.BILLING: ("BILL_PAYMENT",),
    ContactIntent.CARDS: ("CARD_SPEND",),
    ContactIntent.LOANS: (),
    ContactIntent.COMPLAINT: (),
    ContactIntent.GENERAL: (),
}


def order_panes(
    channel: ViewChannel, intent: ContactIntent, *, open_cases: int
) -> list[tuple[PaneKind, str]]:
    """Return the channel's panes in order, each with the reason for its place."""
    allowed = CHANNEL_PANES[channel]
    word = intent.lower()
    reasons: dict[PaneKind, str] = {}
    focus: Sequence[PaneKind] = ()
    if intent is ContactIntent.COMPLAINT:
        focus = (P.OPEN_CASES, P.CONTACT_HISTORY, P.SERVICE_EXCELLENCE)
        reasons = dict.fromkeys(focus, "complaint: service first")
    elif intent is not ContactIntent.GENERAL:
        focus = (P.CONTACT_HISTORY, P.OPEN_CASES)
        reasons = dict.fromkeys(focus, f"{word} contact: {word} history and cases first")
    ordered = [p for p in focus if p in allowed] + [p for p in allowed if p not in focus]
    if (open_cases or intent is ContactIntent.COMPLAINT) and P.NEXT_BEST_ACTION in ordered:
        ordered.remove(P.NEXT_BEST_ACTION)
        last_service = max((ordered.index(p) for p in _SERVICE if p in ordered), default=-1)
        ordered.insert(last_service + 1, P.NEXT_BEST_ACTION)
        why = f"{open_cases} open case(s)" if open_cases else "a complaint"
        reasons[P.NEXT_BEST_ACTION] = f"{why}: service before sales"
    return [(pane, reasons.get(pane, f"{channel.lower()} default order")) for pane in ordered]
