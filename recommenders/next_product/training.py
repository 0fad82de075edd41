"""Training the served models: the graph model and the boosted trees, validated alike."""

import resource
import time
import zlib
from dataclasses import dataclass

import numpy as np

from recommenders.next_product.baselines import BoostedTrees
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import NextProductData
from recommenders.next_product.graph_model import GraphModel, family_circle
from recommenders.next_product.model import NextProductModel
from recommenders.next_product.ranking import RankingMetrics, evaluate


def held_out(customer_id: str) -> bool:
    """One customer in ten (by a stable hash of the id) validates training and never trains it."""
    return zlib.crc32(customer_id.encode()) % 10 == 0


@dataclass(frozen=True, slots=True)
class Training:
    """The trained models, which one ranks, their validation figures and the cost."""

    model: GraphModel  # always trained: its embeddings serve lookalikes
    ranker: NextProductModel  # whichever validated best: the graph model or the trees
    validation: dict[str, RankingMetrics]  # by model name
    seconds: float
    peak_rss_gb: float


NO_FIGURES = RankingMetrics(0, 0.0, 0.0, 0.0, 0.0)  # a bank too small to hold any out


def train_models(data: NextProductData, config: TrainConfig) -> Training:
    """Train the graph model and the boosted trees on nine customers in ten; validate both
    on the tenth's hidden next product; the better (by NDCG@10, ties to the graph) ranks."""
    started = time.perf_counter()
    validating = np.array([held_out(c) for c in data.customer_ids], dtype=np.bool_)
    training = NextProductData(
        data.customer_ids, data.product_ids, data.features, data.held, data.family,
        np.where(validating, -1, data.target),
    )  # fmt: skip
    graph_model, trees = GraphModel(config), BoostedTrees()
    graph_model.fit(training)
    trees.fit(training)
    # Only the validating customers and their two-tie circle are scored (both models read
    # no further), not the whole bank: a tenth of the work at a million customers.
    rows = np.flatnonzero(validating & (data.target >= 0))
    circle, index = family_circle(data, rows)
    relevant = {int(n): {int(circle.target[n])} for n in index}
    validation = {
        m.name: evaluate(m.scores(circle), circle.held, relevant) if relevant else NO_FIGURES
        for m in (graph_model, trees)
    }
    best = max(validation[graph_model.name], validation[trees.name], key=_rank_key)
    ranker: NextProductModel = graph_model if best is validation[graph_model.name] else trees
    return Training(graph_model, ranker, validation, time.perf_counter() - started, peak_rss_gb())


def _rank_key(metrics: RankingMetrics) -> tuple[float, float]:
    return metrics.ndcg_at_10, metrics.hr_at_5


def peak_rss_gb() -> float:
    """This process's peak resident memory so far, in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
