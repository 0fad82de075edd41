"""The attrition rule: a card dispute left unresolved, then the card's spending falls away.

A card dispute counts once it has dragged `dispute_days` (from opening to its end: the
first RESOLVED step, or the CLOSED stage, else the as-of day). The spending it is read
against is the dispute's account; a dispute naming only a product is read against the
customer's accounts of that product, one naming neither against all their cards.

A drop must survive real spending, so each month is first divided by the bank's seasonal
index for that month (`seasonal_index`: how the whole bank's card spending moved, so a
January dip or a Christmas peak everyone has cancels out), and then judged against the
customer's own history before the dispute: the median of up to `baseline_months` clean
months, and their spread (a robust z-score: 1.4826 x the median absolute deviation, at
least `min_spread` of the median). A signal needs `sustain_months` consecutive clean
months, starting within `within_months` of the dispute's month, each at least `spend_drop`
under the median and `robust_z` spreads under it. A naturally volatile spender's spread
is wide, so their ordinary bad months do not fire. Months a known incident touched (a
card-system outage) are left out of both sides.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from statistics import median
from typing import Final

from graph.codes import CaseStage, Service
from graph.records import CaseSummary, UsageSeries

DAY_MS: Final = 86_400_000
MAD_TO_SIGMA: Final = 1.4826  # the median absolute deviation of a normal sample, in sigmas
MIN_INDEX_SERIES: Final = 20  # fewer series reporting a month: no seasonal index for it


@dataclass(frozen=True, slots=True)
class AttritionSettings:
    """The rule's thresholds, in one place (batch scoring and live re-checks alike)."""

    dispute_days: int = 30  # a card dispute unresolved at least this many days…
    spend_drop: float = 0.4  # …then each month of the window this share under the median
    robust_z: float = 3.0  # …and this many robust spreads under it
    min_spread: float = 0.1  # the spread is at least this share of the median
    sustain_months: int = 2  # consecutive clean months the drop must hold
    within_months: int = 6  # the drop starts within this many months of the dispute's month
    baseline_months: int = 12  # the history before the dispute the median is taken over
    min_baseline: int = 2  # fewer clean months than this: no baseline, no signal


@dataclass(frozen=True, slots=True)
class AttritionSignal:
    """A customer at risk: the dispute, how long it dragged, and the drop that followed."""

    case_id: str
    customer_id: str
    account_id: str
    days_unresolved: int
    still_open: bool
    drop_month: str
    drop_share: float  # 0-1 below the baseline, seasonally adjusted
    as_of: str = ""  # the day the days were counted to (ISO)

    @property
    def severity(self) -> int:
        """5 (act today) while the dispute is still open, else 4."""
        return 5 if self.still_open else 4

    @property
    def reason(self) -> str:
        """What an agent reads, and the action to take."""
        state = "still open" if self.still_open else "resolved late"
        counted = f" on {self.as_of}" if self.as_of and self.still_open else ""
        return (
            f"card dispute {self.case_id} unresolved for {self.days_unresolved} days{counted} "
            f"({state}); card spending down {round(self.drop_share * 100)} % from "
            f"{self.drop_month} against its own seasonal pattern. Call back, assure "
            "resolution, consider a goodwill gesture."
        )


def ended_at(case: CaseSummary, now_ms: int) -> int | None:
    """When the case ended by `now_ms`: its first RESOLVED step, else its CLOSED stage."""
    end = case.resolved_at
    if end is None and case.stage == CaseStage.CLOSED:
        end = case.stage_at
    return end if end is not None and end <= now_ms else None


