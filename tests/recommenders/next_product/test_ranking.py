"""Ranking metrics on rankings whose figures are worked out by hand."""

from math import log2

import numpy as np
import pytest

from recommenders.next_product.ranking import as_chances, evaluate, top_k

# Three customers, four products; scores rank products 3 > 2 > 1 > 0 for everyone.
SCORES = np.tile(np.array([0.1, 0.2, 0.3, 0.4], dtype=np.float32), (3, 1))
NOTHING_HELD = np.zeros((3, 4), dtype=np.bool_)


def test_top_k_leaves_out_what_is_held() -> None:
    held = NOTHING_HELD.copy()
    held[0, 3] = True
    assert top_k(SCORES, held, 2) == [[2, 1], [3, 2], [3, 2]]


def test_metrics_for_one_relevant_product_at_known_ranks() -> None:
    # Customer 0 took the best-ranked product, customer 1 the third, customer 2 the fourth.
    relevant = {0: {3}, 1: {1}, 2: {0}}
    figures = evaluate(SCORES, NOTHING_HELD, relevant)
    assert figures.customers == 3
    assert figures.hr_at_10 == pytest.approx(1.0)  # four products: all within ten
    assert figures.recall_at_20 == pytest.approx(1.0)
    assert figures.products == 4
    assert figures.ndcg_at_10 == pytest.approx((1 + 1 / log2(4) + 1 / log2(5)) / 3)
    assert figures.map_at_7 == pytest.approx((1 + 1 / 3 + 1 / 4) / 3)


def test_a_held_product_moves_the_others_up() -> None:
    held = NOTHING_HELD.copy()
    held[1, 3] = True  # customer 1 holds the top product: product 1 is now second
    figures = evaluate(SCORES[1:2], held[1:2], {0: {1}})
    assert figures.map_at_7 == pytest.approx(1 / 2)


def test_two_relevant_products_share_recall() -> None:
    figures = evaluate(SCORES[:1], NOTHING_HELD[:1], {0: {3, 0}})
    assert figures.recall_at_20 == pytest.approx(1.0)
    assert figures.map_at_7 == pytest.approx((1 / 1 + 2 / 4) / 2)
    ideal = 1 + 1 / log2(3)
    assert figures.ndcg_at_10 == pytest.approx((1 + 1 / log2(5)) / ideal)


def test_intervals_bracket_the_mean_and_vanish_when_every_customer_agrees() -> None:
    # Eleven products; customer n's product is ranked n-th: hits for the first ten only.
    scores = np.tile(np.arange(11, 0, -1, dtype=np.float32), (11, 1))
    figures = evaluate(scores, np.zeros((11, 11), dtype=np.bool_), {n: {n} for n in range(11)})
    low, high = figures.intervals["hr_at_10"]
    assert figures.hr_at_10 == pytest.approx(10 / 11)
    assert low < figures.hr_at_10 <= high
    assert figures.intervals["recall_at_20"] == (1.0, 1.0)  # all within twenty: no spread


def test_no_truth_gives_zeros_not_a_division_error() -> None:
    assert evaluate(SCORES, NOTHING_HELD, {}).customers == 0


def test_scores_become_chances_over_what_is_not_held() -> None:
    held = np.array([[True, False, False], [True, True, True]])
    scores = np.array([[0.9, 0.3, 0.1], [0.5, 0.5, 0.5]], dtype=np.float32)
    chances = as_chances(scores, held)
    assert chances[0].tolist() == pytest.approx([0.0, 0.75, 0.25])
    assert chances[1].tolist() == [0.0, 0.0, 0.0]  # holds everything: nothing to offer
