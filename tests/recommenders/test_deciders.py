"""Who decides in a household: the adult at the centre of its shared money."""

from datetime import date

from graph.records import Customer, Holding, Money
from recommenders.deciders import household_decider

TODAY = date(2026, 11, 23)


def person(id_: str, born: str, income: int) -> Customer:
    return Customer(id_, id_, birth_date=born, monthly_income=Money(income, "GBP"))


def joint(account: str, role: str, *others: str) -> Holding:
    return Holding(account, "P-X", "X", role, Money(0, "GBP"), "OPEN", co_holder_ids=others)


def test_the_primary_holder_of_the_shared_accounts_decides() -> None:
    maya, david, ada = (person("C-1", "1979-05-02", 300_000), person("C-2", "1978-01-01", 500_000),
                        person("C-3", "2012-04-01", 0))  # fmt: skip
    holdings = {
        "C-1": [joint("A-1", "PRIMARY", "C-2"), joint("A-2", "PRIMARY", "C-2")],
        "C-2": [joint("A-1", "JOINT", "C-1"), joint("A-2", "JOINT", "C-1")],
        "C-3": [joint("A-3", "JOINT", "C-1")],  # a child's account: children do not decide
    }
    decider = household_decider([maya, david, ada], holdings, TODAY)
    assert decider is not None
    # Maya: 2 shared + 2 as primary + 0.375 of the income; David: 2 + 0 + 0.625.
    assert decider.customer_id == "C-1"
    assert decider.reason == "primary holder of 2 joint accounts; 38% of the household's income"


def test_without_shared_accounts_income_decides_and_a_child_alone_has_no_decider() -> None:
    maya, david = person("C-1", "1979-05-02", 300_000), person("C-2", "1978-01-01", 500_000)
    decider = household_decider([maya, david], {}, TODAY)
    assert decider is not None
    assert (decider.customer_id, decider.reason) == ("C-2", "62% of the household's income")
    assert household_decider([person("C-3", "2012-04-01", 0)], {}, TODAY) is None
