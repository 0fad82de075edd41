"""Customers and their family ties."""

from collections.abc import Sequence
from typing import Any, Final, Literal, LiteralString

from graph.engines.protocol import GraphEngine, Params, Row
from graph.records import Customer, FamilyMember, Money

FamilyTie = Literal["SPOUSE", "PARENT", "SIBLING"]
FAMILY_TIES: Final[tuple[FamilyTie, ...]] = ("SPOUSE", "PARENT", "SIBLING")

# A newer record (by updatedAt) wins; an older or equal one changes nothing. Every column of
# the row is stored, the address (personal data, read only by `list_residents`) included.
UPSERT_CUSTOMERS: Final[LiteralString] = """
UNWIND $rows AS row
MERGE (c:Customer {id: row.id})
WITH c, row
WHERE c.updatedAt IS NULL OR c.updatedAt < row.updatedAt
SET c += row
RETURN count(c) AS written
"""


async def upsert_customers(engine: GraphEngine, rows: Sequence[Params]) -> int:
    """Create or update customers from rows keyed by property name; return rows sent."""
    return await engine.write_batches(UPSERT_CUSTOMERS, rows)


async def get_customer(engine: GraphEngine, *, customer_id: str) -> Customer | None:
    """Return one customer by id, or None."""
    return (await get_profiles(engine, customer_ids=[customer_id])).get(customer_id)


# The full profile of many customers in one round trip (the API's DataLoader).
GET_PROFILES: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})
OPTIONAL MATCH (c)-[:MEMBER_OF]->(h:Household)
RETURN c.id AS id, c.fullName AS fullName, c.birthDate AS birthDate, c.gender AS gender,
       c.email AS email, c.phone AS phone, c.city AS city, c.hometown AS hometown,
       c.valueTier AS valueTier, c.updatedAt AS updatedAt, c.occupation AS occupation,
       c.schooling AS schooling, c.tripsAbroadPerYear AS trips,
       c.monthlyIncomeMinor AS income, c.currency AS currency,
       c.marketingConsent AS marketingConsent, c.profilingConsent AS profilingConsent,
       h.id AS householdId
"""


async def get_profiles(engine: GraphEngine, *, customer_ids: Sequence[str]) -> dict[str, Customer]:
    """Return the customers among these ids, by id, with profile and household."""
    rows = await engine.read(GET_PROFILES, {"ids": list(customer_ids)})
    return {row["id"]: _profile(row) for row in rows}


# Symmetric ties are stored once, from the smaller id to the larger, and read undirected.
LINK_FAMILY: Final[dict[FamilyTie, LiteralString]] = {
    "SPOUSE": """
UNWIND $rows AS row
MATCH (a:Customer {id: row.fromId})
MATCH (b:Customer {id: row.toId})
MERGE (a)-[r:SPOUSE_OF]->(b)
RETURN count(r) AS linked
""",
    "PARENT": """
UNWIND $rows AS row
MATCH (a:Customer {id: row.fromId})
MATCH (b:Customer {id: row.toId})
MERGE (a)-[r:PARENT_OF]->(b)
RETURN count(r) AS linked
""",
    "SIBLING": """
UNWIND $rows AS row
MATCH (a:Customer {id: row.fromId})
MATCH (b:Customer {id: row.toId})
MERGE (a)-[r:SIBLING_OF]->(b)
RETURN count(r) AS linked
""",
}


async def link_family(
    engine: GraphEngine, *, tie: FamilyTie, pairs: Sequence[tuple[str, str]]
) -> int:
    """Link (from, to) customer pairs: PARENT means `from` is the parent of `to`."""
    if tie != "PARENT":
        pairs = [(a, b) if a < b else (b, a) for a, b in pairs]
    rows = [{"fromId": a, "toId": b} for a, b in pairs]
    await engine.write_batches(LINK_FAMILY[tie], rows)
    return len(rows)


UNLINK_FAMILY: Final[dict[FamilyTie, LiteralString]] = {
    "SPOUSE": """
MATCH (:Customer {id: $fromId})-[r:SPOUSE_OF]-(:Customer {id: $toId})
DELETE r
RETURN count(r) AS unlinked
""",
    "PARENT": """
MATCH (:Customer {id: $fromId})-[r:PARENT_OF]->(:Customer {id: $toId})
DELETE r
RETURN count(r) AS unlinked
""",
    "SIBLING": """
