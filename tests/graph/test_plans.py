"""Every statement starts from its anchor: the embedded engine's plans hold no scan of a whole
label (or of every node) except the whole-bank reads and writes named below, and why."""

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Final

import pytest

from graph.alerts import CLOSE_ALERTS
from graph.engines.embedded import EmbeddedEngine
from graph.opportunities import LIST_OPPORTUNITIES_OF, write_opportunities
from tests.graph.cypher_catalog import Statement, read_statements, write_statements
from tests.loaders.bank_files import bank_graph, copy_examples

SCAN: Final = re.compile(r"(Node By Label Scan|All Node Scan)[^\n]*")

# Reads that are meant to visit a whole label: batch jobs, worklists and bank-wide figures.
WHOLE_LABEL: Final[dict[str, str]] = {
    # The product catalogue and the saved segments: tens of nodes, read whole by design.
    "graph.accounts.LIST_CATALOGUE": "the catalogue",
    "graph.segments.LIST_SEGMENTS": "every saved segment",
    # Staff, not customers: every agent with a skill (their open alerts: by index).
    "graph.alerts.SKILLED_AGENTS": "every agent",
    # Worklists over the whole bank, sorted before paging; their filters are optional.
    "graph.alerts.LIST_ALERT_QUEUE": "the alert queue",
    "graph.alerts.COUNT_ALERT_QUEUE": "the alert queue",
    "graph.cases.LIST_CASE_QUEUE": "the case queue",
    "graph.cases.COUNT_CASE_QUEUE": "the case queue",
    # Once, when the alert watch starts: where the newest alert is.
    "graph.alerts.LATEST_ALERT": "the watch's starting mark",
    # Batch jobs (kith score, kith households): every customer, household, offer, dispute.
    "graph.customers.LIST_ALL_CUSTOMER_IDS": "batch: every customer",
    "graph.households.LIST_DERIVED_HOUSEHOLD_IDS": "batch: every derived household",
    "graph.households.COUNT_LOADED_HOUSEHOLDS": "batch: households loaded",
    "graph.opportunities.COUNT_ANSWERS": "batch: answers per product, bank-wide",
    "graph.accounts.LIST_CATALOGUE_BY_ACCOUNTS": "batch: accounts opened per product",
    "graph.cases.LIST_DISPUTING_CUSTOMERS": "batch: every card dispute",
    "graph.usage.SAMPLE_USAGE": "batch: a sample of card spending for the seasonal index",
    # Selections and segment figures: every customer matching optional criteria.
    "graph.selection.LIST_CUSTOMERS": "a selection of the bank",
    "graph.selection.LIST_CUSTOMERS_BY_ID": "a selection of the bank",
    "graph.selection.COUNT_CUSTOMERS": "a selection of the bank",
    "graph.segments.SEGMENT_AGGREGATES": "a segment's figures",
    # Before a bulk import: is there any node at all (stops at the first).
    "graph.engines.embedded_bulk.ANY_NODE": "the first node of an empty graph",
}

# A realistic value for every parameter a read takes, from the example bank. The planner
# reads them: a null id is planned as a scan, a real one from the index (measured).
SAMPLES: Final[dict[str, Any]] = {
    "id": "C-0000001", "ids": ["C-0000001", "C-0000002"], "from": "C-0000001",
    "to": "C-0000002", "afterId": "C-0000001", "among": ["C-0000001"], "portfolio": "PF-001",
    "skip": 0, "limit": 20, "depth": 2, "types": ["SPOUSE_OF", "MEMBER_OF", "HOLDS"],
    "status": "OPEN", "agentId": "AG-0001", "skill": "BILLING", "storedAt": 1_780_000_000_000,
    "stage": "OPEN", "category": "CARD_DISPUTE", "openOnly": True,
    "since": 1_780_000_000_000, "until": 1_790_000_000_000, "repeatWindowMs": 604_800_000,
    "city": "Leeds", "valueTier": "HIGH", "bornAfter": "1970-01-01",
    "bornOnOrBefore": "1990-12-31", "contactAfter": 1_780_000_000_000,
    "contactBefore": 1_790_000_000_000, "marketingConsent": True,
    "preferredChannel": "MOBILE_APP", "holds": ["P-CARD"], "lacks": ["P-SAVER"],
    "openCase": True, "need": "MORTGAGE", "year": 1986, "text": "Okafor", "service": "CARD_SPEND",
}  # fmt: skip
READS: Final = [s for s in read_statements() if s.dialect != "neo4j"]

# Writes that visit a whole label by design.
WHOLE_LABEL_WRITES: Final[dict[str, str]] = {
    "graph.case_work.ASSIGN_CASE": "staff: the least loaded agent with the case's skill",
    "graph.channels.WRITE_CHANNEL_RESPONSE_RATES": "batch: every channel (a handful)",
}
WRITES: Final = [s for s in write_statements() if s.dialect != "neo4j"]
# A write's rows (`$rows`, or one `$event`) name their fields as row.x or event.x: each
# gets the sample above, or a non-null value of its kind (the planner tells only null apart).
ROW_LISTS: Final = {"needs", "script", "products", "scores", "memberIds", "keep", "months",
                    "skills", "kept"}  # fmt: skip


