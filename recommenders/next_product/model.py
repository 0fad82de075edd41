"""The next-product model's interface: what training, evaluation and serving need of any
model (the graph model and every baseline), so one can replace another."""

from typing import Protocol

from recommenders.next_product.data import Floats, NextProductData


class NextProductModel(Protocol):
    """A name, fit on training data, and scores: customers x products, higher = likelier."""

    name: str

    def fit(self, data: NextProductData) -> None: ...

    def scores(self, data: NextProductData) -> Floats: ...
