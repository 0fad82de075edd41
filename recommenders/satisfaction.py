"""A customer's satisfaction score (0-100) and smiley level, from surveys and service."""

from dataclasses import dataclass
from typing import Final

from graph.records import Engagement

# Weight of each input when present; missing inputs do not count as zero.
_WEIGHTS: Final = {"csat": 0.4, "nps": 0.3, "resolution": 0.3}
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


def satisfaction(engagement: Engagement) -> Satisfaction:
    """Blend mean CSAT, mean NPS answer and the share of contacts resolved into 0-100."""
    e = engagement
    csat = (e.csat_sum / e.csat_count - 1) / 4 * 100 if e.csat_count else None
    nps = e.nps_sum / e.nps_count * 10 if e.nps_count else None
    settled = e.resolved_count + e.unresolved_count
    resolution = e.resolved_count / settled * 100 if settled else None
    inputs = {"csat": csat, "nps": nps, "resolution": resolution}
    present = {name: value for name, value in inputs.items() if value is not None}
    if not present:
        return Satisfaction(None, "UNKNOWN", None, None, None)
    weight = sum(_WEIGHTS[name] for name in present)
    score = round(sum(_WEIGHTS[name] * value for name, value in present.items()) / weight)
    level = next(name for name, floor in LEVELS if score >= floor)
    return Satisfaction(score, level, csat, nps, resolution)
