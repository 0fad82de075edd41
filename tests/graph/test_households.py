"""What deriving households reads and writes, on the real engine."""

from graph.accounts import add_account_holders, upsert_accounts, upsert_products
from graph.customers import customer_row, link_family, upsert_customers
from graph.engines.embedded import EmbeddedEngine
from graph.households import (
    add_household_members,
    delete_derived_households,
    get_household,
    list_derived_household_ids,
    list_residents,
    upsert_derived_households,
    upsert_households,
)
from graph.records import Customer, Household, Resident
from tests.graph.test_accounts import PRODUCTS, account

HOME = "14 Harrow Road, Leeds"


async def add_people(engine: EmbeddedEngine, *people: tuple[str, str | None]) -> None:
    """Customers (id, address) named Ann Okafor, born on the first of January 1980."""
    await upsert_customers(engine, [
        customer_row(Customer(id=i, full_name="Ann Okafor", birth_date="1980-01-01",
                              city="Leeds", updated_at=1)) | {"address": address}
        for i, address in people
    ])  # fmt: skip


async def test_residents_carry_address_loaded_household_ties_and_open_joint_accounts(
    engine: EmbeddedEngine,
) -> None:
    await add_people(engine, ("C-1", HOME), ("C-2", None), ("C-3", HOME), ("C-4", HOME))
    await link_family(engine, tie="SPOUSE", pairs=[("C-2", "C-1")])
    await link_family(engine, tie="PARENT", pairs=[("C-3", "C-1")])
    await upsert_products(engine, PRODUCTS)
    closed = account("A-2", "P-CURRENT", 0) | {"status": "CLOSED"}
    await upsert_accounts(engine, [account("A-1", "P-CURRENT", 100), closed])
    await add_account_holders(engine, [
        {"accountId": a, "customerId": c, "role": "PRIMARY" if c == "C-1" else "JOINT"}
        for a in ("A-1", "A-2") for c in ("C-1", "C-2")
    ])  # fmt: skip
    await upsert_households(engine, [{"id": "H-1", "name": "Ann", "city": "Leeds", "updatedAt": 1}])
    await add_household_members(
        engine, [{"householdId": "H-1", "customerId": "C-3", "role": "HEAD"}]
    )
    found = await list_residents(engine, customer_ids=["C-1", "C-2", "C-3", "C-4", "C-404"])
    # A tie is read once, from where it is stored (spouses: the smaller id; a parent), a
    # joint account from its holder of smaller id. C-4 has no tie and shares no account.
    assert sorted(found, key=lambda r: r.id) == [
        Resident("C-1", HOME, None, "1980-01-01", (("C-2", "SPOUSE"),), (("A-1", "C-2"),)),
        Resident("C-2", None, None, "1980-01-01", (), ()),
        Resident("C-3", HOME, "H-1", "1980-01-01", (("C-1", "PARENT"),), ()),
    ]


async def test_derived_households_are_written_whole_and_never_touch_a_loaded_one(
    engine: EmbeddedEngine,
) -> None:
    await add_people(engine, ("C-1", HOME), ("C-2", HOME), ("C-3", HOME))
    await upsert_households(
        engine, [{"id": "HD-C-3", "name": "Bank's own", "city": "York", "updatedAt": 1}]
    )
    await add_household_members(engine, [
        {"householdId": "HD-C-3", "customerId": "C-3", "role": "HEAD"},
    ])  # fmt: skip
    rows = [
        {"id": "HD-C-1", "headId": "C-2", "memberIds": ["C-1", "C-2"], "evidence": ["spouses"]},
        {"id": "HD-C-3", "headId": "C-1", "memberIds": ["C-1"], "evidence": ["clash"]},
    ]
    await upsert_derived_households(engine, rows)
    assert await get_household(engine, household_id="HD-C-1") == Household(
        "HD-C-1", "Okafor household", (("C-1", "MEMBER"), ("C-2", "HEAD")), True, ("spouses",)
    )
    bank_own = Household("HD-C-3", "Bank's own", (("C-3", "HEAD"),))
    assert await get_household(engine, household_id="HD-C-3") == bank_own
    # Written again with one member fewer: exactly the members given remain.
    await upsert_derived_households(engine, [rows[0] | {"memberIds": ["C-2"]}])
    derived = await get_household(engine, household_id="HD-C-1")
    assert derived is not None
    assert derived.members == (("C-2", "HEAD"),)
    assert await list_derived_household_ids(engine) == ["HD-C-1"]
    await delete_derived_households(engine, household_ids=["HD-C-1", "HD-C-3"])
    assert await get_household(engine, household_id="HD-C-1") is None
    assert await get_household(engine, household_id="HD-C-3") == bank_own
