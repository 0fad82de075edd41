"""Which channel reaches a customer: ranked by how they actually use and answer each one."""

from dataclasses import dataclass, replace
from typing import Final

from graph.records import ChannelUse

# A channel the bank tried this often without an answer this rare does not reach them.
INEFFECTIVE_AFTER: Final = 3
INEFFECTIVE_BELOW: Final = 0.15
# A customer's answer rate is smoothed toward the bank's on that channel, as if they had
# answered PRIOR_CONTACTS more contacts at the bank's rate: two unanswered calls do not
# make a channel useless, twenty do.
PRIOR_CONTACTS: Final = 4


@dataclass(frozen=True, slots=True)
class ChannelPreference:
    """One channel's standing for a customer; `score` is 0-1."""

    channel_id: str
    score: float
    inbound: int
    outbound: int
    responded: int
    response_rate: float | None
    last_at: int | None
    ineffective: bool
    best: bool = False


def rank_channels(uses: tuple[ChannelUse, ...]) -> list[ChannelPreference]:
    """Rank channels: half the share of contacts they choose it for, half their answer rate
    (smoothed toward the bank's rate on the channel when it is known)."""
    inbound_total = sum(use.contacts - use.outbound for use in uses) or 1
    ranked = []
    for use in uses:
        inbound = use.contacts - use.outbound
        rate = use.responded / use.outbound if use.outbound else None
        smoothed = _smoothed(use)
        share = inbound / inbound_total
        score = share if smoothed is None else (share + smoothed) / 2
        ineffective = use.outbound >= INEFFECTIVE_AFTER and (smoothed or 0) < INEFFECTIVE_BELOW
        preference = ChannelPreference(
            channel_id=use.channel_id,
            score=round(score, 4),
            inbound=inbound,
            outbound=use.outbound,
            responded=use.responded,
            response_rate=rate,
            last_at=use.last_at,
            ineffective=ineffective,
        )
        ranked.append(preference)
    ranked.sort(key=lambda p: (p.ineffective, -p.score, p.channel_id))
    if ranked and not ranked[0].ineffective:
        ranked[0] = replace(ranked[0], best=True)
    return ranked


def _smoothed(use: ChannelUse) -> float | None:
    """The customer's answer rate pulled toward the bank's (None: never contacted)."""
    if use.population_rate is None:
        return use.responded / use.outbound if use.outbound else None
    prior = PRIOR_CONTACTS * use.population_rate
    return (use.responded + prior) / (use.outbound + PRIOR_CONTACTS)
