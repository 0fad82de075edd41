"""Lifestyle needs on hand-built families whose right answer is known."""

from datetime import date

from graph.records import Customer, FamilyMember, Holding, Money
from recommenders.ages import age_on
from recommenders.facts import classes_of, words_of
from recommenders.needs import Need, needs_of, said

TODAY = date(2026, 11, 23)
MAYA = Customer(id="C-1", full_name="Maya Okafor", birth_date="1979-05-02",
                monthly_income=Money(520_000, "GBP"))  # fmt: skip


def held(category: str, status: str = "OPEN") -> Holding:
    return Holding(
        account_id=category, product_id=category, product_name=category, role="PRIMARY",
        balance=Money(0, "GBP"), status=status, category=category,
    )  # fmt: skip


def kin(id_: str, name: str, relation: str, born: str) -> FamilyMember:
    """A relative whose given name is the first word of `name` (written so by the bank)."""
    return FamilyMember(customer_id=id_, full_name=name, relation=relation, birth_date=born,
                        given_name=name.split()[0])  # fmt: skip


KIN = "FAMILY+HOLDINGS|"  # a relative's fact: family ties and what is held
ADA = kin("C-3", "Ada Okafor", "daughter", "2012-03-14")  # 14
SAM = kin("C-4", "Sam Okafor", "son", "2017-06-01")  # 9
GRACE = kin("C-5", "Grace Adeyemi", "mother", "1952-01-20")  # 74


def read(needs: list[Need], as_of: str | None = "2026-11-23") -> list[Need]:
    """The needs as an officer reads them: the facts' words, ages dated with the run's day."""
    return [Need(n.kind, n.score, tuple(said(words_of(line), as_of) for line in n.evidence),
                 n.subject_id) for n in needs]  # fmt: skip


def test_children_without_an_education_plan_and_a_parent_without_cover() -> None:
    found = needs_of(MAYA, [ADA, SAM, GRACE], {"C-1": [held("CURRENT"), held("PENSION")]}, TODAY)
    assert read(found) == [
        Need("AGING_PARENT_CARE", 0.9, ("mother Grace, 74 on 2026-11-23, no medical cover",),
             "C-5"),
        Need("CHILD_EDUCATION", 0.9, ("daughter Ada, 14 on 2026-11-23, no education plan",),
             "C-3"),
        Need("CHILD_EDUCATION", 0.7, ("son Sam, 9 on 2026-11-23, no education plan",), "C-4"),
    ]  # fmt: skip
    assert read(found, None)[0].evidence == ("mother Grace, 74, no medical cover",)


def test_cover_held_by_the_customer_or_the_relative_meets_the_need() -> None:
    holdings = {"C-1": [held("EDUCATION_SAVINGS"), held("PENSION")],
                "C-5": [held("MEDICAL_INSURANCE")]}  # fmt: skip
    assert needs_of(MAYA, [ADA, SAM, GRACE], holdings, TODAY) == []
    closed = {"C-1": [held("EDUCATION_SAVINGS", status="CLOSED"), held("PENSION")]}
    assert [n.subject_id for n in needs_of(MAYA, [ADA], closed, TODAY)] == ["C-3"]


DAVID = kin("C-2", "David Okafor", "husband", "1977-11-20")


