"""`kith households` on the example bank with newcomers the bank has not placed, and the
derived household as the API serves it."""

from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from api.jobs.households import HouseholdReport, derive_all
from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.erasure import erase_customer
from graph.households import get_household
from graph.records import Household
from loaders.contracts import KINDS
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank
from tests.api.served import graphql, serve
from tests.loaders.bank_files import (
    bank_graph,
    bank_paths,
    copy_examples,
    load_dir,
    read_csv,
    snapshot,
)

STAMP = "2026-02-01T10:00:00Z"
# Lena and her brother Omar share a flat (the address written two ways) and an account;
# Omar's wife Ines lives in Cardiff; their mother Rosa lives in Bath. None has a household.
NEWCOMERS = {
    "customers": [
        "C-0000007,Lena Fischer,Lena,Fischer,"
        f'1990-04-02,F,,,Bristol,"7 Mill Lane, Bristol BS1 4DJ",{"," * 3}'
        f"0,0,GBP,false,false,,{STAMP}",
        "C-0000008,Omar Fischer,Omar,Fischer,"
        f'1987-09-12,M,,,Bristol,"7 MILL LANE,  Bristol BS1 4DJ",{"," * 3}'
        f"0,0,GBP,false,false,,{STAMP}",
        f'C-0000009,Ines Costa,Ines,Costa,1986-01-30,F,,,Cardiff,"22 Oak Road, Cardiff",{"," * 3}'
        f"0,0,GBP,false,false,,{STAMP}",
        f'C-0000010,Rosa Fischer,,,1958-06-01,F,,,Bath,"1 Abbey Green, Bath",{"," * 3}'
        f"0,0,GBP,false,false,,{STAMP}",
    ],
    "family": [
        "C-0000007,C-0000008,SIBLING", "C-0000008,C-0000009,SPOUSE", "C-0000010,C-0000007,PARENT",
    ],
    "accounts": [f"A-0000007,P-CURRENT,OPEN,2024-01-01,,1000,0,GBP,{STAMP}"],
    "account_holders": ["A-0000007,C-0000007,PRIMARY", "A-0000007,C-0000008,JOINT"],
}  # fmt: skip
EVIDENCE = (
    "C-0000007 and C-0000008: joint account A-0000007, same address",
    "C-0000007 and C-0000008: siblings, same address",
    "C-0000008 and C-0000009: spouses",
)


def with_rows(folder: Path, rows: dict[str, list[str]]) -> Path:
    """Append CSV lines to the bank's files, kind by kind; return the folder."""
    for kind, lines in rows.items():
        with (folder / f"{kind}.csv").open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
    return folder


def placing(household_id: str, *customer_ids: str) -> dict[str, list[str]]:
    """The bank's rows putting these customers in a household of its own."""
    return {
        "households": [f"{household_id},Placed household,Bristol,{STAMP}"],
        "household_members": [f"{household_id},{c},MEMBER" for c in customer_ids],
    }


async def test_newcomers_are_placed_and_a_rerun_changes_nothing(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, with_rows(copy_examples(tmp_path), NEWCOMERS))
    report = await derive_all(engine)
    # Rosa's tie to Lena crosses addresses: she stays alone. The Okafors stay in H-000001.
    assert report == HouseholdReport(customers=10, written=1, placed=3, removed=0, loaded=3)
    assert await get_household(engine, household_id="HD-C-0000007") == Household(
        "HD-C-0000007", "Costa household",
        (("C-0000007", "MEMBER"), ("C-0000008", "MEMBER"), ("C-0000009", "HEAD")),
        derived=True, evidence=EVIDENCE,
    )  # fmt: skip
    okafors = await get_household(engine, household_id="H-000001")
    assert okafors is not None
    assert (okafors.derived, okafors.evidence, len(okafors.members)) == (False, (), 4)
    first = await snapshot(engine)
    assert await derive_all(engine) == report
    assert await snapshot(engine) == first


