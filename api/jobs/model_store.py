"""Versioned model files under the data dir: `models/next_product/<version>/` plus `CURRENT`.

A version is written whole into a temporary folder and renamed into place, and `CURRENT` is
replaced atomically after it, so a reader (the API at start) never sees half a model.
"""

import hashlib
import json
import os
import pickle
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import Floats, NextProductData
from recommenders.next_product.graph_model import NextProductSAGE, load_model, outputs, save_weights
from recommenders.next_product.model import NextProductModel
from recommenders.next_product.ranking import as_chances
from recommenders.next_product.training import Training

WEIGHTS, RANKER, METADATA, CURRENT = "weights.pt", "ranker.pkl", "meta.json", "CURRENT"


class NoModel(Exception):
    """No trained model is there yet: `kith train` makes one."""


@dataclass(frozen=True)
class ServedModel:
    """A loaded model with its version and training metadata."""

    version: str
    model: NextProductSAGE
    product_ids: list[str]
    metadata: dict[str, Any]
    ranker: NextProductModel | None = None  # None: the graph model ranks too

    def score(self, data: NextProductData) -> tuple[Floats, Floats, Floats]:
        """(chances by the ranker, customer vectors, product vectors): the graph model runs
        one forward pass for both its chances and the vectors."""
        chances, customers, products = outputs(self.model, data)
        if self.ranker is not None:
            chances = as_chances(self.ranker.scores(data), data.held)
        return chances, customers, products

    def chances(self, data: NextProductData) -> Floats:
        """Each customer's chance of each product being next (held ones 0), by the ranker."""
        return self.score(data)[0]


def models_dir(data_dir: Path) -> Path:
    """Where the next-product model's versions live."""
    return data_dir / "models" / "next_product"


def save(data_dir: Path, training: Training, extra: dict[str, Any]) -> str:
    """Write a new version (weights, ranker, metadata), make it current; return its name."""
    root = models_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    version = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".staging-"))
    trained = training.model.trained
    save_weights(trained.model, staging / WEIGHTS)
    metadata = {
        "version": version, **trained.metadata(), "ranker": training.ranker.name,
        "validation": {name: asdict(m) for name, m in training.validation.items()}, **extra,
    }  # fmt: skip
    if training.ranker is not training.model:
        # The trees are scikit-learn objects: pickled, so the file is as trusted as the data
        # dir that holds it (kith train writes it); its digest catches a damaged copy.
        blob = pickle.dumps(training.ranker)
        (staging / RANKER).write_bytes(blob)
        metadata["ranker_sha256"] = hashlib.sha256(blob).hexdigest()
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
    config = TrainConfig(**metadata["config"])
    products = len(metadata["product_ids"])
    model = load_model(root / version / WEIGHTS, metadata["features"], products, config)
    ranker = None
    if "ranker_sha256" in metadata:
        blob = (root / version / RANKER).read_bytes()
        if hashlib.sha256(blob).hexdigest() != metadata["ranker_sha256"]:
            raise NoModel(f"model {version}: {RANKER} does not match its digest; retrain")
        ranker = pickle.loads(blob)  # noqa: S301 - written by kith train, digest checked
    return ServedModel(version, model, list(metadata["product_ids"]), metadata, ranker)
