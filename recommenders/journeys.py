"""Pain points: journeys and touchpoints ranked by what customers say and what they live."""

from dataclasses import dataclass
from typing import Final

from graph.records import JourneyFigures

# Weights of the pain score's parts; a part with no data is left out and the rest rescaled.
_WEIGHTS: Final = {"dissatisfaction": 0.4, "repeat": 0.3, "unresolved": 0.3}


@dataclass(frozen=True, slots=True)
class PainPoint:
    """A journey at a touchpoint with its scores: NPS -100..100, CSAT 1-5, rates 0-1."""

    figures: JourneyFigures
    nps: float | None
    csat: float | None
    repeat_rate: float
    resolution_rate: float
    pain: int  # 0-100, higher hurts more


def pain_point(figures: JourneyFigures) -> PainPoint:
    """Score one journey at one touchpoint."""
    f = figures
    nps = 100 * (f.promoters - f.detractors) / f.nps_answers if f.nps_answers else None
    csat = f.csat_total / f.csat_answers if f.csat_answers else None
    unhappy = [share for share in (
        None if nps is None else (100 - nps) / 200,
        None if csat is None else (5 - csat) / 4,
    ) if share is not None]  # fmt: skip
    repeat_rate = f.repeats / f.contacts if f.contacts else 0.0
    resolution_rate = f.resolved / f.contacts if f.contacts else 0.0
    parts = {"repeat": repeat_rate, "unresolved": 1 - resolution_rate}
    if unhappy:
        parts["dissatisfaction"] = sum(unhappy) / len(unhappy)
    weight = sum(_WEIGHTS[name] for name in parts)
    pain = round(100 * sum(_WEIGHTS[name] * value for name, value in parts.items()) / weight)
    return PainPoint(f, nps, csat, repeat_rate, resolution_rate, pain)


def rank_pain_points(figures: list[JourneyFigures], min_contacts: int) -> list[PainPoint]:
    """The touchpoints with at least `min_contacts` contacts, most painful first."""
    scored = [pain_point(f) for f in figures if f.contacts >= min_contacts]
    return sorted(scored, key=lambda p: (-p.pain, -p.figures.contacts, p.figures.journey))
