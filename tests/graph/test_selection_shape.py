"""Which tests a selection sends: a profile criterion is never skipped, an unset one never
tested (a whole-bank aggregate pays for every test of every customer)."""

from dataclasses import fields, replace
from typing import Any

import pytest

from graph.selection import SELECTION_BODY, CustomerFilter

# One set value per criterion; every field of the filter must be here.
SET: dict[str, Any] = {
    "city": "Leeds", "value_tier": "GOLD", "born_after": "1980-01-01",
    "born_on_or_before": "2000-01-01", "contact_after": 1, "contact_before": 2,
    "holds": ("P-1",), "lacks": ("P-2",), "open_case": False, "marketing_consent": False,
    "preferred_channel": "MOBILE", "need": "EDUCATION_SAVINGS", "among": (),
    "portfolio": "RM-1", "housemates": ("C-1",),
}  # fmt: skip
EDGE_TESTS = {"holds": 1, "lacks": 1, "open_case": 2, "need": 3}


def test_every_criterion_has_a_set_value_here() -> None:
    assert set(SET) == {f.name for f in fields(CustomerFilter)}


def test_the_whole_bank_tests_nothing_but_the_page_cursor() -> None:
    shape = CustomerFilter().shape()
    assert shape == (False, False, False, False)
    assert "$city" not in SELECTION_BODY[shape]
    assert "$afterId" in SELECTION_BODY[shape]


@pytest.mark.parametrize("name", sorted(set(SET) - set(EDGE_TESTS) - {"housemates"}))
def test_a_profile_criterion_alone_is_tested(name: str) -> None:
    # Falsy values too: "no consent" and "among nobody" are criteria, not their absence.
    shape = replace(CustomerFilter(), **{name: SET[name]}).shape()
    assert shape == (True, False, False, False)
    assert "$city" in SELECTION_BODY[shape]


@pytest.mark.parametrize("name", sorted(EDGE_TESTS))
def test_an_edge_criterion_alone_adds_only_its_own_test(name: str) -> None:
    shape = replace(CustomerFilter(), **{name: SET[name]}).shape()
    assert [n for n, on in enumerate(shape) if on] == [EDGE_TESTS[name]]


def test_housemates_alone_widen_nothing() -> None:
    assert CustomerFilter(housemates=("C-1",)).shape() == (False, False, False, False)
