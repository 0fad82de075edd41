"""Scoring reads a page ahead: the graph it leaves is the one of reading page after page."""

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.jobs import scoring
from api.jobs.score_pages import read_ahead
from api.jobs.scoring import ScoreSettings, score_all
from graph.engines.embedded import EmbeddedEngine
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


async def test_pages_of_two_read_ahead_leave_the_graph_one_page_leaves(
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


async def test_a_run_that_fails_on_a_page_stops_reading_ahead(
    engine: EmbeddedEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    monkeypatch.setattr(scoring, "PAGE", 2)
    scored: list[list[str]] = []

    async def failing(_: object, facts: Any, *__: object) -> None:
        scored.append(facts.ids)
        raise RuntimeError("the second page's derivation failed")

    monkeypatch.setattr(scoring, "_score_page", failing)
    with pytest.raises(RuntimeError, match="second page"):
        await score_all(engine, DAY)
    assert scored == [["C-0000001", "C-0000002"]]
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    assert [t for t in others if "read_page" in repr(t.get_coro())] == []


async def test_reading_ahead_yields_every_page_in_order(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, copy_examples(tmp_path))
    ids = [f"C-000000{n}" for n in range(1, 7)] + ["C-NOBODY"]
    pages = [facts async for facts in read_ahead(engine, ids, 3)]
    assert [facts.ids for facts in pages] == [ids[:3], ids[3:6], ["C-NOBODY"]]
    assert set(pages[0].profiles) == set(ids[:3])
    assert pages[2].profiles == {}
    assert [facts async for facts in read_ahead(engine, [], 3)] == []
