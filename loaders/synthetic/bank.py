"""A whole synthetic bank, streamed household by household into one file per record kind."""

from datetime import timedelta
from pathlib import Path
from random import Random
from typing import Final

from loaders.synthetic.adoption import Adoption
from loaders.synthetic.calendar import SNAPSHOT
from loaders.synthetic.catalogue import (
    CHANNELS,
    CURRENCY,
    FEMALE,
    INCIDENTS,
    MALE,
    PRODUCTS,
    SURNAMES,
    TEAMS,
    UPDATED_AT,
)
from loaders.synthetic.contacts import live, rate
from loaders.synthetic.context import Context, Tally
from loaders.synthetic.disputes import open_cases
from loaders.synthetic.holdings import Account, Holdings, early_repayment
from loaders.synthetic.people import FamilyUnit, People, Person
from loaders.synthetic.sinks import FileFormat, Sinks
from loaders.synthetic.truth import Truth
from loaders.synthetic.usage import record_usage
from loaders.synthetic.variants import FLAGSHIPS, VARIANTS, Catalogue

_HELD_OUT: Final = 0.06  # share of adults whose latest product becomes "adopted next"


def write_bank(
    out_dir: Path,
    *,
    customers: int,
    seed: int,
    file_format: FileFormat = "csv",
    catalogue: Catalogue = "compact",
) -> dict[str, int]:
    """Write a bank of `customers` people into `out_dir`; return rows written per kind.

    The compact catalogue has one product per category; `variants` has a few hundred, which
    customers adopt by fit and by what their family holds (loaders/synthetic/adoption.py).
    """
    rng = Random(seed)
    with Sinks(out_dir, file_format) as sinks, Truth(out_dir / "truth") as truth:
        ctx = Context(rng, sinks, truth, _staff(sinks, rng, customers))
        for channel in CHANNELS:
            sinks.write("channels", channel)
        adoption = None
        if catalogue == "variants":
            # A source of its own: the people and their categories stay those of the seed.
            adoption, ctx.offers = Adoption(Random(f"variants-{seed}")), dict(FLAGSHIPS)
        for product, name, category in _products(catalogue):
            sinks.write("products", (product, name, category, UPDATED_AT))
        for incident in INCIDENTS:
            sinks.write("incidents", (*incident, UPDATED_AT))
        people, holdings = People(rng), Holdings(rng)
        while people.customers < customers:
            _write_unit(ctx, people.unit(customers - people.customers), holdings, adoption)
        return sinks.counts


def _products(catalogue: Catalogue) -> list[tuple[str, str, str]]:
    """(id, name, category) of every product the bank sells."""
    if catalogue == "variants":
        return [(v.id, v.name, v.category) for v in VARIANTS]
    return [(product, name, category) for product, (name, category) in PRODUCTS.items()]


