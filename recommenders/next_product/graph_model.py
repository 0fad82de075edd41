"""The graph model: an inductive heterogeneous GraphSAGE for a customer's next product.

Customers are encoded from their features (no per-customer id embeddings, so a new or
changed customer is scored without retraining); two rounds of message passing bring in the
products they hold and their relatives' representations (and, through them, the relatives'
holdings). A customer's score for a product is the dot product of the two representations
plus the product's bias, softmaxed over the products they do not hold yet. Full-batch on
plain torch: PyG's neighbour samplers need pyg-lib, not installable here.
"""

import contextlib
import time
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from threadpoolctl import threadpool_limits
from torch import Tensor, nn
from torch_geometric.nn import HeteroConv, SAGEConv
from torch_geometric.utils import k_hop_subgraph

from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import Floats, NextProductData

HELD_BY = ("product", "held_by", "customer")
KIN = ("customer", "kin", "customer")
DEFAULTS = TrainConfig()


class NextProductSAGE(nn.Module):
    """Customer and product representations, and each customer's logits over products."""

    def __init__(self, features: int, products: int, dim: int) -> None:
        super().__init__()
        self.encode = nn.Sequential(nn.Linear(features, dim), nn.ReLU(), nn.Linear(dim, dim))
        self.product = nn.Embedding(products, dim)
        self.bias = nn.Parameter(torch.zeros(products))
        with warnings.catch_warnings():
            # Products are never updated by design (they keep their learnt vectors, so a
            # customer can be scored without their holders); PyG warns about exactly that.
            warnings.filterwarnings("ignore", "There exist node types", UserWarning)
            self.layers = nn.ModuleList(
                HeteroConv(
                    {HELD_BY: SAGEConv((dim, dim), dim), KIN: SAGEConv(dim, dim)}, aggr="sum"
                )
                for _ in range(2)
            )

    def embed(self, x: Tensor, held_by: Tensor, kin: Tensor) -> tuple[Tensor, Tensor]:
        """(customers x dim, products x dim) after message passing."""
        h = {"customer": self.encode(x), "product": self.product.weight}
        edges = {HELD_BY: held_by, KIN: kin}
        for layer in self.layers:
            passed = layer(h, edges)
            h = {
                "customer": h["customer"] + torch.relu(passed["customer"]),
                "product": h["product"],
            }
        return h["customer"], h["product"]

    def forward(self, x: Tensor, held_by: Tensor, kin: Tensor) -> Tensor:
        """Logits, customers x products."""
        return self.decode(*self.embed(x, held_by, kin))

    def decode(self, customers: Tensor, products: Tensor) -> Tensor:
        """Logits from the representations: dot products plus each product's bias."""
        return customers @ products.T + self.bias


@dataclass(frozen=True)
class TrainedModel:
    """A trained model with what it needs to score and what training measured."""

    model: NextProductSAGE
    config: TrainConfig
    product_ids: list[str]
    features: int
    train_seconds: float
    final_loss: float

    def metadata(self) -> dict[str, object]:
        """What to keep beside the weights."""
        return {
            "config": asdict(self.config), "product_ids": self.product_ids,
            "features": self.features, "train_seconds": round(self.train_seconds, 2),
            "final_loss": round(self.final_loss, 4),
        }  # fmt: skip


def tensors(data: NextProductData) -> tuple[Tensor, Tensor, Tensor]:
    """(features, product->customer edges, kin edges) for the model's forward pass."""
    customers, products = np.nonzero(data.held)
    held_by = torch.from_numpy(np.stack([products, customers]).astype(np.int64))
    return torch.from_numpy(data.features), held_by, torch.from_numpy(data.family)


