"""The satisfaction score blends what is known and says when nothing is."""

from dataclasses import replace

from graph.records import NO_ENGAGEMENT
from recommenders.satisfaction import satisfaction


def test_surveys_and_resolution_blend_into_0_to_100() -> None:
    happy = replace(NO_ENGAGEMENT, csat_count=2, csat_sum=10, nps_count=1, nps_sum=10,
                    resolved_count=4, unresolved_count=0)  # fmt: skip
    assert satisfaction(happy).score == 100
    assert satisfaction(happy).level == "DELIGHTED"
    unhappy = replace(NO_ENGAGEMENT, csat_count=1, csat_sum=1, resolved_count=1, unresolved_count=3)
    # CSAT 1 -> 0, resolution 25 %, weights 0.4 and 0.3.
    assert satisfaction(unhappy).score == round(0.3 * 25 / 0.7)
    assert satisfaction(unhappy).level == "UNHAPPY"


def test_a_customer_with_no_signal_is_unknown_not_zero() -> None:
    result = satisfaction(NO_ENGAGEMENT)
    assert result.score is None
    assert result.level == "UNKNOWN"
