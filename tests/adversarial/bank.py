"""A small bank written from docs/data-contracts.md alone, with the patterns real banks send.

Not the synthetic generator: an Irish bank in EUR, ids like `CIF1000042`, IBAN-like
accounts, products like `PRD:CRD:PLAT`, timestamps with `+01:00` and `Z`. Everyone's card
spending peaks at Christmas and dips in January and February; around a background of
ordinary card holders sit the patterns, each with what it must and must not raise:

attrition (scored as of 2026-10-31, the data's latest event day):
- `drop`: a dispute on the card, dragging, then spending falls and stays down: alert.
- `late`: the same, resolved late (after 79 days): alert, "resolved late".
- `winter`: a dispute in November, then a real fall through the winter dip: alert.
- `product_only`: a dispute naming the card's product but no account, then the fall: alert.
- `seasonal`: a dragging dispute in November; spending only follows the bank's
  December peak and January-February dip: no alert.
- `volatile`: a dragging dispute; a naturally volatile spender's bad months: no alert.
- `closed`: a dispute CLOSED within days with no RESOLVED step, then a fall: no alert.
- `steady`: a dragging dispute, spending as before: no alert.
- `other_card`: a product-only dispute on one card while another card falls: no alert.

needs (each family's customers consent to profiling):
- `spouse_plan`: the spouse's education plan names the child: no CHILD_EDUCATION need.
- `spouse_unnamed`: the spouse holds an education plan naming no one: no need.
- `one_child_named`: a plan names one child; the other has none: a need for the other.
- `child_no_plan`: a child of 10 without a plan: a need (for each parent).
- `adult_child_cover`: an adult child holds medical cover for themself, their parent of 76
  has none: AGING_PARENT_CARE.
- `cover_names_parent`: the adult child's policy names the parent: no need.
"""

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

MONTHS: Final = tuple(f"{y}-{m:02d}" for y in (2025, 2026) for m in range(1, 13))[:22]
SEASON: Final = {"12": 1.6, "01": 0.4, "02": 0.6, "11": 1.1}  # the bank's own year
STAMP: Final = "2026-10-01T09:00:00+01:00"
AS_OF: Final = "2026-10-31"
CARD: Final = "PRD:CRD:PLAT"
GOLD: Final = "PRD:CRD:GOLD"
ATTRITION: Final = ("drop", "late", "winter", "product_only")
QUIET: Final = ("seasonal", "volatile", "closed", "steady", "other_card")


@dataclass
class Bank:
    """The rows of every file, and the truth: which cases must alert, which needs exist."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    alerts: dict[str, str] = field(default_factory=dict)  # case id -> pattern (must fire)
    quiet: dict[str, str] = field(default_factory=dict)  # case id -> pattern (must not)
    needs: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)  # by pattern
    no_needs: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)

    def add(self, kind: str, **row: str) -> None:
        """One row of a file."""
        self.rows.setdefault(kind, []).append(row)


def write_bank(folder: Path, copies: int = 1, seed: int = 18) -> Bank:
    """Write the bank's CSV files into `folder`; each pattern `copies` times."""
    bank, rng = Bank(), random.Random(seed)  # noqa: S311 (a fixture, not a secret)
    _catalogue(bank)
    number = iter(range(1_000_000, 9_999_999, 37))
    for _ in range(40 * copies):  # the background: ordinary card holders
        _card_holder(bank, rng, next(number), "background")
    for copy in range(copies):
        for pattern in (*ATTRITION, *QUIET):
            _disputer(bank, rng, next(number), pattern, copy)
        for pattern in FAMILIES:
            FAMILIES[pattern](bank, number, pattern)
    # The data's latest event: a branch visit on the as-of day.
    bank.add("interactions", id="INT-LAST", customerId=bank.rows["customers"][0]["id"],
             channelId="BRANCH", at=f"{AS_OF}T16:45:00Z", direction="INBOUND", intent="GENERAL",
             outcome="RESOLVED")  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in bank.rows.items():
        _write(folder / f"{kind}.csv", rows)
    return bank


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def _catalogue(bank: Bank) -> None:
    bank.add("channels", id="BRANCH", name="Branch")
    bank.add("channels", id="CONTACT_CENTER", name="Contact centre")
    for id_, name, category in (
        ("PRD:CUR:STD", "Current account", "CURRENT"),
        (CARD, "Platinum card", "CARD"),
        (GOLD, "Gold card", "CARD"),
        ("PRD:EDU:JNR", "Junior education plan", "EDUCATION_SAVINGS"),
        ("PRD:MED:VHI", "Health cover", "MEDICAL_INSURANCE"),
        ("PRD:PEN:PRSA", "PRSA pension", "PENSION"),
        ("PRD:MTG:VAR", "Variable mortgage", "MORTGAGE"),
    ):
        bank.add("products", id=id_, name=name, category=category, updatedAt=STAMP)


