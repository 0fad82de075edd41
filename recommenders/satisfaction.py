"""A customer's satisfaction score (0-100) and smiley level, from surveys and service."""

from dataclasses import dataclass
from typing import Final

from graph.records import Engagement

# Weight of each input when present; missing inputs do not count as zero (docs/recommenders.md).
_WEIGHTS: Final = {"csat": 0.35, "nps": 0.25, "resolution": 0.25, "no_repeat": 0.15}
# Lowest score of each level, best first.
LEVELS: Final = (("DELIGHTED", 80), ("SATISFIED", 65), ("NEUTRAL", 45), ("UNHAPPY", 0))


@dataclass(frozen=True, slots=True)
class Satisfaction:
    """The score, its level, and the inputs it came from (each 0-100 or None)."""

    score: int | None
    level: str
    csat: float | None
    nps: float | None
    resolution_rate: float | None
    no_repeat_rate: float | None  # first-contact resolution: own contacts not repeated


def satisfaction(engagement: Engagement) -> Satisfaction:
    """Blend mean CSAT, mean NPS answer, the share of contacts resolved and the share of
    the customer's own contacts that needed no repeat into 0-100."""
    e = engagement
    csat = (e.csat_sum / e.csat_count - 1) / 4 * 100 if e.csat_count else None
    nps = e.nps_sum / e.nps_count * 10 if e.nps_count else None
    settled = e.resolved_count + e.unresolved_count
    resolution = e.resolved_count / settled * 100 if settled else None
    # Repeats are counted among inbound contacts, so that is the denominator too.
    inbound = sum(use.contacts - use.outbound for use in e.channels)
    no_repeat = (inbound - e.repeat_contacts) / inbound * 100 if inbound else None
    inputs = {"csat": csat, "nps": nps, "resolution": resolution, "no_repeat": no_repeat}
    present = {name: value for name, value in inputs.items() if value is not None}
    if not present:
        return Satisfaction(None, "UNKNOWN", None, None, None, None)
    weight = sum(_WEIGHTS[name] for name in present)
    score = round(sum(_WEIGHTS[name] * value for name, value in present.items()) / weight)
    level = next(name for name, floor in LEVELS if score >= floor)
    return Satisfaction(score, level, csat, nps, resolution, no_repeat)
