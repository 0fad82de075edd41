"""The synthetic bank's 24 months: days, weekly and seasonal rhythms, incident windows."""

import itertools
from bisect import bisect
from datetime import date, timedelta
from random import Random
from typing import Final

from loaders.synthetic.catalogue import INCIDENTS

SNAPSHOT: Final = date(2026, 10, 31)  # the last day of data; "now" for ages and tenure
FIRST_DAY: Final = SNAPSHOT - timedelta(days=729)
DAYS: Final = tuple((FIRST_DAY + timedelta(days=n)).isoformat() for n in range(730))
USAGE_MONTHS: Final = tuple(f"{y}-{m:02d}" for y, m in [(2025, 11), (2025, 12)] + [
    (2026, m) for m in range(1, 11)
])  # fmt: skip

# Seasonal volume by calendar month: December busy, January bills, August holidays.
_SEASON: Final = {1: 1.2, 2: 1.0, 3: 1.0, 4: 1.0, 5: 0.95, 6: 0.95, 7: 0.9, 8: 0.8,
                  9: 1.0, 10: 1.05, 11: 1.1, 12: 1.3}  # fmt: skip
# Weekly rhythm by weekday (Mon=0): staffed channels close on Sunday, apps peak at weekends.
_STAFFED_WEEK: Final = (1.3, 1.1, 1.0, 1.0, 1.2, 0.6, 0.05)
_DIGITAL_WEEK: Final = (0.9, 0.9, 0.9, 0.95, 1.1, 1.3, 1.25)


def _cumulative(week: tuple[float, ...]) -> tuple[float, ...]:
    weights = []
    for iso in DAYS:
        day = date.fromisoformat(iso)
        weights.append(_SEASON[day.month] * week[day.weekday()])
    return tuple(itertools.accumulate(weights))


STAFFED: Final = _cumulative(_STAFFED_WEEK)
DIGITAL: Final = _cumulative(_DIGITAL_WEEK)


def pick_day(rng: Random, cumulative: tuple[float, ...], low: int = 0, high: int = 730) -> int:
    """Draw a day index in [low, high) following a rhythm."""
    floor = cumulative[low - 1] if low else 0.0
    return min(bisect(cumulative, floor + rng.random() * (cumulative[high - 1] - floor)), high - 1)


def day_index(iso: str) -> int:
    """The index of an ISO day in DAYS."""
    return (date.fromisoformat(iso) - FIRST_DAY).days


# The index in USAGE_MONTHS of each day's month, or -1 before the usage year.
MONTH_OF_DAY: Final = tuple(
    USAGE_MONTHS.index(iso[:7]) if iso[:7] in USAGE_MONTHS else -1 for iso in DAYS
)


MOBILE_OUTAGE: Final = range(day_index(INCIDENTS[0][3]), day_index(INCIDENTS[0][4]) + 1)
CARD_FAILURE: Final = range(day_index(INCIDENTS[1][3]), day_index(INCIDENTS[1][4]) + 1)
CARD_FAILURE_MONTH: Final = USAGE_MONTHS.index(INCIDENTS[1][3][:7])
MOBILE_OUTAGE_MONTH: Final = USAGE_MONTHS.index(INCIDENTS[0][3][:7])
# Card disputes worth planting start where a spending drop can show in the usage year.
DISPUTE_WINDOW: Final = (day_index("2025-12-01"), day_index("2026-06-30"))


def stamp(day: int, hour: int, minute: int) -> str:
    """An ISO 8601 UTC timestamp on a day of the period."""
    return f"{DAYS[day]}T{hour:02d}:{minute:02d}:00Z"
