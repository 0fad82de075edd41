"""Early repayment: what the freed monthly payment could do, ranked by this customer's needs.

A customer repaying a loan early frees its monthly payment. The uses offered are the
products that meet their lifestyle needs (strongest need first, said with its evidence),
then a high-interest deposit, which is always there at a fixed score of 0.3.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from graph.codes import ProductCategory
from graph.records import Holding
from recommenders.facts import words_of
from recommenders.needs import Need, said
from recommenders.offers import PLAYBOOK, variant_for

LOANS: Final = frozenset(
    {ProductCategory.PERSONAL_LOAN, ProductCategory.HIRE_PURCHASE, ProductCategory.MORTGAGE}
)
DEPOSIT: Final = ProductCategory.SAVINGS
DEPOSIT_SCORE: Final = 0.3


@dataclass(frozen=True, slots=True)
class FundsUse:
    """One use of the freed payment: the product, its rank score (0-1) and why."""

    product_id: str
    product_name: str
    score: float
    reason: str
    need_kind: str | None


class NotALoan(ValueError):
    """The account named is not a loan this customer holds."""


def uses_of_freed_funds(
    loan_account_id: str, needs: Sequence[Need], holdings: Sequence[Holding],
    catalogue: Mapping[str, Sequence[tuple[str, str]]],
    propensities: Mapping[str, float] | None = None,
) -> list[FundsUse]:  # fmt: skip
    """The uses of the loan's freed monthly payment, best first; `catalogue` is category ->
    its products as (id, name), and of several the one named is the variant the model
    ranks best for the customer (`propensities`), else the first (as offers choose)."""
    loan = next((h for h in holdings if h.account_id == loan_account_id), None)
    if loan is None or loan.category not in LOANS:
        raise NotALoan(f"account {loan_account_id} is not a loan this customer holds")
    flow = loan.monthly_flow
    freed = f"{abs(flow.minor_units) / 100:,.2f} {flow.currency} a month" if flow else "the payment"
    held = {h.category for h in holdings if h.status != "CLOSED"}
    uses: dict[str, FundsUse] = {}
    for need in sorted(needs, key=lambda n: -n.score):
        category = PLAYBOOK[need.kind][0]
        mine = need.subject_id is None and category in held  # a relative's: weighed in needs
        if mine or not catalogue.get(category) or category in uses:
            continue
        product_id, name = variant_for(catalogue[category], propensities)
        because = "; ".join(said(words_of(line), None) for line in need.evidence)
        uses[category] = FundsUse(
            product_id, name, need.score, f"{because}: {freed} could fund the {name}", need.kind
        )
    if catalogue.get(DEPOSIT):
        product_id, name = variant_for(catalogue[DEPOSIT], propensities)
        verb = "top up the" if DEPOSIT in held else "open the"
        uses.setdefault(DEPOSIT, FundsUse(
            product_id, name, DEPOSIT_SCORE, f"{verb} {name}: {freed} earning interest", None,
        ))  # fmt: skip
    return sorted(uses.values(), key=lambda u: (-u.score, u.product_id))
