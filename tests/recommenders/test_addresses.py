"""Addresses as households compare them: the ways one address is typed, and what stays apart."""

import pytest

from recommenders.addresses import normalise_address

SAME = [
    ("12 Main Rd, Ennis", "12 main road ennis"),
    ("4 Parnell St., Cork", "4 PARNELL STREET CORK"),
    ("7 Fitzwilliam Ave N", "7 Fitzwilliam Avenue North"),
    ("Apt 3, 22 Sráid an Mhuilinn", "Flat 3 22 Sraid an Mhuilinn"),
    ("9 St. Mary\u2019s Tce, Dublin D04 X2Y3", "9 Saint Marys Terrace Dublin D04X2Y3"),
    ("14 Harrow Road, Leeds LS6 2AB", "14 harrow rd leeds ls62ab"),
    ("2 Quay Lane, Co. Galway, Ireland", "2 Quay Ln County Galway"),
    ("1 O'Connell Sq", "1 OConnell Square"),
]
DIFFERENT = [
    ("12 Main Road", "14 Main Road"),  # a different house number, same street
    ("12 Main Road", "12 Main Street"),
    ("12 North Road", "12 South Road"),
    ("Flat 1, 23 Canal St", "Flat 12, 3 Canal St"),  # punctuation keeps numbers apart
    ("12 Main Road, Ennis", "12 Main Road, Tulla"),
    ("4 Parnell St, Cork T12 AB34", "4 Parnell St, Cork T12 AB35"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_one_address_typed_two_ways_compares_equal(one: str, other: str) -> None:
    assert normalise_address(one) == normalise_address(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_addresses_stay_different(one: str, other: str) -> None:
    assert normalise_address(one) != normalise_address(other)


def test_nothing_left_is_no_address() -> None:
    assert normalise_address(" ,. '") is None
    assert normalise_address(None) is None
