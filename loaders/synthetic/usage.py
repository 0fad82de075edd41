"""Monthly usage per account and service over the last 12 months, incidents included."""

from typing import Final

from loaders.synthetic.calendar import CARD_FAILURE_MONTH, MOBILE_OUTAGE_MONTH, USAGE_MONTHS
from loaders.synthetic.catalogue import CURRENCY
from loaders.synthetic.context import Context, Tally
from loaders.synthetic.disputes import SpendDrop
from loaders.synthetic.holdings import Account
from loaders.synthetic.people import Person

# Spending by usage month (Nov..Oct): Christmas up, January tight, summer holidays.
_SEASON: Final = (1.1, 1.35, 0.85, 0.9, 1.0, 1.0, 1.0, 1.05, 1.1, 1.05, 1.0, 1.0)
_BILLS: Final = (1.0, 1.0, 1.15, 1.05, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0)


def record_usage(
    ctx: Context, person: Person, accounts: list[Account], tally: Tally, drop: SpendDrop | None
) -> None:
    """Write the usage of the accounts this customer holds first."""
    rng = ctx.rng
    own = [a for a in accounts if a.holders[0] is person and a.status != "CLOSED"]
    current = next((a for a in own if a.category == "CURRENT"), None)
    for card in (a for a in own if a.category == "CARD"):
        # Planted after a dragging dispute; a few cards fade for reasons the bank never sees.
        fade = drop.month if drop and drop.card is card else None
        if fade is None and rng.random() < 0.02:
            fade = rng.randint(3, 11)
        _card_spend(ctx, person, card, fade)
    if current is None:
        return
    elderly, digital = person.age >= 65, person.persona in ("DIGITAL", "MIXED")
    atm = rng.lognormvariate(1.3, 0.5) * (1.5 if elderly else 0.6 if digital else 1.0)
    bills = rng.randint(3, 9)
    transfers = rng.lognormvariate(1.8, 0.6) if digital else 0.0
    for month, name in enumerate(USAGE_MONTHS):
        noise = rng.uniform(0.85, 1.15)
        _write(ctx, current, "ATM_WITHDRAWAL", name, int(atm * noise), rng.randint(4_000, 8_000))
        bill = int(bills * _BILLS[month])
        _write(ctx, current, "BILL_PAYMENT", name, bill, int(person.income * 0.3 / max(bill, 1)))
        if transfers:  # the mobile outage month moves fewer transfers
            moved = transfers * noise * (0.7 if month == MOBILE_OUTAGE_MONTH else 1.0)
            _write(ctx, current, "TRANSFER", name, int(moved), int(person.income * 0.05))
        if tally.branch_visits[month]:
            _write(ctx, current, "BRANCH_VISIT", name, tally.branch_visits[month], 0)
        if tally.calls[month]:
            _write(ctx, current, "CONTACT_CENTER_CALL", name, tally.calls[month], 0)


def _card_spend(ctx: Context, person: Person, card: Account, fade: int | None) -> None:
    rng = ctx.rng
    count = rng.lognormvariate(3.0, 0.5)
    ticket = rng.randint(1_500, 4_500) * (1 + person.income / 1_000_000)
    for month, name in enumerate(USAGE_MONTHS):
        factor = _SEASON[month] * rng.uniform(0.9, 1.1)
        if month == CARD_FAILURE_MONTH:
            factor *= 0.8  # four days of declined payments
        if fade is not None and month >= fade:
            factor *= max(0.05, 0.4 - 0.1 * (month - fade))
        spent = int(count * factor)
        _write(ctx, card, "CARD_SPEND", name, spent, int(ticket))


def _write(ctx: Context, account: Account, service: str, month: str, count: int, each: int) -> None:
    ctx.sinks.write("usage", (account.id, service, month, count, count * each, CURRENCY))