def train(data: NextProductData, config: TrainConfig = DEFAULTS) -> TrainedModel:
    """Fit on the customers with a hidden next product (a sample of them, at most)."""
    torch.manual_seed(config.seed)
    rows = np.flatnonzero(data.target >= 0)
    sampled = np.sort(np.random.default_rng(config.seed).permutation(rows)[: config.sample])
    data, index = family_circle(data, sampled) if len(sampled) < len(rows) else (data, sampled)
    x, held_by, kin = tensors(data)
    target = torch.from_numpy(data.target[index])
    held = torch.from_numpy(data.held[index])
    model = NextProductSAGE(x.shape[1], len(data.product_ids), config.dim)
    optimiser = torch.optim.Adam(
        model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
    )
    started, loss = time.perf_counter(), torch.tensor(0.0)
    model.train()
    for _ in range(config.epochs):
        optimiser.zero_grad()
        logits = model(x, held_by, kin)[index].masked_fill(held, float("-inf"))
        loss = nn.functional.cross_entropy(logits, target)
        loss.backward()  # type: ignore[no-untyped-call]
        optimiser.step()
    model.eval()
    return TrainedModel(
        model, config, list(data.product_ids), x.shape[1], time.perf_counter() - started,
        float(loss.detach()),
    )  # fmt: skip


def family_circle(
    data: NextProductData, rows: npt.NDArray[np.int64]
) -> tuple[NextProductData, npt.NDArray[np.int64]]:
    """The sampled customers and everyone two family ties from them (what two rounds of
    message passing read), renumbered; and the sampled customers' new row numbers."""
    subset, family, mapping, _ = k_hop_subgraph(
        torch.from_numpy(rows), 2, torch.from_numpy(data.family), relabel_nodes=True,
        num_nodes=len(data.customer_ids),
    )  # fmt: skip
    keep = subset.numpy()
    around = NextProductData(
        [data.customer_ids[n] for n in keep], data.product_ids, data.features[keep],
        data.held[keep], family.numpy(), data.target[keep],
    )  # fmt: skip
    return around, mapping.numpy()


class GraphModel:
    """The graph model behind the same fit/scores interface as the baselines."""

    name = "graph model (hetero GraphSAGE)"

    def __init__(self, config: TrainConfig = DEFAULTS) -> None:
        self.config = config

    def fit(self, data: NextProductData) -> None:
        """Train on `data`'s hidden next products."""
        self.trained = train(data, self.config)

    def scores(self, data: NextProductData) -> Floats:
        """Each customer's chance of each product being next (held ones get 0)."""
        return propensities(self.trained.model, data)


@torch.no_grad()
def outputs(model: NextProductSAGE, data: NextProductData) -> tuple[Floats, Floats, Floats]:
    """One forward pass: (chances, customer vectors, product vectors), vectors unit length.

    Chances: softmax over the products each customer does not hold, the chance each is next.
    """
    customers, products = model.embed(*tensors(data))
    logits = model.decode(customers, products)
    logits = logits.masked_fill(torch.from_numpy(data.held), float("-inf"))
    chances = torch.softmax(logits, dim=1).nan_to_num(0.0).numpy().astype(np.float32)
    unit = [
        nn.functional.normalize(t, dim=1).numpy().astype(np.float32) for t in (customers, products)
    ]
    return chances, unit[0], unit[1]


def propensities(model: NextProductSAGE, data: NextProductData) -> Floats:
    """Each customer's chance of each product being next (held ones 0)."""
    return outputs(model, data)[0]


def embeddings(model: NextProductSAGE, data: NextProductData) -> tuple[Floats, Floats]:
    """(customer, product) representations, unit length, for the vector indexes."""
    _, customers, products = outputs(model, data)
    return customers, products


@contextlib.contextmanager
def cpu_threads(threads: int) -> Iterator[None]:
    """Compute on this many threads (torch and the BLAS/OpenMP pools of the baselines).

    Measured on 2 cores beside a busy engine: torch on 2 threads trained 10x slower than on
    1, the trees 50x; spinning thread pools fight the engine for the cores.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        with threadpool_limits(threads):
            yield
    finally:
        torch.set_num_threads(before)


def save_weights(model: NextProductSAGE, path: Path) -> None:
    """Write the model's weights (a state dict; no pickled code)."""
    torch.save(model.state_dict(), path)


def load_model(path: Path, features: int, products: int, config: TrainConfig) -> NextProductSAGE:
    """Rebuild a model of this shape and load its weights, ready to score."""
    model = NextProductSAGE(features, products, config.dim)
    model.load_state_dict(torch.load(path, weights_only=True))
    model.eval()
    return model
