"""Loading the example bank: what lands, what repeats, and that every format agrees."""

from datetime import datetime
from pathlib import Path

import pytest

from graph.accounts import list_holdings
from graph.customers import get_customer, list_family
from graph.engagement import get_engagement
from graph.engines.embedded import EmbeddedEngine
from graph.records import ChannelUse
from loaders.pipeline import load_files, plan
from tests.loaders.bank_files import (
    bank_paths,
    copy_examples,
    load_dir,
    read_csv,
    snapshot,
    write_csv,
)


def epoch_ms(moment: str) -> int:
    """Epoch milliseconds of an ISO 8601 time, as the loaders store it."""
    return int(datetime.fromisoformat(moment).timestamp() * 1000)


COUNTS = """
MATCH (n) WITH labels(n)[0] AS label, count(n) AS nodes RETURN label, nodes ORDER BY label
"""


async def test_every_kind_of_the_example_bank_lands(engine: EmbeddedEngine, tmp_path: Path) -> None:
    report = await load_dir(engine, copy_examples(tmp_path))
    assert [(f.source.kind, f.read, f.written, f.rejected) for f in report.files] == [
        (kind, len(rows), len(rows), 0)
        for kind, rows in ((f.source.kind, read_csv(f.source.path)) for f in report.files)
    ]
    assert len(report.files) == 15
    counts = {row["label"]: row["nodes"] for row in await engine.read(COUNTS)}
    assert counts == {
        "Account": 5, "Agent": 3, "Case": 2, "CaseStep": 5, "Channel": 7, "Customer": 6,
        "Feedback": 3, "Household": 3, "Incident": 1, "Interaction": 9, "Product": 6, "Usage": 3,
    }  # fmt: skip


async def test_the_loaded_graph_answers_like_the_bank(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    maya = await get_customer(engine, customer_id="C-0000001")
    assert maya is not None
    assert maya.full_name == "Maya Okafor"
    ada = {m.customer_id: m.relation for m in await list_family(engine, customer_id="C-0000003")}
    assert ada == {"C-0000001": "mother", "C-0000002": "father", "C-0000004": "brother"}
    joint = [h for h in await list_holdings(engine, customer_id="C-0000002")]
    assert {(h.product_id, h.role, h.co_holder_ids) for h in joint} == {
        ("P-CURRENT", "JOINT", ("C-0000001",)),
        ("P-MORTGAGE", "JOINT", ("C-0000001",)),
    }
    cases = await engine.read(
        "MATCH (k:Case) RETURN k.id AS id, k.stage AS stage, k.resolvedAt AS resolvedAt ORDER BY id"
    )
    assert cases == [
        {"id": "K-0000001", "stage": "AWAITING_CUSTOMER", "resolvedAt": None},
        {"id": "K-0000002", "stage": "RESOLVED", "resolvedAt": epoch_ms("2026-09-19T16:50:00Z")},
    ]


async def test_engagement_statistics_follow_the_events(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    maya = await get_engagement(engine, customer_id="C-0000001")
    assert maya is not None
    assert maya.contact_count == 6
    assert (maya.resolved_count, maya.unresolved_count) == (2, 1)
    assert (maya.turnaround_minutes_total, maya.turnaround_count) == (7, 2)
    assert dict(maya.contacts_by_intent) == {"BILLING": 1, "CARDS": 1, "LOANS": 0, "COMPLAINT": 1}
    assert maya.last_contact_at == epoch_ms("2026-08-03T20:40:00Z")
    assert [(u.channel_id, u.contacts, u.outbound, u.responded) for u in maya.channels] == [
        ("CONTACT_CENTER", 3, 0, 0),
        ("MOBILE", 2, 1, 1),
        ("WEB", 1, 1, 0),
    ]
    assert (maya.nps_count, maya.nps_sum, maya.nps_detractors) == (1, 3, 1)
    tom = await get_engagement(engine, customer_id="C-0000006")
    assert tom is not None
    assert (tom.nps_promoters, tom.turnaround_minutes_total) == (1, 4335)
    assert tom.channels == (
        ChannelUse("CONTACT_CENTER", 2, 0, 0, epoch_ms("2026-09-19T16:45:00Z")),
    )


async def test_usage_is_kept_as_one_series_per_account_and_service(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    rows = await engine.read(
        "MATCH (:Account {id: 'A-0000003'})-[:HAS_USAGE]->(u:Usage) RETURN properties(u) AS u"
    )
    series = rows[0]["u"]
    assert series["service"] == "CARD_SPEND"
    assert [series[f"count_2026_0{m}"] for m in range(4, 9)] == [42, 45, 38, 12, 6]
    assert series["amount_2026_08"] == 7000


async def test_loading_the_same_files_twice_leaves_the_same_graph(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    await load_dir(engine, folder)
    first = await snapshot(engine)
    await load_dir(engine, folder)
    assert await snapshot(engine) == first


@pytest.mark.parametrize("file_format", ["jsonl", "parquet"])
async def test_every_format_loads_the_same_graph(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path, file_format: str
) -> None:
    await load_dir(engine, copy_examples(tmp_path / "csv"))
    await load_dir(other_engine, copy_examples(tmp_path / file_format, file_format))
    assert await snapshot(other_engine) == await snapshot(engine)


async def test_a_newer_record_wins_and_an_older_one_is_ignored(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    await load_dir(engine, folder)
    rows = read_csv(folder / "customers.csv")
    newer = {**rows[0], "city": "York", "updatedAt": "2026-03-01T10:00:00Z"}
    older = {**rows[0], "city": "Hull", "updatedAt": "2026-01-01T10:00:00Z"}
    for row in (newer, older):
        write_csv(folder / "customers.csv", [row])
        await load_dir(engine, folder, "customers")
    maya = await get_customer(engine, customer_id="C-0000001")
    assert maya is not None
    assert maya.city == "York"


async def test_an_interaction_repeated_in_one_file_is_linked_once(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = copy_examples(tmp_path)
    rows = read_csv(folder / "interactions.csv")
    write_csv(folder / "interactions.csv", [*rows, rows[0], rows[0]])
    await load_files(engine, plan(bank_paths(folder)))  # one chunk: the repeats meet in it
    links = await engine.read(
        "MATCH (i:Interaction {id: $id})-[r]-() "
        "RETURN type(r) AS type, count(r) AS n ORDER BY type",
        {"id": rows[0]["id"]},
    )
    assert links == [
        {"type": "ABOUT", "n": 1}, {"type": "HAD", "n": 1}, {"type": "ON_ACCOUNT", "n": 1},
        {"type": "VIA", "n": 1},
    ]  # fmt: skip
