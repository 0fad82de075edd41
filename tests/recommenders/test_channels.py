"""Contact preferences: ranked by use and answers; a channel that never answers is flagged."""

from graph.records import ChannelUse
from recommenders.channels import rank_channels


def test_the_channel_they_answer_ranks_first_and_a_silent_one_is_ineffective() -> None:
    uses = (
        ChannelUse("CONTACT_CENTER", contacts=4, outbound=4, responded=0, last_at=1),
        ChannelUse("MOBILE", contacts=10, outbound=4, responded=4, last_at=2),
        ChannelUse("WEB", contacts=2, outbound=0, responded=0, last_at=3),
    )
    ranked = rank_channels(uses)
    assert [p.channel_id for p in ranked] == ["MOBILE", "WEB", "CONTACT_CENTER"]
    assert [p.best for p in ranked] == [True, False, False]
    assert [p.ineffective for p in ranked] == [False, False, True]
    assert ranked[0].response_rate == 1.0
    assert ranked[0].inbound == 6


def test_no_channel_is_best_when_every_one_fails() -> None:
    ranked = rank_channels((ChannelUse("WEB", contacts=5, outbound=5, responded=0, last_at=None),))
    assert not ranked[0].best
    assert ranked[0].ineffective
    assert rank_channels(()) == []


def test_a_sparse_history_is_smoothed_toward_the_bank_a_long_one_is_not() -> None:
    # Three unanswered calls: raw 0 %, ineffective; with the bank answering 60 % of its
    # calls, (0 + 4 x 0.6) / (3 + 4) = 34 %: not written off on so little.
    sparse = ChannelUse("CONTACT_CENTER", contacts=3, outbound=3, responded=0, last_at=1,
                        population_rate=0.6)  # fmt: skip
    [preference] = rank_channels((sparse,))
    assert not preference.ineffective
    assert preference.best
    assert preference.response_rate == 0.0  # the customer's own rate is still shown
    assert preference.score == round((1.0 * 0 + 2.4 / 7) / 2, 4)  # no inbound: share 0
    # Twenty unanswered calls: (0 + 2.4) / 24 = 10 %, ineffective whatever the bank's rate.
    long = ChannelUse("CONTACT_CENTER", contacts=20, outbound=20, responded=0, last_at=1,
                      population_rate=0.6)  # fmt: skip
    assert rank_channels((long,))[0].ineffective


def test_the_bank_rate_breaks_a_tie_between_two_single_answers() -> None:
    uses = (
        ChannelUse("WEB", contacts=1, outbound=1, responded=1, last_at=1, population_rate=0.2),
        ChannelUse("MOBILE", contacts=1, outbound=1, responded=1, last_at=2, population_rate=0.7),
    )
    assert rank_channels(uses)[0].channel_id == "MOBILE"