def _staff(sinks: Sinks, rng: Random, customers: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """Write the agents; return who takes which (channel, intent)."""
    taking: dict[tuple[str, str], list[str]] = {}
    for number in range(1, max(3 * len(TEAMS), customers // 300) + 1):
        team, channel, intents = TEAMS[number % len(TEAMS)]
        agent = f"AG-{number:05d}"
        name = f"{rng.choice(FEMALE + MALE)} {rng.choice(SURNAMES)}"
        sinks.write("agents", (agent, name, team, channel, "|".join(intents), UPDATED_AT))
        for intent in intents:
            taking.setdefault((channel, intent), []).append(agent)
    return {key: tuple(agents) for key, agents in taking.items()}


def _write_unit(
    ctx: Context, unit: FamilyUnit, holdings: Holdings, adoption: Adoption | None
) -> None:
    sinks = ctx.sinks
    if adoption:
        adoption.start(unit)
    everyone = {p.id: p for h in unit.households for p in h.members}
    for household in unit.households:
        head = household.members[0]
        sinks.write(
            "households", (household.id, f"{head.last} household", household.city, UPDATED_AT)
        )
        for number, person in enumerate(household.members):
            sinks.write("customers", _customer_row(person, household.address))
            sinks.write(
                "household_members", (household.id, person.id, "MEMBER" if number else "HEAD")
            )
    for tie in unit.ties:
        sinks.write("family", tie)
    every_account: list[Account] = []
    for household in unit.households:
        accounts = holdings.open(household)
        later = _hold_out(ctx, accounts)
        if adoption:
            adoption.pick(accounts, [account for _, account, _ in later])
        for person, account, adopted in later:  # products known once the variants are
            ctx.truth.write(
                "next_products", (person.id, account.product, account.category, adopted)
            )
        every_account.extend(accounts)
        for account in accounts:
            if early_repayment(account, ctx.rng):
                loan = account.category.lower().replace("_", " ")
                _situation(ctx, account.holders[0], "EARLY_LOAN_REPAYMENT", account.id, "",
                           f"{loan} repaid early")  # fmt: skip
            sinks.write("accounts", (
                account.id, account.product, account.status, account.opened, None,
                account.balance, account.flow, CURRENCY, UPDATED_AT,
            ))  # fmt: skip
            for number, holder in enumerate(account.holders):
                sinks.write(
                    "account_holders", (account.id, holder.id, "JOINT" if number else "PRIMARY")
                )
        for person in household.members:
            if person.age >= 18:
                _activity(ctx, person, accounts)
    _plant_life_situations(ctx, unit, everyone, every_account)


def _customer_row(person: Person, address: str) -> tuple[object, ...]:
    adult = person.age >= 18
    number = int(person.id[2:])
    email = f"{person.first}.{person.last}.{number}@example.org".lower() if adult else None
    phone = f"+44 7700 {number:07d}" if adult and number % 13 else None
    return (
        person.id, f"{person.first} {person.last}", person.first, person.last, person.birth,
        person.gender, email, phone, person.city, address, person.hometown, person.occupation,
        person.schooling, person.trips,
        person.income, CURRENCY, person.marketing, person.profiling, _portfolio(person),
        UPDATED_AT,
    )  # fmt: skip


_MANAGED_INCOME = 600_000  # monthly, minor units: adults above it have a relationship manager
_PORTFOLIOS = 40


def _portfolio(person: Person) -> str | None:
    """The managed book of a well-off adult, spread over the portfolios by id (no draw)."""
    if person.age < 18 or person.income < _MANAGED_INCOME:
        return None
    return f"PF-{int(person.id[2:]) % _PORTFOLIOS + 1:03d}"


def _hold_out(ctx: Context, accounts: list[Account]) -> list[tuple[Person, Account, str]]:
    """Take out some adults' latest solo account: (adult, account, day adopted), the truth of
    what they adopt next."""
    rng = ctx.rng
    later = []
    adults = {id(h): h for a in accounts for h in a.holders if h.age >= 18}
    for person in adults.values():
        if rng.random() >= _HELD_OUT:
            continue
        solo = [a for a in accounts if a.holders == [person] and a.category != "CURRENT"]
        if not solo:
            continue
        latest = max(solo, key=lambda a: a.opened)
        accounts.remove(latest)
        adopted = SNAPSHOT + timedelta(days=rng.randint(1, 60))
        later.append((person, latest, adopted.isoformat()))
    return later


def _activity(ctx: Context, person: Person, accounts: list[Account]) -> None:
    held: dict[str, Account] = {}
    for account in accounts:
        if account.status != "CLOSED" and any(h is person for h in account.holders):
            held.setdefault(account.category, account)
    tally = Tally()
    live(ctx, person, held, tally)
    drop = open_cases(ctx, person, held, tally)
    if ctx.rng.random() < 0.25:  # the yearly relationship survey
        day = 729 - ctx.rng.randrange(180)
        unhappy = tally.dragging_case or tally.unresolved >= 3
        rate(ctx, person, None, day, 12, "relationship survey", pleased=not unhappy)
    record_usage(ctx, person, accounts, tally, drop)


def _plant_life_situations(
    ctx: Context, unit: FamilyUnit, everyone: dict[str, Person], accounts: list[Account]
) -> None:
    """Record children entering secondary school and parents over 70 without medical cover."""
    for parent_id, child_id, tie in unit.ties:
        if tie != "PARENT":
            continue
        parent, child = everyone[parent_id], everyone[child_id]
        relation = "daughter" if child.gender == "F" else "son"
        if child.age in (10, 11):
            saving = _holds(child, "EDUCATION_SAVINGS", accounts)
            plan = "has" if saving else "no"
            _situation(ctx, parent, "CHILD_ENTERING_SECONDARY_SCHOOL", child.id, saving,
                       f"{relation}, {child.age}, {plan} education savings")  # fmt: skip
        if (
            parent.age > 70
            and child.age >= 18
            and not _holds(parent, "MEDICAL_INSURANCE", accounts)
        ):
            elder = "mother" if parent.gender == "F" else "father"
            _situation(ctx, child, "PARENT_OVER_70_WITHOUT_COVER", parent.id, False,
                       f"{elder}, {parent.age}, no medical cover")  # fmt: skip


def _holds(person: Person, category: str, accounts: list[Account]) -> bool:
    return any(a.category == category and any(h is person for h in a.holders) for a in accounts)


def _situation(
    ctx: Context, person: Person, situation: str, subject: str, covered: bool | str, evidence: str
) -> None:
    ctx.truth.write("life_situations", (person.id, situation, subject, covered, evidence))
