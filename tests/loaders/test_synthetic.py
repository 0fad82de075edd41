"""The synthetic bank: deterministic, valid for the loaders, and true to what it plants."""

import hashlib
import statistics
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from loaders.contracts import KINDS
from loaders.formats import read_chunks
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank
from loaders.validation import validate
from tests.loaders.bank_files import bank_paths, read_csv

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bank of 3,000 customers, written once for the module."""
    folder = tmp_path_factory.mktemp("bank")
    write_bank(folder, customers=3_000, seed=11)
    return folder


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.csv")}


def test_a_seed_always_writes_the_same_bank(tmp_path: Path) -> None:
    first = write_bank(tmp_path / "a", customers=300, seed=3)
    write_bank(tmp_path / "b", customers=300, seed=3)
    write_bank(tmp_path / "c", customers=300, seed=4)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    assert first["customers"] == 300
    assert set(first) == set(KINDS)


def test_every_format_carries_the_same_rows(tmp_path: Path) -> None:
    for file_format in ("csv", "jsonl", "parquet"):
        write_bank(tmp_path / file_format, customers=120, seed=5, file_format=file_format)

    def rows(file_format: str) -> dict[str, list[dict[str, object]]]:
        """Every validated row per kind (row numbers differ: CSV counts its header)."""
        sources = plan(sorted((tmp_path / file_format).glob(f"*.{file_format}")))
        return {
            s.kind: [r for chunk in read_chunks(s, 500) for _, r in validate(s.model, chunk).rows]
            for s in sources
        }

    assert rows("jsonl") == rows("csv") == rows("parquet")


async def test_the_loaders_take_every_row(engine: EmbeddedEngine, tmp_path: Path) -> None:
    counts = write_bank(tmp_path, customers=400, seed=2)
    report = await load_files(engine, plan(bank_paths(tmp_path)))
    assert report.rejected == 0
    assert {f.source.kind: f.written for f in report.files} == counts
    customers = await engine.read("MATCH (c:Customer) RETURN count(c) AS n")
    assert customers == [{"n": 400}]


def test_households_hold_couples_children_elderly_parents_and_siblings(bank: Path) -> None:
    ties = Counter(row["tie"] for row in read_csv(bank / "family.csv"))
    assert ties["SPOUSE"] > 300
    assert ties["PARENT"] > 1_000
    assert ties["SIBLING"] > 100
    people = {row["id"]: row for row in read_csv(bank / "customers.csv")}
    home = {
        row["customerId"]: row["householdId"] for row in read_csv(bank / "household_members.csv")
    }
    elderly_elsewhere = [
        row for row in read_csv(bank / "family.csv")
        if row["tie"] == "PARENT" and age(people[row["fromId"]]) >= 65
        and age(people[row["toId"]]) >= 35 and home[row["fromId"]] != home[row["toId"]]
    ]  # fmt: skip
    assert len(elderly_elsewhere) > 100
    ages = [age(p) for p in people.values()]
    assert min(ages) < 5
    assert max(ages) > 85
    assert {p["schooling"] for p in people.values()} >= {"PRIMARY", "SECONDARY", "UNIVERSITY"}


def test_spouses_share_joint_accounts(bank: Path) -> None:
    spouses = {
        frozenset((r["fromId"], r["toId"]))
        for r in read_csv(bank / "family.csv")
        if r["tie"] == "SPOUSE"
    }
    holders = defaultdict(set)
    for row in read_csv(bank / "account_holders.csv"):
        holders[row["accountId"]].add(row["customerId"])
    joint = [frozenset(h) for h in holders.values() if len(h) == 2]
    assert sum(pair in spouses for pair in joint) > 200


def test_a_household_shares_one_address_no_other_household_has(bank: Path) -> None:
    people = read_csv(bank / "customers.csv")
    assert all(p["address"].endswith(f", {p['city']}") for p in people)
    address = {p["id"]: p["address"] for p in people}
    homes: defaultdict[str, set[str]] = defaultdict(set)
    for row in read_csv(bank / "household_members.csv"):
        homes[row["householdId"]].add(address[row["customerId"]])
    assert all(len(held) == 1 for held in homes.values())
    assert len({held.pop() for held in homes.values()}) == len(homes)


def test_contacts_follow_the_week_the_year_and_the_outage(bank: Path) -> None:
    contacts = read_csv(bank / "interactions.csv")
    assert 15 <= len(contacts) / 3_000 <= 25
    assert {row["channelId"] for row in contacts} == {
        "BRANCH",
        "BRANCH_TABLET",
        "ATM",
        "KIOSK",
        "MOBILE",
        "WEB",
        "CONTACT_CENTER",
    }
    branch_days = Counter(day(row).weekday() for row in contacts if row["channelId"] == "BRANCH")
    assert branch_days[6] * 5 < branch_days[0]  # branches barely open on Sunday
    months = Counter(row["at"][5:7] for row in contacts)
    assert months["12"] > months["08"] * 1.3
    outage = [row for row in contacts if "2026-02-09" <= row["at"][:10] <= "2026-02-15"]
    week_before = [row for row in contacts if "2026-02-02" <= row["at"][:10] <= "2026-02-08"]
    inbound_mobile = [
        r for r in outage if r["channelId"] == "MOBILE" and r["direction"] == "INBOUND"
    ]
    assert not inbound_mobile
    assert calls(outage) > 1.5 * calls(week_before)


def test_surveys_score_poor_service_lower(bank: Path) -> None:
    outcome = {row["id"]: row["outcome"] for row in read_csv(bank / "interactions.csv")}
    scores = defaultdict(list)
    for row in read_csv(bank / "feedback.csv"):
        if row["kind"] == "CSAT" and row["interactionId"]:
            scores[outcome[row["interactionId"]] == "RESOLVED"].append(int(row["score"]))
    assert statistics.mean(scores[True]) > statistics.mean(scores[False]) + 1.5


def test_card_spending_drops_after_planted_attrition_only(bank: Path) -> None:
    spend: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for row in read_csv(bank / "usage.csv"):
        if row["service"] == "CARD_SPEND":
            spend[row["accountId"]][row["month"]] = int(row["count"])
    planted = read_csv(bank / "truth" / "attrition_cases.csv")
    attrition = [r for r in planted if r["attrition"] == "true"]
    control = [r for r in planted if r["attrition"] == "false"]
    assert len(attrition) >= 5
    assert len(control) >= 5
    for case in attrition:
        series = spend[case["accountId"]]
        before = [n for m, n in series.items() if m < case["openedAt"][:7]]
        after = [n for m, n in series.items() if m >= case["spendDropFrom"]]
        assert statistics.mean(after) < 0.5 * statistics.mean(before or after)
    kept = [
        statistics.mean(spend[c["accountId"]][m] for m in ("2026-08", "2026-09", "2026-10"))
        / statistics.mean(spend[c["accountId"]][m] for m in ("2025-11", "2026-01", "2026-02"))
        for c in control
    ]
    assert statistics.median(kept) > 0.8


def test_planted_truth_is_consistent_with_the_bank(bank: Path) -> None:
    people = {row["id"]: row for row in read_csv(bank / "customers.csv")}
    product_of = {row["id"]: row["productId"] for row in read_csv(bank / "accounts.csv")}
    held = defaultdict(set)
    for row in read_csv(bank / "account_holders.csv"):
        held[row["customerId"]].add(product_of[row["accountId"]])
    adoptions = read_csv(bank / "truth" / "next_products.csv")
    assert len(adoptions) > 50
    assert all(row["productId"] not in held[row["customerId"]] for row in adoptions)
    situations = defaultdict(list)
    for row in read_csv(bank / "truth" / "life_situations.csv"):
        situations[row["situation"]].append(row)
    for row in situations["CHILD_ENTERING_SECONDARY_SCHOOL"]:
        assert age(people[row["subjectId"]]) in (10, 11)
        assert ("P-EDU" in held[row["subjectId"]]) == (row["covered"] == "true")
    assert {r["covered"] for r in situations["CHILD_ENTERING_SECONDARY_SCHOOL"]} == {
        "true",
        "false",
    }
    for row in situations["PARENT_OVER_70_WITHOUT_COVER"]:
        assert age(people[row["subjectId"]]) > 70
        assert "P-MEDICAL" not in held[row["subjectId"]]
    assert len(situations["EARLY_LOAN_REPAYMENT"]) > 5
    assert len(situations["PARENT_OVER_70_WITHOUT_COVER"]) > 20


def age(person: dict[str, str]) -> int:
    born = date.fromisoformat(person["birthDate"])
    return 2026 - born.year - ((born.month, born.day) > (10, 31))


def day(row: dict[str, str]) -> date:
    return date.fromisoformat(row["at"][:10])


def calls(rows: Rows) -> int:
    return sum(row["channelId"] == "CONTACT_CENTER" for row in rows)