MATCH (:Customer {id: $fromId})-[r:SIBLING_OF]-(:Customer {id: $toId})
DELETE r
RETURN count(r) AS unlinked
""",
}


async def unlink_family(engine: GraphEngine, *, tie: FamilyTie, from_id: str, to_id: str) -> bool:
    """Remove a family tie; False when there was none."""
    rows = await engine.write(UNLINK_FAMILY[tie], {"fromId": from_id, "toId": to_id})
    return bool(rows and rows[0]["unlinked"])


async def list_family(engine: GraphEngine, *, customer_id: str) -> list[FamilyMember]:
    """Return a customer's relatives, each named from the customer's point of view."""
    return (await list_families(engine, customer_ids=[customer_id]))[customer_id]


LIST_FAMILIES: Final[LiteralString] = """
UNWIND $ids AS id
MATCH (c:Customer {id: id})-[r:SPOUSE_OF|PARENT_OF|SIBLING_OF]-(m:Customer)
RETURN id AS of, type(r) AS tie, startNode(r).id = id AS outgoing, m.id AS id,
       m.fullName AS fullName, m.gender AS gender, m.birthDate AS birthDate,
       m.schooling AS schooling
ORDER BY of, id
"""


async def list_families(
    engine: GraphEngine, *, customer_ids: Sequence[str]
) -> dict[str, list[FamilyMember]]:
    """Return each customer's relatives, named from that customer's point of view."""
    rows = await engine.read(LIST_FAMILIES, {"ids": list(customer_ids)})
    families: dict[str, list[FamilyMember]] = {id_: [] for id_ in customer_ids}
    for row in rows:
        families.setdefault(row["of"], []).append(_relative(row))
    return families


def _relative(row: Row) -> FamilyMember:
    return FamilyMember(
        customer_id=row["id"],
        full_name=row["fullName"],
        relation=relation_seen_from(row["tie"], outgoing=row["outgoing"], gender=row["gender"]),
        birth_date=row["birthDate"],
        schooling=row.get("schooling"),
    )


_RELATION_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    # (word for a male relative, a female one, one whose gender is not known)
    "spouse": ("husband", "wife", "spouse"),
    "child": ("son", "daughter", "child"),
    "parent": ("father", "mother", "parent"),
    "sibling": ("brother", "sister", "sibling"),
}


def relation_seen_from(tie: str, *, outgoing: bool, gender: str | None) -> str:
    """Name a relative as the customer would: 'daughter' for a PARENT_OF tie going out."""
    if tie == "PARENT_OF":
        role = "child" if outgoing else "parent"
    else:
        role = "spouse" if tie == "SPOUSE_OF" else "sibling"
    male, female, neutral = _RELATION_WORDS[role]
    return {"M": male, "F": female}.get(gender or "", neutral)


def customer_row(customer: Customer) -> dict[str, Any]:
    """Turn a customer record into the row `upsert_customers` writes."""
    return {
        "id": customer.id,
        "fullName": customer.full_name,
        "birthDate": customer.birth_date,
        "gender": customer.gender,
        "email": customer.email,
        "phone": customer.phone,
        "city": customer.city,
        "hometown": customer.hometown,
        "valueTier": customer.value_tier,
        "updatedAt": customer.updated_at,
    }


def _profile(row: Row) -> Customer:
    income = row["income"]
    return Customer(
        id=row["id"],
        full_name=row["fullName"],
        birth_date=row["birthDate"],
        gender=row["gender"],
        email=row["email"],
        phone=row["phone"],
        city=row["city"],
        hometown=row["hometown"],
        value_tier=row["valueTier"],
        updated_at=row["updatedAt"] or 0,
        occupation=row["occupation"],
        schooling=row["schooling"],
        trips_abroad_per_year=row["trips"] or 0,
        monthly_income=Money(income, row["currency"]) if income is not None else None,
        marketing_consent=bool(row["marketingConsent"]),
        profiling_consent=bool(row["profilingConsent"]),
        household_id=row["householdId"],
    )


# Every customer's id, in one statement (a million, sorted, in about 2 s on this machine):
# whole-bank passes (scoring, the models' export) then read customers by id, so no page
# re-scans the customers before it (a keyset page costs 0.27 s at a million).
LIST_ALL_CUSTOMER_IDS: Final[LiteralString] = "MATCH (c:Customer) RETURN c.id AS id ORDER BY id"


async def list_all_customer_ids(engine: GraphEngine) -> list[str]:
    """Every customer's id, in order."""
    return [str(row["id"]) for row in await engine.read(LIST_ALL_CUSTOMER_IDS)]
