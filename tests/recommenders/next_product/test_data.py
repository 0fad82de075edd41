"""From customers to arrays: what is hidden as the next product, and what the models see."""

from datetime import date

import numpy as np

from graph.records import Adopter
from recommenders.next_product.data import FEATURES, build

TODAY = date(2026, 11, 23)
PRODUCTS = ["P-CARD", "P-CURRENT", "P-EDU", "P-MORTGAGE", "P-SAVER"]


def _maya() -> Adopter:
    return Adopter(
        id="C-1", birth_date="1979-05-02", monthly_income_minor=420_000, trips_abroad_per_year=1,
        profiling_consent=True,
        holdings=(
            ("P-CURRENT", "2024-01-01", "OPEN", False),  # newest, but never the next product
            ("P-CARD", "2019-03-01", "OPEN", False),
            ("P-SAVER", "2022-06-01", "OPEN", False),  # the latest held alone: hidden
            ("P-MORTGAGE", "2023-01-01", "OPEN", True),  # later, but joint with her husband
            ("P-EDU", "2021-01-01", "CLOSED", False),  # closed: not held
        ),
        kin=(("C-2", "SPOUSE", "1978-01-01"), ("C-3", "CHILD", "2012-04-01"),
             ("C-9", "PARENT", "1950-01-01")),
    )  # fmt: skip


def test_the_latest_solo_product_is_hidden_as_the_target() -> None:
    data = build(
        [_maya()], PRODUCTS, TODAY, hide_latest=True, never_target=frozenset({"P-CURRENT"})
    )
    assert data.product_ids[data.target[0]] == "P-SAVER"
    held = {p for p, h in zip(PRODUCTS, data.held[0], strict=True) if h}
    assert held == {"P-CURRENT", "P-CARD", "P-MORTGAGE"}


def test_serving_hides_nothing() -> None:
    data = build([_maya()], PRODUCTS, TODAY, hide_latest=False)
    assert data.target.tolist() == [-1]
    assert int(data.held[0].sum()) == 4  # the closed education plan is not held


def test_features_name_the_family_situation() -> None:
    data = build([_maya()], PRODUCTS, TODAY, hide_latest=False)
    seen = dict(zip(FEATURES, data.features[0].tolist(), strict=True))
    assert round(seen["age"] * 100) == 47  # whole years
    assert seen["school_age_child"] == 1.0  # a daughter of 14
    assert seen["parent_over_65"] == 1.0  # a mother of 76
    assert seen["baby"] == 0.0
    assert seen["spouse"] == 1.0


def test_family_ties_join_customers_of_the_data_both_ways() -> None:
    husband = Adopter("C-2", "1978-01-01", 300_000, 0, True,
                      (("P-MORTGAGE", "2023-01-01", "OPEN", True),),
                      (("C-1", "SPOUSE", "1979-05-02"),))  # fmt: skip
    data = build([_maya(), husband], PRODUCTS, TODAY, hide_latest=False)
    # Maya's child and mother are not in this data: only the couple's tie remains.
    assert sorted(map(tuple, data.family.T.tolist())) == [(0, 1), (1, 0)]
    kin = data.kin_held()
    assert kin[0, PRODUCTS.index("P-MORTGAGE")] == 1.0
    assert np.array_equal(kin[1], data.held[0].astype(np.float32))
