"""Top-k ranking of products per customer, and the offline metrics that judge it."""

from collections.abc import Mapping
from dataclasses import dataclass
from math import log2

import numpy as np

from recommenders.next_product.data import Flags, Floats


@dataclass(frozen=True, slots=True)
class RankingMetrics:
    """Means over customers with a known next product (HR@5, recall@10, NDCG@10, MAP@7)."""

    customers: int
    hr_at_5: float
    recall_at_10: float
    ndcg_at_10: float
    map_at_7: float


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
    scores: Floats, held: Flags, relevant: Mapping[int, set[int]]
) -> RankingMetrics:  # fmt: skip
    """Judge `scores` (customers x products) against each customer's adopted products."""
    rows = sorted(relevant)
    if not rows:
        return RankingMetrics(0, 0.0, 0.0, 0.0, 0.0)
    ranked = top_k(scores[rows], held[rows], 10)
    totals = np.zeros(4)
    for n, row in enumerate(rows):
        truth = relevant[row]
        totals += (
            _hit(ranked[n][:5], truth), _recall(ranked[n][:10], truth),
            _ndcg(ranked[n][:10], truth), _average_precision(ranked[n][:7], truth),
        )  # fmt: skip
    hr, recall, ndcg, map7 = (float(t / len(rows)) for t in totals)
    return RankingMetrics(len(rows), hr, recall, ndcg, map7)


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