def _customer(bank: Bank, number: int, name: str, born: str, consent: bool = False) -> str:
    id_ = f"CIF{number}"
    bank.add("customers", id=id_, fullName=name, birthDate=born, gender="X", city="Cork",
             currency="EUR", marketingConsent="false",
             profilingConsent="true" if consent else "false", updatedAt=STAMP)  # fmt: skip
    return id_


def _account(bank: Bank, holder: str, product: str, opened: str = "2019-03-01") -> str:
    id_ = f"IE{len(bank.rows.get('accounts', [])) + 10:02d}KITH9012{holder[3:]}"
    bank.add("accounts", id=id_, productId=product, status="OPEN", openedOn=opened,
             balanceMinor="150000", currency="EUR", updatedAt=STAMP)  # fmt: skip
    bank.add("account_holders", accountId=id_, customerId=holder, role="PRIMARY")
    return id_


def _spend(bank: Bank, account: str, amounts: Iterable[float]) -> None:
    for month, amount in zip(MONTHS, amounts, strict=True):
        bank.add("usage", accountId=account, service="CARD_SPEND", month=month,
                 count=str(max(int(amount) // 4_000, 0)), amountMinor=str(max(int(amount), 0)),
                 currency="EUR")  # fmt: skip


def _seasonal(rng: random.Random, level: float, noise: float = 0.1) -> list[float]:
    return [level * SEASON.get(m[5:], 1.0) * rng.uniform(1 - noise, 1 + noise) for m in MONTHS]


def _card_holder(bank: Bank, rng: random.Random, number: int, name: str) -> tuple[str, str]:
    holder = _customer(bank, number, f"Card Holder {number}", "1980-06-15")
    card = _account(bank, holder, CARD)
    _spend(bank, card, _seasonal(rng, rng.uniform(40_000, 160_000)))
    return holder, card


def _fallen(amounts: list[float], from_month: str, share: float) -> list[float]:
    return [a * share if m >= from_month else a for m, a in zip(MONTHS, amounts, strict=True)]


# pattern -> (opened, steps as (stage, day), spending's fall (from month, share kept) or None)
DISPUTES: Final[dict[str, tuple[str, tuple[tuple[str, str], ...], tuple[str, float] | None]]] = {
    "drop": ("2026-05-12", (("INVESTIGATING", "2026-05-14"),), ("2026-06", 0.25)),
    "late": ("2026-03-02", (("RESOLVED", "2026-05-20"),), ("2026-04", 0.2)),
    "winter": ("2025-11-18", (("AWAITING_CUSTOMER", "2025-12-20"),), ("2025-12", 0.2)),
    "product_only": ("2026-05-20", (("INVESTIGATING", "2026-05-21"),), ("2026-06", 0.3)),
    "seasonal": ("2025-11-12", (("INVESTIGATING", "2025-11-20"),), None),
    "volatile": ("2026-02-10", (("INVESTIGATING", "2026-02-11"),), None),
    "closed": ("2026-04-02", (("CLOSED", "2026-04-05"),), ("2026-05", 0.3)),
    "steady": ("2026-04-15", (("INVESTIGATING", "2026-04-16"),), None),
    "other_card": ("2026-05-05", (("INVESTIGATING", "2026-05-06"),), None),
}


def _disputer(bank: Bank, rng: random.Random, number: int, pattern: str, copy: int) -> None:
    holder = _customer(bank, number, f"Disputer {pattern} {copy}", "1975-02-28")
    card = _account(bank, holder, CARD)
    opened, steps, fall = DISPUTES[pattern]
    amounts = _seasonal(rng, rng.uniform(50_000, 150_000))
    if pattern == "volatile":  # bad months of a third, good ones of double, as they come
        amounts = [a * rng.choice((0.3, 0.5, 1.0, 1.6, 2.0)) for a in amounts]
    if fall is not None:
        amounts = _fallen(amounts, *fall)
    if pattern == "other_card":  # the platinum card falls; the dispute names the gold card
        amounts = _fallen(amounts, "2026-06", 0.2)
    _spend(bank, card, amounts)
    account, product = card, CARD
    if pattern in ("product_only", "other_card"):  # no account named, only a product
        account, product = "", CARD if pattern == "product_only" else GOLD
        _spend(bank, _account(bank, holder, GOLD), _seasonal(rng, 30_000))
    case = f"DSP-{number}"
    bank.add("cases", id=case, customerId=holder, category="CARD_DISPUTE",
             openedAt=f"{opened}T10:15:00+01:00", productId=product, accountId=account,
             updatedAt=f"{opened}T10:15:00+01:00")  # fmt: skip
    for n, (stage, day) in enumerate((("OPENED", opened), *steps)):
        bank.add("case_steps", id=f"{case}-{n}", caseId=case, stage=stage,
                 at=f"{day}T11:00:00Z")  # fmt: skip
    (bank.alerts if pattern in ATTRITION else bank.quiet)[case] = pattern


def _parents_and_children(
    bank: Bank, number: Iterable[int], children: tuple[str, ...]
) -> tuple[str, str, list[str]]:
    numbers = iter(number)
    mother = _customer(bank, next(numbers), "Aoife Ní Bhriain", "1985-04-02", consent=True)
    father = _customer(bank, next(numbers), "Seán O'Brien", "1983-09-09", consent=True)
    bank.add("family", fromId=mother, toId=father, tie="SPOUSE")
    kids = []
    for born in children:
        child = _customer(bank, next(numbers), "Child O'Brien", born)
        bank.add("family", fromId=mother, toId=child, tie="PARENT")
        bank.add("family", fromId=father, toId=child, tie="PARENT")
        kids.append(child)
    for parent in (mother, father):
        _account(bank, parent, "PRD:PEN:PRSA")  # no retirement gap to blur the picture
        _account(bank, parent, "PRD:MTG:VAR")
    return mother, father, kids


def _plan(bank: Bank, holder: str, covers: tuple[str, ...]) -> None:
    plan = _account(bank, holder, "PRD:EDU:JNR", "2021-09-01")
    for child in covers:
        bank.add("covers", accountId=plan, customerId=child)


def _education(bank: Bank, number: Iterable[int], pattern: str) -> None:
    """The school-age families: whose plan covers which child."""
    two = pattern == "one_child_named"
    mother, father, kids = _parents_and_children(
        bank, number, ("2015-03-03", "2017-01-20") if two else ("2015-03-03",)
    )
    if pattern == "spouse_plan":
        _plan(bank, father, (kids[0],))
    elif pattern == "spouse_unnamed":
        _plan(bank, father, ())
    elif pattern == "one_child_named":
        _plan(bank, mother, (kids[0],))
    covered = {"spouse_plan": kids, "spouse_unnamed": kids, "one_child_named": kids[:1],
               "child_no_plan": []}[pattern]  # fmt: skip
    for parent in (mother, father):
        for child in kids:
            into = bank.no_needs if child in covered else bank.needs
            into.setdefault(pattern, set()).add((parent, "CHILD_EDUCATION", child))


def _elder(bank: Bank, number: Iterable[int], pattern: str) -> None:
    """An adult child (the customer) and their parent over 70."""
    numbers = iter(number)
    parent = _customer(bank, next(numbers), "Máire Ó Súilleabháin", "1950-02-11")
    adult = _customer(bank, next(numbers), "Ciarán Ó Súilleabháin", "1979-07-07", consent=True)
    bank.add("family", fromId=parent, toId=adult, tie="PARENT")
    _account(bank, adult, "PRD:PEN:PRSA")
    _account(bank, adult, "PRD:MTG:VAR")
    policy = _account(bank, adult, "PRD:MED:VHI")
    if pattern == "cover_names_parent":
        bank.add("covers", accountId=policy, customerId=parent)
    into = bank.no_needs if pattern == "cover_names_parent" else bank.needs
    into.setdefault(pattern, set()).add((adult, "AGING_PARENT_CARE", parent))


FAMILIES: Final = {
    "spouse_plan": _education, "spouse_unnamed": _education, "one_child_named": _education,
    "child_no_plan": _education, "adult_child_cover": _elder, "cover_names_parent": _elder,
}  # fmt: skip
