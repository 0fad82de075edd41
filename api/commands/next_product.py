"""`kith train` and `kith evaluate`: the next-product model and its comparison with baselines."""

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.commands.console import out, settings_or_exit, with_engine
from recommenders.next_product.config import EPOCHS, TrainConfig

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
    """Train the graph model on the graph's customers; save it as the current version."""
    # Imported here: torch and its kin take seconds to import, which no other command pays.
    from api.jobs.model_store import save
    from api.jobs.next_product import export
    from recommenders.next_product.data import build
    from recommenders.next_product.graph_model import cpu_threads
    from recommenders.next_product.training import train_models

    settings = settings_or_exit()
    config = TrainConfig(epochs=epochs, sample=sample)
    started = time.perf_counter()
    snapshot_at = int(datetime.now(UTC).timestamp() * 1000)
    adopters, products, never = with_engine(settings, export)
    exported = time.perf_counter() - started
    if not adopters:
        out.print("no customers in the graph: nothing to train on (load a bank first)")
        raise typer.Exit(1)
    data = build(adopters, products, datetime.now(UTC).date(), hide_latest=True, never_target=never)
    with cpu_threads(threads):
        training = train_models(data, config)
    version = save(settings.data_dir, training, {
        "snapshot_at": snapshot_at, "customers": len(adopters),
        "export_seconds": round(exported, 2), "train_seconds": round(training.seconds, 2),
        "peak_rss_gb": round(training.peak_rss_gb, 2),
    })  # fmt: skip
    out.print(
        f"trained model {version} on {len(adopters):,} customers in {training.seconds:.1f} s "
        f"(export {exported:.1f} s, peak RSS {training.peak_rss_gb:.2f} GB)"
    )
    for name, v in training.validation.items():
        out.print(
            f"  {name}: HR@5 {v.hr_at_5:.3f}, NDCG@10 {v.ndcg_at_10:.3f} on {v.customers:,} "
            "held-out customers"
        )
    out.print(f"ranking propensities: {training.ranker.name}; embeddings: the graph model")


def evaluate(
    truth: Annotated[
        Path | None, typer.Option(help="the bank's truth folder (default KITH_DATA_DIR/demo/truth)")
    ] = None,
    markdown: Annotated[Path | None, typer.Option(help="also write the table here")] = None,
    epochs: Annotated[int, typer.Option(min=1, max=1000)] = EPOCHS,
    threads: Threads = 1,
) -> None:
    """Fit every model on the graph; judge them on the bank's planted next products."""
    from api.jobs.next_product import compare, export, read_truth
    from recommenders.next_product.graph_model import cpu_threads
    from recommenders.next_product.training import peak_rss_gb

    settings = settings_or_exit()
    truth_dir = truth or settings.data_dir / "demo" / "truth"
    if not (truth_dir / "next_products.csv").is_file():
        out.print(f"no next_products.csv in {truth_dir}: pass --truth (a demo bank's truth/)")
        raise typer.Exit(2)

    adopters, products, never = with_engine(settings, export)
    with cpu_threads(threads):
        results = compare(
            adopters, products, never, read_truth(truth_dir), datetime.now(UTC).date(),
            TrainConfig(epochs=epochs),
        )  # fmt: skip
    rows = [
        (r.name, f"{r.metrics.hr_at_5:.3f}", f"{r.metrics.recall_at_10:.3f}",
         f"{r.metrics.ndcg_at_10:.3f}", f"{r.metrics.map_at_7:.3f}", f"{r.seconds:.1f}")
        for r in results
    ]  # fmt: skip
    header = ("model", "HR@5", "recall@10", "NDCG@10", "MAP@7", "fit + score s")
    table = Table(title=f"next product, {results[0].metrics.customers:,} held-out adoptions")
    for name in header:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    out.print(table)
    best = max(results, key=lambda r: (r.metrics.ndcg_at_10, r.metrics.hr_at_5))
    out.print(f"best by NDCG@10: {best.name} (peak RSS {peak_rss_gb():.2f} GB)")
    if markdown is not None:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        markdown.write_text("\n".join(lines) + "\n", encoding="utf-8")
