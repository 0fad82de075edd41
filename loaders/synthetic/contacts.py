"""Interactions and survey answers: channel habits, weekly and seasonal rhythm, incidents."""

from typing import Final

from loaders.synthetic.calendar import (
    CARD_FAILURE,
    DIGITAL,
    MOBILE_OUTAGE,
    MONTH_OF_DAY,
    STAFFED,
    pick_day,
    stamp,
)
from loaders.synthetic.catalogue import PRODUCT_OF, TOUCHPOINTS
from loaders.synthetic.context import Context, Tally, draw, table
from loaders.synthetic.holdings import Account
from loaders.synthetic.people import Person

# Where each persona goes when it contacts the bank.
CHANNEL_HABITS: Final = {
    "DIGITAL": table((("MOBILE", 55), ("WEB", 20), ("CONTACT_CENTER", 10), ("ATM", 8),
                      ("BRANCH", 3), ("BRANCH_TABLET", 2), ("KIOSK", 2))),
    "MIXED": table((("MOBILE", 30), ("WEB", 20), ("CONTACT_CENTER", 20), ("BRANCH", 12),
                    ("BRANCH_TABLET", 6), ("ATM", 8), ("KIOSK", 4))),
    "PHONE": table((("CONTACT_CENTER", 50), ("BRANCH", 15), ("WEB", 10), ("MOBILE", 8),
                    ("ATM", 10), ("BRANCH_TABLET", 4), ("KIOSK", 3))),
    "BRANCH": table((("BRANCH", 40), ("BRANCH_TABLET", 15), ("CONTACT_CENTER", 20), ("ATM", 15),
                     ("KIOSK", 5), ("WEB", 3), ("MOBILE", 2))),
}  # fmt: skip
# How often each persona answers when the bank reaches out on a channel.
RESPONSE_RATES: Final = {
    "DIGITAL": {"MOBILE": 0.6, "WEB": 0.35, "CONTACT_CENTER": 0.1, "BRANCH": 0.05},
    "MIXED": {"MOBILE": 0.4, "WEB": 0.35, "CONTACT_CENTER": 0.3, "BRANCH": 0.15},
    "PHONE": {"MOBILE": 0.08, "WEB": 0.12, "CONTACT_CENTER": 0.6, "BRANCH": 0.25},
    "BRANCH": {"MOBILE": 0.03, "WEB": 0.05, "CONTACT_CENTER": 0.3, "BRANCH": 0.6},
}
CONTACTS_PER_24_MONTHS: Final = {"DIGITAL": 30, "MIXED": 29, "PHONE": 24, "BRANCH": 19}
_OUTBOUND: Final = ("MOBILE", "WEB", "CONTACT_CENTER", "BRANCH")
_DIGITAL_APP: Final = table((("GENERAL", 60), ("BILLING", 20), ("CARDS", 15), ("LOANS", 5)))
_INTENTS: Final = {
    "CONTACT_CENTER": table((("BILLING", 30), ("CARDS", 25), ("LOANS", 15), ("COMPLAINT", 8),
                             ("GENERAL", 22))),
    "BRANCH": table((("GENERAL", 40), ("LOANS", 20), ("BILLING", 15), ("CARDS", 10),
                     ("SALES", 15))),
    "BRANCH_TABLET": table((("GENERAL", 40), ("SALES", 35), ("LOANS", 25))),
    "MOBILE": _DIGITAL_APP,
    "WEB": _DIGITAL_APP,
    "ATM": table((("GENERAL", 1),)),
    "KIOSK": table((("GENERAL", 80), ("BILLING", 20))),
}  # fmt: skip
_STAFFED: Final = frozenset({"BRANCH", "BRANCH_TABLET", "CONTACT_CENTER"})
_INTENT_ACCOUNT: Final = {
    "BILLING": ("CURRENT",),
    "CARDS": ("CARD",),
    "LOANS": ("MORTGAGE", "PERSONAL_LOAN", "HIRE_PURCHASE"),
    "GENERAL": ("CURRENT", "SAVINGS"),
    "COMPLAINT": ("CURRENT", "CARD"),
}
_CSAT: Final = (table((("5", 55), ("4", 35), ("3", 10))), table((("1", 45), ("2", 35), ("3", 20))))
_NPS: Final = (
    table((("10", 25), ("9", 30), ("8", 20), ("7", 15), ("6", 10))),
    table((("0", 10), ("1", 10), ("2", 15), ("3", 20), ("4", 20), ("5", 15), ("6", 10))),
)


