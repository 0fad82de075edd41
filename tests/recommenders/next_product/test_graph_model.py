"""The next-product model on small hand-built graphs whose right ranking is known."""

from datetime import date

import numpy as np
import pytest

from graph.records import Adopter, Held
from recommenders.next_product.baselines import Popularity
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import NextProductData, build
from recommenders.next_product.graph_model import GraphModel, embeddings, propensities

TODAY = date(2026, 11, 23)
FAMILY_PRODUCTS = ["P-GOLD", "P-INVEST", "P-PENSION"]
PRODUCTS = ["P-CARD", "P-CURRENT", "P-ELDER", "P-NICHE", "P-RARE", "P-STUDENT",
            *FAMILY_PRODUCTS]  # fmt: skip
CONFIG = TrainConfig(epochs=20, dim=16, rank=4)


def _person(id_: str, born: str, products: list[str], kin: list[str]) -> Adopter:
    held = tuple(
        Held(p, f"20{10 + n:02d}-01-01", "OPEN", False, f"A-{id_}-{n}")
        for n, p in enumerate(products)
    )  # fmt: skip
    return Adopter(id_, born, 250_000, 0, True, held, tuple((k, "SIBLING", born) for k in kin))


def _bank() -> list[Adopter]:
    """Families of three siblings who share one family product; most hold a card.

    Young people hold a student account, old people the elder account and, with it, the
    niche product (each held by half the bank); a rare product is held at random, by few.
    """
    rng = np.random.default_rng(3)
    people = []
    for f in range(120):
        ids = [f"C-{f:03d}{m}" for m in "abc"]
        young = f % 2 == 0
        for id_ in ids:
            products = [FAMILY_PRODUCTS[f % 3]]
            products += ["P-STUDENT"] if young else ["P-ELDER", "P-NICHE"]
            products += ["P-CURRENT"] if rng.random() < 0.6 else []
            products += ["P-CARD"] if rng.random() < 0.8 else []
            products += ["P-RARE"] if rng.random() < 0.1 else []
            others = [k for k in ids if k != id_]
            people.append(_person(id_, "2001-01-01" if young else "1950-01-01", products, others))
    return people


@pytest.fixture(scope="module")
def trained() -> GraphModel:
    """The model trained once on the hand-built bank."""
    model = GraphModel(CONFIG)
    model.fit(build(_bank(), PRODUCTS, TODAY, hide_latest=True, categories=_categories()))
    return model


def _categories() -> list[str]:
    return ["CARD", "CURRENT", "SAVINGS", "INSURANCE", "INSURANCE", "CURRENT",
            "INVESTMENT", "INVESTMENT", "PENSION"]  # fmt: skip


def _newcomers() -> NextProductData:
    """Customers the model never saw: a student with a card whose two siblings hold the
    pension, and those siblings (scored from holdings and family, no retraining)."""
    people = [
        _person("N-1", "2002-01-01", ["P-STUDENT", "P-CARD"], ["N-2", "N-3"]),
        _person("N-2", "2002-01-01", ["P-CURRENT", "P-PENSION", "P-STUDENT"], ["N-1", "N-3"]),
        _person("N-3", "2002-01-01", ["P-CURRENT", "P-PENSION", "P-CARD"], ["N-1", "N-2"]),
    ]
    return build(people, PRODUCTS, TODAY, hide_latest=False, categories=_categories())


def _ranking(chances: np.ndarray, data: NextProductData, row: int) -> list[str]:
    order = np.argsort(-chances[row], kind="stable")
    return [data.product_ids[p] for p in order if not data.held[row, p]]


def test_the_product_every_relative_adopted_ranks_first_and_the_unlike_one_last(
    trained: GraphModel,
) -> None:
    data = _newcomers()
    chances = propensities(trained.trained.model, data)
    ranking = _ranking(chances, data, 0)
    assert ranking[0] == "P-PENSION"  # both siblings hold it; current accounts are commoner
    # Only old people hold these two; the rare product is far rarer, but young people too.
    assert set(ranking[-2:]) == {"P-ELDER", "P-NICHE"}
    popular = Popularity()
    popular.fit(build(_bank(), PRODUCTS, TODAY, hide_latest=True))
    by_popularity = _ranking(popular.scores(data), data, 0)
    assert by_popularity[0] == "P-CURRENT"  # popularity ranks the unlike ones next
    assert set(by_popularity[1:3]) == {"P-ELDER", "P-NICHE"}
    assert by_popularity[-1] == "P-RARE"


def test_propensities_are_chances_over_what_is_not_held(trained: GraphModel) -> None:
    data = _newcomers()
    model = trained.trained.model
    chances = propensities(model, data)
    assert (chances[data.held] == 0).all()
    assert np.allclose(chances.sum(axis=1), 1.0, atol=1e-5)
    customers, products = embeddings(model, data)
    assert customers.shape == (3, 16)
    assert products.shape == (len(PRODUCTS), 16)
    assert np.allclose(np.linalg.norm(customers, axis=1), 1.0, atol=1e-5)


def test_a_customer_holding_every_product_gets_no_chances(trained: GraphModel) -> None:
    everything = _person("N-9", "1980-01-01", PRODUCTS, [])
    data = build([everything], PRODUCTS, TODAY, hide_latest=False)
    assert propensities(trained.trained.model, data).sum() == 0.0


def _in_order(id_: str, products: list[str]) -> Adopter:
    """A customer who opened these products a year apart, in this order."""
    held = tuple(
        Held(p, f"20{10 + n:02d}-03-01", "OPEN", False, f"A-{id_}-{n}")
        for n, p in enumerate(products)
    )  # fmt: skip
    return Adopter(id_, "1985-01-01", 300_000, 1, True, held, ())


@pytest.mark.parametrize("latest", [3.0, 0.0])
def test_what_comes_next_outranks_what_only_goes_together(latest: float) -> None:
    """Savers went on to a card; some card holders then went on to a loan. A card goes with
    a savings account twice as often as with a loan, but no one opened the savings account
    after the card: a card holder's next product is the loan. Without the latest-adoption
    objective the model ranks by what goes together (the test's control)."""
    products = ["P-CARD", "P-CURRENT", "P-LOAN", "P-SAVER"]
    bank = [_in_order(f"S-{n:03d}", ["P-CURRENT", "P-SAVER", "P-CARD"]) for n in range(1000)]
    bank += [_in_order(f"L-{n:03d}", ["P-CURRENT", "P-CARD", "P-LOAN"]) for n in range(500)]
    model = GraphModel(TrainConfig(epochs=20, dim=16, rank=2, latest=latest))
    model.fit(build(bank, products, TODAY, hide_latest=True))
    newcomer = build([_in_order("N-1", ["P-CURRENT", "P-CARD"])], products, TODAY,
                     hide_latest=False)  # fmt: skip
    chances = dict(zip(products, propensities(model.trained.model, newcomer)[0], strict=True))
    assert (chances["P-LOAN"] > chances["P-SAVER"]) == bool(latest)