@pytest.fixture(scope="module")
async def bank(
    engine_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[EmbeddedEngine]:
    """The example bank with its schema, and a few scored offers (the label the scan hit)."""
    async with bank_graph(engine_dir, copy_examples(tmp_path_factory.mktemp("plans"))) as graph:
        engine = graph[1]
        await write_opportunities(engine, [_offer(n) for n in range(1, 7)])
        yield engine


def _offer(n: int) -> dict[str, Any]:
    return {
        "id": f"O-{n}", "customerId": f"C-000000{n}", "productId": "P-SAVER", "score": 0.5,
        "needKind": "SAVINGS", "script": ["Ask about their savings goal."], "scoredAt": 1,
    }  # fmt: skip


async def scans(
    engine: EmbeddedEngine, text: str, params: dict[str, Any] | None = None
) -> list[str]:
    """The whole-label and all-node scans in a statement's plan for the sample values."""
    if params is None:
        names = set(re.findall(r"\$(\w+)", text))
        missing = names - SAMPLES.keys()
        assert not missing, f"give SAMPLES a realistic value for {sorted(missing)}"
        params = {name: SAMPLES[name] for name in names}
    plan = await engine.explain(text, params)
    return [match.group(0).strip() for match in SCAN.finditer(plan)]


def _write_params(text: str) -> dict[str, Any]:
    """Sample values for a write: its rows' fields and its own parameters."""

    def sample(name: str) -> Any:
        return SAMPLES.get(name, ["X-1"] if name in ROW_LISTS else "X-1")

    row = {field: sample(field) for field in re.findall(r"(?:row|event)\.(\w+)", text)}
    rows = {"rows": [row], "event": row}
    return {name: rows.get(name, sample(name)) for name in re.findall(r"\$(\w+)", text)}


def test_the_catalog_finds_the_reads() -> None:
    where = {s.where.split("[")[0] for s in READS}
    assert {"graph.opportunities.LIST_OPPORTUNITIES_OF", "graph.customers.GET_PROFILES"} <= where
    assert "graph.selection.LIST_CUSTOMERS" in where  # a dict of statements: every value
    assert not any("UPSERT" in w for w in where)
    assert set(WHOLE_LABEL) <= where, "an allowed read that is no longer sent: drop it"


async def test_every_read_starts_from_its_anchor(bank: EmbeddedEngine) -> None:
    found = {}
    for statement in READS:
        if _root(statement) not in WHOLE_LABEL and (scanned := await scans(bank, statement.text)):
            found[statement.where] = scanned
    assert found == {}


def test_the_catalog_finds_the_writes() -> None:
    where = {s.where.split("[")[0] for s in WRITES}
    assert {"graph.alerts.CLOSE_ALERTS", "graph.insights.WRITE_CUSTOMER_SCORES"} <= where
    assert set(WHOLE_LABEL_WRITES) <= where, "an allowed write that is no longer sent: drop it"


async def test_every_write_starts_from_its_anchor(bank: EmbeddedEngine) -> None:
    found = {}
    for statement in WRITES:
        if _root(statement) in WHOLE_LABEL_WRITES:
            continue
        if scanned := await scans(bank, statement.text, _write_params(statement.text)):
            found[statement.where] = scanned
    assert found == {}


async def test_a_filter_naming_parameters_beside_the_anchor_is_caught(
    bank: EmbeddedEngine,
) -> None:
    """Closing alerts as it was: the filter in the MATCH made FalkorDB scan every alert."""
    as_was = CLOSE_ALERTS.replace("->(a:Alert)\nWITH a WHERE", "->(a:Alert)\nWHERE")
    assert as_was != CLOSE_ALERTS
    assert await scans(bank, as_was, _write_params(as_was)) == [
        "Node By Label Scan | (a:Alert)"
    ]  # fmt: skip
    assert await scans(bank, CLOSE_ALERTS, _write_params(CLOSE_ALERTS)) == []


async def test_a_label_on_the_far_node_is_caught(bank: EmbeddedEngine) -> None:
    """The offer read as it was: FalkorDB planned it as a scan of every offer."""
    labelled = LIST_OPPORTUNITIES_OF.replace("->(o)", "->(o:Opportunity)")
    assert labelled != LIST_OPPORTUNITIES_OF
    assert await scans(bank, labelled) == ["Node By Label Scan | (o:Opportunity)"]
    assert await scans(bank, LIST_OPPORTUNITIES_OF) == []


async def test_a_null_anchor_is_planned_as_a_scan(bank: EmbeddedEngine) -> None:
    """Why SAMPLES holds real values: the planner reads the parameters it is given."""
    text = "MATCH (c:Customer {id: $id}) RETURN c.fullName AS name"
    assert await bank.explain(text, {"id": None}) != await bank.explain(text, {"id": "C-0000001"})
    assert await scans(bank, text) == []


def _root(statement: Statement) -> str:
    return statement.where.split("[")[0]
