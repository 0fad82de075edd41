"""`kith train` and `kith evaluate`: the next-product model and its comparison."""

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from api.commands.console import out, settings_or_exit, with_engine
from recommenders.next_product.config import EPOCHS, TrainConfig

if TYPE_CHECKING:  # numpy and the metrics only for types: this module is imported by the CLI
    import numpy as np
    import numpy.typing as npt

    from graph.engines import GraphEngine
    from graph.engines.settings import GraphSettings
    from recommenders.next_product.data import NextProductData
    from recommenders.next_product.ranking import RankingMetrics

Threads = Annotated[
    int,
    typer.Option(
        min=1, max=64,
        help="CPU threads for training; 1 is faster while the embedded engine shares the cores",
    ),
]  # fmt: skip


def train(
    sample: Annotated[
        int, typer.Option(min=100, help="customers supervising training")
    ] = TrainConfig().sample,
    epochs: Annotated[int, typer.Option(min=1, max=1000)] = EPOCHS,
    threads: Threads = 1,
) -> None:
    """Train the next-product model on the graph's customers; save it as the current version."""
    # Imported here: torch and its kin take seconds to import, which no other command pays.
    from api.jobs.model_store import save
    from recommenders.next_product.graph_model import cpu_threads
    from recommenders.next_product.training import train_models

    settings = settings_or_exit()
    config = TrainConfig(epochs=epochs, sample=sample)
    started = time.perf_counter()
    snapshot_at = int(datetime.now(UTC).timestamp() * 1000)
    data = _training_data(settings)
    customers, exported = len(data.customer_ids), time.perf_counter() - started
    if not customers:
        out.print("no customers in the graph: nothing to train on (load a bank first)")
        raise typer.Exit(1)
    out.print(_kept(data.held, len(data.product_ids)))
    with cpu_threads(threads):
        training = train_models(data, config)
    version = save(settings.data_dir, training, {
        "snapshot_at": snapshot_at, "customers": customers,
        "export_seconds": round(exported, 2), "train_seconds": round(training.seconds, 2),
        "peak_rss_gb": round(training.peak_rss_gb, 2),
    })  # fmt: skip
    out.print(
        f"trained model {version} on {customers:,} customers in {training.seconds:.1f} s "
        f"(export {exported:.1f} s, peak RSS {training.peak_rss_gb:.2f} GB)"
    )
    for name, v in training.validation.items():
        out.print(
            f"  {name}: HR@10 {v.hr_at_10:.3f}, NDCG@10 {v.ndcg_at_10:.3f} on {v.customers:,} "
            f"held-out customers' latest products, {v.products:,} products ranked"
        )


def _training_data(settings: "GraphSettings") -> "NextProductData":
    """Every customer's arrays, each one's latest product hidden, built a page at a time: at
    a million the customers' records are 3 GB, which training beside the engine's 19.5 GB
    ran a 24 GB machine out of memory."""
    from api.jobs.next_product import catalogue, export

    async def read(engine: "GraphEngine") -> "NextProductData":
        builder = (await catalogue(engine)).builder(datetime.now(UTC).date(), hide_latest=True)
        await export(engine, [builder])
        return builder.finish()

    return with_engine(settings, read)


def _kept(held: "npt.NDArray[np.bool_]", products: int) -> str:
    """What training reads, and who reads as nothing (no product held)."""
    bare = int((~held.any(axis=1)).sum())
    return (
        f"training on {held.shape[0]:,} customers and all {products:,} products (none left "
        f"out); {bare:,} customers hold no open account: they train nothing, and are scored "
        "from their features and family"
    )


def evaluate(
    truth: Annotated[
        Path | None, typer.Option(help="the bank's truth folder (default KITH_DATA_DIR/demo/truth)")
    ] = None,
    markdown: Annotated[Path | None, typer.Option(help="also write the table here")] = None,
    epochs: Annotated[int, typer.Option(min=1, max=1000)] = EPOCHS,
    threads: Threads = 1,
) -> None:
    """Fit every model on the graph; judge them on the bank's planted next products."""
    from api.jobs.next_product import compare, read_truth
    from recommenders.next_product.graph_model import cpu_threads
    from recommenders.next_product.ranking import NAMES
    from recommenders.next_product.training import peak_rss_gb

    settings = settings_or_exit()
    truth_dir = truth or settings.data_dir / "demo" / "truth"
    if not (truth_dir / "next_products.csv").is_file():
        out.print(f"no next_products.csv in {truth_dir}: pass --truth (a demo bank's truth/)")
        raise typer.Exit(2)

    training, serving = with_engine(settings, _evaluation_data)
    try:
        truth_rows = read_truth(truth_dir)
    except ValueError as error:
        out.print(str(error))
        raise typer.Exit(2) from error
    with cpu_threads(threads):
        results, coverage = compare(training, serving, truth_rows, TrainConfig(epochs=epochs))
    rows = [(r.name, *(_figure(r.metrics, n) for n in NAMES), f"{r.seconds:.1f}") for r in results]
    header = ("model", "HR@10", "NDCG@10", "recall@20", "MAP@7", "fit + score s")
    table = Table(
        title=f"next product: {coverage.customers:,} customers, {coverage.products:,} products "
        "ranked (every product not held), 95 % bootstrap intervals"
    )
    for name in header:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    out.print(f"truth rows left out: {coverage.left_out()}")
    best = max(results, key=lambda r: (r.metrics.ndcg_at_10, r.metrics.hr_at_10))
    out.print(f"best by NDCG@10: {best.name} (peak RSS {peak_rss_gb():.2f} GB)")
    if markdown is not None:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append(
            f"\n{coverage.customers:,} customers, {coverage.products:,} products; truth rows "
            f"left out: {coverage.left_out()}"
        )
        markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")


async def _evaluation_data(
    engine: "GraphEngine",
) -> tuple["NextProductData", "NextProductData"]:  # fmt: skip
    """Every customer's arrays twice from one export: each one's latest product hidden (to
    fit on) and not (to rank from)."""
    from api.jobs.next_product import catalogue, export

    products, today = await catalogue(engine), datetime.now(UTC).date()
    builders = [products.builder(today, hide_latest=hide) for hide in (True, False)]
    await export(engine, builders)
    training, serving = (b.finish() for b in builders)
    return training, serving


def _figure(metrics: "RankingMetrics", name: str) -> str:
    """A figure and its interval: 0.148 (0.126-0.170)."""
    low, high = metrics.intervals.get(name, (0.0, 0.0))
    return f"{getattr(metrics, name):.3f} ({low:.3f}-{high:.3f})"