def attrition_signals(
    cases: Sequence[CaseSummary], usage: Sequence[UsageSeries], *, now_ms: int,
    settings: AttritionSettings = AttritionSettings(),
    index: Mapping[str, float] | None = None,
) -> list[AttritionSignal]:  # fmt: skip
    """The signals among one customer's cases as of `now_ms`, given their usage series and
    the bank's seasonal index (month -> factor; None: no adjustment)."""
    spending = [s for s in usage if s.service == Service.CARD_SPEND]
    as_of = datetime.fromtimestamp(now_ms / 1000, tz=UTC).date()
    found = []
    for case in cases:
        if case.category != "CARD_DISPUTE" or case.opened_at > now_ms:
            continue
        end = ended_at(case, now_ms)
        days = ((end or now_ms) - case.opened_at) // DAY_MS
        if days < settings.dispute_days:
            continue
        for series in _series_of(case, spending):
            drop = _drop_after(series, _month(case.opened_at), as_of, settings, index or {})
            if drop is not None:
                found.append(AttritionSignal(
                    case.id, case.customer_id, series.account_id, days, end is None, *drop,
                    as_of=as_of.isoformat(),
                ))  # fmt: skip
                break
    return found


def _series_of(case: CaseSummary, spending: Sequence[UsageSeries]) -> list[UsageSeries]:
    """The card spending a dispute is read against: its account, else its product's."""
    if case.account_id is not None:
        return [s for s in spending if s.account_id == case.account_id]
    if case.product_id is not None:
        return [s for s in spending if s.product_id == case.product_id]
    return list(spending)


def _month(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).strftime("%Y-%m")


def _months_between(first: str, later: str) -> int:
    return (int(later[:4]) - int(first[:4])) * 12 + int(later[5:]) - int(first[5:])


def _drop_after(
    series: UsageSeries, month: str, as_of: date, settings: AttritionSettings,
    index: Mapping[str, float],
) -> tuple[str, float] | None:  # fmt: skip
    """The first month of a sustained drop after `month`, and its share under the median."""
    disturbed = {m for incident in series.incidents for m in incident.months()}
    last = as_of.strftime("%Y-%m")
    clean = [
        (p.month, p.amount_minor / index.get(p.month, 1.0))
        for p in series.points
        if p.month not in disturbed and p.month <= last
    ]
    before = [amount for m, amount in clean if m < month][-settings.baseline_months :]
    if len(before) < settings.min_baseline:  # early in the series: its own month joins
        before = [amount for m, amount in clean if m <= month][-settings.baseline_months :]
    if len(before) < settings.min_baseline or median(before) <= 0:
        return None  # no baseline to fall from
    centre = median(before)
    spread = max(MAD_TO_SIGMA * median(abs(a - centre) for a in before),
                 settings.min_spread * centre)  # fmt: skip
    after = [(m, a) for m, a in clean if m > month]
    window = settings.sustain_months
    for start in range(len(after) - window + 1):
        first_month = after[start][0]
        if _months_between(month, first_month) > settings.within_months:
            break
        run = after[start : start + window]
        if all(_fallen(a, centre, spread, settings) for _, a in run):
            return first_month, round(1 - run[0][1] / centre, 3)
    return None


def _fallen(amount: float, centre: float, spread: float, settings: AttritionSettings) -> bool:
    return (
        amount <= centre * (1 - settings.spend_drop)
        and (amount - centre) / spread <= -settings.robust_z
    )


def seasonal_index(sample: Sequence[UsageSeries]) -> dict[str, float]:
    """How the bank's card spending moved each month: the mean over series of the month's
    amount against the series' own median, scaled so the months average 1.

    A month fewer than MIN_INDEX_SERIES series report is left out (factor 1)."""
    ratios: dict[str, list[float]] = {}
    for series in sample:
        if series.service != Service.CARD_SPEND or not series.points:
            continue
        level = median(p.amount_minor for p in series.points)
        if level <= 0:
            continue
        for point in series.points:
            ratios.setdefault(point.month, []).append(point.amount_minor / level)
    raw = {m: sum(r) / len(r) for m, r in ratios.items() if len(r) >= MIN_INDEX_SERIES}
    if not raw:
        return {}
    mean = sum(raw.values()) / len(raw)
    return {m: round(v / mean, 4) for m, v in sorted(raw.items()) if v > 0}
