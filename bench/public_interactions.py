"""A public interaction data set as a bank's files, for `kith load` and `kith evaluate`.

MovieLens 100K (943 users, 1,682 films, 100,000 ratings with timestamps; GroupLens, for
research use) as the RecBole package ships it inside its wheel (`recbole/dataset_example/
ml-100k/`): nothing is downloaded at run time. Get the wheel once with
`pip download recbole==1.2.1 --no-deps -d DIR` and pass it (or the unpacked folder).

Mapping: users are customers (age -> birth date, gender, occupation, the zip code as
city); films are products (the title as the name, the first genre's category among eleven,
never CURRENT); each rating of 4 or 5
is an account opened at the rating's moment (`openedOn` its UTC day, `openedAt` the
moment). Each user's latest such account by Kith's order (moment, then the account id's
CRC-32) is kept back as `truth/next_products.csv` for users with at least three; the rest
is loaded. Run:

  .venv/bin/python -m bench.public_interactions --source recbole-1.2.1-py3-none-any.whl \\
      --out DIR
  KITH_DATA_DIR=D kith engine start; KITH_DATA_DIR=D kith load DIR/*.csv
  KITH_DATA_DIR=D kith evaluate --truth DIR/truth --markdown table.md
"""

import argparse
import csv
import io
import zipfile
import zlib
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

PREFIX: Final = "recbole/dataset_example/ml-100k/ml-100k"
POSITIVE: Final = 4.0  # ratings of 4 and 5 are adoptions
STAMP: Final = "2026-01-05T09:00:00Z"
CATEGORIES: Final = (
    "SAVINGS", "EDUCATION_SAVINGS", "CARD", "MORTGAGE", "PERSONAL_LOAN", "HIRE_PURCHASE",
    "LIFE_INSURANCE", "MEDICAL_INSURANCE", "TRAVEL_INSURANCE", "INVESTMENT", "PENSION",
)  # fmt: skip
YEAR: Final = 1998  # the data's last year: ages become birth dates as of then


def _table(source: Path, suffix: str) -> list[dict[str, str]]:
    """One of the data set's tab-separated files, columns named without their types."""
    if source.is_file():
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read(f"{PREFIX}.{suffix}").decode("latin-1")
    else:
        text = (source / f"ml-100k.{suffix}").read_text(encoding="latin-1")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    names = [column.split(":")[0] for column in rows[0]]
    return [dict(zip(names, row, strict=True)) for row in rows[1:]]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _products(source: Path) -> list[list[str]]:
    rows = []
    for item in _table(source, "item"):
        genres = item.get("class", "").split()
        category = (
            CATEGORIES[zlib.crc32(genres[0].encode()) % len(CATEGORIES)] if genres else "SAVINGS"
        )
        name = (item["movie_title"] or f"Film {item['item_id']}")[:80]
        rows.append([f"P-{item['item_id']}", name, category, STAMP])
    return rows


def _customers(source: Path) -> list[list[str]]:
    return [
        [f"C-{u['user_id']}", f"User {u['user_id']}", f"{YEAR - int(u['age'])}-07-01",
         "F" if u["gender"] == "F" else "M", "", "", f"ZIP {u['zip_code']}", "", "",
         u["occupation"][:80], "",
         "0", "0", "GBP", "false", "true", "", STAMP]
        for u in _table(source, "user")
    ]  # fmt: skip


def convert(source: Path, out: Path) -> dict[str, int]:
    """Write the bank files and the truth under `out`; return the counts."""
    out.mkdir(parents=True, exist_ok=True)
    adopted: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for r in _table(source, "inter"):
        if float(r["rating"]) >= POSITIVE:
            account = f"A-{r['user_id']}-{r['item_id']}"
            moment = int(float(r["timestamp"])) * 1000
            adopted[r["user_id"]].append((moment, zlib.crc32(account.encode()), account,
                                          f"P-{r['item_id']}"))  # fmt: skip
    accounts, holders, truth = [], [], []
    for user, events in adopted.items():
        events.sort()
        if len(events) >= 3:
            truth.append([f"C-{user}", events[-1][3]])
            events = events[:-1]
        for moment, _, account, product in events:
            when = datetime.fromtimestamp(moment / 1000, UTC)
            opened = (when.date().isoformat(), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
            accounts.append([account, product, "OPEN", *opened, "0", "0", "GBP", STAMP])
            holders.append([account, f"C-{user}", "PRIMARY"])
    customers = _customers(source)
    _write(out / "products.csv", ["id", "name", "category", "updatedAt"], _products(source))
    header = "id,fullName,birthDate,gender,email,phone,city,address,hometown,occupation,"
    header += "schooling,tripsAbroadPerYear,monthlyIncomeMinor,currency,marketingConsent,"
    header += "profilingConsent,portfolioId,updatedAt"
    _write(out / "customers.csv", header.split(","), customers)
    _write(out / "accounts.csv", ["id", "productId", "status", "openedOn", "openedAt",
           "balanceMinor", "monthlyFlowMinor", "currency", "updatedAt"], accounts)  # fmt: skip
    _write(out / "account_holders.csv", ["accountId", "customerId", "role"], holders)
    (out / "truth").mkdir(exist_ok=True)
    _write(out / "truth" / "next_products.csv", ["customerId", "productId"], truth)
    return {"customers": len(customers), "accounts": len(accounts), "truth": len(truth)}


def main() -> None:
    """Convert, print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="the RecBole wheel or folder")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(convert(args.source, args.out))


if __name__ == "__main__":
    main()
