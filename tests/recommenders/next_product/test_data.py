"""From customers to arrays: what is hidden as the next product, and what the models see."""

import zlib
from datetime import date

import numpy as np

from graph.records import Adopter, Held
from recommenders.next_product.data import FEATURES, Builder, adoption_order, build

TODAY = date(2026, 11, 23)
PRODUCTS = ["P-CARD", "P-CURRENT", "P-EDU", "P-MORTGAGE", "P-SAVER"]


def _maya() -> Adopter:
    return Adopter(
        id="C-1", birth_date="1979-05-02", monthly_income_minor=420_000, trips_abroad_per_year=1,
        profiling_consent=True,
        holdings=(
            Held("P-CURRENT", "2024-01-01", "OPEN", False, "A-1"),  # newest, never next
            Held("P-CARD", "2019-03-01", "OPEN", False, "A-2"),
            Held("P-SAVER", "2022-06-01", "OPEN", False, "A-3"),  # latest held alone: hidden
            Held("P-MORTGAGE", "2023-01-01", "OPEN", True, "A-4"),  # later, but joint
            Held("P-EDU", "2021-01-01", "CLOSED", False, "A-5"),  # closed: not held
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
                      (Held("P-MORTGAGE", "2023-01-01", "OPEN", True, "A-4"),),
                      (("C-1", "SPOUSE", "1979-05-02"),))  # fmt: skip
    data = build([_maya(), husband], PRODUCTS, TODAY, hide_latest=False)
    # Maya's child and mother are not in this data: only the couple's tie remains.
    assert sorted(map(tuple, data.family.T.tolist())) == [(0, 1), (1, 0)]
    kin = data.kin_held()
    assert kin[0, PRODUCTS.index("P-MORTGAGE")] == 1.0
    assert np.array_equal(kin[1], data.held[0].astype(np.float32))


def test_built_a_page_at_a_time_the_arrays_are_those_of_all_at_once() -> None:
    # The wife's tie to her husband points to a later page; a customer without consent.
    husband = Adopter("C-2", "1978-01-01", 300_000, 0, False,
                      (Held("P-SAVER", "2020-02-02", "OPEN", False, "A-6"),),
                      (("C-1", "SPOUSE", "1979-05-02"),))  # fmt: skip
    lodger = Adopter("C-5", None, 0, 0, True)
    everyone = [_maya(), lodger, husband]
    never = frozenset({"P-CURRENT"})
    whole = build(everyone, PRODUCTS, TODAY, hide_latest=True, never_target=never)
    paged = Builder(PRODUCTS, TODAY, hide_latest=True, never_target=never)
    for page in ([_maya()], [lodger, husband], []):
        paged.add(page)
    data = paged.finish()
    assert data.customer_ids == ["C-1", "C-5", "C-2"]
    assert sorted(map(tuple, data.family.T.tolist())) == [(0, 2), (2, 0)]
    for name in ("features", "held", "family", "target"):
        assert np.array_equal(getattr(data, name), getattr(whole, name)), name
    assert paged.consenting == ["C-1", "C-5"]


def test_no_customers_build_empty_arrays_of_the_right_width() -> None:
    data = Builder(PRODUCTS, TODAY, hide_latest=False).finish()
    assert data.held.shape == (0, len(PRODUCTS))
    assert data.features.shape == (0, len(FEATURES))
    assert data.family.shape == (2, 0)
    assert data.target.shape == (0,)


def _same_day(*accounts: tuple[str, str, int | None]) -> Adopter:
    """A customer whose accounts (product, account id, openedAt) all opened on one day."""
    held = tuple(Held(p, "2025-03-04", "OPEN", False, a, at) for p, a, at in accounts)
    return Adopter("C-7", "1990-01-01", 200_000, 0, True, held)


def test_same_day_ties_go_to_the_later_moment_when_the_bank_gives_one() -> None:
    nine, ten = 1_741_078_800_000, 1_741_082_400_000  # 09:00 and 10:00 UTC that day
    for order in [(("P-SAVER", "A-1", ten), ("P-CARD", "A-2", nine)),
                  (("P-CARD", "A-2", nine), ("P-SAVER", "A-1", ten))]:  # fmt: skip
        data = build([_same_day(*order)], PRODUCTS, TODAY, hide_latest=True)
        assert data.product_ids[data.target[0]] == "P-SAVER"  # not the largest product id
    # An account without a moment counts as opened at the start of its day.
    data = build([_same_day(("P-SAVER", "A-1", nine), ("P-CARD", "A-2", None))], PRODUCTS,
                 TODAY, hide_latest=True)  # fmt: skip
    assert data.product_ids[data.target[0]] == "P-SAVER"


def test_same_day_ties_without_a_moment_fall_by_the_account_ids_crc32() -> None:
    # CRC-32 puts A-10 after A-11 but A-13 after A-12: neither id nor product order rules.
    assert zlib.crc32(b"A-10") > zlib.crc32(b"A-11")
    assert zlib.crc32(b"A-13") > zlib.crc32(b"A-12")
    first = build([_same_day(("P-CARD", "A-10", None), ("P-SAVER", "A-11", None))], PRODUCTS,
                  TODAY, hide_latest=True)  # fmt: skip
    second = build([_same_day(("P-CARD", "A-12", None), ("P-SAVER", "A-13", None))], PRODUCTS,
                   TODAY, hide_latest=True)  # fmt: skip
    assert first.product_ids[first.target[0]] == "P-CARD"
    assert second.product_ids[second.target[0]] == "P-SAVER"
    key = adoption_order(Held("P-CARD", "2025-03-04", "OPEN", False, "A-10"))
    assert key[:2] == ("2025-03-04", -1)
