"""The next-product model on the graph: export, train, evaluate against the truth, write back.

Orchestration only: reads through `graph.next_product`, computes in `recommenders`, writes
through `graph.next_product` and the engine's vector index.
"""

import asyncio
import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from api.jobs.model_store import ServedModel
from graph.accounts import list_catalogue
from graph.codes import ProductCategory
from graph.customers import list_all_customer_ids
from graph.engines import GraphEngine
from graph.next_product import list_adopters, write_propensities
from graph.records import Adopter
from graph.schema import EMBEDDING_DIMENSIONS
from recommenders.next_product.baselines import baselines
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import NextProductData, build
from recommenders.next_product.graph_model import GraphModel
from recommenders.next_product.model import NextProductModel
from recommenders.next_product.ranking import RankingMetrics, evaluate, top_k

EXPORT_PAGE: Final = 5_000
TOP_K: Final = 5  # propensities kept per customer
NEVER_NEXT: Final = frozenset({ProductCategory.CURRENT})  # the account everyone opens first


async def export(engine: GraphEngine) -> tuple[list[Adopter], list[str], frozenset[str]]:
    """Every customer with holdings and kin; the catalogue's products; those never next."""
    catalogue = await list_catalogue(engine)
    products = sorted(product_id for product_id, _ in catalogue.values())
    never = frozenset(catalogue[c][0] for c in NEVER_NEXT if c in catalogue)
    ids = await list_all_customer_ids(engine)
    pages = [ids[n : n + EXPORT_PAGE] for n in range(0, len(ids), EXPORT_PAGE)]
    # Two pages in flight: the engine reads on two threads while this process parses.
    in_flight = asyncio.Semaphore(2)

    async def read(page: list[str]) -> list[Adopter]:
        async with in_flight:
            return await list_adopters(engine, customer_ids=page)

    read_pages = await asyncio.gather(*(read(page) for page in pages))
    return [a for page in read_pages for a in page], products, never


def read_truth(truth_dir: Path) -> dict[str, set[str]]:
    """The planted next products (`truth/next_products.csv`): customer id -> product ids."""
    found: dict[str, set[str]] = {}
    with (truth_dir / "next_products.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["customerId"], set()).add(row["productId"])
    return found


@dataclass(frozen=True, slots=True)
class Comparison:
    """One model's figures on the held-out adoptions, and its fit and score time."""

    name: str
    metrics: RankingMetrics
    seconds: float


def compare(
    adopters: Sequence[Adopter], products: list[str], never: frozenset[str],
    truth: dict[str, set[str]], today: date, config: TrainConfig,
) -> list[Comparison]:  # fmt: skip
    """Fit every model on the graph, judge each against the planted next products."""
    training = build(adopters, products, today, hide_latest=True, never_target=never)
    serving = build(adopters, products, today, hide_latest=False)
    column = {p: n for n, p in enumerate(products)}
    relevant = {
        n: {column[p] for p in truth[c] if p in column and not serving.held[n, column[p]]}
        for n, c in enumerate(serving.customer_ids) if c in truth
    }  # fmt: skip
    relevant = {n: ps for n, ps in relevant.items() if ps}
    models: list[NextProductModel] = [*baselines(), GraphModel(config)]
    results = []
    for model in models:
        started = time.perf_counter()
        model.fit(training)
        scores = model.scores(serving)
        results.append(Comparison(model.name, evaluate(scores, serving.held, relevant),
                                  time.perf_counter() - started))  # fmt: skip
    return results


async def write_scores(
    engine: GraphEngine, served: ServedModel, data: NextProductData, consented: frozenset[str],
    *, only_first: bool = False,
) -> int:  # fmt: skip
    """Write each consenting customer's top propensities and embedding to the graph (the
    others' are cleared); only_first: the first customer alone (the rest are context)."""
    count = 1 if only_first else len(data.customer_ids)
    chances, customers, products = served.score(data)
    chances = chances[:count]
    if customers.shape[1] != EMBEDDING_DIMENSIONS:  # the vector indexes' fixed width
        raise ValueError(
            f"model {served.version} embeds in {customers.shape[1]} dimensions; the graph's "
            f"vector indexes take {EMBEDDING_DIMENSIONS}: train with dim={EMBEDDING_DIMENSIONS}"
        )
    rows, vectors = [], []
    for n, best in enumerate(top_k(chances, data.held[:count], TOP_K)):
        customer_id = data.customer_ids[n]
        kept = best if customer_id in consented else []
        rows.append({
            "customerId": customer_id, "model": served.version,
            "products": [data.product_ids[p] for p in kept],
            "scores": [round(float(chances[n, p]), 4) for p in kept],
        })  # fmt: skip
        if kept:
            vectors.append((customer_id, [round(float(v), 6) for v in customers[n]]))
    await write_propensities(engine, rows)
    await engine.store_embeddings("Customer", vectors)
    if not only_first:
        await engine.store_embeddings("Product", [
            (p, [round(float(v), 6) for v in products[n]]) for n, p in enumerate(data.product_ids)
        ])  # fmt: skip
    return sum(1 for row in rows if row["products"])


async def read_family_circle(engine: GraphEngine, customer_id: str) -> dict[str, Adopter]:
    """The customer, their kin and their kin's kin (what the model reads): three reads."""
    circle: dict[str, Adopter] = {}
    wanted = [customer_id]
    for _ in range(3):
        found = await list_adopters(engine, customer_ids=[c for c in wanted if c not in circle])
        circle.update((a.id, a) for a in found)
        wanted = sorted({k for a in found for k, _, _ in a.kin} - circle.keys())
    return circle


async def score_customer(
    engine: GraphEngine, served: ServedModel, customer_id: str, today: date
) -> bool:  # fmt: skip
    """Re-score one customer with the served model (no retraining); False if unknown.

    The model looks two family ties away, so the customer, their kin and their kin's kin
    are read: three small reads, one forward pass, one write.
    """
    circle = await read_family_circle(engine, customer_id)
    if customer_id not in circle:
        return False
    ordered = [circle[customer_id], *(a for c, a in sorted(circle.items()) if c != customer_id)]
    data = build(ordered, served.product_ids, today, hide_latest=False)
    consented = frozenset({customer_id} if circle[customer_id].profiling_consent else set())
    await write_scores(engine, served, data, consented, only_first=True)
    return True
