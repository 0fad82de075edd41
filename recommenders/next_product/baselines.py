"""The baselines the next-product model must beat, each fitted on the same NextProductData.

Each model is fitted on training data (every holding, plus each customer's hidden latest
product, which also validates the one knob a baseline has) and then scores any NextProductData
over the same product list: a customers x products matrix, higher = likelier.
"""

import warnings

import numpy as np
import numpy.typing as npt
from scipy import sparse

from recommenders.next_product.data import Floats, NextProductData

RANDOM_STATE = 7
EASE_PENALTIES = (10.0, 50.0, 200.0, 500.0, 2_000.0)
ALS_FACTORS = (16, 32, 64, 128)
ALS_REGULARISATION, ALS_ALPHA = 0.01, 1.0  # implicit's defaults, used in fit and fold-in


def all_edges(data: NextProductData) -> npt.NDArray[np.float32]:
    """Holdings with each customer's hidden latest product put back: every adoption."""
    edges = data.held.astype(np.float32)
    rows = np.flatnonzero(data.target >= 0)
    edges[rows, data.target[rows]] = 1.0
    return edges


def hidden_ndcg(scores: Floats, data: NextProductData) -> float:
    """NDCG@10 of the hidden latest products (held ones out): what tunes a baseline."""
    rows = np.flatnonzero(data.target >= 0)
    if not len(rows):
        return 0.0
    masked = np.where(data.held[rows], -np.inf, scores[rows])
    target = masked[np.arange(len(rows)), data.target[rows]]
    rank = (masked > target[:, None]).sum(axis=1)
    return float(np.where(rank < 10, 1 / np.log2(rank + 2), 0.0).mean())


class Popularity:
    """The products held by the most customers, the same list for everyone."""

    name = "popularity (holders)"

    def fit(self, data: NextProductData) -> None:
        """Count each product's holders."""
        self.counts = all_edges(data).sum(axis=0)

    def scores(self, data: NextProductData) -> Floats:
        """The same counts for every customer."""
        return np.tile(self.counts.astype(np.float32), (len(data.customer_ids), 1))


class ItemKNN:
    """Products held with what the customer holds: cosine similarity of their holders."""

    name = "ItemKNN (cosine)"

    def fit(self, data: NextProductData) -> None:
        """Cosine similarity between products' holder vectors (no self-similarity)."""
        edges = sparse.csr_matrix(all_edges(data))
        norms = np.sqrt(np.asarray(edges.sum(axis=0)).ravel()) + 1e-9
        similar = np.asarray((edges.T @ edges).todense()) / norms[:, None] / norms[None, :]
        np.fill_diagonal(similar, 0.0)
        self.similar = similar.astype(np.float32)

    def scores(self, data: NextProductData) -> Floats:
        """Sum of similarities to the products held."""
        return np.asarray(data.held.astype(np.float32) @ self.similar, dtype=np.float32)


def ease_weights(edges: npt.NDArray[np.float32], penalty: float) -> Floats:
    """EASE's closed form: an item-item weight matrix with a zero diagonal."""
    gram = (edges.T @ edges).astype(np.float64)
    gram[np.diag_indices_from(gram)] += penalty
    inverse = np.linalg.inv(gram)
    weights = -inverse / np.diag(inverse)
    np.fill_diagonal(weights, 0.0)
    return weights.astype(np.float32)


class EASE:
    """Embarrassingly shallow autoencoder (Steck 2019), its penalty chosen on validation."""

    name = "EASE"

    def fit(self, data: NextProductData) -> None:
        """Pick the penalty by the hidden products' NDCG@10, then refit on every adoption."""
        held = data.held.astype(np.float32)
        self.penalty = max(
            EASE_PENALTIES, key=lambda p: hidden_ndcg(held @ ease_weights(held, p), data)
        )
        self.weights = ease_weights(all_edges(data), self.penalty)

    def scores(self, data: NextProductData) -> Floats:
        """Holdings times the weights."""
        return np.asarray(data.held.astype(np.float32) @ self.weights, dtype=np.float32)


class ImplicitALS:
    """Matrix factorisation of who-holds-what (`implicit`'s ALS), factors chosen on validation."""

    name = "implicit ALS"

    def __init__(self, iterations: int = 15) -> None:
        self.iterations = iterations

    def fit(self, data: NextProductData) -> None:
        """Pick the factors by the hidden products' NDCG@10, then refit on every adoption."""
        held = data.held.astype(np.float32)
        self.factors = max(ALS_FACTORS, key=lambda f: hidden_ndcg(self._fit(held, f)[0], data))
        _, self.items = self._fit(all_edges(data), self.factors)

    def _fit(self, edges: npt.NDArray[np.float32], factors: int) -> tuple[Floats, Floats]:
        """(the fitted customers' scores, product factors)."""
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        factors = max(1, min(factors, edges.shape[1] - 1))
        model = AlternatingLeastSquares(
            factors=factors, iterations=self.iterations, random_state=RANDOM_STATE,
            regularization=ALS_REGULARISATION, alpha=ALS_ALPHA, calculate_training_loss=False,
        )  # fmt: skip
        # implicit runs its own threads; a second pool inside BLAS only fights them.
        with threadpool_limits(1, "blas"), warnings.catch_warnings():
            warnings.filterwarnings("ignore", "OpenBLAS is configured", RuntimeWarning)
            model.fit(sparse.csr_matrix(edges), show_progress=False)
        users, items = np.asarray(model.user_factors), np.asarray(model.item_factors)
        return (users @ items.T).astype(np.float32), items.astype(np.float32)

    def scores(self, data: NextProductData) -> Floats:
        """Each customer solved from their holdings as ALS itself solves a user (confidence
        1 + alpha on what they hold), so one unseen in fit is scored alike, then dotted."""
        items = self.items.astype(np.float64)
        base = items.T @ items + ALS_REGULARISATION * np.eye(items.shape[1])
        users = np.zeros((len(data.customer_ids), items.shape[1]))
        for n, row in enumerate(data.held):
            mine = items[row]
            lhs = base + ALS_ALPHA * mine.T @ mine
            users[n] = np.linalg.solve(lhs, (1 + ALS_ALPHA) * mine.sum(axis=0))
        return np.asarray(users @ items.T, dtype=np.float32)
