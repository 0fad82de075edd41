"""Fixture banks written from the contracts in another bank's style: they load and group whole."""

from datetime import date
from pathlib import Path

import pytest

from api.jobs.households import derive_all
from graph.accounts import list_holdings
from graph.customers import get_profiles, list_families
from graph.engines import GraphEngine
from graph.engines.embedded import EmbeddedEngine
from loaders.pipeline import load_files, plan
from recommenders.facts import words_of
from recommenders.names import addressed_as
from recommenders.needs import needs_of, said
from tests.fixtures.banks import bank_files, expected
from tests.fixtures.banks.irish_bank import write as write_irish_bank
from tests.loaders.bank_formats import convert_bank, csv_rows

DERIVED = """
MATCH (c:Customer)-[:MEMBER_OF]->(h:Household)
WHERE h.derived = true
RETURN h.id AS id, h.name AS name, collect(c.id) AS members
"""


async def derived_households(engine: GraphEngine) -> dict[str, tuple[str, frozenset[str]]]:
    """Each derived household's name and members, by id."""
    rows = await engine.read(DERIVED)
    return {row["id"]: (row["name"], frozenset(row["members"])) for row in rows}


@pytest.mark.parametrize("file_format", ["csv", "jsonl", "parquet"])
async def test_a_bank_with_every_optional_cell_empty_loads_whole(
    engine: EmbeddedEngine, file_format: str, tmp_path: Path
) -> None:
    files = bank_files("empty_optionals")
    if file_format != "csv":
        files = convert_bank(files[0].parent, tmp_path, file_format)
    report = await load_files(engine, plan(files))
    rows = {p.stem: len(csv_rows(p)[1]) for p in bank_files("empty_optionals")}
    assert {f.source.kind: (f.read, f.written, f.rejected) for f in report.files} == {
        kind: (count, count, 0) for kind, count in rows.items()
    }
    # The dependants of rows once refused: a card with no flow, and its holder and usage.
    card = [h for h in await list_holdings(engine, customer_id="CIF86391643")
            if h.product_id == "PRD:CRD:PLAT"]  # fmt: skip
    assert [(h.account_id, h.monthly_flow) for h in card] == [("IE64BCNC93115287654321", None)]
    steps = "MATCH (:CaseStep)-[r]->(:Interaction {id: 'EV-000000901'}) RETURN count(r) AS n"
    assert await engine.read(steps) == [{"n": 1}]


@pytest.mark.parametrize("bank", ["addresses", "minor_no_address"])
async def test_derived_households_are_the_ones_the_bank_planted(
    engine: EmbeddedEngine, bank: str
) -> None:
    await load_files(engine, plan(bank_files(bank)))
    truth = expected(bank)
    await derive_all(engine, on=date.fromisoformat(truth["on"]))
    found = {members for _, members in (await derived_households(engine)).values()}
    assert found == {frozenset(h) for h in truth["households"]}


async def test_names_are_given_names_or_full_names_whole_never_a_first_word(
    engine: EmbeddedEngine,
) -> None:
    await load_files(engine, plan(bank_files("names")))
    truth = expected("names")
    on = date.fromisoformat(truth["on"])
    await derive_all(engine, on=on)
    profiles = await get_profiles(engine, customer_ids=list(truth["addressed_as"]))
    assert {i: addressed_as(p) for i, p in profiles.items()} == truth["addressed_as"]
    names = {i: name for i, (name, _) in (await derived_households(engine)).items()}
    assert names == truth["households"]
    families = await list_families(engine, customer_ids=list(truth["evidence"]))
    for customer_id, evidence in truth["evidence"].items():
        needs = needs_of(profiles[customer_id], families[customer_id], {}, on)
        said_lines = [said(words_of(line), None) for n in needs if n.kind == "CHILD_EDUCATION"
                      for line in n.evidence]  # fmt: skip
        assert said_lines == evidence


def pairs_of(groups: list[list[str]]) -> set[frozenset[str]]:
    """Every unordered pair of people who share a group."""
    return {frozenset((a, b)) for group in groups for a in group for b in group if a < b}


async def test_households_of_a_bank_typed_its_own_way_are_found(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    write_irish_bank(tmp_path, families=150, seed=3)
    hidden = {"households.csv", "household_members.csv"}
    files = [p for p in sorted(tmp_path.glob("*.csv")) if p.name not in hidden]  # noqa: ASYNC240
    await load_files(engine, plan(files))
    await derive_all(engine, on=date(2026, 10, 31))
    found = pairs_of([sorted(m) for _, m in (await derived_households(engine)).values()])
    homes: dict[str, list[str]] = {}
    for row in csv_rows(tmp_path / "household_members.csv")[1]:
        homes.setdefault(row["householdId"], []).append(row["customerId"])
    truth = pairs_of(list(homes.values()))
    assert len(truth) > 300
    assert len(found & truth) / len(found) >= 0.97  # precision
    assert len(found & truth) / len(truth) >= 0.95  # recall
