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