async def test_a_derived_household_goes_when_the_bank_places_its_people(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    folder = with_rows(copy_examples(tmp_path / "bank"), NEWCOMERS)
    await load_dir(engine, folder)
    await derive_all(engine)
    # The bank places Lena: Omar and Ines remain, a household named by its smallest id now.
    await load_dir(engine, with_rows(folder, placing("H-000004", "C-0000007")))
    report = await derive_all(engine)
    assert (report.written, report.placed, report.removed, report.loaded) == (1, 2, 1, 4)
    assert await get_household(engine, household_id="HD-C-0000007") is None
    moved = await get_household(engine, household_id="HD-C-0000008")
    assert moved is not None
    assert moved.members == (("C-0000008", "MEMBER"), ("C-0000009", "HEAD"))
    assert moved.evidence == ("C-0000008 and C-0000009: spouses",)
    lena = "MATCH (:Customer {id: 'C-0000007'})-[:MEMBER_OF]->(h) RETURN h.id AS id"
    assert await engine.read(lena) == [{"id": "H-000004"}]
    # Then the bank places Ines too: Omar alone is no household.
    await load_dir(engine, with_rows(folder, placing("H-000005", "C-0000009")))
    report = await derive_all(engine)
    assert (report.written, report.placed, report.removed, report.loaded) == (0, 0, 1, 5)
    derived = "MATCH (h:Household) WHERE h.derived = true RETURN count(h) AS n"
    assert await engine.read(derived) == [{"n": 0}]


async def test_erasing_a_member_removes_the_derived_household_that_names_them(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    await load_dir(engine, with_rows(copy_examples(tmp_path), NEWCOMERS))
    await derive_all(engine)
    assert await erase_customer(engine, customer_id="C-0000009", at_ms=1) is not None
    assert await get_household(engine, household_id="HD-C-0000007") is None
    # The next derivation finds the siblings again, without her.
    assert (await derive_all(engine)).placed == 2
    found = await get_household(engine, household_id="HD-C-0000007")
    assert found is not None
    assert "C-0000009" not in repr(found)
    assert found.name == "Fischer household"


async def test_the_rule_finds_the_synthetic_banks_households_when_none_is_loaded(
    engine: EmbeddedEngine, tmp_path: Path
) -> None:
    write_bank(tmp_path, customers=400, seed=2)
    unplaced = [kind for kind in KINDS if not kind.startswith("household")]
    await load_files(engine, plan(bank_paths(tmp_path, *unplaced)))
    report = await derive_all(engine)
    planted: defaultdict[str, set[str]] = defaultdict(set)
    for row in read_csv(tmp_path / "household_members.csv"):
        planted[row["householdId"]].add(row["customerId"])
    # Couples and families share an address; elderly parents and siblings live elsewhere.
    expected = {frozenset(people) for people in planted.values() if len(people) > 1}
    assert len(expected) > 50
    found = await engine.read(
        "MATCH (c:Customer)-[:MEMBER_OF]->(h:Household) RETURN h.id AS id, collect(c.id) AS ids"
    )
    assert {frozenset(row["ids"]) for row in found} == expected
    assert (report.written, report.placed) == (len(expected), sum(map(len, expected)))


@pytest.fixture(scope="module")
async def derived_graph(
    engine_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[GraphSettings]:
    """The example bank with the newcomers, households derived; yields its settings."""
    bank = with_rows(copy_examples(tmp_path_factory.mktemp("bank")), NEWCOMERS)
    async with bank_graph(engine_dir, bank, prefix="hh") as (settings, engine):
        await derive_all(engine)
        yield settings


@pytest.fixture(scope="module")
def derived_api(derived_graph: GraphSettings) -> Iterator[str]:
    """The app over the derived graph; yields its URL."""
    with serve(derived_graph) as base:
        yield base


HOUSEHOLD = """
query ($id: ID!) { household(id: $id) {
  id name derived evidence members { role customer { id household { id } } }
} }
"""


def test_a_derived_household_is_served_with_its_evidence(derived_api: str) -> None:
    found = graphql(derived_api, HOUSEHOLD, id="HD-C-0000007")["household"]
    assert (found["name"], found["derived"], found["evidence"]) == (
        "Costa household", True, list(EVIDENCE),
    )  # fmt: skip
    assert [(m["role"], m["customer"]["id"]) for m in found["members"]] == [
        ("HEAD", "C-0000009"), ("MEMBER", "C-0000007"), ("MEMBER", "C-0000008"),
    ]  # fmt: skip
    assert {m["customer"]["household"]["id"] for m in found["members"]} == {"HD-C-0000007"}
    loaded = graphql(derived_api, HOUSEHOLD, id="H-000001")["household"]
    assert (loaded["derived"], loaded["evidence"]) == (False, [])
