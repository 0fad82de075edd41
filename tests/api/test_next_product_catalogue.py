"""A catalogue of 2,000 products survives `kith train` and `kith evaluate` whole."""

import csv
import json
import random
from pathlib import Path

import pytest

from tests.api.test_cli import data_dir, kith

__all__ = ["data_dir"]  # the fixture, used by name

PRODUCTS = 2_000
CUSTOMERS = 120
STAMP = "2026-01-05T09:00:00Z"
CATEGORIES = ("CARD", "SAVINGS", "INVESTMENT", "MORTGAGE", "PERSONAL_LOAN", "TRAVEL_INSURANCE")


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _bank(folder: Path) -> Path:
    """Products in six categories (a card in many tiers, savings by term...); each customer
    holds a dozen products of one 'taste' (a block of 100) and takes one more of it next."""
    rng = random.Random(5)  # noqa: S311 - test data, not secrets
    folder.mkdir()
    products = [f"P-{n:04d}" for n in range(PRODUCTS)]
    _write(folder / "products.csv", ["id", "name", "category", "updatedAt"], [
        [p, f"Variant {n}", CATEGORIES[n % len(CATEGORIES)], STAMP] for n, p in enumerate(products)
    ])  # fmt: skip
    customers, accounts, holders, truth = [], [], [], []
    for c in range(CUSTOMERS):
        customer = f"C-{c:07d}"
        customers.append([customer, f"Customer {c}", "1980-01-01", "F", "", "", "Leeds", "",
                          "", "", "", "1", "300000", "GBP", "true", "true", "", STAMP])  # fmt: skip
        taste = rng.sample(range(100 * (c % 20), 100 * (c % 20) + 100), 13)
        for n, p in enumerate(taste[:12]):
            account = f"A-{c:05d}-{n:02d}"
            accounts.append([account, products[p], "OPEN", f"20{10 + n}-03-01", "", "0", "0",
                             "GBP", STAMP])  # fmt: skip
            holders.append([account, customer, "PRIMARY"])
        truth.append([customer, products[taste[12]]])
    truth += [["C-9999999", products[0]], [customers[0][0], "P-NOPE"],
              [customers[0][0], accounts[0][1]]]  # fmt: skip
    header = "id,fullName,birthDate,gender,email,phone,city,address,hometown,occupation,"
    header += "schooling,tripsAbroadPerYear,monthlyIncomeMinor,currency,marketingConsent,"
    header += "profilingConsent,portfolioId,updatedAt"
    _write(folder / "customers.csv", header.split(","), customers)
    _write(folder / "accounts.csv", ["id", "productId", "status", "openedOn", "openedAt",
           "balanceMinor", "monthlyFlowMinor", "currency", "updatedAt"], accounts)  # fmt: skip
    _write(folder / "account_holders.csv", ["accountId", "customerId", "role"], holders)
    (folder / "truth").mkdir()
    _write(folder / "truth" / "next_products.csv", ["customerId", "productId"], truth)
    return folder


# About 100 s on 2 busy cores (six 2,000 x 2,000 inversions for EASE, the same for the
# graph model's resolvent filter, three kith processes): slow, run with `-m slow`.
@pytest.mark.slow
def test_two_thousand_products_are_trained_and_ranked_and_left_out_rows_are_counted(
    data_dir: str, tmp_path: Path
) -> None:
    bank = _bank(tmp_path / "bank")
    env = {"KITH_DATA_DIR": data_dir}
    assert kith("engine", "start", **env).returncode == 0
    files = [str(bank / f"{k}.csv") for k in ("products", "customers", "accounts",
                                              "account_holders")]  # fmt: skip
    loaded = kith("load", *files, **env)
    assert loaded.returncode == 0, loaded.stderr
    trained = kith("train", "--epochs", "2", **env)
    assert trained.returncode == 0, trained.stderr
    assert f"all {PRODUCTS:,} products (none left out)" in trained.stdout
    meta = sorted(Path(data_dir, "models", "next_product").glob("*/meta.json"))[-1]
    assert len(json.loads(meta.read_text())["product_ids"]) == PRODUCTS
    judged = kith("evaluate", "--truth", str(bank / "truth"), "--epochs", "2", **env)
    assert judged.returncode == 0, judged.stderr
    assert f"{CUSTOMERS:,} customers, {PRODUCTS:,} products ranked" in judged.stdout
    assert "1 of customers not in the graph" in judged.stdout
    assert "1 of products not in the catalogue" in judged.stdout
    assert "1 of products the customer already holds" in judged.stdout
    # Each customer's next product is of the block they hold: ItemKNN finds it near the top.
    knn = next(line for line in judged.stdout.splitlines() if "ItemKNN" in line)
    assert float(knn.split("│")[2].split()[0]) > 0.1  # HR@10 over 2,000 products
