"""Lifestyle needs on hand-built families whose right answer is known."""

from datetime import date

from graph.records import Customer, FamilyMember, Holding, Money
from recommenders.ages import age_on
from recommenders.needs import Need, needs_of

TODAY = date(2026, 11, 23)
MAYA = Customer(id="C-1", full_name="Maya Okafor", birth_date="1979-05-02",
                monthly_income=Money(520_000, "GBP"))  # fmt: skip


def held(category: str, status: str = "OPEN") -> Holding:
    return Holding(
        account_id=category, product_id=category, product_name=category, role="PRIMARY",
        balance=Money(0, "GBP"), status=status, category=category,
    )  # fmt: skip


def kin(id_: str, name: str, relation: str, born: str) -> FamilyMember:
    return FamilyMember(customer_id=id_, full_name=name, relation=relation, birth_date=born)


ADA = kin("C-3", "Ada Okafor", "daughter", "2012-03-14")  # 14
SAM = kin("C-4", "Sam Okafor", "son", "2017-06-01")  # 9
GRACE = kin("C-5", "Grace Adeyemi", "mother", "1952-01-20")  # 74


def test_children_without_an_education_plan_and_a_parent_without_cover() -> None:
    found = needs_of(MAYA, [ADA, SAM, GRACE], {"C-1": [held("CURRENT"), held("PENSION")]}, TODAY)
    assert found == [
        Need("AGING_PARENT_CARE", 0.9, ("mother Grace, 74, no medical cover",), "C-5"),
        Need("CHILD_EDUCATION", 0.9, ("daughter Ada, 14, no education plan",), "C-3"),
        Need("CHILD_EDUCATION", 0.7, ("son Sam, 9, no education plan",), "C-4"),
    ]


def test_cover_held_by_the_customer_or_the_relative_meets_the_need() -> None:
    holdings = {"C-1": [held("EDUCATION_SAVINGS"), held("PENSION")],
                "C-5": [held("MEDICAL_INSURANCE")]}  # fmt: skip
    assert needs_of(MAYA, [ADA, SAM, GRACE], holdings, TODAY) == []
    closed = {"C-1": [held("EDUCATION_SAVINGS", status="CLOSED"), held("PENSION")]}
    assert [n.subject_id for n in needs_of(MAYA, [ADA], closed, TODAY)] == ["C-3"]


def test_a_parent_under_65_and_an_adult_child_are_no_need() -> None:
    young_mother = kin("C-6", "Ruth Okafor", "mother", "1963-01-01")  # 63
    grown = kin("C-7", "Tom Okafor", "son", "2004-01-01")  # 22
    assert needs_of(MAYA, [young_mother, grown], {"C-1": [held("PENSION")]}, TODAY) == []


def test_own_life_stage_retirement_home_travel_and_a_new_baby() -> None:
    saver = Customer(id="C-8", full_name="Ola Bello", birth_date="1968-02-01")  # 58
    assert needs_of(saver, [], {}, TODAY) == [
        Need("RETIREMENT_GAP", 0.8, ("58, no pension with us",))
    ]
    young = Customer(id="C-9", full_name="Kim Lee", birth_date="1994-07-01",
                     monthly_income=Money(400_000, "GBP"), trips_abroad_per_year=4)  # fmt: skip
    baby = kin("C-10", "Leo Lee", "son", "2026-01-10")
    kinds = [(n.kind, n.score) for n in needs_of(young, [baby], {}, TODAY)]
    # A baby is not of school age yet; no life cover is part of the new baby's evidence.
    assert kinds == [("NEW_BABY", 0.8), ("HOME_PURCHASE", 0.6), ("TRAVEL", 0.5)]


def test_age_counts_whole_years() -> None:
    assert age_on("2012-11-24", TODAY) == 13
    assert age_on("2012-11-23", TODAY) == 14
    assert age_on(None, TODAY) is None
