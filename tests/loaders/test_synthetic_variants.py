"""The synthetic bank's real catalogue: variants that fit the customer and run in families."""

import random
import statistics
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from loaders.pipeline import load_files, plan
from loaders.synthetic import write_bank
from tests.loaders.bank_files import bank_paths, read_csv

CATEGORIES = {
    "CURRENT", "SAVINGS", "EDUCATION_SAVINGS", "CARD", "MORTGAGE", "PERSONAL_LOAN",
    "HIRE_PURCHASE", "LIFE_INSURANCE", "MEDICAL_INSURANCE", "TRAVEL_INSURANCE", "INVESTMENT",
    "PENSION",
}  # fmt: skip
# The compact catalogue's products, as the tests and examples of the project name them.
COMPACT = {
    "P-CURRENT", "P-SAVER", "P-EDU", "P-CARD", "P-MORTGAGE", "P-LOAN", "P-CAR", "P-LIFE",
    "P-MEDICAL", "P-TRAVEL", "P-INVEST", "P-PENSION",
}  # fmt: skip
RANGES = ("Classic", "Online", "Green")  # the bank's ranges, the last word of a product's name


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bank of 1,000 customers with the variant catalogue, written once for the module."""
    folder = tmp_path_factory.mktemp("variants")
    write_bank(folder, customers=1_000, seed=13, catalogue="variants")
    return folder


def holdings(bank: Path) -> dict[str, dict[str, set[str]]]:
    """Customer -> category -> the products they hold alone (joint accounts left out)."""
    category = {row["id"]: row["category"] for row in read_csv(bank / "products.csv")}
    product = {row["id"]: row["productId"] for row in read_csv(bank / "accounts.csv")}
    holders = defaultdict(list)
    for row in read_csv(bank / "account_holders.csv"):
        holders[row["accountId"]].append(row["customerId"])
    held: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for account, people in holders.items():
        if len(people) == 1:
            held[people[0]][category[product[account]]].add(product[account])
    return held


async def test_the_variant_bank_loads_every_row(engine: EmbeddedEngine, tmp_path: Path) -> None:
    counts = write_bank(tmp_path, customers=500, seed=2, catalogue="variants")
    report = await load_files(engine, plan(bank_paths(tmp_path)))
    assert report.rejected == 0
    assert 150 <= counts["products"] <= 300
    products = await engine.read("MATCH (p:Product) RETURN count(p) AS n")
    assert products == [{"n": counts["products"]}]


def test_every_category_has_many_variants_with_distinct_names(bank: Path) -> None:
    products = read_csv(bank / "products.csv")
    per_category = defaultdict(list)
    for row in products:
        per_category[row["category"]].append(row["name"])
    assert set(per_category) == CATEGORIES
    assert min(len(names) for names in per_category.values()) >= 8
    assert len({row["name"] for row in products}) == len(products)
    assert not {row["id"] for row in products} & COMPACT


def test_accounts_and_truth_name_variants_of_the_catalogue(bank: Path) -> None:
    category = {row["id"]: row["category"] for row in read_csv(bank / "products.csv")}
    accounts = read_csv(bank / "accounts.csv")
    assert all(row["productId"] in category for row in accounts)
    assert len({row["productId"] for row in accounts}) > 150  # the tail is held too
    loan_enquiries = {r["productId"] for r in read_csv(bank / "interactions.csv") if r["productId"]}
    assert loan_enquiries <= set(category)
    truth = read_csv(bank / "truth" / "next_products.csv")
    assert len(truth) > 20
    assert all(category[row["productId"]] == row["category"] for row in truth)
    held = holdings(bank)
    assert all(row["productId"] not in held[row["customerId"]][row["category"]] for row in truth)


def test_spouses_converge_on_the_same_variants_but_not_always(bank: Path) -> None:
    held = holdings(bank)
    spouses = [
        (r["fromId"], r["toId"]) for r in read_csv(bank / "family.csv") if r["tie"] == "SPOUSE"
    ]
    rng = random.Random(5)  # noqa: S311 - strangers to compare with, not secrets
    strangers = [tuple(rng.sample(sorted(held), 2)) for _ in range(20 * len(spouses))]
    couples, others = same_variant(held, spouses), same_variant(held, strangers)
    assert couples > others + 0.15
    assert couples < 0.9


def same_variant(held: dict[str, dict[str, set[str]]], pairs: Sequence[tuple[str, ...]]) -> float:
    """Of the categories both people of a pair hold alone, the share where they hold the same."""
    shared = [
        bool(held[a][c] & held[b][c]) for a, b in pairs for c in held[a].keys() & held[b].keys()
    ]
    assert len(shared) > 100
    return statistics.mean(shared)


def test_a_relatives_recent_adoption_pulls_more_than_an_old_one(bank: Path) -> None:
    category = {row["id"]: row["category"] for row in read_csv(bank / "products.csv")}
    accounts = {row["id"]: row for row in read_csv(bank / "accounts.csv")}
    holders = defaultdict(list)
    for row in read_csv(bank / "account_holders.csv"):
        holders[row["accountId"]].append(row["customerId"])
    adopted = defaultdict(list)  # customer -> (category, product, day) of their own accounts
    for account, people in holders.items():
        if len(people) == 1:
            row = accounts[account]
            day = date.fromisoformat(row["openedOn"])
            adopted[people[0]].append((category[row["productId"]], row["productId"], day))
    kin = [(r["fromId"], r["toId"]) for r in read_csv(bank / "family.csv") if r["tie"] != "SPOUSE"]
    followed: dict[bool, list[bool]] = defaultdict(list)  # recent? -> same variant?
    for a, b in [*kin, *((b, a) for a, b in kin)]:
        for kind, mine, day in adopted[a]:
            for their_kind, theirs, their_day in adopted[b]:
                if their_kind == kind and their_day < day:  # the relative adopted it first
                    followed[(day - their_day).days <= 730].append(mine == theirs)
    assert len(followed[True]) > 30
    assert statistics.mean(followed[True]) > statistics.mean(followed[False]) + 0.07


def test_a_childs_plan_opens_in_the_range_the_parent_banks_in(bank: Path) -> None:
    name = {row["id"]: row["name"] for row in read_csv(bank / "products.csv")}
    product = {row["id"]: row["productId"] for row in read_csv(bank / "accounts.csv")}
    primary = {
        r["accountId"]: r["customerId"]
        for r in read_csv(bank / "account_holders.csv")
        if r["role"] == "PRIMARY"
    }
    banks_in = {  # a customer's range, from the current account they hold
        primary[a]: name[p].rsplit(" ", 1)[1] for a, p in product.items() if p.startswith("CUR-")
    }
    plans = [
        name[p].rsplit(" ", 1)[1] == banks_in[primary[a]]
        for a, p in product.items()
        if p.startswith("EDU-") and primary[a] in banks_in
    ]
    assert len(plans) > 50
    assert statistics.mean(plans) > 1 / len(RANGES) + 0.15


def test_frequent_travellers_take_air_miles_cards(bank: Path) -> None:
    trips = {
        row["id"]: int(row["tripsAbroadPerYear"] or 0) for row in read_csv(bank / "customers.csv")
    }
    name = {row["id"]: row["name"] for row in read_csv(bank / "products.csv")}
    miles: dict[bool, list[bool]] = defaultdict(list)
    for person, categories in holdings(bank).items():
        for card in categories.get("CARD", ()):
            miles[trips[person] >= 2].append("Air Miles" in name[card])
    assert statistics.mean(miles[True]) > statistics.mean(miles[False]) + 0.15


def test_the_catalogue_changes_products_only(tmp_path: Path) -> None:
    write_bank(tmp_path / "compact", customers=300, seed=4)
    write_bank(tmp_path / "variants", customers=300, seed=4, catalogue="variants")
    compact = {row["id"] for row in read_csv(tmp_path / "compact" / "products.csv")}
    assert compact == COMPACT
    for kind in ("customers", "family", "account_holders"):
        assert read_csv(tmp_path / "compact" / f"{kind}.csv") == read_csv(
            tmp_path / "variants" / f"{kind}.csv"
        )

    def categories(folder: Path) -> dict[str, str]:
        category = {row["id"]: row["category"] for row in read_csv(folder / "products.csv")}
        return {row["id"]: category[row["productId"]] for row in read_csv(folder / "accounts.csv")}

    assert categories(tmp_path / "compact") == categories(tmp_path / "variants")


def test_a_seed_always_writes_the_same_variant_bank(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        write_bank(tmp_path / folder, customers=200, seed=8, catalogue="variants")
    for kind in ("accounts", "truth/next_products"):
        assert (tmp_path / "a" / f"{kind}.csv").read_bytes() == (
            tmp_path / "b" / f"{kind}.csv"
        ).read_bytes()
