"""Versioned model files under the data dir: `models/adoption/<version>/` plus `CURRENT`.

A version is written whole into a temporary folder and renamed into place, and `CURRENT` is
replaced atomically after it, so a reader (the API at start) never sees half a model.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recommenders.graph_model import (
    AdoptionSAGE,
    TrainConfig,
    TrainedModel,
    load_model,
    save_weights,
)

WEIGHTS, METADATA, CURRENT = "weights.pt", "meta.json", "CURRENT"


class NoModel(Exception):
    """No trained model is there yet: `kith train` makes one."""


@dataclass(frozen=True)
class ServedModel:
    """A loaded model with its version and training metadata."""

    version: str
    model: AdoptionSAGE
    product_ids: list[str]
    metadata: dict[str, Any]


def models_dir(data_dir: Path) -> Path:
    """Where the adoption model's versions live."""
    return data_dir / "models" / "adoption"


def save(data_dir: Path, trained: TrainedModel, extra: dict[str, Any]) -> str:
    """Write a new version (weights and metadata), make it current; return its name."""
    root = models_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".staging-"))
    save_weights(trained.model, staging / WEIGHTS)
    metadata = {"version": version, **trained.metadata(), **extra}
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
        raise NoModel(f"no adoption model under {root}: run `kith train`") from error
    metadata = json.loads((root / version / METADATA).read_text(encoding="utf-8"))
    config = TrainConfig(**metadata["config"])
    products = len(metadata["product_ids"])
    model = load_model(root / version / WEIGHTS, metadata["features"], products, config)
    return ServedModel(version, model, list(metadata["product_ids"]), metadata)
