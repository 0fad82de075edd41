"""The next-product model on the graph: export, train, evaluate against the truth, write back.

Orchestration only: reads through `graph.next_product`, computes in `recommenders`, writes
through `graph.next_product` and the engine's vector index.
"""

import asyncio
import csv
import hashlib
import json
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Final

from api.jobs.model_store import ServedModel
from graph.accounts import list_products
from graph.codes import ProductCategory
from graph.customers import list_all_customer_ids
from graph.engines import GraphEngine
from graph.next_product import (
    clear_embeddings,
    list_adopters,
    list_propensity_digests,
    write_propensities,
)
from graph.records import Adopter
from graph.schema import EMBEDDING_DIMENSIONS
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import Builder, Floats, NextProductData, build
from recommenders.next_product.graph_model import GraphModel
from recommenders.next_product.model import NextProductModel
from recommenders.next_product.pair_ranker import baselines
from recommenders.next_product.ranking import RankingMetrics, evaluate, top_k

EXPORT_PAGE: Final = 5_000
TOP_K: Final = 5  # propensities kept per customer
WRITE_CHUNK: Final = 10_000  # customers whose propensities are built and written at a time
NEVER_NEXT: Final = frozenset({ProductCategory.CURRENT})  # the category everyone opens first


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Every product, its category, and those never hidden as a next product (current
    accounts: the product everyone opens first)."""

    products: list[str]
    categories: list[str]  # per product
    never: frozenset[str]

    def builder(self, today: date, *, hide_latest: bool) -> Builder:
        """A builder of every customer's arrays over the whole catalogue."""
        return Builder(self.products, today, hide_latest=hide_latest,
                       never_target=self.never, categories=self.categories)  # fmt: skip


async def catalogue(engine: GraphEngine) -> Catalogue:
    """The catalogue the model ranks: every product of the graph."""
    rows = await list_products(engine)
    never = frozenset(p for p, _, c in rows if c in NEVER_NEXT)
    return Catalogue([p for p, _, _ in rows], [c for _, _, c in rows], never)


async def export(engine: GraphEngine, builders: Sequence[Builder]) -> None:
    """Every customer with holdings and kin, a page at a time, into each builder (in the
    order of their ids, so that every run builds the same rows). Two pages are in flight:
    the engine reads the next while this process builds the last."""
    ids = await list_all_customer_ids(engine)
    pages = iter([ids[n : n + EXPORT_PAGE] for n in range(0, len(ids), EXPORT_PAGE)])
    in_flight = deque(_read(engine, page) for page in islice(pages, 2))
    while in_flight:
        adopters = await in_flight.popleft()
        if (page := next(pages, None)) is not None:
            in_flight.append(_read(engine, page))
            await asyncio.sleep(0)  # the read sends its statement before this process builds
        for builder in builders:
            builder.add(adopters)


def _read(engine: GraphEngine, page: list[str]) -> "asyncio.Task[list[Adopter]]":
    """A page of customers' records, read from now on."""
    return asyncio.create_task(list_adopters(engine, customer_ids=page))


async def serving_data(
    engine: GraphEngine, product_ids: Sequence[str], today: date
) -> tuple[NextProductData, frozenset[str]]:  # fmt: skip
    """Every customer's arrays over the model's products, and who consents to profiling."""
    builder = Builder(product_ids, today, hide_latest=False)
    await export(engine, [builder])
    return builder.finish(), frozenset(builder.consenting)


