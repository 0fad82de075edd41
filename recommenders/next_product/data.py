"""Product adoption as arrays: customers' features, holdings, family ties and next product.

Every model (the next-product model and its baselines) reads the same `NextProductData`, so
they are compared on one footing. Every product of the catalogue is a column (the category
is an attribute). For validation, each customer's latest solo product (never the current
account everyone opens first) can be hidden as the target.

The order of a customer's accounts (which one is the latest) is `adoption_order`: by the
day opened, then the moment opened where the bank gives it (an account without one counts
as opened at the start of its day), then a stable hash of the account id (CRC-32), so
same-day ties fall the same way on every run and not by id or product order.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from math import log1p
from typing import Any
from zlib import crc32

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph.records import Adopter, Held
from recommenders.ages import age_on

FEATURES = (
    "age", "income", "trips", "children", "school_age_child", "baby", "parent_over_65",
    "spouse", "kin", "products_held",
)  # fmt: skip

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class NextProductData:
    """Customers x products, in contiguous indexes (customer_ids and product_ids orders)."""

    customer_ids: list[str]
    product_ids: list[str]
    features: Floats  # customers x len(FEATURES), scaled to about 0-1
    held: Flags  # customers x products: held now (the hidden target left out)
    family: Ints  # 2 x ties, both directions, between customers of this data
    target: Ints  # the hidden next product's index per customer, -1 when none
    categories: list[str] = field(default_factory=list)  # per product ("" when unknown)

    def __post_init__(self) -> None:
        if not self.categories:  # frozen: set through object's own setter
            object.__setattr__(self, "categories", [""] * len(self.product_ids))

    def kin_held(self) -> Floats:
        """For each customer, how many of their relatives hold each product."""
        n = len(self.customer_ids)
        ties = sparse.csr_matrix(
            (np.ones(self.family.shape[1], np.float32), (self.family[0], self.family[1])),
            shape=(n, n),
        )
        return np.asarray(ties @ self.held.astype(np.float32), dtype=np.float32)


def build(
    adopters: Sequence[Adopter], product_ids: Sequence[str], today: date, *,
    hide_latest: bool, never_target: frozenset[str] = frozenset(),
    categories: Sequence[str] = (),
) -> NextProductData:  # fmt: skip
    """Arrays for `adopters`; with hide_latest, each one's latest solo product is the target."""
    builder = Builder(product_ids, today, hide_latest=hide_latest,
                      never_target=never_target, categories=categories)  # fmt: skip
    builder.add(adopters)
    return builder.finish()


class Builder:
    """`NextProductData` built a page of customers at a time, so that no more than a page of
    customers' records is ever held: at a million they are 3 GB, their arrays a tenth of it.
    Ties to relatives become indexes at `finish`, when every customer has a row."""

    def __init__(
        self, product_ids: Sequence[str], today: date, *, hide_latest: bool,
        never_target: frozenset[str] = frozenset(), categories: Sequence[str] = (),
    ) -> None:  # fmt: skip
        self._products = list(product_ids)
        self._categories = list(categories)
        self._column = {p: n for n, p in enumerate(product_ids)}
        self._today, self._hide, self._never = today, hide_latest, never_target
        self._ids: list[str] = []
        self._held: list[Flags] = []
        self._target: list[Ints] = []
        self._features: list[Floats] = []
        self._kin: list[tuple[int, str]] = []  # (row, relative's customer id)
        self.consenting: list[str] = []  # customers who consent to profiling

    def add(self, adopters: Sequence[Adopter]) -> None:
        """Rows for these customers, after those already added."""
        held = np.zeros((len(adopters), len(self._products)), dtype=np.bool_)
        target = np.full(len(adopters), -1, dtype=np.int64)
        features = np.zeros((len(adopters), len(FEATURES)), dtype=np.float32)
        first = len(self._ids)
        for n, adopter in enumerate(adopters):
            target[n] = self._holdings(adopter, held[n])
            self._kin.extend((first + n, kin_id) for kin_id, _, _ in adopter.kin)
            features[n] = _features(adopter, self._today, int(held[n].sum()))
            self._ids.append(adopter.id)
            if adopter.profiling_consent:
                self.consenting.append(adopter.id)
        self._held.append(held)
        self._target.append(target)
        self._features.append(features)

    def _holdings(self, adopter: Adopter, held: Flags) -> int:
        """Mark the customer's open products in `held`; the hidden target's column, or -1."""
        column = self._column
        open_ = [h for h in adopter.holdings if h.status != "CLOSED" and h.product_id in column]
        for h in open_:
            held[column[h.product_id]] = True
        hidden = _latest_solo(open_, self._never) if self._hide else None
        if hidden is None:
            return -1
        if sum(1 for h in open_ if h.product_id == hidden) == 1:
            held[column[hidden]] = False
        return column[hidden]

    def finish(self) -> NextProductData:
        """The arrays of every customer added; ties to customers never added are left out."""
        row = {c: n for n, c in enumerate(self._ids)}
        ties = [(n, row[kin]) for n, kin in self._kin if kin in row]
        products = len(self._products)
        return NextProductData(
            list(self._ids), list(self._products),
            _stack(self._features, np.zeros((0, len(FEATURES)), np.float32)),
            _stack(self._held, np.zeros((0, products), np.bool_)),
            np.array(ties, dtype=np.int64).reshape(-1, 2).T.copy(),
            _stack(self._target, np.zeros(0, np.int64)), list(self._categories),
        )  # fmt: skip


def _stack(pages: list[npt.NDArray[Any]], empty: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The pages' rows one after another (`empty` when there are none)."""
    return np.concatenate(pages) if pages else empty


def adoption_order(held: Held) -> tuple[str, int, int]:
    """Sort key of an account in its customer's history (see the module's docstring)."""
    moment = held.opened_at if held.opened_at is not None else -1
    return held.opened_on or "", moment, crc32(held.account_id.encode())


def _latest_solo(holdings: Sequence[Held], never_target: frozenset[str]) -> str | None:
    """The product of the latest account held alone, by `adoption_order`."""
    solo = [h for h in holdings if not h.joint and h.product_id not in never_target]
    return max(solo, key=adoption_order).product_id if solo else None


def _features(adopter: Adopter, today: date, products_held: int) -> list[float]:
    """The customer's scaled features, in FEATURES order (unknown age counts as 40)."""
    age = age_on(adopter.birth_date, today)
    kin_ages = [(relation, age_on(born, today)) for _, relation, born in adopter.kin]
    children = [a for r, a in kin_ages if r == "CHILD" and a is not None]
    parents = [a for r, a in kin_ages if r == "PARENT" and a is not None]
    income_major = max(adopter.monthly_income_minor, 0) / 100
    return [
        (age if age is not None else 40.0) / 100, log1p(income_major) / 12,
        min(adopter.trips_abroad_per_year, 10) / 5, min(len(children), 5) / 3,
        float(any(4 <= a < 18 for a in children)), float(any(a < 2 for a in children)),
        float(any(a >= 65 for a in parents)),
        float(any(r == "SPOUSE" for r, _ in kin_ages)), min(len(kin_ages), 10) / 5,
        products_held / 6,
    ]  # fmt: skip
