"""Top-k ranking of products per customer, and the offline metrics that judge it."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import log2

import numpy as np

from recommenders.next_product.data import Flags, Floats

Interval = tuple[float, float]
BOOTSTRAP = 1_000  # resamples of the customers for the 95 % intervals


@dataclass(frozen=True, slots=True)
class RankingMetrics:
    """Means over customers with a known next product, each with a 95 % bootstrap interval
    (customers resampled with replacement): HR@10, NDCG@10, recall@20, MAP@7."""

    customers: int
    hr_at_10: float
    ndcg_at_10: float
    recall_at_20: float
    map_at_7: float
    intervals: dict[str, Interval] = field(default_factory=dict)  # by the names above
    products: int = 0  # products ranked (the catalogue the model scores)


NAMES = ("hr_at_10", "ndcg_at_10", "recall_at_20", "map_at_7")


def as_chances(scores: Floats, held: Flags) -> Floats:
    """Non-negative scores as each customer's chances over the products not held (sum 1)."""
    kept = np.where(held, 0.0, np.clip(scores, 0.0, None))
    totals = kept.sum(axis=1, keepdims=True)
    chances: Floats = np.divide(kept, totals, out=np.zeros_like(kept), where=totals > 0)
    return chances.astype(np.float32)


def top_k(scores: Floats, held: Flags, k: int) -> list[list[int]]:
    """Each customer's k best product indexes, best first, held products left out."""
    masked = np.where(held, -np.inf, scores)
    order = np.argsort(-masked, axis=1, kind="stable")[:, :k]
    return [[int(p) for p in row if np.isfinite(masked[n, p])] for n, row in enumerate(order)]


def evaluate(
    scores: Floats, held: Flags, relevant: Mapping[int, set[int]], *, seed: int = 7
) -> RankingMetrics:  # fmt: skip
    """Judge `scores` (customers x products) against each customer's adopted products."""
    rows = sorted(relevant)
    if not rows:
        return RankingMetrics(0, 0.0, 0.0, 0.0, 0.0, products=held.shape[1])
    ranked = top_k(scores[rows], held[rows], 20)
    each = np.array([
        (_hit(r[:10], relevant[row]), _ndcg(r[:10], relevant[row]),
         _recall(r[:20], relevant[row]), _average_precision(r[:7], relevant[row]))
        for r, row in zip(ranked, rows, strict=True)
    ])  # fmt: skip
    rng = np.random.default_rng(seed)
    resampled = each[rng.integers(0, len(rows), (BOOTSTRAP, len(rows)))].mean(axis=1)
    low, high = np.percentile(resampled, [2.5, 97.5], axis=0)
    hr, ndcg, recall, map7 = (float(m) for m in each.mean(axis=0))
    return RankingMetrics(
        len(rows), hr, ndcg, recall, map7,
        intervals={n: (float(lo), float(hi)) for n, lo, hi in zip(NAMES, low, high, strict=True)},
        products=held.shape[1],
    )  # fmt: skip


def _hit(ranked: list[int], truth: set[int]) -> float:
    return float(any(p in truth for p in ranked))


def _recall(ranked: list[int], truth: set[int]) -> float:
    return sum(p in truth for p in ranked) / len(truth)


def _ndcg(ranked: list[int], truth: set[int]) -> float:
    gain = sum(1 / log2(i + 2) for i, p in enumerate(ranked) if p in truth)
    ideal = sum(1 / log2(i + 2) for i in range(min(len(truth), len(ranked))))
    return gain / ideal if ideal else 0.0


def _average_precision(ranked: list[int], truth: set[int]) -> float:
    hits, total = 0, 0.0
    for i, p in enumerate(ranked):
        if p in truth:
            hits += 1
            total += hits / (i + 1)
    return total / min(len(truth), len(ranked)) if ranked else 0.0
