"""Alerts as the scoring job reads and writes them: agents' loads, closing what no longer
holds."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from graph.alerts import acknowledge_alert, agent_alert_loads, close_alerts, raise_alerts
from graph.engines.embedded import EmbeddedEngine
from tests.loaders.bank_files import bank_graph, copy_examples


@pytest.fixture
async def bank(engine_dir: Path, tmp_path: Path) -> AsyncIterator[EmbeddedEngine]:
    """The example bank: AG-0001 and AG-0003 handle billing, AG-0002 does not."""
    async with bank_graph(engine_dir, copy_examples(tmp_path / "bank"), "alerts") as graph:
        yield graph[1]


def _alert(id_: str, customer: str, agent: str, kind: str = "ATTRITION_RISK") -> dict[str, Any]:
    return {
        "id": id_, "customerId": customer, "kind": kind, "severity": 3, "reason": "test",
        "raisedAt": 1_790_000_000_000, "agentId": agent,
    }  # fmt: skip


async def test_loads_count_open_alerts_of_the_skilled_agents_least_loaded_first(
    bank: EmbeddedEngine,
) -> None:
    await raise_alerts(bank, [
        _alert("AL-1", "C-0000001", "AG-0001"), _alert("AL-2", "C-0000002", "AG-0001"),
        _alert("AL-3", "C-0000003", "AG-0003"), _alert("AL-4", "C-0000004", "AG-0003"),
        _alert("AL-5", "C-0000001", "AG-0002"),  # not a billing agent: not listed
    ])  # fmt: skip
    assert await acknowledge_alert(bank, alert_id="AL-4", agent_id="AG-0003", at=1)
    loads = await agent_alert_loads(bank, skill="BILLING")
    assert list(loads.items()) == [("AG-0003", 1), ("AG-0001", 2)]  # acknowledged: not open
    # Closed as no longer holding: AL-1 closes, the kept AL-2 and another kind stay open.
    await raise_alerts(bank, [_alert("AL-6", "C-0000001", "AG-0001", kind="OTHER")])
    closed = await close_alerts(bank, kind="ATTRITION_RISK", customer_ids=["C-0000001",
                                "C-0000002"], kept=["AL-2"], at=2, as_of="2026-10-31")  # fmt: skip
    assert closed == 2  # AL-1 and AG-0002's AL-5, both about C-0000001
    assert list((await agent_alert_loads(bank, skill="BILLING")).items()) == [
        ("AG-0003", 1), ("AG-0001", 2),  # AL-2 and AL-6
    ]  # fmt: skip
    assert await agent_alert_loads(bank, skill="NONE") == {}
