"""Households, products, accounts and joint holders on the real engine."""

from graph.accounts import list_holdings, upsert_accounts, upsert_products
from graph.customers import upsert_customers
from graph.embedded import EmbeddedEngine
from graph.households import get_household, upsert_households
from graph.records import Account, Customer, Household, Money, Product

PEOPLE = [Customer(id=f"C-{i}", full_name=f"Person {i}", updated_at=1) for i in (1, 2)]
CURRENT = Product(id="P-CURRENT", name="Everyday Current Account", category="DEPOSIT")
MORTGAGE = Product(id="P-MORTGAGE", name="Home Mortgage", category="LENDING")


async def test_joint_accounts_show_role_balance_and_co_holders(engine: EmbeddedEngine) -> None:
    await upsert_customers(engine, PEOPLE)
    await upsert_products(engine, [CURRENT, MORTGAGE])
    await upsert_accounts(
        engine,
        [
            Account("A-1", "P-CURRENT", Money(1_250_075, "GBP"), "OPEN", (("C-1", "PRIMARY"),)),
            Account("A-2", "P-MORTGAGE", Money(-18_000_000, "GBP"), "OPEN",
                    (("C-1", "PRIMARY"), ("C-2", "JOINT"))),
        ],
    )  # fmt: skip
    first = await list_holdings(engine, customer_id="C-1")
    second = await list_holdings(engine, customer_id="C-2")
    assert [(h.account_id, h.role, h.balance, h.co_holder_ids) for h in first] == [
        ("A-1", "PRIMARY", Money(1_250_075, "GBP"), ()),
        ("A-2", "PRIMARY", Money(-18_000_000, "GBP"), ("C-2",)),
    ]
    assert [(h.account_id, h.role, h.product_name, h.co_holder_ids) for h in second] == [
        ("A-2", "JOINT", "Home Mortgage", ("C-1",))
    ]


async def test_a_household_lists_its_members_with_roles(engine: EmbeddedEngine) -> None:
    await upsert_customers(engine, PEOPLE)
    house = Household("H-1", "Okafor household", (("C-1", "HEAD"), ("C-2", "MEMBER")))
    await upsert_households(engine, [house])
    await upsert_households(engine, [house])
    assert await get_household(engine, household_id="H-1") == house
    assert await get_household(engine, household_id="H-404") is None
