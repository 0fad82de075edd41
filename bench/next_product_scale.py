"""Train and score the graph model on a whole loaded bank: time and memory per phase.

Run: .venv/bin/python -m bench.next_product_scale --data-dir DIR [--sample 100000 --threads 1]

DIR holds a loaded bank (e.g. `bench.load_throughput --keep DIR`). In one run: export every
customer with holdings and kin (the engine's reads), build the arrays, train (a sample
supervises, its family circle is read), score every customer in one forward pass and write
the consenting customers' propensities and embeddings back. The model is saved as DIR's
current one, as `kith train` would. The goal for a million
customers is train + score within 600 s on 2 cores; the export is the engine's share.
"""

import argparse
import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from api.jobs.model_store import load_current, save
from api.jobs.next_product import catalogue, export, write_scores
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.graph_model import cpu_threads
from recommenders.next_product.training import peak_rss_gb, train_models


async def measure(data_dir: Path, config: TrainConfig, threads: int) -> None:
    """Run the phases in order; print a Markdown table of seconds and peak memory."""
    engine = await EmbeddedEngine.open(GraphSettings(data_dir=data_dir))
    phases: list[tuple[str, float]] = []
    started = time.perf_counter()
    today = datetime.now(UTC).date()
    products = await catalogue(engine)
    builders = [products.builder(today, hide_latest=hide) for hide in (True, False)]
    await export(engine, builders)
    data, serving = (b.finish() for b in builders)
    phases.append(("export (engine reads) + arrays", time.perf_counter() - started))
    with cpu_threads(threads):
        training = train_models(data, config)
        phases.append(("train (+ validation)", training.seconds))
        # Saved as `kith train` would: the current model of DIR (bench.next_product_latency's).
        save(data_dir, training, {"customers": len(data.customer_ids)})
        mark = time.perf_counter()
        consented = frozenset(builders[1].consenting)
        served = load_current(data_dir)
        written = await write_scores(engine, served, serving, consented)
        phases.append(("score all + write back", time.perf_counter() - mark))
        # The same model on the same graph again: what a nightly re-score of an unchanged
        # bank costs now that only changed customers are written.
        mark = time.perf_counter()
        again = await write_scores(engine, served, serving, consented)
        phases.append(("score all again, unchanged", time.perf_counter() - mark))
    await engine.close()
    total = time.perf_counter() - started
    print(
        f"{len(data.customer_ids):,} customers, {written.with_propensities:,} scored with consent, "
        f"{written.written:,} written, then {again.written:,} on the unchanged re-score; "
        f"sample {config.sample:,}"
    )
    for name, v in training.validation.items():
        print(f"validation, {name}: HR@10 {v.hr_at_10:.3f}, NDCG@10 {v.ndcg_at_10:.3f}")
    print("| phase | s | share |\n|---|---|---|")
    for name, seconds in phases:
        print(f"| {name} | {seconds:.1f} | {seconds / total:.0%} |")
    print(f"| total | {total:.1f} | {total / 600:.2f}x the 600 s goal |")
    print(f"peak RSS {peak_rss_gb():.2f} GB")


def main() -> None:
    """Parse arguments and measure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=TrainConfig().sample)
    parser.add_argument("--epochs", type=int, default=TrainConfig().epochs)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    config = TrainConfig(epochs=args.epochs, sample=args.sample)
    asyncio.run(measure(args.data_dir, config, args.threads))


if __name__ == "__main__":
    main()
