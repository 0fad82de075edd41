"""The next-product model's input as arrays: features, holdings, family ties, next product.

Every model (the graph model and its baselines) reads the same `NextProductData`, so they are
compared on one footing. For training, each customer's latest solo product (by opening date,
never the current account everyone opens first) is hidden and becomes the target: the same
shape as the question asked in production, "what does this customer take next?".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from math import log1p

import numpy as np
import numpy.typing as npt
from scipy import sparse

from graph.records import Adopter
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
) -> NextProductData:  # fmt: skip
    """Arrays for `adopters`; with hide_latest, each one's latest solo product is the target."""
    column = {p: n for n, p in enumerate(product_ids)}
    row = {a.id: n for n, a in enumerate(adopters)}
    held = np.zeros((len(adopters), len(product_ids)), dtype=np.bool_)
    target = np.full(len(adopters), -1, dtype=np.int64)
    sources: list[int] = []
    targets: list[int] = []
    features = np.zeros((len(adopters), len(FEATURES)), dtype=np.float32)
    for n, adopter in enumerate(adopters):
        open_ = [h for h in adopter.holdings if h[2] != "CLOSED" and h[0] in column]
        hidden = _latest_solo(open_, never_target) if hide_latest else None
        for product_id, *_ in open_:
            held[n, column[product_id]] = True
        if hidden is not None:
            target[n] = column[hidden]
            if sum(1 for h in open_ if h[0] == hidden) == 1:
                held[n, column[hidden]] = False
        for kin_id, _, _ in adopter.kin:
            if kin_id in row:
                sources.append(n)
                targets.append(row[kin_id])
        features[n] = _features(adopter, today, int(held[n].sum()))
    return NextProductData(
        [a.id for a in adopters], list(product_ids), features, held,
        np.array([sources, targets], dtype=np.int64).reshape(2, -1), target,
    )  # fmt: skip


def _latest_solo(
    holdings: Sequence[tuple[str, str | None, str | None, bool]], never_target: frozenset[str]
) -> str | None:
    """The product of the most recently opened account held alone (ties: by product id)."""
    solo = [(h[1] or "", h[0]) for h in holdings if not h[3] and h[0] not in never_target]
    return max(solo)[1] if solo else None


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
