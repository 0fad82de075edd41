"""Households, products, accounts and joint holders on the real engine."""

from graph.accounts import (
    add_account_holders,
    list_catalogue,
    list_holdings,
    upsert_accounts,
    upsert_products,
)
from graph.engines.embedded import EmbeddedEngine
from graph.households import add_household_members, get_household, upsert_households
from graph.records import Customer, Household, Money
from tests.graph.people import add_customers

PEOPLE = [Customer(id=f"C-{i}", full_name=f"Person {i}", updated_at=1) for i in (1, 2)]
PRODUCTS = [
    {"id": "P-CURRENT", "name": "Everyday Current Account", "category": "CURRENT", "updatedAt": 1},
    {"id": "P-MORTGAGE", "name": "Home Mortgage", "category": "MORTGAGE", "updatedAt": 1},
]


def account(
    account_id: str, product_id: str, balance: int, updated_at: int = 1
) -> dict[str, object]:
    """An account row as the loaders write it."""
    return {
        "id": account_id, "productId": product_id, "status": "OPEN", "openedOn": "2020-01-01",
        "balanceMinor": balance, "monthlyFlowMinor": 0, "currency": "GBP",
        "updatedAt": updated_at,
    }  # fmt: skip


async def test_joint_accounts_show_role_balance_and_co_holders(engine: EmbeddedEngine) -> None:
    await add_customers(engine, PEOPLE)
    await upsert_products(engine, PRODUCTS)
    await upsert_accounts(
        engine, [account("A-1", "P-CURRENT", 1_250_075), account("A-2", "P-MORTGAGE", -18_000_000)]
    )
    await add_account_holders(
        engine,
        [
            {"accountId": "A-1", "customerId": "C-1", "role": "PRIMARY"},
            {"accountId": "A-2", "customerId": "C-1", "role": "PRIMARY"},
            {"accountId": "A-2", "customerId": "C-2", "role": "JOINT"},
        ],
    )
    first = await list_holdings(engine, customer_id="C-1")
    second = await list_holdings(engine, customer_id="C-2")
    assert [(h.account_id, h.role, h.balance, h.co_holder_ids) for h in first] == [
        ("A-1", "PRIMARY", Money(1_250_075, "GBP"), ()),
        ("A-2", "PRIMARY", Money(-18_000_000, "GBP"), ("C-2",)),
    ]
    assert [(h.account_id, h.role, h.product_name, h.co_holder_ids) for h in second] == [
        ("A-2", "JOINT", "Home Mortgage", ("C-1",))
    ]


async def test_an_older_account_row_does_not_overwrite_a_newer_one(engine: EmbeddedEngine) -> None:
    await upsert_products(engine, PRODUCTS)
    await upsert_accounts(engine, [account("A-1", "P-CURRENT", 500, updated_at=20)])
    await upsert_accounts(engine, [account("A-1", "P-CURRENT", 100, updated_at=10)])
    rows = await engine.read("MATCH (a:Account {id: 'A-1'}) RETURN a.balanceMinor AS balance")
    assert rows == [{"balance": 500}]


async def test_an_account_moved_to_another_product_keeps_one_product_link(
    engine: EmbeddedEngine,
) -> None:
    await upsert_products(engine, PRODUCTS)
    await upsert_accounts(engine, [account("A-1", "P-CURRENT", 500, updated_at=10)])
    await upsert_accounts(engine, [account("A-1", "P-CURRENT", 600, updated_at=20)])
    await upsert_accounts(engine, [account("A-1", "P-MORTGAGE", 700, updated_at=30)])
    links = "MATCH (:Account {id: 'A-1'})-[:OF_PRODUCT]->(p:Product) RETURN p.id AS product"
    assert await engine.read(links) == [{"product": "P-MORTGAGE"}]


async def test_a_household_lists_its_members_with_roles(engine: EmbeddedEngine) -> None:
    await add_customers(engine, PEOPLE)
    for _ in range(2):
        await upsert_households(
            engine, [{"id": "H-1", "name": "Okafor household", "city": "Leeds", "updatedAt": 1}]
        )
        await add_household_members(
            engine,
            [
                {"householdId": "H-1", "customerId": "C-1", "role": "HEAD"},
                {"householdId": "H-1", "customerId": "C-2", "role": "MEMBER"},
            ],
        )
    expected = Household("H-1", "Okafor household", (("C-1", "HEAD"), ("C-2", "MEMBER")))
    assert await get_household(engine, household_id="H-1") == expected
    assert await get_household(engine, household_id="H-404") is None


async def test_the_catalogue_by_category_puts_the_most_opened_variant_first(
    engine: EmbeddedEngine,
) -> None:
    cards = [
        {"id": f"P-CARD-{tier}", "name": f"{tier.title()} Card", "category": "CARD", "updatedAt": 1}
        for tier in ("BLUE", "GOLD", "PLAT")
    ]
    await upsert_products(engine, [*PRODUCTS, *cards])
    opened = ["P-CARD-GOLD", "P-CARD-GOLD", "P-CARD-PLAT", "P-MORTGAGE"]
    await upsert_accounts(engine, [account(f"A-{n}", p, 0) for n, p in enumerate(opened)])
    catalogue = await list_catalogue(engine, most_opened_first=True)
    by_id = await list_catalogue(engine)
    assert [p for p, _ in by_id["CARD"]] == ["P-CARD-BLUE", "P-CARD-GOLD", "P-CARD-PLAT"]
    assert [p for p, _ in catalogue["CARD"]] == ["P-CARD-GOLD", "P-CARD-PLAT", "P-CARD-BLUE"]
    assert catalogue["CURRENT"] == [("P-CURRENT", "Everyday Current Account")]  # none opened
