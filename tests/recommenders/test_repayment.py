"""Early repayment: the freed payment's uses follow the customer's needs, then a deposit."""

import pytest

from graph.records import Holding, Money
from recommenders.needs import Need
from recommenders.repayment import NotALoan, uses_of_freed_funds

CATALOGUE = {
    "EDUCATION_SAVINGS": [("P-EDU", "Junior Education Saver")],
    "MEDICAL_INSURANCE": [("P-MEDICAL", "Senior Medical Cover")],
    "SAVINGS": [("P-SAVER", "Easy Saver")],
}
GBP = "GBP"
LOAN = Holding("A-9", "P-LOAN", "Personal Loan", "PRIMARY", Money(-400_000, GBP), "OPEN",
               category="PERSONAL_LOAN", monthly_flow=Money(-25_000, GBP))  # fmt: skip
CARD = Holding("A-8", "P-CARD", "Card", "PRIMARY", Money(-1_000, GBP), "OPEN", category="CARD")
ADA = Need("CHILD_EDUCATION", 0.9, ("daughter Ada, 14, no education plan",), "C-3")
GRACE = Need("AGING_PARENT_CARE", 0.6, ("mother Grace, 75, no medical cover",), "C-5")


def test_needs_rank_the_uses_and_the_deposit_comes_last() -> None:
    uses = uses_of_freed_funds("A-9", [GRACE, ADA], [LOAN], CATALOGUE)
    assert [(u.product_id, u.score, u.need_kind) for u in uses] == [
        ("P-EDU", 0.9, "CHILD_EDUCATION"),
        ("P-MEDICAL", 0.6, "AGING_PARENT_CARE"),
        ("P-SAVER", 0.3, None),
    ]
    assert uses[0].reason == (
        "daughter Ada, 14, no education plan: 250.00 GBP a month could fund the "
        "Junior Education Saver"
    )
    assert uses[2].reason == "open the Easy Saver: 250.00 GBP a month earning interest"


def test_a_need_already_met_is_no_use_and_only_a_loan_frees_a_payment() -> None:
    pension = Holding("A-7", "P-PENSION", "Personal Pension", "PRIMARY", Money(0, GBP), "OPEN",
                      category="PENSION")  # fmt: skip
    retire = Need("RETIREMENT_GAP", 0.8, ("58 on {asOf}, no pension with us",))
    catalogue = {**CATALOGUE, "PENSION": [("P-PENSION", "Personal Pension")]}
    uses = uses_of_freed_funds("A-9", [retire], [LOAN, pension], catalogue)
    assert [u.product_id for u in uses] == ["P-SAVER"]
    # The customer's own medical cover is theirs: their mother's need still has its use.
    mine = Holding("A-6", "P-MEDICAL", "Senior Medical Cover", "PRIMARY", Money(0, GBP), "OPEN",
                   category="MEDICAL_INSURANCE")  # fmt: skip
    uses = uses_of_freed_funds("A-9", [GRACE], [LOAN, mine], CATALOGUE)
    assert [u.product_id for u in uses] == ["P-MEDICAL", "P-SAVER"]
    with pytest.raises(NotALoan, match="A-8 is not a loan"):
        uses_of_freed_funds("A-8", [ADA], [LOAN, CARD], CATALOGUE)
    with pytest.raises(NotALoan):
        uses_of_freed_funds("A-404", [ADA], [LOAN], CATALOGUE)


def test_of_several_variants_the_use_names_the_one_the_model_ranks_best() -> None:
    plans = [("P-EDU-EARLY", "Early Years Plan"), ("P-EDU-TEEN", "Teen Saver Plan")]
    savers = [("P-SAVER", "Easy Saver"), ("P-SAVER-FIX1", "One Year Fixed Saver")]
    catalogue = {"EDUCATION_SAVINGS": plans, "SAVINGS": savers}
    likely = {"P-EDU-TEEN": 0.3, "P-SAVER-FIX1": 0.2}
    uses = uses_of_freed_funds("A-9", [ADA], [LOAN], catalogue, likely)
    assert [u.product_id for u in uses] == ["P-EDU-TEEN", "P-SAVER-FIX1"]
    assert "could fund the Teen Saver Plan" in uses[0].reason
    # Without the model's word: the first of each (as offers choose).
    plain = uses_of_freed_funds("A-9", [ADA], [LOAN], catalogue)
    assert [u.product_id for u in plain] == ["P-EDU-EARLY", "P-SAVER"]
