"""The next-product model: graph propagation over every customer-product adoption edge.

Products are nodes with learnt vectors (plus their category's), propagated LightGCN-style
over the normalised product-product graph that the customer-product holdings induce
(P = R'R with R the holdings normalised by both degrees). A customer has no vector of their
own: it is read from the products they hold, their relatives' holdings and their features,
so a new or changed customer is scored without retraining. Two graph filters over the same
edges join the logits as skip terms (GF-CF: P itself, a linear low-pass filter, and its
top eigenvectors, an ideal one), with the family's holdings; the learnt part corrects them.

Training reads every adoption edge, with two objectives (softmaxes over the whole catalogue)
in each batch: a random share of each customer's holdings hidden and predicted from the rest
(what goes together), and each customer's latest adoption predicted from the ones before it
(what comes next: the question the model is asked). A tenth of the customers with a latest
adoption validate it (the epoch with the best NDCG@10 is kept).
"""

import contextlib
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import torch
from scipy import sparse
from threadpoolctl import threadpool_limits
from torch import Tensor, nn
from torch_geometric.utils import k_hop_subgraph

from recommenders.next_product.baselines import EASE_PENALTIES, ease_weights, hidden_ndcg
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import Floats, NextProductData

DEFAULTS = TrainConfig()
BATCH = 512
SCORE_BATCH = 4_096


class NextProductNet(nn.Module):
    """Product vectors over the adoption graph, and a customer's logits over products."""

    link: Tensor
    lowpass: Tensor
    resolvent: Tensor
    category: Tensor

    def __init__(self, features: int, products: int, categories: int, dim: int) -> None:
        super().__init__()
        self.register_buffer("link", torch.zeros(products, products))  # P
        self.register_buffer("lowpass", torch.zeros(products, products))  # ideal filter
        self.register_buffer("resolvent", torch.zeros(products, products))  # EASE's
        self.register_buffer("category", torch.zeros(products, max(categories, 1)))
        self.product = nn.Parameter(torch.randn(products, dim) * 0.01)
        self.by_category = nn.Linear(max(categories, 1), dim, bias=False)
        # Non-linear: fit is peaked (a mid-tier card suits mid incomes, a plan a child's
        # ages), which a linear map of the features into product space cannot express.
        self.encode = nn.Sequential(nn.Linear(features, dim), nn.GELU(), nn.Linear(dim, dim))
        self.bias = nn.Parameter(torch.zeros(products))
        # Weights of the skip terms: P, the ideal filter, the resolvent, the family's
        # holdings, and those propagated by P.
        self.mix = nn.Parameter(torch.tensor([1.0, 1.0, 3.0, 1.0, 1.0]))

    def products(self) -> Tensor:
        """Product vectors: own + category, averaged over 0, 1 and 2 propagation hops."""
        h0: Tensor = self.product + self.by_category(self.category)
        h1 = self.link @ h0
        return (h0 + h1 + self.link @ h1) / 3

    def customers(self, held: Tensor, kin: Tensor, x: Tensor, items: Tensor) -> Tensor:
        """Customer vectors from holdings, relatives' holdings and features."""
        own = held @ items / held.sum(1, keepdim=True).clamp(min=1).sqrt()
        encoded: Tensor = self.encode(x)
        return own + kin @ items + encoded

    def forward(self, held: Tensor, kin: Tensor, x: Tensor) -> Tensor:
        """Logits, customers x products (held products are the caller's to mask)."""
        items = self.products()
        return self.logits(self.customers(held, kin, x, items), items, held, kin)

    def logits(self, users: Tensor, items: Tensor, held: Tensor, kin: Tensor) -> Tensor:
        """Learnt dot products plus the graph filters' skip terms."""
        skips = (held @ self.link, held @ self.lowpass, held @ self.resolvent, kin, kin @ self.link)
        mixed = torch.stack([w * _standard(s) for w, s in zip(self.mix, skips, strict=True)])
        return users @ items.T + self.bias + mixed.sum(0)


def _standard(t: Tensor) -> Tensor:
    """Each row to mean 0 and unit spread (the filters' scales differ by orders)."""
    return (t - t.mean(1, keepdim=True)) / (t.std(1, keepdim=True, unbiased=False) + 1e-6)