def read_truth(truth_dir: Path) -> dict[str, set[str]]:
    """The next products to rank (`next_products.csv`: customerId, productId, one adoption a
    row, see docs/data-contracts.md): customer id -> product ids."""
    found: dict[str, set[str]] = {}
    path = truth_dir / "next_products.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"customerId", "productId"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: no column {', '.join(sorted(missing))}")
        for row in reader:
            found.setdefault(row["customerId"], set()).add(row["productId"])
    return found


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the evaluation ranked, and what it left out and why (counts of truth rows)."""

    customers: int  # customers with at least one next product to rank
    products: int  # products ranked for each of them (the whole catalogue)
    unknown_customer: int  # rows naming a customer not in the graph
    unknown_product: int  # rows naming a product not in the catalogue
    already_held: int  # rows naming a product the customer already holds

    def left_out(self) -> str:
        """The left-out rows in words ("none" when none)."""
        parts = [
            f"{n:,} {why}" for n, why in (
                (self.unknown_customer, "of customers not in the graph"),
                (self.unknown_product, "of products not in the catalogue"),
                (self.already_held, "of products the customer already holds"),
            ) if n
        ]  # fmt: skip
        return "; ".join(parts) or "none"


def relevant_of(
    data: NextProductData, truth: dict[str, set[str]]
) -> tuple[dict[int, set[int]], Coverage]:  # fmt: skip
    """Each customer's next products as column indexes, and what was left out."""
    column = {p: n for n, p in enumerate(data.product_ids)}
    row = {c: n for n, c in enumerate(data.customer_ids)}
    relevant: dict[int, set[int]] = {}
    unknown_customer = unknown_product = already = 0
    for customer, products in truth.items():
        if customer not in row:
            unknown_customer += len(products)
            continue
        n = row[customer]
        for p in products:
            if p not in column:
                unknown_product += 1
            elif data.held[n, column[p]]:
                already += 1
            else:
                relevant.setdefault(n, set()).add(column[p])
    coverage = Coverage(len(relevant), len(data.product_ids), unknown_customer,
                        unknown_product, already)  # fmt: skip
    return relevant, coverage


@dataclass(frozen=True, slots=True)
class Comparison:
    """One model's figures on the held-out adoptions, and its fit and score time."""

    name: str
    metrics: RankingMetrics
    seconds: float


def compare(
    training: NextProductData, serving: NextProductData, truth: dict[str, set[str]],
    config: TrainConfig,
) -> tuple[list[Comparison], Coverage]:  # fmt: skip
    """Fit every model on the graph (every adoption in it, `training`: each customer's
    latest hidden), judge each against the truth: the adoptions after the graph's cut-off,
    every product not held (`serving`) ranked."""
    relevant, coverage = relevant_of(serving, truth)
    models: list[NextProductModel] = [*baselines(), GraphModel(config)]
    results = []
    for model in models:
        started = time.perf_counter()
        model.fit(training)
        scores = model.scores(serving)
        results.append(Comparison(model.name, evaluate(scores, serving.held, relevant),
                                  time.perf_counter() - started))  # fmt: skip
    return results, coverage


@dataclass(frozen=True, slots=True)
class WrittenScores:
    """Customers given propensities, and rows actually written (the rest were unchanged)."""

    with_propensities: int
    written: int


async def write_scores(
    engine: GraphEngine, served: ServedModel, data: NextProductData, consented: frozenset[str],
    *, only_first: bool = False,
) -> WrittenScores:  # fmt: skip
    """Write each consenting customer's top propensities and embedding to the graph (the
    others' are cleared); only_first: the first customer alone (the rest are context). Only
    customers whose propensities or embedding differ from what the last run wrote (a digest
    of both is stored with them) are written: at a million, the write-back is the cost."""
    count = 1 if only_first else len(data.customer_ids)
    chances, customers, products = served.score(data)
    chances = chances[:count]
    if customers.shape[1] != EMBEDDING_DIMENSIONS:  # the vector indexes' fixed width
        raise ValueError(
            f"model {served.version} embeds in {customers.shape[1]} dimensions; the graph's "
            f"vector indexes take {EMBEDDING_DIMENSIONS}: train with dim={EMBEDDING_DIMENSIONS}"
        )
    stored = {} if only_first else await _digests(engine, data.customer_ids)
    given = written = 0
    # A chunk at a time: a million customers' vectors as Python lists are 2 GB, which beside
    # the engine ran a 24 GB machine out of memory.
    for start in range(0, count, WRITE_CHUNK):
        rows = range(start, min(count, start + WRITE_CHUNK))
        chunk = _changed(served.version, data, (chances, customers), rows, consented, stored)
        await write_propensities(engine, chunk.rows)
        await engine.store_embeddings("Customer", chunk.vectors)
        await clear_embeddings(engine, chunk.withdrawn)
        given, written = given + chunk.given, written + len(chunk.rows)
    if not only_first:
        await engine.store_embeddings("Product", [
            (p, [round(float(v), 6) for v in products[n]]) for n, p in enumerate(data.product_ids)
        ])  # fmt: skip
    return WrittenScores(given, written)


