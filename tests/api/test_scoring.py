"""`kith score` on the example bank: needs and preferred channels land in the graph."""

from datetime import date
from pathlib import Path

from api.jobs.scoring import ScoreSettings, score_all
from graph.accounts import add_account_holders, upsert_accounts
from graph.alerts import get_alerts
from graph.customers import get_profiles
from graph.engagement import get_engagement
from graph.engines.embedded import EmbeddedEngine
from graph.insights import list_needs_of
from graph.opportunities import list_opportunities_of
from graph.selection import CustomerFilter, list_customer_ids_after
from recommenders.facts import words_of
from recommenders.needs import said
from tests.graph.test_accounts import account
from tests.loaders.bank_files import copy_examples, load_dir

DAY = ScoreSettings(date(2026, 11, 23))


async def test_needs_and_channels_are_written_and_consent_is_respected(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    report = await score_all(engine, DAY)
    assert (report.customers, report.needs, report.preferred_channels) == (6, 7, 3)
    # Maya's card dispute (open since 3 June) and then her card spending fell away: in August
    # (July is the card outage's month, so it is neither baseline nor drop).
    assert report.attrition_alerts == 1
    [alert] = (await get_alerts(engine, alert_ids=["AL-ATTRITION-K-0000001"])).values()
    assert (alert.customer_id, alert.kind, alert.severity) == ("C-0000001", "ATTRITION_RISK", 5)
    assert alert.agent_id == "AG-0002"  # the only agent trained for complaints
    assert "from 2026-08" in alert.reason
    people = [f"C-000000{n}" for n in range(1, 7)]
    needs = await list_needs_of(engine, customer_ids=people)
    # Ages are counted to the day scored, which is stored with them and named when read.
    assert {n.as_of for n in needs["C-0000001"]} == {"2026-11-23"}
    read = [(n.kind, tuple(said(words_of(e), n.as_of) for e in n.evidence), n.subject_id)
            for n in needs["C-0000001"]]  # fmt: skip
    assert read == [
        ("AGING_PARENT_CARE", ("mother Grace, 75 on 2026-11-23, no medical cover",), "C-0000005"),
        ("CHILD_EDUCATION", ("daughter Ada, 14 on 2026-11-23, no education plan",), "C-0000003"),
        ("CHILD_EDUCATION", ("son Sam, 8 on 2026-11-23, no education plan",), "C-0000004"),
        ("RETIREMENT_GAP", ("47 on 2026-11-23, no pension with us",), None),
    ]
    # Ada, Sam and Tom gave no consent to profiling: nothing is derived about them.
    assert needs["C-0000003"] == needs["C-0000004"] == needs["C-0000006"] == []
    by_channel = await list_customer_ids_after(
        engine, selection=CustomerFilter(preferred_channel="CONTACT_CENTER"), after_id=None,
        limit=10,
    )  # fmt: skip
    assert by_channel == ["C-0000001", "C-0000006"]
    # Each channel's bank-wide answer rate is written and read with a customer's channels:
    # the example bank's outbound contacts answered on MOBILE are 1 of 1.
    maya = await get_engagement(engine, customer_id="C-0000001")
    assert maya is not None
    rates = {use.channel_id: use.population_rate for use in maya.channels}
    assert rates["MOBILE"] == 1.0
    assert report.value_tiers == 6
    # Maya's card dispute is open: service first, no offers. David gets the education saver
    # (the catalogue here has no pension to meet his retirement gap).
    assert report.opportunities == 1
    offers = await list_opportunities_of(engine, customer_ids=["C-0000001", "C-0000002"])
    assert offers["C-0000001"] == []
    [edu] = offers["C-0000002"]
    # No model trained here: need 0.9 x value 0.8 x a neutral propensity's 2/3, and David
    # (a salaried father, not affluent) is in the everyday segment, whose bundle it is: x 1.15.
    assert (edu.id, edu.product_id, edu.need_kind, edu.score) == (
        "O-C-0000002-P-EDU", "P-EDU", "CHILD_EDUCATION", 0.552,
    )  # fmt: skip
    assert "household bundle" in edu.script[-1]
    assert edu.script[3] == (
        "Daughter Ada, 14, no education plan: our Junior Education Saver is made for this."
    )
    profiles = await get_profiles(engine, customer_ids=people)
    tiers = {id_: p.value_tier for id_, p in profiles.items()}
    assert tiers["C-0000001"] == "MASS"  # 3,250 in assets; a mortgage is not wealth
    assert set(tiers.values()) <= {"MASS", "MASS_AFFLUENT", "AFFLUENT", "PRIVATE"}


async def test_scoring_again_replaces_rather_than_adds(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    first = await score_all(engine, DAY)
    again = await score_all(engine, DAY)
    assert again == first
    needs = await list_needs_of(engine, customer_ids=["C-0000001"])
    assert len(needs["C-0000001"]) == 4


async def test_an_offer_no_longer_made_is_withdrawn_and_made_again_opens_again(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    await score_all(engine, DAY)
    [edu] = (await list_opportunities_of(engine, customer_ids=["C-0000002"]))["C-0000002"]
    # David opens an education saver (naming no one: it covers his children), so his need
    # is met: the next run withdraws the offer instead of leaving it on the officer's screen.
    await upsert_accounts(engine, [account("A-EDU-DAVID", "P-EDU", 10_000, updated_at=5)])
    await add_account_holders(
        engine, [{"accountId": "A-EDU-DAVID", "customerId": "C-0000002", "role": "PRIMARY"}]
    )
    met = await score_all(engine, DAY)
    assert met.opportunities_withdrawn == 1
    assert (await list_opportunities_of(engine, customer_ids=["C-0000002"]))["C-0000002"] == []
    # He closes it: the need is back, and so is the same offer, open again.
    closed = {**account("A-EDU-DAVID", "P-EDU", 0, updated_at=6), "status": "CLOSED"}
    await upsert_accounts(engine, [closed])
    back = await score_all(engine, DAY)
    assert back.opportunities_withdrawn == 0
    [again] = (await list_opportunities_of(engine, customer_ids=["C-0000002"]))["C-0000002"]
    assert (again.id, again.status) == (edu.id, "OPEN")