def graph_filters(held: sparse.csr_matrix, rank: int) -> tuple[Floats, Floats]:
    """(P, the ideal low-pass filter) from the holdings: products x products each."""
    users = np.asarray(held.sum(axis=1)).ravel() + 1e-9
    items = np.asarray(held.sum(axis=0)).ravel() + 1e-9
    normal = sparse.diags(users**-0.5) @ held @ sparse.diags(items**-0.5)
    link = np.asarray((normal.T @ normal).todense(), dtype=np.float64)
    values, vectors = np.linalg.eigh(link)  # ascending: the top ones are the smooth signals
    top = vectors[:, np.argsort(values)[::-1][: max(1, min(rank, len(values) - 1))]]
    lowpass = (items[:, None] ** -0.5) * (top @ top.T) * (items[None, :] ** 0.5)
    return link.astype(np.float32), lowpass.astype(np.float32)


@dataclass(frozen=True)
class TrainedModel:
    """A trained model with what it needs to score and what training measured."""

    model: NextProductNet
    config: TrainConfig
    product_ids: list[str]
    categories: list[str]
    features: int
    train_seconds: float
    final_loss: float
    best_epoch: int

    def metadata(self) -> dict[str, object]:
        """What to keep beside the weights."""
        return {
            "config": asdict(self.config), "product_ids": self.product_ids,
            "categories": self.categories, "features": self.features,
            "train_seconds": round(self.train_seconds, 2), "final_loss": round(self.final_loss, 4),
            "best_epoch": self.best_epoch,
        }  # fmt: skip


def category_codes(data: NextProductData) -> tuple[list[str], Floats]:
    """The categories in order, and each product's one-hot row."""
    names = sorted(set(data.categories))
    onehot = np.zeros((len(data.product_ids), max(len(names), 1)), dtype=np.float32)
    for n, c in enumerate(data.categories):
        onehot[n, names.index(c)] = 1.0
    return names, onehot


def inputs(
    data: NextProductData, rows: npt.NDArray[np.int64], kin: Floats | None = None
) -> tuple[Tensor, Tensor, Tensor]:  # fmt: skip
    """(holdings, relatives' holdings as shares, features) of these rows, as tensors."""
    kin = _kin_shares(data, data.held) if kin is None else kin
    return (
        torch.from_numpy(data.held[rows].astype(np.float32)),
        torch.from_numpy(kin[rows]),
        torch.from_numpy(data.features[rows]),
    )


