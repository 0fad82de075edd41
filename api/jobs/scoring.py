"""Scoring: derive what officers act on and write it back to the graph.

So far: each customer's lifestyle needs (`recommenders.needs`), preferred channel
(`recommenders.channels`), value tier (`recommenders.tiers`) and attrition alerts
(`recommenders.attrition`). The graph is read
a page of customers at a time (keyset by id), so memory stays flat whatever the bank's size.
"""

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Final

from api.jobs.score_pages import PageFacts, read_page
from graph.accounts import list_catalogue
from graph.alerts import agent_alert_loads, close_alerts, list_alert_queue, raise_alerts
from graph.cases import list_cases_of, list_disputing_customers
from graph.channels import write_channel_response_rates
from graph.codes import Service
from graph.customers import list_all_customer_ids
from graph.engines import GraphEngine
from graph.insights import replace_needs, write_customer_scores
from graph.opportunities import count_answers, withdraw_opportunities, write_opportunities
from graph.records import CaseSummary, ContactHabits, Holding
from graph.timeline import latest_event_at
from graph.usage import list_usage_of, sample_usage
from recommenders.ages import age_on
from recommenders.attrition import (
    DAY_MS,
    AttritionSettings,
    AttritionSignal,
    attrition_signals,
    seasonal_index,
)
from recommenders.channels import rank_channels
from recommenders.names import addressed_as
from recommenders.needs import needs_of
from recommenders.offers import offers_for, segment_of
from recommenders.tiers import TierThresholds, tenure_years, value_tier

if TYPE_CHECKING:  # the model modules import torch (seconds): only commands that score pay
    from api.jobs.model_store import ServedModel

PAGE: Final = 1_000
CARE_SKILL: Final = "COMPLAINT"  # care agents: those trained for complaints

