"""The graph model's training knobs, apart from torch: commands read their defaults cheaply."""

from dataclasses import dataclass

EPOCHS = 80


@dataclass(frozen=True, slots=True)
class TrainConfig:
    """Training knobs; the defaults were chosen by evaluation on the synthetic bank."""

    dim: int = 64  # written to the graph's vector indexes: they are 64 wide
    epochs: int = EPOCHS
    learning_rate: float = 0.01
    weight_decay: float = 1e-5
    # Customers whose hidden product supervises training; beyond it, training reads only
    # the sample's two-tie family circle (the model is inductive: it then scores everyone).
    sample: int = 100_000
    seed: int = 7