def live(ctx: Context, person: Person, held: dict[str, Account], tally: Tally) -> None:
    """Draw a customer's contacts over 24 months, in and out, with some rated afterwards."""
    rng = ctx.rng
    volume = CONTACTS_PER_24_MONTHS[person.persona] * rng.lognormvariate(-0.18, 0.6)
    for _ in range(max(1, int(volume))):
        if rng.random() < 0.2:
            _outreach(ctx, person, held)
            continue
        channel = draw(rng, CHANNEL_HABITS[person.persona])
        day = pick_day(rng, STAFFED if channel in _STAFFED else DIGITAL)
        intent = ""
        if channel == "MOBILE" and day in MOBILE_OUTAGE:  # the app is down: people call
            channel, intent = "CONTACT_CENTER", "COMPLAINT" if rng.random() < 0.3 else "GENERAL"
        elif day in CARD_FAILURE and "CARD" in held and rng.random() < 0.7:
            intent = "CARDS"
        contact(ctx, person, held, tally, channel, day, intent or draw(rng, _INTENTS[channel]))


def contact(
    ctx: Context,
    person: Person,
    held: dict[str, Account],
    tally: Tally,
    channel: str,
    day: int,
    intent: str,
    *,
    outcome: str = "",
    case: Account | None = None,
    case_id: str | None = None,
    rated: float = 0.12,
    hour: int | None = None,
) -> str:
    """Write one inbound contact (and perhaps its survey answer); return its id."""
    rng = ctx.rng
    if not outcome:
        odds = 0.82 if channel == "CONTACT_CENTER" else 0.9
        odds = (
            0.55 if intent == "COMPLAINT" or day in CARD_FAILURE or day in MOBILE_OUTAGE else odds
        )
        resolved = rng.random() < odds
        outcome = "RESOLVED" if resolved else "UNRESOLVED" if rng.random() < 0.7 else "TRANSFERRED"
    account = case or _account_for(rng.random(), intent, held)
    product = (
        account.product if account else ctx.offers["PERSONAL_LOAN"] if intent == "LOANS" else None
    )
    if hour is None:
        hour = rng.randint(9, 17) if channel in _STAFFED else rng.randint(7, 22)
    at = stamp(day, hour, rng.randrange(60))
    agents = ctx.agents.get((channel, intent))
    interaction = ctx.next_id("interactions")
    ctx.sinks.write("interactions", (
        interaction, person.id, channel, at, "INBOUND", intent, outcome, True, product,
        account.id if account else None, rng.choice(agents) if agents else None, case_id,
        _turnaround(rng.random(), channel, intent) if outcome == "RESOLVED" else None,
    ))  # fmt: skip
    month = MONTH_OF_DAY[day]
    if month >= 0 and channel == "CONTACT_CENTER":
        tally.calls[month] += 1
    elif month >= 0 and channel in ("BRANCH", "BRANCH_TABLET"):
        tally.branch_visits[month] += 1
    tally.unresolved += outcome != "RESOLVED"
    if rng.random() < rated:
        rate(ctx, person, interaction, day, hour, channel, outcome == "RESOLVED")
    return interaction


def rate(
    ctx: Context, person: Person, interaction: str | None, day: int, hour: int, touchpoint: str,
    pleased: bool,
) -> None:  # fmt: skip
    """Write a survey answer about a contact (CSAT mostly) or the relationship (NPS)."""
    rng = ctx.rng
    nps = interaction is None or rng.random() < 0.25
    score = draw(rng, (_NPS if nps else _CSAT)[0 if pleased else 1])
    ctx.sinks.write("feedback", (
        ctx.next_id("feedback"), person.id, "NPS" if nps else "CSAT", int(score),
        stamp(day, min(hour + 1, 23), rng.randrange(60)), interaction,
        TOUCHPOINTS.get(touchpoint, touchpoint),
    ))  # fmt: skip


def _outreach(ctx: Context, person: Person, held: dict[str, Account]) -> None:
    """The bank reaches out; whether the customer answers depends on the channel."""
    rng = ctx.rng
    channel = rng.choice(_OUTBOUND)
    day = pick_day(rng, STAFFED if channel in _STAFFED else DIGITAL)
    responded = rng.random() < RESPONSE_RATES[person.persona][channel]
    outcome = ("RESOLVED" if rng.random() < 0.6 else "UNRESOLVED") if responded else "NO_RESPONSE"
    intent = "SALES" if rng.random() < 0.6 else "GENERAL"
    offer = ctx.offers[rng.choice(tuple(PRODUCT_OF))] if intent == "SALES" else None
    agents = ctx.agents.get((channel, intent))
    ctx.sinks.write("interactions", (
        ctx.next_id("interactions"), person.id, channel, stamp(day, rng.randint(9, 19), 0),
        "OUTBOUND", intent, outcome, responded, offer, None,
        rng.choice(agents) if agents else None, None, None,
    ))  # fmt: skip


def _account_for(chance: float, intent: str, held: dict[str, Account]) -> Account | None:
    for category in _INTENT_ACCOUNT.get(intent, ()):
        if category in held and chance < 0.85:
            return held[category]
    return None


def _turnaround(chance: float, channel: str, intent: str) -> int:
    """Minutes from first contact to resolution."""
    if intent == "COMPLAINT":
        return 600 + int(chance * 6_600)
    if channel == "CONTACT_CENTER":
        return 3 + int(chance * chance * 90)
    if channel in _STAFFED:
        return 10 + int(chance * 50)
    return 1 + int(chance * 14)
