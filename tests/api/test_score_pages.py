"""Scoring a page at a time: pages of any size leave the same graph; tier and channel."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.jobs import scoring
from api.jobs.scoring import ScoreSettings, score_all
from graph.engines.embedded import EmbeddedEngine
from graph.insights import write_customer_scores
from tests.loaders.bank_files import copy_examples, load_dir

DAY = ScoreSettings(date(2026, 11, 23))
# Everything a score run writes about a customer (test-only read; no parameters).
DERIVED = """
MATCH (c:Customer)
RETURN c.id AS id, c.valueTier AS tier, c.preferredChannel AS channel,
       [(c)-[:HAS_NEED]->(n:Need) | [n.id, n.kind, n.score, n.subjectId]] AS needs,
       [(c)-[:HAS_OPPORTUNITY]->(o:Opportunity) | [o.id, o.score, o.status, o.needKind]]
         AS offers,
       [(c)-[:HAS_ALERT]->(a:Alert) | [a.id, a.severity, a.status, a.agentId]] AS alerts
ORDER BY id
"""


async def derived(engine: EmbeddedEngine) -> list[dict[str, Any]]:
    """Each customer's derived facts, lists sorted so that order of writing does not count."""
    rows = await engine.read(DERIVED)
    return [{k: sorted(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows]


async def test_pages_of_two_leave_the_graph_one_page_leaves(
    engine: EmbeddedEngine, other_engine: EmbeddedEngine, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await load_dir(engine, copy_examples(tmp_path / "one"))
    await load_dir(other_engine, copy_examples(tmp_path / "three"))
    whole = await score_all(engine, DAY)
    monkeypatch.setattr(scoring, "PAGE", 2)  # the example bank's six customers: three pages
    paged = await score_all(other_engine, DAY)
    assert paged == whole
    assert (whole.customers, whole.attrition_alerts) == (6, 1)
    assert await derived(other_engine) == await derived(engine)
    assert any(row["offers"] for row in await derived(engine))  # the comparison has content


async def test_tier_and_channel_are_written_together_and_a_null_keeps_what_is_stored(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    read = "MATCH (c:Customer {id: $id}) RETURN c.valueTier AS tier, c.preferredChannel AS channel"
    maya = {"id": "C-0000001"}
    await write_customer_scores(engine, [
        {"customerId": "C-0000001", "tier": "MASS", "channel": "MOBILE"}])  # fmt: skip
    assert await engine.read(read, maya) == [{"tier": "MASS", "channel": "MOBILE"}]
    await write_customer_scores(engine, [
        {"customerId": "C-0000001", "tier": "AFFLUENT", "channel": None}])  # fmt: skip
    assert await engine.read(read, maya) == [{"tier": "AFFLUENT", "channel": "MOBILE"}]
    await write_customer_scores(engine, [
        {"customerId": "C-0000001", "tier": "AFFLUENT", "channel": "BRANCH"}])  # fmt: skip
    assert await engine.read(read, maya) == [{"tier": "AFFLUENT", "channel": "BRANCH"}]
