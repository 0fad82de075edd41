"""The attrition rule: a card dispute left unresolved, then the card's spending falls away.

For each card dispute unresolved for at least `dispute_days` (still open, or resolved late),
the card's monthly spending after the dispute's month is compared with its own trailing
baseline (the mean of up to three months before it). A month `spend_drop` or more below the
baseline raises a signal (both thresholds in `AttritionSettings`). Months a known incident
touched (a card-system outage) are left out of both sides: everyone's spending dips then, and
that is not this customer leaving.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from graph.codes import Service
from graph.records import CaseSummary, UsageSeries

DAY_MS: Final = 86_400_000
BASELINE_MONTHS: Final = 3


@dataclass(frozen=True, slots=True)
class AttritionSettings:
    """The rule's thresholds, the same for `kith score` and the live re-check."""

    dispute_days: int = 30  # a card dispute unresolved at least this many days…
    spend_drop: float = 0.4  # …then a month of card spending this share under its baseline


@dataclass(frozen=True, slots=True)
class AttritionSignal:
    """A customer at risk: the dispute, how long it dragged, and the drop that followed."""

    case_id: str
    customer_id: str
    account_id: str
    days_unresolved: int
    still_open: bool
    drop_month: str
    drop_share: float  # 0-1 below the baseline

    @property
    def severity(self) -> int:
        """5 (act today) while the dispute is still open, else 4."""
        return 5 if self.still_open else 4

    @property
    def reason(self) -> str:
        """What an agent reads, and the action to take."""
        state = "still open" if self.still_open else "resolved late"
        return (
            f"card dispute {self.case_id} unresolved for {self.days_unresolved} days ({state}); "
            f"card spending down {round(self.drop_share * 100)} % from {self.drop_month} "
            "against its own trailing baseline. Call back, assure resolution, consider a "
            "goodwill gesture."
        )


def attrition_signals(
    cases: Sequence[CaseSummary], usage: Sequence[UsageSeries], *, now_ms: int,
    settings: AttritionSettings = AttritionSettings(),
) -> list[AttritionSignal]:  # fmt: skip
    """The signals among one customer's cases, given their usage series."""
    spending = {s.account_id: s for s in usage if s.service == Service.CARD_SPEND}
    found = []
    for case in cases:
        series = spending.get(case.account_id or "")
        if case.category != "CARD_DISPUTE" or series is None:
            continue
        days = ((case.resolved_at or now_ms) - case.opened_at) // DAY_MS
        if days < settings.dispute_days:
            continue
        drop = _drop_after(series, _month(case.opened_at), settings.spend_drop)
        if drop is not None:
            found.append(AttritionSignal(
                case.id, case.customer_id, series.account_id, days, case.resolved_at is None,
                *drop,
            ))  # fmt: skip
    return found


def _month(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).strftime("%Y-%m")


def _drop_after(series: UsageSeries, month: str, min_drop: float) -> tuple[str, float] | None:
    """The first month after `month` at least `min_drop` below the baseline, and the share."""
    disturbed = {m for incident in series.incidents for m in incident.months()}
    clean = [p for p in series.points if p.month not in disturbed]
    before = [p.amount_minor for p in clean if p.month < month][-BASELINE_MONTHS:]
    if len(before) < 2:  # a dispute early in the series: its own month joins the baseline
        before = [p.amount_minor for p in clean if p.month <= month][-BASELINE_MONTHS:]
    if len(before) < 2 or sum(before) == 0:
        return None  # no baseline to fall from
    baseline = sum(before) / len(before)
    for point in (p for p in clean if p.month > month):
        share = 1 - point.amount_minor / baseline
        if share >= min_drop:
            return point.month, round(share, 3)
    return None
