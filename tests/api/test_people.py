"""Writing people over HTTP: profiles (newest wins) and family ties, with typed errors."""

from typing import Any

from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from tests.api.served import graphql

UPSERT = """
mutation Save($customer: CustomerInput!) {
  upsertCustomer(customer: $customer) {
    __typename
    ... on CustomerSaved { customer { id fullName age city email } }
    ... on InvalidInput { field message }
  }
}
"""
LINK = """
mutation Link($from: ID!, $to: ID!, $tie: Tie!) {
  linkFamily(fromId: $from, toId: $to, tie: $tie) {
    __typename
    ... on FamilyLinked { fromCustomer { family { customerId relation } } }
    ... on NotFound { field message }
    ... on InvalidInput { field message }
  }
}
"""
UNLINK = """
mutation Unlink($from: ID!, $to: ID!, $tie: Tie!) {
  unlinkFamily(fromId: $from, toId: $to, tie: $tie) { __typename }
}
"""


def newborn(**changes: Any) -> dict[str, Any]:
    return {
        "id": "C-0000007", "fullName": "Ruby Reilly", "birthDate": "2026-08-01", "gender": "F",
        "city": "Manchester", "currency": "GBP", "marketingConsent": False,
        "profilingConsent": False, **changes,
    }  # fmt: skip


def test_a_new_customer_is_saved_and_tied_to_a_parent(api: str) -> None:
    saved = graphql(api, UPSERT, customer=newborn())["upsertCustomer"]
    assert saved == {"__typename": "CustomerSaved", "customer": {
        "id": "C-0000007", "fullName": "Ruby Reilly", "age": 0, "city": "Manchester", "email": None,
    }}  # fmt: skip
    moved = graphql(api, UPSERT, customer=newborn(city="Leeds"))["upsertCustomer"]
    assert moved["customer"]["city"] == "Leeds"
    linked = graphql(api, LINK, **{"from": "C-0000006", "to": "C-0000007", "tie": "PARENT"})
    assert linked["linkFamily"]["fromCustomer"]["family"] == [
        {"customerId": "C-0000007", "relation": "daughter"}
    ]
    gone = graphql(api, UNLINK, **{"from": "C-0000006", "to": "C-0000007", "tie": "PARENT"})
    assert gone["unlinkFamily"] == {"__typename": "FamilyUnlinked"}
    again = graphql(api, UNLINK, **{"from": "C-0000006", "to": "C-0000007", "tie": "PARENT"})
    assert again["unlinkFamily"] == {"__typename": "NotFound"}


def test_bad_profiles_and_ties_are_refused_with_the_field(api: str) -> None:
    bad = graphql(api, UPSERT, customer=newborn(id="C-0000008", gender="Q"))["upsertCustomer"]
    assert bad["__typename"] == "InvalidInput"
    assert bad["field"] == "gender"
    money = graphql(api, UPSERT, customer=newborn(id="C-0000009", currency="XXY"))
    assert money["upsertCustomer"]["message"] == "currency: 'XXY' is not an ISO 4217 currency code"
    stranger = graphql(api, LINK, **{"from": "C-0000006", "to": "C-404", "tie": "SIBLING"})
    assert stranger["linkFamily"]["__typename"] == "NotFound"
    assert stranger["linkFamily"]["field"] == "toId"
    self_tie = graphql(api, LINK, **{"from": "C-0000006", "to": "C-0000006", "tie": "SPOUSE"})
    assert self_tie["linkFamily"]["__typename"] == "InvalidInput"


async def test_a_profile_edit_keeps_the_address_the_api_does_not_show(
    api: str, api_graph: GraphSettings
) -> None:
    tom = {
        "id": "C-0000006", "fullName": "Tom Reilly", "birthDate": "1994-01-12", "gender": "M",
        "city": "Manchester", "occupation": "Paramedic", "currency": "GBP",
        "marketingConsent": True, "profilingConsent": False,
    }  # fmt: skip
    assert graphql(api, UPSERT, customer=tom)["upsertCustomer"]["__typename"] == "CustomerSaved"
    engine = await EmbeddedEngine.open(api_graph)
    try:
        rows = await engine.read(
            "MATCH (c:Customer {id: 'C-0000006'}) "
            "RETURN c.occupation AS occupation, c.address AS address"
        )
    finally:
        await engine.close()
    assert rows == [
        {"occupation": "Paramedic", "address": "Flat 2, 40 Canal Street, Manchester M1 3HE"}
    ]