def train(data: NextProductData, config: TrainConfig = DEFAULTS) -> TrainedModel:
    """Fit on every adoption edge; validate on a tenth of the hidden latest products."""
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    targets = np.flatnonzero(data.target >= 0)
    validating = np.sort(rng.permutation(targets)[: max(1, len(targets) // 10)])
    edges = data.held.copy()  # every adoption: the hidden ones count, bar validation's
    fitting = np.setdiff1d(np.arange(len(data.customer_ids)), validating)
    rows = fitting[data.target[fitting] >= 0]
    edges[rows, data.target[rows]] = True
    fitting = rng.permutation(fitting)[: config.sample]
    model = _net(data, edges, config, validating)
    started, loss, best = time.perf_counter(), 0.0, (-1.0, 0, model.state_dict())
    optimiser = torch.optim.Adam(model.parameters(), lr=config.learning_rate,
                                 weight_decay=config.weight_decay)  # fmt: skip
    kin = torch.from_numpy(_kin_shares(data, edges))
    held, x = torch.from_numpy(edges.astype(np.float32)), torch.from_numpy(data.features)
    latest = torch.from_numpy(data.target)  # validating rows are never among the fitting
    for epoch in range(1, config.epochs + 1):
        loss = _epoch(model, optimiser, (held, kin, x, latest), rng.permutation(fitting), config)
        if len(validating) and (epoch % 2 == 0 or epoch == config.epochs):
            ndcg = _validate(model, data, validating)
            if ndcg > best[0]:
                best = (ndcg, epoch, {k: v.clone() for k, v in model.state_dict().items()})
    if best[1]:
        model.load_state_dict(best[2])
    model.eval()
    return TrainedModel(
        model, config, list(data.product_ids), category_codes(data)[0], data.features.shape[1],
        time.perf_counter() - started, loss, best[1] or config.epochs,
    )  # fmt: skip


def _net(
    data: NextProductData, edges: npt.NDArray[np.bool_], config: TrainConfig,
    validating: npt.NDArray[np.int64],
) -> NextProductNet:  # fmt: skip
    """The network with its graph filters computed from the training edges."""
    names, onehot = category_codes(data)
    model = NextProductNet(data.features.shape[1], len(data.product_ids), len(names), config.dim)
    link, lowpass = graph_filters(sparse.csr_matrix(edges.astype(np.float32)), config.rank)
    model.resolvent.copy_(torch.from_numpy(_resolvent(data, edges, validating)))
    model.link.copy_(torch.from_numpy(link))
    model.lowpass.copy_(torch.from_numpy(lowpass))
    model.category.copy_(torch.from_numpy(onehot))
    return model


def _resolvent(
    data: NextProductData, edges: npt.NDArray[np.bool_], validating: npt.NDArray[np.int64]
) -> Floats:  # fmt: skip
    """The resolvent filter, its lambda the one whose filter alone ranks the validating
    customers' hidden products best."""
    adopted = edges.astype(np.float32)
    if len(validating):
        check = NextProductData(
            [data.customer_ids[n] for n in validating], data.product_ids,
            data.features[validating], data.held[validating], np.zeros((2, 0), np.int64),
            data.target[validating], data.categories,
        )  # fmt: skip
        shown = check.held.astype(np.float32)
        best = max(EASE_PENALTIES,
                   key=lambda p: hidden_ndcg(shown @ ease_weights(adopted, p), check))  # fmt: skip
    else:
        best = EASE_PENALTIES[len(EASE_PENALTIES) // 2]
    return ease_weights(adopted, best)


def _kin_shares(data: NextProductData, held: npt.NDArray[np.bool_]) -> Floats:
    """Per customer and product, the share of their relatives who hold it."""
    n = len(data.customer_ids)
    ties = sparse.csr_matrix(
        (np.ones(data.family.shape[1], np.float32), (data.family[0], data.family[1])),
        shape=(n, n),
    )
    counts = np.asarray(ties.sum(axis=1)).ravel()
    shares = ties @ held.astype(np.float32) / np.maximum(counts, 1.0)[:, None]
    return np.asarray(shares, dtype=np.float32)


def _epoch(
    model: NextProductNet, optimiser: torch.optim.Optimizer,
    tensors: tuple[Tensor, Tensor, Tensor, Tensor], rows: npt.NDArray[np.int64],
    config: TrainConfig,
) -> float:  # fmt: skip
    """One pass over `rows` in their order: hide a share of each customer's holdings and
    predict it from the rest; predict each one's latest adoption from the others."""
    model.train()
    held, kin, x, latest = tensors
    total = 0.0
    order = torch.from_numpy(rows)
    for start in range(0, len(order), BATCH):
        batch = order[start : start + BATCH]
        whole = held[batch]
        shown = whole * (torch.rand_like(whole) >= config.hide).float()
        hidden = whole - shown
        logits = model(shown, kin[batch], x[batch]).masked_fill(shown > 0, -1e9)
        loss = -(torch.log_softmax(logits, 1) * hidden).sum(1)
        loss = (loss / hidden.sum(1).clamp(min=1)).mean()
        aimed = batch[latest[batch] >= 0]
        if config.latest > 0 and len(aimed):
            loss = loss + config.latest * _next_loss(model, held[aimed], kin[aimed], x[aimed],
                                                     latest[aimed])  # fmt: skip
        optimiser.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        optimiser.step()
        total = float(loss.detach())
    return total


def _next_loss(
    model: NextProductNet, whole: Tensor, kin: Tensor, x: Tensor, latest: Tensor
) -> Tensor:
    """Cross-entropy of each customer's latest adoption, shown everything held before it."""
    shown = whole.clone()
    shown[torch.arange(len(latest)), latest] = 0.0
    logits = model(shown, kin, x).masked_fill(shown > 0, -1e9)
    return -torch.log_softmax(logits, 1)[torch.arange(len(latest)), latest].mean()


@torch.no_grad()
def _validate(model: NextProductNet, data: NextProductData, rows: npt.NDArray[np.int64]) -> float:
    """NDCG@10 of the hidden latest products of the validating customers."""
    model.eval()
    logits = model(*inputs(data, rows)).masked_fill(torch.from_numpy(data.held[rows]), -1e9)
    target = logits[torch.arange(len(rows)), torch.from_numpy(data.target[rows])]
    rank = (logits > target[:, None]).sum(1).float()
    return float(torch.where(rank < 10, 1 / torch.log2(rank + 2), 0.0).mean())


class GraphModel:
    """The next-product model behind the same fit/scores interface as the baselines."""

    name = "next-product model (graph)"

    def __init__(self, config: TrainConfig = DEFAULTS) -> None:
        self.config = config

    def fit(self, data: NextProductData) -> None:
        """Train on every adoption edge of `data`."""
        self.trained = train(data, self.config)

    def scores(self, data: NextProductData) -> Floats:
        """Each customer's chance of each product being next (held ones get 0)."""
        return propensities(self.trained.model, data)


@torch.no_grad()
def outputs(model: NextProductNet, data: NextProductData) -> tuple[Floats, Floats, Floats]:
    """(chances, customer vectors, product vectors), vectors unit length, in batches.

    Chances: softmax over the products each customer does not hold, the chance each is next.
    """
    items = model.products()
    n, kin = len(data.customer_ids), _kin_shares(data, data.held)
    chances = np.zeros((n, len(data.product_ids)), dtype=np.float32)
    vectors = np.zeros((n, items.shape[1]), dtype=np.float32)
    for start in range(0, n, SCORE_BATCH):
        rows = np.arange(start, min(n, start + SCORE_BATCH))
        held, shares, x = inputs(data, rows, kin)
        users = model.customers(held, shares, x, items)
        logits = model.logits(users, items, held, shares).masked_fill(held > 0, float("-inf"))
        chances[rows] = torch.softmax(logits, dim=1).nan_to_num(0.0).numpy()
        vectors[rows] = nn.functional.normalize(users, dim=1).numpy()
    return chances, vectors, nn.functional.normalize(items, dim=1).numpy().astype(np.float32)


def propensities(model: NextProductNet, data: NextProductData) -> Floats:
    """Each customer's chance of each product being next (held ones 0)."""
    return outputs(model, data)[0]


def embeddings(model: NextProductNet, data: NextProductData) -> tuple[Floats, Floats]:
    """(customer, product) representations, unit length, for the vector indexes."""
    _, customers, products = outputs(model, data)
    return customers, products


def save_weights(model: NextProductNet, path: Path) -> None:
    """Write the model's weights and graph filters (a state dict; no pickled code)."""
    torch.save(model.state_dict(), path)


def load_model(
    path: Path, features: int, products: int, categories: int, config: TrainConfig
) -> NextProductNet:  # fmt: skip
    """Rebuild a model of this shape and load its weights, ready to score."""
    model = NextProductNet(features, products, categories, config.dim)
    model.load_state_dict(torch.load(path, weights_only=True))
    model.eval()
    return model


def family_circle(
    data: NextProductData, rows: npt.NDArray[np.int64]
) -> tuple[NextProductData, npt.NDArray[np.int64]]:
    """The given customers and their relatives (a customer's score reads their relatives'
    holdings), renumbered; and the given customers' new rows."""
    subset, family, mapping, _ = k_hop_subgraph(
        torch.from_numpy(rows), 1, torch.from_numpy(data.family), relabel_nodes=True,
        num_nodes=len(data.customer_ids),
    )  # fmt: skip
    keep = subset.numpy()
    around = NextProductData(
        [data.customer_ids[n] for n in keep], data.product_ids, data.features[keep],
        data.held[keep], family.numpy(), data.target[keep], data.categories,
    )  # fmt: skip
    return around, mapping.numpy()


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