@dataclass(slots=True)
class _Chunk:
    """Some customers' writes: propensities, embeddings to store, embeddings to clear."""

    rows: list[dict[str, object]]
    vectors: list[tuple[str, list[float]]]
    withdrawn: list[str]
    given: int  # customers given propensities (written or unchanged)


def _changed(
    version: str, data: NextProductData, scored: tuple[Floats, Floats], rows: range,
    consented: frozenset[str], stored: Mapping[str, str | None],
) -> _Chunk:  # fmt: skip
    """These customers' writes, leaving out those whose digest the last run stored."""
    chances, customers = scored
    chunk = _Chunk([], [], [], 0)
    for n, best in zip(
        rows,
        top_k(chances[rows.start : rows.stop], data.held[rows.start : rows.stop], TOP_K),
        strict=True,
    ):
        customer_id = data.customer_ids[n]
        kept = best if customer_id in consented else []
        row: dict[str, object] = {
            "customerId": customer_id, "model": version,
            "products": [data.product_ids[p] for p in kept],
            "scores": [round(float(chances[n, p]), 4) for p in kept],
        }  # fmt: skip
        vector = [round(float(v), 6) for v in customers[n]] if kept else []
        row["digest"] = _digest(row, vector)
        chunk.given += bool(kept)
        if stored.get(customer_id) == row["digest"]:
            continue  # as the last run left it
        chunk.rows.append(row)
        if vector:
            chunk.vectors.append((customer_id, vector))
        else:
            chunk.withdrawn.append(customer_id)
    return chunk


async def _digests(engine: GraphEngine, customer_ids: Sequence[str]) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for start in range(0, len(customer_ids), EXPORT_PAGE):
        page = customer_ids[start : start + EXPORT_PAGE]
        found.update(await list_propensity_digests(engine, customer_ids=page))
    return found


def _digest(row: Mapping[str, object], vector: list[float]) -> str:
    """What a customer's write holds, in 16 hex characters (model, products, scores, vector)."""
    said = json.dumps([row["model"], row["products"], row["scores"], vector])
    return hashlib.sha256(said.encode()).hexdigest()[:16]


async def read_family_circle(engine: GraphEngine, customer_id: str) -> dict[str, Adopter]:
    """The customer and their kin (the model reads their holdings): two reads."""
    circle: dict[str, Adopter] = {}
    wanted = [customer_id]
    for _ in range(2):
        found = await list_adopters(engine, customer_ids=[c for c in wanted if c not in circle])
        circle.update((a.id, a) for a in found)
        wanted = sorted({k for a in found for k, _, _ in a.kin} - circle.keys())
    return circle


async def score_customer(
    engine: GraphEngine, served: ServedModel, customer_id: str, today: date
) -> bool:  # fmt: skip
    """Re-score one customer with the served model (no retraining); False if unknown.

    The model reads the customer's holdings and features and their relatives' holdings:
    two small reads, one forward pass, one write.
    """
    circle = await read_family_circle(engine, customer_id)
    if customer_id not in circle:
        return False
    ordered = [circle[customer_id], *(a for c, a in sorted(circle.items()) if c != customer_id)]
    data = build(ordered, served.product_ids, today, hide_latest=False)
    consented = frozenset({customer_id} if circle[customer_id].profiling_consent else set())
    await write_scores(engine, served, data, consented, only_first=True)
    return True
