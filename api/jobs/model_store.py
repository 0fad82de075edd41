"""Versioned next-product model files: `models/next_product/<version>/` plus `CURRENT`.

A version is written whole into a temporary folder and renamed into place, and `CURRENT` is
replaced atomically after it, so a reader (the API at start) never sees half a model.
"""

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import Floats, NextProductData
from recommenders.next_product.graph_model import NextProductNet, load_model, outputs, save_weights
from recommenders.next_product.training import Training

WEIGHTS, METADATA, CURRENT = "weights.pt", "meta.json", "CURRENT"
FORMAT = 3  # model files before it are refused (2: a linear feature encoder; 1: one product
# per category): retrain


class NoModel(Exception):
    """No trained model is there yet: `kith train` makes one."""


@dataclass(frozen=True)
class ServedModel:
    """A loaded model with its version and training metadata."""

    version: str
    model: NextProductNet
    product_ids: list[str]
    metadata: dict[str, Any]

    def score(self, data: NextProductData) -> tuple[Floats, Floats, Floats]:
        """(chances, customer vectors, product vectors): one forward pass for all three."""
        return outputs(self.model, data)

    def chances(self, data: NextProductData) -> Floats:
        """Each customer's chance of each product being next (held ones 0)."""
        return self.score(data)[0]


def models_dir(data_dir: Path) -> Path:
    """Where the next-product model's versions live."""
    return data_dir / "models" / "next_product"


def save(data_dir: Path, training: Training, extra: dict[str, Any]) -> str:
    """Write a new version (weights with the graph filters, metadata), make it current."""
    root = models_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".staging-"))
    trained = training.model.trained
    save_weights(trained.model, staging / WEIGHTS)
    metadata = {
        "version": version, "format": FORMAT, **trained.metadata(),
        "ranker": training.model.name,
        "validation": {name: asdict(m) for name, m in training.validation.items()}, **extra,
    }  # fmt: skip
    (staging / METADATA).write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    staging.rename(root / version)
    pointer = root / f".{CURRENT}.tmp"
    pointer.write_text(version, encoding="utf-8")
    os.replace(pointer, root / CURRENT)
    return version


def load_current(data_dir: Path) -> ServedModel:
    """Load the current version; NoModel when none was trained."""
    root = models_dir(data_dir)
    try:
        version = (root / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError as error:
        raise NoModel(f"no next-product model under {root}: run `kith train`") from error
    metadata = json.loads((root / version / METADATA).read_text(encoding="utf-8"))
    if metadata.get("format") != FORMAT:
        raise NoModel(f"model {version} is of an older format: run `kith train`")
    config = TrainConfig(**metadata["config"])
    model = load_model(
        root / version / WEIGHTS, metadata["features"], len(metadata["product_ids"]),
        len(metadata["categories"]), config,
    )  # fmt: skip
    return ServedModel(version, model, list(metadata["product_ids"]), metadata)
