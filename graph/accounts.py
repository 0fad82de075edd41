"""Products of the catalogue, accounts, and who holds them (primary or joint)."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engine import GraphEngine
from graph.records import Account, Holding, Money, Product

UPSERT_PRODUCTS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
SET p.name = row.name, p.category = row.category
RETURN count(p) AS written
"""


async def upsert_products(engine: GraphEngine, products: Sequence[Product]) -> int:
    """Create or update catalogue products by id."""
    rows = [{"id": p.id, "name": p.name, "category": p.category} for p in products]
    return await engine.write_batches(UPSERT_PRODUCTS, rows)


# Money is integer minor units beside its ISO 4217 currency: never floats.
OPEN_ACCOUNTS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (p:Product {id: row.productId})
MERGE (a:Account {id: row.id})
SET a.balanceMinor = row.balanceMinor, a.currency = row.currency, a.status = row.status
MERGE (a)-[:OF_PRODUCT]->(p)
WITH a, row
UNWIND row.holders AS holder
MATCH (c:Customer {id: holder.customerId})
MERGE (c)-[h:HOLDS]->(a)
SET h.role = holder.role
RETURN count(h) AS holders
"""


async def upsert_accounts(engine: GraphEngine, accounts: Sequence[Account]) -> int:
    """Create or update accounts with their product and holders."""
    rows = [
        {
            "id": account.id,
            "productId": account.product_id,
            "balanceMinor": account.balance.minor_units,
            "currency": account.balance.currency,
            "status": account.status,
            "holders": [{"customerId": cid, "role": role} for cid, role in account.holders],
        }
        for account in accounts
    ]
    return await engine.write_batches(OPEN_ACCOUNTS, rows)


LIST_HOLDINGS: Final[LiteralString] = """
MATCH (c:Customer {id: $id})-[h:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product)
RETURN a.id AS accountId, p.id AS productId, p.name AS productName, h.role AS role,
       a.balanceMinor AS balanceMinor, a.currency AS currency, a.status AS status,
       [(o:Customer)-[:HOLDS]->(a) WHERE o.id <> $id | o.id] AS coHolderIds
ORDER BY accountId
"""


async def list_holdings(engine: GraphEngine, *, customer_id: str) -> list[Holding]:
    """Return the accounts a customer holds, with role, balance and co-holders."""
    rows = await engine.read(LIST_HOLDINGS, {"id": customer_id})
    return [
        Holding(
            account_id=row["accountId"],
            product_id=row["productId"],
            product_name=row["productName"],
            role=row["role"],
            balance=Money(row["balanceMinor"], row["currency"]),
            status=row["status"],
            co_holder_ids=tuple(sorted(row["coHolderIds"])),
        )
        for row in rows
    ]
