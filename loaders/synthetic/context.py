"""What every part of the generator shares: the seeded random source, the files, the counters."""

import itertools
from dataclasses import dataclass, field
from random import Random
from typing import Final

from loaders.synthetic.catalogue import PRODUCT_OF
from loaders.synthetic.sinks import Sinks
from loaders.synthetic.truth import Truth

# A weighted table drawn from many times: (values, cumulative weights).
Table = tuple[tuple[str, ...], tuple[float, ...]]


def table(pairs: tuple[tuple[str, float], ...]) -> Table:
    """Precompute a weighted table once, so each draw is a bisect."""
    values, weights = zip(*pairs, strict=True)
    return tuple(values), tuple(itertools.accumulate(weights))


def draw(rng: Random, weighted: Table) -> str:
    """Draw one value from a weighted table."""
    return rng.choices(weighted[0], cum_weights=weighted[1])[0]


@dataclass(slots=True)
class Tally:
    """What one customer's contacts add up to, for their usage and their surveys."""

    branch_visits: list[int] = field(default_factory=lambda: [0] * 12)
    calls: list[int] = field(default_factory=lambda: [0] * 12)
    unresolved: int = 0
    dragging_case: bool = False


@dataclass(slots=True)
class Context:
    """The generator's shared state; ids are numbered in the order things are drawn."""

    rng: Random
    sinks: Sinks
    truth: Truth
    agents: dict[tuple[str, str], tuple[str, ...]]
    interactions: int = 0
    feedback: int = 0
    cases: int = 0
    case_steps: int = 0
    # Category -> the product the bank offers, and a contact names when no account says which.
    offers: dict[str, str] = field(default_factory=lambda: dict(PRODUCT_OF))

    def next_id(self, counter: str) -> str:
        """A fresh business key for an interaction, feedback, case or case step."""
        number = getattr(self, counter) + 1
        setattr(self, counter, number)
        return f"{_PREFIX[counter]}{number:08d}"


_PREFIX: Final = {"interactions": "I-", "feedback": "F-", "cases": "K-", "case_steps": "CS-"}
