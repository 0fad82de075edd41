"""The next-product model's training knobs, apart from torch: commands read them cheaply."""

from dataclasses import dataclass

EPOCHS = 30


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Training knobs; not tuned to one data set: the epoch is chosen by validation."""

    dim: int = 64  # written to the graph's vector indexes: they are 64 wide
    epochs: int = EPOCHS  # at most: the epoch with the best validation NDCG@10 is kept
    learning_rate: float = 0.005
    weight_decay: float = 1e-4
    hide: float = 0.3  # share of a customer's holdings hidden and predicted, each epoch
    # Weight of the second objective, each customer's latest adoption predicted from the
    # rest, against the first (1). 3 was best of 1, 3, 10 on the 10,000-customer variant
    # bank and MovieLens 100K together; 100,000 customers confirmed it (BENCHMARKS.md).
    latest: float = 3.0
    rank: int = 64  # eigenvectors kept by the ideal low-pass graph filter
    # Customers whose holdings supervise training (a random sample beyond it; the model is
    # inductive: it then scores everyone, and the graph filters read every edge).
    sample: int = 100_000
    seed: int = 7
