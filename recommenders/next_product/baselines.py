"""The baselines the graph model must beat, each fitted on the same NextProductData.

Each model is fitted on training data (hidden latest products as targets) and then scores
any NextProductData over the same product list: customers x products, higher = likelier.
"""

import warnings

import numpy as np
from scipy import sparse

from recommenders.next_product.data import Floats, NextProductData
from recommenders.next_product.model import NextProductModel

RANDOM_STATE = 7


def _targets(data: NextProductData) -> np.ndarray:
    """One-hot of each customer's hidden next product (zero rows when none)."""
    onehot = np.zeros(data.held.shape, dtype=np.float32)
    rows = np.flatnonzero(data.target >= 0)
    onehot[rows, data.target[rows]] = 1.0
    return onehot


class Popularity:
    """The products most often taken next, the same list for everyone."""

    name = "popularity"

    def fit(self, data: NextProductData) -> None:
        """Count how often each product was the one taken next."""
        self.counts = _targets(data).sum(axis=0) + 1e-3 * data.held.sum(axis=0)

    def scores(self, data: NextProductData) -> Floats:
        """The same counts for every customer."""
        return np.tile(self.counts.astype(np.float32), (len(data.customer_ids), 1))


class CoOccurrence:
    """Customers who hold q took p next: score p by how often, over the products held."""

    name = "item co-occurrence"

    def fit(self, data: NextProductData) -> None:
        """Count (held q, next p) pairs, normalised by how many hold q."""
        held = data.held.astype(np.float32)
        pairs = held.T @ _targets(data)
        self.next_given_held = pairs / np.maximum(held.sum(axis=0), 1.0)[:, None]
        self.prior = _targets(data).mean(axis=0)

    def scores(self, data: NextProductData) -> Floats:
        """Sum, over the products a customer holds, the chance of each next product."""
        held = data.held.astype(np.float32)
        return np.asarray(held @ self.next_given_held + self.prior, dtype=np.float32)


class ImplicitALS:
    """Matrix factorisation of who-holds-what (the `implicit` package's ALS)."""

    name = "implicit ALS"

    def __init__(self, factors: int = 16, iterations: int = 15) -> None:
        self.factors, self.iterations = factors, iterations

    def fit(self, data: NextProductData) -> None:
        """Factorise holdings, the hidden products included (they are held, to ALS)."""
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        # implicit runs its own threads; a second pool inside BLAS only fights them.
        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "OpenBLAS is configured", RuntimeWarning)
            self._fit(AlternatingLeastSquares, data)

    def _fit(self, als: type, data: NextProductData) -> None:
        self.model = als(
            factors=self.factors, iterations=self.iterations, random_state=RANDOM_STATE,
            calculate_training_loss=False,
        )  # fmt: skip
        matrix = data.held.astype(np.float32) + _targets(data)
        self.model.fit(sparse.csr_matrix(matrix), show_progress=False)
        self.fitted_ids = {c: n for n, c in enumerate(data.customer_ids)}

    def scores(self, data: NextProductData) -> Floats:
        """Customer x product dot products; a customer unseen in fit gets the mean factors."""
        users = np.asarray(self.model.user_factors)
        mean = users.mean(axis=0)
        rows = np.stack([
            users[self.fitted_ids[c]] if c in self.fitted_ids else mean for c in data.customer_ids
        ])  # fmt: skip
        return np.asarray(rows @ np.asarray(self.model.item_factors).T, dtype=np.float32)


class BoostedTrees:
    """Per product, gradient-boosted trees on features, holdings and the family's holdings."""

    name = "gradient-boosted trees"

    def __init__(self, max_rows: int = 200_000) -> None:
        self.max_rows = max_rows

    def fit(self, data: NextProductData) -> None:
        """One classifier per product: was it the next one, among those not holding it?"""
        from sklearn.ensemble import HistGradientBoostingClassifier

        x, rows = self._inputs(data), np.flatnonzero(data.target >= 0)
        rows = np.random.default_rng(RANDOM_STATE).permutation(rows)[: self.max_rows]
        self.models: dict[int, HistGradientBoostingClassifier | float] = {}
        for p in range(data.held.shape[1]):
            candidates = rows[~data.held[rows, p]]
            y = data.target[candidates] == p
            if y.all() or not y.any():  # nothing to learn: a constant
                self.models[p] = float(y.mean()) if len(y) else 0.0
                continue
            model = HistGradientBoostingClassifier(max_iter=60, random_state=RANDOM_STATE)
            self.models[p] = model.fit(x[candidates], y)

    def scores(self, data: NextProductData) -> Floats:
        """Each product's predicted chance of being next."""
        x = self._inputs(data)
        out = np.zeros(data.held.shape, dtype=np.float32)
        for p, model in self.models.items():
            out[:, p] = model if isinstance(model, float) else model.predict_proba(x)[:, 1]
        return out

    @staticmethod
    def _inputs(data: NextProductData) -> Floats:
        return np.hstack([data.features, data.held.astype(np.float32), data.kin_held()])


def baselines() -> list[NextProductModel]:
    """Every baseline, in the order the evaluation table lists them."""
    return [Popularity(), CoOccurrence(), ImplicitALS(), BoostedTrees()]
