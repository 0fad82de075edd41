"""Products of the catalogue, accounts, and who holds them (primary or joint)."""

from collections.abc import Sequence
from typing import Final, LiteralString

from graph.engines.protocol import GraphEngine, Params, Row
from graph.records import Holding, Money

UPSERT_PRODUCTS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
WITH p, row
WHERE p.updatedAt IS NULL OR p.updatedAt < row.updatedAt
SET p.name = row.name, p.category = row.category, p.updatedAt = row.updatedAt
RETURN count(p) AS written
"""


async def upsert_products(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update catalogue products (id, name, category, updatedAt)."""
    return await engine.write_batches(UPSERT_PRODUCTS, rows)


# Money is integer minor units beside its ISO 4217 currency: never floats.
# The product link is read from the account's side (one edge) and replaced when it
# changes: MERGE would look through every account of the product, a hub.
UPSERT_ACCOUNTS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (p:Product {id: row.productId})
MERGE (a:Account {id: row.id})
WITH a, p, row
WHERE a.updatedAt IS NULL OR a.updatedAt < row.updatedAt
SET a.status = row.status, a.openedOn = row.openedOn, a.openedAt = row.openedAt,
    a.balanceMinor = row.balanceMinor,
    a.monthlyFlowMinor = row.monthlyFlowMinor, a.currency = row.currency,
    a.updatedAt = row.updatedAt
WITH a, p
OPTIONAL MATCH (a)-[old:OF_PRODUCT]->(q:Product)
WITH a, p, collect(old) AS stale, collect(q.id) AS held
FOREACH (r IN CASE WHEN p.id IN held THEN [] ELSE stale END | DELETE r)
FOREACH (_ IN CASE WHEN p.id IN held THEN [] ELSE [1] END | CREATE (a)-[:OF_PRODUCT]->(p))
RETURN count(a) AS written
"""


async def upsert_accounts(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update accounts and link each to its product; a newer row wins."""
    return await engine.write_batches(UPSERT_ACCOUNTS, rows)


ADD_HOLDERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (a:Account {id: row.accountId})
MATCH (c:Customer {id: row.customerId})
MERGE (c)-[h:HOLDS]->(a)
SET h.role = row.role
RETURN count(h) AS linked
"""


async def add_account_holders(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Record who holds which account (accountId, customerId, role PRIMARY | JOINT)."""
    return await engine.write_batches(ADD_HOLDERS, rows)


ADD_COVERS: Final[LiteralString] = """
UNWIND $rows AS row
MATCH (a:Account {id: row.accountId})
MATCH (c:Customer {id: row.customerId})
MERGE (a)-[v:COVERS]->(c)
RETURN count(v) AS linked
"""


async def add_covers(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Record whom an account covers (accountId, customerId), whoever holds it."""
    return await engine.write_batches(ADD_COVERS, rows)


# The categories of the accounts not closed that cover each person: those naming them
# (COVERS), whoever holds them, and those they hold that name no one (a policy without
# covered persons covers its holders).
LIST_COVER_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
OPTIONAL MATCH (named:Account)-[:COVERS]->(c)
WHERE named.status <> 'CLOSED'
OPTIONAL MATCH (named)-[:OF_PRODUCT]->(p:Product)
WITH id, c, collect(DISTINCT p.category) AS covered
OPTIONAL MATCH (c)-[:HOLDS]->(own:Account)-[:OF_PRODUCT]->(q:Product)
WHERE own.status <> 'CLOSED' AND NOT (own)-[:COVERS]->(:Customer)
RETURN id AS of, covered, collect(DISTINCT q.category) AS held
"""


async def list_cover_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, frozenset[str]]:
    """The product categories that cover each of these people, whoever holds them."""
    rows = await engine.read(LIST_COVER_OF, {"ids": list(customer_ids)})
    cover = {id_: frozenset[str]() for id_ in customer_ids}
    for row in rows:
        cover[row["of"]] = frozenset(row["covered"]) | frozenset(row["held"])
    return cover


async def list_holdings(engine: GraphEngine, *, customer_id: str) -> list[Holding]:
    """Return the accounts a customer holds, with role, balance and co-holders."""
    return (await list_holdings_of(engine, customer_ids=[customer_id]))[customer_id]


LIST_HOLDINGS_OF: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[h:HOLDS]->(a:Account)-[:OF_PRODUCT]->(p:Product)
RETURN id AS of, a.id AS accountId, p.id AS productId, p.name AS productName,
       p.category AS category, h.role AS role, a.balanceMinor AS balanceMinor,
       a.monthlyFlowMinor AS monthlyFlowMinor, a.currency AS currency, a.status AS status,
       a.openedOn AS openedOn,
       [(o:Customer)-[:HOLDS]->(a) WHERE o.id <> id | o.id] AS coHolderIds
ORDER BY of, accountId
"""


async def list_holdings_of(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[Holding]]:
    """Return each customer's accounts, with product, role, balance, flow and co-holders."""
    rows = await engine.read(LIST_HOLDINGS_OF, {"ids": list(customer_ids)})
    holdings: dict[str, list[Holding]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        holdings.setdefault(row["of"], []).append(_holding(row))
    return holdings


def _holding(row: Row) -> Holding:
    flow = row.get("monthlyFlowMinor")
    return Holding(
        account_id=row["accountId"],
        product_id=row["productId"],
        product_name=row["productName"],
        role=row["role"],
        balance=Money(row["balanceMinor"], row["currency"]),
        status=row["status"],
        co_holder_ids=tuple(sorted(row["coHolderIds"])),
        category=row.get("category") or "",
        monthly_flow=Money(flow, row["currency"]) if flow is not None else None,
        opened_on=row.get("openedOn"),
    )


LIST_CATALOGUE: Final[LiteralString] = """
MATCH (p:Product)
RETURN p.id AS id, p.name AS name, p.category AS category
ORDER BY id
"""


async def list_products(engine: GraphEngine) -> list[tuple[str, str, str]]:
    """Every product of the catalogue: (id, name, category), by id."""
    return [
        (str(row["id"]), str(row["name"]), str(row["category"]))
        for row in await engine.read(LIST_CATALOGUE)
    ]


# Products by how many accounts were opened on each: a need is offered the variant the model
# ranks best for the customer, else the one the bank's customers open most.
LIST_CATALOGUE_BY_ACCOUNTS: Final[LiteralString] = """
MATCH (p:Product)
OPTIONAL MATCH (p)<-[:OF_PRODUCT]-(a:Account)
WITH p, count(a) AS accounts
RETURN p.id AS id, p.name AS name, p.category AS category, accounts
ORDER BY accounts DESC, id
"""


async def list_catalogue(
    engine: GraphEngine, *, most_opened_first: bool = False
) -> dict[str, list[tuple[str, str]]]:
    """Every product by category, as (id, name): by id, or the most opened first (ties by
    id; a count over every account, for batch runs, not for a request)."""
    rows = (
        await engine.read(LIST_CATALOGUE_BY_ACCOUNTS)
        if most_opened_first
        else await engine.read(LIST_CATALOGUE)
    )  # each read named: the plan test finds statements by their `.read(NAME)` calls
    found: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        found.setdefault(str(row["category"]), []).append((str(row["id"]), str(row["name"])))
    return found