def test_cover_counts_for_the_person_it_covers_whoever_holds_it() -> None:
    holdings = {"C-1": [held("PENSION"), held("MEDICAL_INSURANCE")], "C-2": []}
    # David's plan names Ada; Maya's medical policy names only herself.
    cover = {
        "C-1": frozenset({"PENSION", "MEDICAL_INSURANCE"}),
        "C-2": frozenset(),
        "C-3": frozenset({"EDUCATION_SAVINGS"}),
        "C-4": frozenset(),
        "C-5": frozenset(),
    }
    found = needs_of(MAYA, [DAVID, ADA, SAM, GRACE], holdings, TODAY, cover)
    assert [(n.kind, n.subject_id) for n in found] == [
        ("AGING_PARENT_CARE", "C-5"), ("CHILD_EDUCATION", "C-4"),
    ]  # fmt: skip
    # A plan David holds naming no one is for the children: both are covered.
    for_children = {**cover, "C-2": frozenset({"EDUCATION_SAVINGS"})}
    found = needs_of(MAYA, [DAVID, ADA, SAM, GRACE], holdings, TODAY, for_children)
    assert [n.kind for n in found] == ["AGING_PARENT_CARE"]
    # A policy naming Grace, whoever holds it, covers her.
    covered = {**for_children, "C-5": frozenset({"MEDICAL_INSURANCE"})}
    assert needs_of(MAYA, [DAVID, ADA, SAM, GRACE], holdings, TODAY, covered) == []


def test_the_customers_own_policy_does_not_cover_their_parent() -> None:
    holdings = {"C-1": [held("PENSION"), held("MEDICAL_INSURANCE")]}
    found = needs_of(MAYA, [GRACE], holdings, TODAY)
    assert [(n.kind, n.subject_id) for n in found] == [("AGING_PARENT_CARE", "C-5")]


def test_a_parent_under_65_and_an_adult_child_are_no_need() -> None:
    young_mother = kin("C-6", "Ruth Okafor", "mother", "1963-01-01")  # 63
    grown = kin("C-7", "Tom Okafor", "son", "2004-01-01")  # 22
    assert needs_of(MAYA, [young_mother, grown], {"C-1": [held("PENSION")]}, TODAY) == []


def test_own_life_stage_retirement_home_travel_and_a_new_baby() -> None:
    saver = Customer(id="C-8", full_name="Ola Bello", birth_date="1968-02-01")  # 58
    assert read(needs_of(saver, [], {}, TODAY)) == [
        Need("RETIREMENT_GAP", 0.8, ("58 on 2026-11-23, no pension with us",))
    ]
    young = Customer(id="C-9", full_name="Kim Lee", birth_date="1994-07-01",
                     monthly_income=Money(400_000, "GBP"), trips_abroad_per_year=4)  # fmt: skip
    baby = kin("C-10", "Leo Lee", "son", "2026-01-10")
    kinds = [(n.kind, n.score) for n in needs_of(young, [baby], {}, TODAY)]
    # A baby is not of school age yet; no life cover is part of the new baby's evidence.
    assert kinds == [("NEW_BABY", 0.8), ("HOME_PURCHASE", 0.6), ("TRAVEL", 0.5)]
    home = next(n for n in needs_of(young, [baby], {}, TODAY) if n.kind == "HOME_PURCHASE")
    # Each fact names what it reveals: the income is a finance, said only to who sees those.
    assert [classes_of(line) for line in home.evidence] == [{"IDENTITY", "HOLDINGS"}, {"FINANCES"}]
    assert words_of(home.evidence[1]) == "income 4,000 a month"


def test_age_counts_whole_years() -> None:
    assert age_on("2012-11-24", TODAY) == 13
    assert age_on("2012-11-23", TODAY) == 14
    assert age_on(None, TODAY) is None


def test_evidence_names_a_relative_by_given_name_and_never_splits_a_full_name() -> None:
    surname_first = FamilyMember("C-6", "O'BRIEN, Seán", "son", "2016-02-01")  # no given name
    given = FamilyMember("C-7", "O'BRIEN, Aoife", "daughter", "2015-02-01", given_name="Aoife")
    found = needs_of(MAYA, [surname_first, given], {}, TODAY)
    evidence = {
        n.subject_id: n.evidence for n in read(found, None) if n.kind == "CHILD_EDUCATION"
    }  # fmt: skip
    assert evidence == {
        "C-6": ("son O'BRIEN, Seán, 10, no education plan",),
        "C-7": ("daughter Aoife, 11, no education plan",),
    }
