"""Gradient-boosted trees as one ranker over (customer, candidate product) pairs.

One model for the whole catalogue, fitted on each customer's hidden latest product against a
few sampled products they do not hold, so its cost grows with the pairs, not with the
catalogue times the customers. A pair's features: the customer's, the product's category and
popularity, how similar it is to what the customer holds (ItemKNN), and how many of the
customer's relatives hold it.
"""

import numpy as np
import numpy.typing as npt

from recommenders.next_product.baselines import (
    EASE,
    RANDOM_STATE,
    ImplicitALS,
    ItemKNN,
    Popularity,
)
from recommenders.next_product.data import Floats, NextProductData
from recommenders.next_product.model import NextProductModel

NEGATIVES = 8  # sampled products not held, per positive
MAX_CUSTOMERS = 50_000  # customers whose pairs train the trees
CHUNK = 256  # customers scored at a time (their pairs are built in memory)


class PairRanker:
    """HistGradientBoosting on (customer, product) pairs with sampled negatives."""

    name = "gradient-boosted trees (pairs)"

    def fit(self, data: NextProductData) -> None:
        """Positives: the hidden latest products; negatives: sampled products not held."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        self.popular, self.similar = Popularity(), ItemKNN()
        self.popular.fit(data)
        self.similar.fit(data)
        self.categories = sorted(set(data.categories))
        rng = np.random.default_rng(RANDOM_STATE)
        rows = rng.permutation(np.flatnonzero(data.target >= 0))[:MAX_CUSTOMERS]
        customers, products, labels = self._pairs(data, rows, rng)
        self.model = HistGradientBoostingClassifier(max_iter=100, random_state=RANDOM_STATE)
        if len(set(labels.tolist())) < 2:  # nothing to tell apart: popularity stands in
            self.model = None
            return
        self.model.fit(self._features(data, customers, products, data.kin_held()), labels)

    @staticmethod
    def _pairs(
        data: NextProductData, rows: npt.NDArray[np.int64], rng: np.random.Generator
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(customer rows, product columns, 1 for the hidden product / 0 for a sampled one)."""
        n = data.held.shape[1]
        sampled = rng.integers(0, n, size=(len(rows), NEGATIVES))
        keep = ~data.held[rows[:, None], sampled] & (sampled != data.target[rows][:, None])
        customers = np.concatenate([rows, np.repeat(rows, NEGATIVES)[keep.ravel()]])
        products = np.concatenate([data.target[rows], sampled.ravel()[keep.ravel()]])
        labels = np.concatenate([np.ones(len(rows)), np.zeros(int(keep.sum()))])
        return customers, products, labels.astype(np.int64)

    def _features(
        self, data: NextProductData, customers: npt.NDArray[np.int64],
        products: npt.NDArray[np.int64], kin_held: Floats,
    ) -> Floats:  # fmt: skip
        """One row per pair (kin_held: how many relatives hold each product, per customer)."""
        held = data.held[np.unique(customers)]
        index = {int(c): n for n, c in enumerate(np.unique(customers))}
        local = np.array([index[int(c)] for c in customers], dtype=np.int64)
        similar = (held.astype(np.float32) @ self.similar.similar)[local, products]
        kin = kin_held[customers, products]
        category = np.zeros((len(products), max(len(self.categories), 1)), dtype=np.float32)
        codes = {c: n for n, c in enumerate(self.categories)}
        for n, p in enumerate(products):
            category[n, codes.get(data.categories[p], 0)] = 1.0
        popular = np.log1p(self.popular.counts[products])
        return np.hstack([
            data.features[customers], category, popular[:, None], similar[:, None], kin[:, None],
            held.sum(axis=1)[local][:, None],
        ]).astype(np.float32)  # fmt: skip

    def scores(self, data: NextProductData) -> Floats:
        """Each pair's predicted chance, every customer against every product."""
        if self.model is None:
            return self.popular.scores(data)
        n, width = data.held.shape
        kin = data.kin_held()
        out = np.zeros((n, width), dtype=np.float32)
        for start in range(0, n, CHUNK):
            rows = np.arange(start, min(n, start + CHUNK))
            customers = np.repeat(rows, width)
            products = np.tile(np.arange(width), len(rows))
            chance = self.model.predict_proba(self._features(data, customers, products, kin))[:, 1]
            out[rows] = chance.reshape(len(rows), width)
        return out


def baselines() -> list[NextProductModel]:
    """Every baseline, in the order the evaluation table lists them (the pair ranker last:
    it builds on two of the others)."""
    return [Popularity(), ItemKNN(), EASE(), ImplicitALS(), PairRanker()]
