"""The satisfaction score blends what is known and says when nothing is."""

from dataclasses import replace

from graph.records import NO_ENGAGEMENT, ChannelUse
from recommenders.satisfaction import satisfaction

# Four calls of the customer's own and one from the bank, on the contact centre.
FOUR_CALLS = (ChannelUse("CONTACT_CENTER", contacts=5, outbound=1, responded=1, last_at=None),)


def test_surveys_and_resolution_blend_into_0_to_100() -> None:
    happy = replace(NO_ENGAGEMENT, csat_count=2, csat_sum=10, nps_count=1, nps_sum=10,
                    resolved_count=4, unresolved_count=0)  # fmt: skip
    assert satisfaction(happy).score == 100
    assert satisfaction(happy).level == "DELIGHTED"
    unhappy = replace(NO_ENGAGEMENT, csat_count=1, csat_sum=1, resolved_count=1, unresolved_count=3)
    # CSAT 1 -> 0, resolution 25 %, weights 0.35 and 0.25; no contacts, so no repeat input.
    assert satisfaction(unhappy).score == round(0.25 * 25 / 0.6)
    assert satisfaction(unhappy).level == "UNHAPPY"


def test_a_customer_whose_contacts_all_repeat_scores_lower() -> None:
    settled = replace(NO_ENGAGEMENT, contact_count=5, csat_count=1, csat_sum=5, channels=FOUR_CALLS)
    chased = replace(settled, repeat_contacts=4)
    assert satisfaction(settled).no_repeat_rate == 100
    assert satisfaction(chased).no_repeat_rate == 0
    # CSAT 5 (100) beside 100 % and 0 % not repeated, weights 0.35 and 0.15.
    assert satisfaction(settled).score == 100
    assert satisfaction(chased).score == 70


def test_the_worked_example_of_the_docs() -> None:
    # docs/recommenders.md: CSAT 4 and 5 (87.5), NPS 6 (60), 3 of 4 settled contacts
    # resolved (75), 1 of 4 own contacts repeated (75).
    e = replace(NO_ENGAGEMENT, contact_count=5, resolved_count=3, unresolved_count=1,
                repeat_contacts=1, csat_count=2, csat_sum=9, nps_count=1, nps_sum=6,
                channels=FOUR_CALLS)  # fmt: skip
    result = satisfaction(e)
    assert (result.csat, result.nps, result.resolution_rate, result.no_repeat_rate) == (
        87.5, 60.0, 75.0, 75.0,
    )  # fmt: skip
    # 0.35 * 87.5 + 0.25 * 60 + 0.25 * 75 + 0.15 * 75 = 75.875
    assert (result.score, result.level) == (76, "SATISFIED")


def test_weights_renormalise_over_the_inputs_present() -> None:
    # Only the repeat input: the score is that input alone, not 15 % of it.
    only_repeats = replace(NO_ENGAGEMENT, contact_count=5, repeat_contacts=1, channels=FOUR_CALLS)
    assert satisfaction(only_repeats).score == 75
    # NPS 6 (60) and no repeats (100): (0.25 * 60 + 0.15 * 100) / 0.4 = 75.
    with_nps = replace(only_repeats, repeat_contacts=0, nps_count=1, nps_sum=6)
    assert satisfaction(with_nps).score == 75


def test_only_the_banks_own_contacts_give_no_repeat_input() -> None:
    outreach = (ChannelUse("MOBILE", contacts=2, outbound=2, responded=0, last_at=None),)
    e = replace(NO_ENGAGEMENT, contact_count=2, channels=outreach)
    assert satisfaction(e).no_repeat_rate is None
    assert satisfaction(e).level == "UNKNOWN"


def test_a_customer_with_no_signal_is_unknown_not_zero() -> None:
    result = satisfaction(NO_ENGAGEMENT)
    assert result.score is None
    assert result.level == "UNKNOWN"
