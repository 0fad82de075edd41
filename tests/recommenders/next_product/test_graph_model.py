"""The graph model learns what only the family shows, where popularity cannot."""

from datetime import date

import pytest

from graph.records import Adopter
from recommenders.next_product.baselines import Popularity
from recommenders.next_product.config import TrainConfig
from recommenders.next_product.data import NextProductData, build
from recommenders.next_product.graph_model import GraphModel, embeddings, propensities
from recommenders.next_product.ranking import evaluate

TODAY = date(2026, 11, 23)
PRODUCTS = ["P-CARD", "P-CURRENT", "P-INVEST", "P-SAVER"]
COUPLES = 200


def _couples() -> list[Adopter]:
    """Half the spouses invest; their partner's next product is then an investment too.

    Every spouse's own latest product (a saver) is hidden in training, so the investment
    they hold stays visible to their partner through the family tie.
    """
    people = []
    for n in range(COUPLES):
        invests = n % 2 == 0
        partner, spouse = f"C-{n:04d}A", f"C-{n:04d}B"
        next_product = "P-INVEST" if invests else "P-CARD"
        people.append(Adopter(
            partner, "1980-01-01", 300_000, 0, True,
            (("P-CURRENT", "2010-01-01", "OPEN", False),
             (next_product, "2024-01-01", "OPEN", False)),
            ((spouse, "SPOUSE", "1980-01-01"),),
        ))  # fmt: skip
        spouse_holds = [("P-CURRENT", "2010-01-01", "OPEN", False),
                        ("P-SAVER", "2024-02-01", "OPEN", False)]  # fmt: skip
        if invests:
            spouse_holds.append(("P-INVEST", "2012-01-01", "OPEN", False))
        people.append(Adopter(spouse, "1980-01-01", 300_000, 0, True, tuple(spouse_holds),
                              ((partner, "SPOUSE", "1980-01-01"),)))  # fmt: skip
    return people


def _partners(data: NextProductData) -> dict[int, set[int]]:
    return {n: {int(data.target[n])} for n, c in enumerate(data.customer_ids) if c.endswith("A")}


# All 400 hidden products supervise, or 150 of them with only their family circle read.
@pytest.mark.parametrize("sample", [1_000, 150])
def test_the_family_tie_carries_the_signal_popularity_misses(sample: int) -> None:
    data = build(_couples(), PRODUCTS, TODAY, hide_latest=True,
                 never_target=frozenset({"P-CURRENT"}))  # fmt: skip
    model = GraphModel(TrainConfig(epochs=60, dim=16, sample=sample))
    popular = Popularity()
    model.fit(data)
    popular.fit(data)
    learnt = evaluate(model.scores(data), data.held, _partners(data))
    baseline = evaluate(popular.scores(data), data.held, _partners(data))
    assert learnt.map_at_7 > 0.95
    assert learnt.map_at_7 > baseline.map_at_7 + 0.2


def test_propensities_are_chances_over_what_is_not_held() -> None:
    data = build(_couples()[:20], PRODUCTS, TODAY, hide_latest=False)
    model = GraphModel(TrainConfig(epochs=2, dim=8))
    model.fit(build(_couples()[:20], PRODUCTS, TODAY, hide_latest=True))
    chances = propensities(model.trained.model, data)
    assert (chances[data.held] == 0).all()
    assert abs(float(chances[0].sum()) - 1.0) < 1e-5
    customers, products = embeddings(model.trained.model, data)
    assert customers.shape == (20, 8)
    assert products.shape == (4, 8)
