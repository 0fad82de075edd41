"""The code lists every layer shares, defined once: the files' values, the graph's
properties, the rules' inputs and the API's enums are these members."""

from enum import StrEnum
from typing import Final


class ChannelCode(StrEnum):
    """Where a contact happens."""

    BRANCH = "BRANCH"
    BRANCH_TABLET = "BRANCH_TABLET"
    ATM = "ATM"
    KIOSK = "KIOSK"
    MOBILE = "MOBILE"
    WEB = "WEB"
    CONTACT_CENTER = "CONTACT_CENTER"


class ProductCategory(StrEnum):
    """The catalogue's families; assets and liabilities follow from them."""

    CURRENT = "CURRENT"
    SAVINGS = "SAVINGS"
    EDUCATION_SAVINGS = "EDUCATION_SAVINGS"
    CARD = "CARD"
    MORTGAGE = "MORTGAGE"
    PERSONAL_LOAN = "PERSONAL_LOAN"
    HIRE_PURCHASE = "HIRE_PURCHASE"
    LIFE_INSURANCE = "LIFE_INSURANCE"
    MEDICAL_INSURANCE = "MEDICAL_INSURANCE"
    TRAVEL_INSURANCE = "TRAVEL_INSURANCE"
    INVESTMENT = "INVESTMENT"
    PENSION = "PENSION"


class Intent(StrEnum):
    """Why the customer made contact (from the IVR, the app, or the agent)."""

    BILLING = "BILLING"
    CARDS = "CARDS"
    LOANS = "LOANS"
    COMPLAINT = "COMPLAINT"
    GENERAL = "GENERAL"
    SALES = "SALES"


class Outcome(StrEnum):
    """How a contact ended."""

    RESOLVED = "RESOLVED"
    UNRESOLVED = "UNRESOLVED"
    TRANSFERRED = "TRANSFERRED"
    NO_RESPONSE = "NO_RESPONSE"


class CaseStage(StrEnum):
    """A dispute or complaint case's stages, in order."""

    OPENED = "OPENED"
    INVESTIGATING = "INVESTIGATING"
    AWAITING_CUSTOMER = "AWAITING_CUSTOMER"
    RESOLVED = "RESOLVED"
    CLOSED = "CLOSED"


class SurveyKind(StrEnum):
    """Survey scales: NPS 0-10, CSAT 1-5."""

    NPS = "NPS"
    CSAT = "CSAT"


class Service(StrEnum):
    """Services whose monthly usage per account is fed to Kith."""

    ATM_WITHDRAWAL = "ATM_WITHDRAWAL"
    TRANSFER = "TRANSFER"
    BILL_PAYMENT = "BILL_PAYMENT"
    CARD_SPEND = "CARD_SPEND"
    BRANCH_VISIT = "BRANCH_VISIT"
    CONTACT_CENTER_CALL = "CONTACT_CENTER_CALL"


class ViewChannel(StrEnum):
    """Who is looking: the screen a view is tailored for (a token's channel is one of these,
    or the back office)."""

    BRANCH_TABLET = "BRANCH_TABLET"
    RELATIONSHIP_MANAGER = "RELATIONSHIP_MANAGER"
    CONTACT_CENTER = "CONTACT_CENTER"
    MOBILE_APP = "MOBILE_APP"
    WEB = "WEB"
    KIOSK = "KIOSK"


# The contact intent each case category belongs to (also the skill that works it).
CASE_INTENT: Final[dict[str, Intent]] = {
    "CARD_DISPUTE": Intent.CARDS, "BILLING_DISPUTE": Intent.BILLING,
    "COMPLAINT": Intent.COMPLAINT, "LOAN_QUERY": Intent.LOANS,
}  # fmt: skip
