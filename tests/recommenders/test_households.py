"""Households Kith derives from family ties, joint accounts and a shared address."""

from datetime import date

from graph.records import Resident
from recommenders.households import (
    DerivedHousehold,
    derive_households,
    households_to_write,
    normalise_address,
)

HOME = "14 Harrow Road, Leeds LS6 2AB"
ELSEWHERE = "3 Minster Court, York YO1 7HH"
ON = date(2026, 10, 31)


def test_addresses_compare_without_case_punctuation_or_extra_spaces() -> None:
    assert normalise_address("14 Harrow Road, Leeds  LS6 2AB") == "14 harrow road leeds ls62ab"
    assert normalise_address(" 14, HARROW ROAD.\tLeeds LS6\u00a02AB ") == normalise_address(HOME)
    assert normalise_address("Flat 2, 40 Canal St.") == normalise_address("flat 2 40 canal st")
    assert normalise_address("14 Harrow Road") != normalise_address("41 Harrow Road")
    assert normalise_address(" ,. ") is None
    assert normalise_address(None) is None


def test_spouses_at_different_addresses_are_still_one_household() -> None:
    found = derive_households(on=ON, residents=[
        Resident("C-2", HOME, birth_date="1977-11-20", ties=(("C-1", "SPOUSE"),)),
        Resident("C-1", ELSEWHERE, birth_date="1979-05-02"),
    ])  # fmt: skip
    assert found == [
        DerivedHousehold("HD-C-1", "C-2", ("C-1", "C-2"), ("C-1 and C-2: spouses",)),
    ]


def test_a_parent_and_an_adult_child_at_different_addresses_are_two_households() -> None:
    residents = [
        Resident("C-5", ELSEWHERE, ties=(("C-1", "PARENT"),)),
        Resident("C-1", HOME),
    ]
    assert derive_households(residents, on=ON) == []
    # The same tie at one address (written differently) makes them one household.
    together = [Resident("C-5", HOME.upper(), ties=(("C-1", "PARENT"),)), Resident("C-1", HOME)]
    [household] = derive_households(together, on=ON)
    assert household.evidence == ("C-5 and C-1: parent and child, same address",)


def test_a_joint_account_at_the_same_address_joins_and_elsewhere_does_not() -> None:
    flatmates = [
        Resident("C-7", HOME, joint=(("A-1", "C-8"),)),
        Resident("C-8", "14 harrow road leeds ls6 2ab"),
    ]
    [household] = derive_households(flatmates, on=ON)
    assert household.members == ("C-7", "C-8")
    assert household.evidence == ("C-7 and C-8: joint account A-1, same address",)
    apart = [Resident("C-7", HOME, joint=(("A-1", "C-8"),)), Resident("C-8", ELSEWHERE)]
    assert derive_households(apart, on=ON) == []
    unknown = [Resident("C-7", None, joint=(("A-1", "C-8"),)), Resident("C-8", None)]
    assert derive_households(unknown, on=ON) == []


def test_links_chain_into_one_household_with_every_reason_and_the_eldest_at_its_head() -> None:
    found = derive_households(on=ON, residents=[
        Resident("C-1", HOME, birth_date="1979-05-02",
                 ties=(("C-2", "SPOUSE"), ("C-3", "PARENT")), joint=(("A-1", "C-2"),)),
        Resident("C-2", HOME, birth_date="1977-11-20", ties=(("C-3", "PARENT"),)),
        Resident("C-3", HOME, birth_date="2012-03-14", ties=(("C-4", "SIBLING"),)),
        Resident("C-4", HOME, birth_date="2018-08-01"),
        Resident("C-9", HOME),  # same address, no tie and no shared account: not theirs
    ])  # fmt: skip
    assert found == [
        DerivedHousehold("HD-C-1", "C-2", ("C-1", "C-2", "C-3", "C-4"), (
            "C-1 and C-2: joint account A-1, same address",
            "C-1 and C-2: spouses, same address",
            "C-1 and C-3: parent and child, same address",
            "C-2 and C-3: parent and child, same address",
            "C-3 and C-4: siblings, same address",
        )),
    ]  # fmt: skip


def test_a_loaded_household_is_left_alone() -> None:
    residents = [
        # The Okafors are loaded as H-1; David's partner from another household is not.
        Resident("C-1", HOME, "H-1", ties=(("C-2", "SPOUSE"),)),
        Resident("C-2", HOME, "H-1", ties=(("C-6", "SIBLING"),)),
        Resident("C-6", HOME, ties=(("C-7", "SPOUSE"),)),
        Resident("C-7", ELSEWHERE),
    ]
    # By the rule alone all four are one household ...
    found = derive_households(residents, on=ON)
    assert [h.members for h in found] == [("C-1", "C-2", "C-6", "C-7")]
    # ... but the bank's H-1 stands: only the two it does not place are grouped, apart.
    [kept] = households_to_write(residents, on=ON)
    assert (kept.id, kept.members, kept.evidence) == (
        "HD-C-6",
        ("C-6", "C-7"),
        ("C-6 and C-7: spouses",),
    )
    assert households_to_write(residents[:2], on=ON) == []


def test_a_child_under_18_with_no_address_is_placed_with_the_parents_home() -> None:
    residents = [
        Resident("C-1", HOME, birth_date="1979-05-02", ties=(("C-2", "SPOUSE"), ("C-3", "PARENT"))),
        Resident("C-2", HOME.upper(), birth_date="1977-11-20", ties=(("C-3", "PARENT"),)),
        Resident("C-3", None, birth_date="2015-06-01"),
    ]
    [household] = derive_households(residents, on=ON)
    assert household.members == ("C-1", "C-2", "C-3")
    assert "C-1 and C-3: parent and child, a child with no address on file" in household.evidence
    single = [Resident("C-5", ELSEWHERE, ties=(("C-6", "PARENT"),)),
              Resident("C-6", None, birth_date="2009-01-01")]  # fmt: skip
    assert [h.members for h in derive_households(single, on=ON)] == [("C-5", "C-6")]


def test_a_child_with_no_address_is_not_placed_when_it_would_be_a_guess() -> None:
    adult = [Resident("C-5", HOME, ties=(("C-6", "PARENT"),)),
             Resident("C-6", None, birth_date="2008-10-31")]  # 18 on the day  # fmt: skip
    assert derive_households(adult, on=ON) == []
    unborn = [Resident("C-5", HOME, ties=(("C-6", "PARENT"),)), Resident("C-6", None)]
    assert derive_households(unborn, on=ON) == []
    apart = [
        Resident("C-1", HOME, ties=(("C-3", "PARENT"),)),
        Resident("C-2", ELSEWHERE, ties=(("C-3", "PARENT"),)),
        Resident("C-3", None, birth_date="2015-06-01"),
    ]
    assert derive_households(apart, on=ON) == []
    # Parents apart: the child is with the one who holds an account with them.
    with_account = Resident("C-2", ELSEWHERE, ties=(("C-3", "PARENT"),), joint=(("A-9", "C-3"),))
    found = derive_households([apart[0], with_account, apart[2]], on=ON)
    assert [h.members for h in found] == [("C-2", "C-3")]
    elsewhere = [Resident("C-5", HOME, ties=(("C-6", "PARENT"),)),
                 Resident("C-6", ELSEWHERE, birth_date="2015-06-01")]  # fmt: skip
    assert derive_households(elsewhere, on=ON) == []
