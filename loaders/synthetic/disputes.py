"""Cases: disputes resolved quickly or dragging on, and the planted attrition after some."""

from dataclasses import dataclass
from typing import Final

from graph.codes import CASE_INTENT
from loaders.synthetic.calendar import (
    DAYS,
    DISPUTE_WINDOW,
    MONTH_OF_DAY,
    STAFFED,
    USAGE_MONTHS,
    pick_day,
    stamp,
)
from loaders.synthetic.catalogue import LOANS
from loaders.synthetic.contacts import contact, rate
from loaders.synthetic.context import Context, Tally
from loaders.synthetic.holdings import Account
from loaders.synthetic.people import Person

_LAST_DAY: Final = len(DAYS) - 1


@dataclass(frozen=True, slots=True)
class SpendDrop:
    """A card whose spending falls from a usage month on."""

    card: Account
    month: int


def open_cases(
    ctx: Context, person: Person, held: dict[str, Account], tally: Tally
) -> SpendDrop | None:
    """Draw a customer's cases; return the card spending drop planted after a dispute, if any."""
    rng = ctx.rng
    drop = None
    card = held.get("CARD")
    if card is not None and rng.random() < 0.05:
        drop = _card_dispute(ctx, person, held, tally, card)
    if "CURRENT" in held and rng.random() < 0.02:
        _case(ctx, person, held, tally, "BILLING_DISPUTE", held["CURRENT"], pick_day(rng, STAFFED),
              rng.randint(2, 12) if rng.random() < 0.8 else rng.randint(40, 120))  # fmt: skip
    if rng.random() < 0.015:
        _case(ctx, person, held, tally, "COMPLAINT", held.get("CURRENT"), pick_day(rng, STAFFED),
              rng.randint(1, 20))  # fmt: skip
    loan = next((held[c] for c in sorted(LOANS) if c in held), None)
    if loan is not None and rng.random() < 0.03:
        _case(ctx, person, held, tally, "LOAN_QUERY", loan, pick_day(rng, STAFFED),
              rng.randint(1, 15))  # fmt: skip
    return drop


def _card_dispute(
    ctx: Context, person: Person, held: dict[str, Account], tally: Tally, card: Account
) -> SpendDrop | None:
    """Quick ones are resolved in days; dragging ones run for months or are still open."""
    rng = ctx.rng
    opened = pick_day(rng, STAFFED, *DISPUTE_WINDOW)
    if rng.random() >= 0.45:
        _case(ctx, person, held, tally, "CARD_DISPUTE", card, opened, rng.randint(2, 10))
        return None
    drag = rng.randint(60, 150) if rng.random() < 0.5 else None  # None: still open today
    case_id = _case(ctx, person, held, tally, "CARD_DISPUTE", card, opened, drag)
    tally.dragging_case = True
    attrition = rng.random() < 0.5
    month = min(MONTH_OF_DAY[opened] + 1 + rng.randint(0, 1), 11) if attrition else None
    resolved = stamp(opened + drag, 16, 0) if drag and opened + drag <= _LAST_DAY else ""
    ctx.truth.write("attrition_cases", (
        case_id, person.id, card.id, stamp(opened, 9, 59), resolved, attrition,
        "" if month is None else USAGE_MONTHS[month],
    ))  # fmt: skip
    return SpendDrop(card, month) if month is not None else None


def _case(
    ctx: Context, person: Person, held: dict[str, Account], tally: Tally, category: str,
    account: Account | None, opened: int, days_to_resolve: int | None,
) -> str:  # fmt: skip
    """Write a case, the call that opened it, its stages, follow-up calls and a rating."""
    rng = ctx.rng
    case_id = ctx.next_id("cases")
    intent = CASE_INTENT[category]
    agents = ctx.agents[("CONTACT_CENTER", intent)]
    owner = rng.choice(agents)

    def call(day: int, about: str, outcome: str, rated: float) -> str:
        return contact(ctx, person, held, tally, "CONTACT_CENTER", day, about, outcome=outcome,
                       case=account, case_id=case_id, rated=rated, hour=9)  # fmt: skip

    first = call(opened, intent, "UNRESOLVED", 0.0)
    steps: list[tuple[str, int, str | None]] = [("OPENED", opened, first)]
    steps.append(("INVESTIGATING", min(opened + 1, _LAST_DAY), None))
    resolved_on = opened + days_to_resolve if days_to_resolve is not None else _LAST_DAY + 1
    dragging = days_to_resolve is None or days_to_resolve > 30
    if dragging:
        steps.append(("AWAITING_CUSTOMER", min(opened + rng.randint(10, 20), _LAST_DAY), None))
        for _ in range(rng.randint(2, 4)):  # the customer chases it
            day = min(opened + rng.randint(7, 60), _LAST_DAY, resolved_on - 1)
            call(day, "COMPLAINT", "UNRESOLVED", 0.3)
    if resolved_on <= _LAST_DAY:
        closing = call(resolved_on, intent, "RESOLVED", 0.0)
        steps.append(("RESOLVED", resolved_on, closing))
        if resolved_on + 2 <= _LAST_DAY:
            steps.append(("CLOSED", resolved_on + 2, None))
        rate(ctx, person, closing, resolved_on, 17, "CONTACT_CENTER", pleased=not dragging)
    for stage, day, interaction in steps:
        at = stamp(day, 9, 59) if stage == "OPENED" else stamp(day, 15, 30 if interaction else 45)
        ctx.sinks.write(
            "case_steps", (ctx.next_id("case_steps"), case_id, stage, at, owner, interaction)
        )
    last = steps[-1][1]
    ctx.sinks.write("cases", (
        case_id, person.id, category, stamp(opened, 9, 59), account.product if account else None,
        account.id if account else None, stamp(last, 15, 45),
    ))  # fmt: skip
    return case_id