# The catalogue (category -> its products as (id, name), most opened first) and each
# product's answers (accepted, all).
Offering = tuple[dict[str, list[tuple[str, str]]], dict[str, tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class ScoreSettings:
    """The day scored (what ages, day counts and raisedAt are as of), the attrition rule's
    thresholds and the tiers' floors."""

    today: date
    attrition: AttritionSettings = field(default_factory=AttritionSettings)
    tiers: TierThresholds = field(default_factory=TierThresholds)


async def data_day(engine: GraphEngine) -> date:
    """The day a run is as of when none is stated: the data's latest event day (a graph
    with no events yet: today)."""
    latest = await latest_event_at(engine)
    if latest is None:
        return datetime.now(UTC).date()
    return datetime.fromtimestamp(latest / 1000, tz=UTC).date()


@dataclass(slots=True)
class ScoreReport:
    """How many customers were scored, and what was written."""

    customers: int = 0
    needs: int = 0
    preferred_channels: int = 0
    value_tiers: int = 0
    opportunities: int = 0
    attrition_alerts: int = 0
    propensities: int = 0
    opportunities_withdrawn: int = 0  # unanswered offers this run no longer makes
    propensities_written: int = 0  # customers whose propensities changed since the last run


async def score_all(
    engine: GraphEngine, settings: ScoreSettings, served: "ServedModel | None" = None,
    only: Sequence[str] | None = None,
) -> ScoreReport:  # fmt: skip
    """Score every customer (or `only` these: a large bank's per-customer costs measured on
    a slice), a page at a time; return what was written.

    With a trained model, every customer's product propensities are written first (one
    forward pass over the whole graph), so the offers that follow can rank by them. The
    run writes the whole bank, so it holds as a load does (`bulk_load`): the embedded
    engine's log is rewritten once at the end, not each time it grows by a quarter (at a
    million customers such a rewrite forked the 18 GB engine mid-run and ran a 24 GB
    machine out of memory).
    """
    async with engine.bulk_load():
        return await _score_all(engine, settings, served, only)


async def _score_all(
    engine: GraphEngine, settings: ScoreSettings, served: "ServedModel | None",
    only: Sequence[str] | None,
) -> ScoreReport:  # fmt: skip
    report = ScoreReport()
    if served is not None:
        from api.jobs.next_product import serving_data, write_scores

        # The customers' records are gone once their arrays are built (3 GB at a million).
        data, consented = await serving_data(engine, served.product_ids, settings.today)
        written = await write_scores(engine, served, data, consented)
        report.propensities = written.with_propensities
        report.propensities_written = written.written
    catalogue = await list_catalogue(engine, most_opened_first=True)
    answers = await count_answers(engine)
    await write_channel_response_rates(engine)  # what each customer's history is smoothed to
    everyone = await list_all_customer_ids(engine) if only is None else list(only)
    index = seasonal_index(await sample_usage(engine, service=Service.CARD_SPEND))
    for start in range(0, len(everyone), PAGE):
        facts = await read_page(engine, everyone[start : start + PAGE])
        await _score_page(engine, facts, settings, (catalogue, answers), report)
        report.attrition_alerts += await _raise_attrition(
            engine, facts.ids, facts.cases, settings, index
        )
    return report


async def recheck_disputing(
    engine: GraphEngine, rules: AttritionSettings, on: date | None = None
) -> tuple[int, int]:
    """Re-check every customer with a card dispute (after usage or cases load) as of `on`
    (default: the data's latest event day); return (customers checked, alerts holding)."""
    ids = await list_disputing_customers(engine)
    settings, alerts = ScoreSettings(on or await data_day(engine), rules), 0
    index = seasonal_index(await sample_usage(engine, service=Service.CARD_SPEND))
    for start in range(0, len(ids), PAGE):
        page = ids[start : start + PAGE]
        cases = await list_cases_of(engine, customer_ids=page)
        alerts += await _raise_attrition(engine, page, cases, settings, index)
    return len(ids), alerts


async def recheck_attrition(
    engine: GraphEngine, customer_id: str, rules: AttritionSettings, at_ms: int
) -> int:  # fmt: skip
    """Re-check one customer as an event about them arrives, with the service's thresholds,
    as of the event's day."""
    cases = await list_cases_of(engine, customer_ids=[customer_id])
    if not any(c.category == "CARD_DISPUTE" for c in cases.get(customer_id, [])):
        return 0  # most contacts: no dispute, no further statement
    settings = ScoreSettings(datetime.fromtimestamp(at_ms / 1000, tz=UTC).date(), rules)
    index = seasonal_index(await sample_usage(engine, service=Service.CARD_SPEND))
    return await _raise_attrition(engine, [customer_id], cases, settings, index)


async def _raise_attrition(
    engine: GraphEngine, ids: list[str], cases: dict[str, list[CaseSummary]],
    settings: ScoreSettings, index: dict[str, float],
) -> int:  # fmt: skip
    """Raise or refresh an alert per dispute the rule flags (new ones for the least-loaded
    care agent, trained for complaints), and close those it no longer flags; one id per
    case, so a rerun adds none. Everything is as of `settings.today`."""
    # Only a card dispute can raise one: read usage for those customers alone.
    disputing = [i for i in ids if any(c.category == "CARD_DISPUTE" for c in cases.get(i, []))]
    usage = await list_usage_of(engine, customer_ids=disputing) if disputing else {}
    now_ms = int(datetime.combine(settings.today, time(), UTC).timestamp() * 1000)
    # The whole as-of day counts: its events are in, its day counts to the next midnight.
    until_ms = now_ms + DAY_MS - 1
    signals = [
        s for customer_id in disputing
        for s in attrition_signals(
            cases.get(customer_id, []), usage.get(customer_id, []), now_ms=until_ms,
            settings=settings.attrition, index=index,
        )
    ]  # fmt: skip
    rows = [_alert_row(signal, now_ms) for signal in signals]
    await close_alerts(engine, kind="ATTRITION_RISK", customer_ids=disputing,
                       kept=[f"AL-ATTRITION-{s.case_id}" for s in signals], at=now_ms,
                       as_of=settings.today.isoformat())  # fmt: skip
    if not rows:
        return 0
    loads = await agent_alert_loads(engine, skill=CARE_SKILL)
    for row in rows:
        agent = min(loads, key=lambda a: (loads[a], a)) if loads else None
        if agent is not None:
            loads[agent] += 1
        row["agentId"] = agent
    await raise_alerts(engine, rows)
    return len(rows)


def _alert_row(signal: AttritionSignal, now_ms: int) -> dict[str, object]:
    return {
        "id": f"AL-ATTRITION-{signal.case_id}", "customerId": signal.customer_id,
        "kind": "ATTRITION_RISK", "severity": signal.severity, "reason": signal.reason,
        "raisedAt": now_ms, "asOf": signal.as_of, "agentId": None,
    }  # fmt: skip


def _tier(held: list[Holding], habits: ContactHabits | None, settings: ScoreSettings) -> str:
    """The value tier; a year's contacts are all recorded ones over the relationship's years."""
    currency, today = held[0].balance.currency if held else "GBP", settings.today
    years = max(tenure_years(held, today), 1)
    contacts = habits.contact_count / years if habits else 0.0
    return value_tier(held, contacts, currency, today, settings.tiers).tier


async def _score_page(
    engine: GraphEngine, facts: PageFacts, settings: ScoreSettings, offering: Offering,
    report: ScoreReport,
) -> None:  # fmt: skip
    catalogue, answers = offering
    today = settings.today
    scored_at = int(datetime.combine(today, time(), UTC).timestamp() * 1000)
    offer_rows: list[dict[str, object]] = []
    holdings = facts.holdings
    needs_rows, score_rows = [], []
    for customer_id, customer in facts.profiles.items():
        tier = _tier(holdings.get(customer_id, []), facts.habits.get(customer_id), settings)
        home = customer.household_id
        at_home = home is not None and home in facts.homes.get(customer_id, set())
        segment = segment_of(age_on(customer.birth_date, today), tier, at_home)
        # Profiling needs the customer's consent; without it, no needs are kept.
        family = facts.families.get(customer_id, [])
        found = needs_of(customer, family, holdings, today, facts.cover)
        kept = found if customer.profiling_consent else []
        # No propensities written (no model yet): offers_for assumes a neutral one.
        likely = {p.product_id: p.score for p in facts.chances.get(customer_id, [])} or None
        cases, held = facts.cases.get(customer_id, []), holdings.get(customer_id, [])
        for offer in offers_for(kept, cases, held, catalogue, addressed_as(customer), likely,
                                answers, segment):  # fmt: skip
            offer_rows.append({
                "id": f"O-{customer_id}-{offer.product_id}", "customerId": customer_id,
                "productId": offer.product_id, "score": offer.score,
                "needKind": offer.need_kind, "script": list(offer.script), "scoredAt": scored_at,
            })  # fmt: skip
        needs_rows.append({"customerId": customer_id, "asOf": today.isoformat(), "needs": [
            {"id": f"N-{customer_id}-{n.kind}-{n.subject_id or 'self'}", "kind": n.kind,
             "score": n.score, "evidence": list(n.evidence), "subjectId": n.subject_id}
            for n in kept
        ]})  # fmt: skip
        used = facts.habits.get(customer_id)
        best = [p for p in rank_channels(used.channels) if p.best] if used else []
        channel = best[0].channel_id if best else None
        score_rows.append({"customerId": customer_id, "tier": tier, "channel": channel})
    report.value_tiers += await write_customer_scores(engine, score_rows)
    report.preferred_channels += sum(1 for row in score_rows if row["channel"] is not None)
    await write_opportunities(engine, offer_rows)
    report.opportunities += len(offer_rows)
    made: dict[str, list[object]] = {c: [] for c in facts.profiles}
    for row in offer_rows:
        made[str(row["customerId"])].append(row["id"])
    report.opportunities_withdrawn += await withdraw_opportunities(engine, [
        {"customerId": c, "keep": keep, "at": scored_at} for c, keep in made.items()
    ])  # fmt: skip
    report.customers += len(facts.profiles)
    report.needs += await replace_needs(engine, needs_rows)


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """A rule's alerts against the planted truth."""

    flagged: int
    planted: int
    hits: int

    @property
    def precision(self) -> float:
        """Share of alerts that were planted attrition."""
        return self.hits / self.flagged if self.flagged else 0.0

    @property
    def recall(self) -> float:
        """Share of planted attrition that raised an alert."""
        return self.hits / self.planted if self.planted else 0.0


async def check_attrition(engine: GraphEngine, truth: Path) -> RuleCheck:
    """Compare the attrition alerts in the graph with a bank's `truth/attrition_cases.csv`."""
    with truth.open(encoding="utf-8", newline="") as handle:
        planted = {
            row["caseId"] for row in csv.DictReader(handle) if row["attrition"].lower() == "true"
        }
    ids = []
    for status in ("OPEN", "ACKNOWLEDGED"):  # a closed alert no longer holds
        found, _ = await list_alert_queue(engine, status=status, agent_id=None, skip=0,
                                          limit=10**7)  # fmt: skip
        ids += found
    flagged = {i.removeprefix("AL-ATTRITION-") for i in ids if i.startswith("AL-ATTRITION-")}
    return RuleCheck(len(flagged), len(planted), len(flagged & planted))
