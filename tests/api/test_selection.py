"""customers(filter, orderBy, first, after): filters, totals and stable pages."""

from typing import Any

import httpx

from tests.api.served import graphql

LIST = """
query List($filter: CustomerFilterInput, $order: CustomerOrder!, $first: Int!, $after: String) {
  customers(filter: $filter, orderBy: $order, first: $first, after: $after) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""


def page(api: str, first: int = 20, after: str | None = None, order: str = "NAME",
         **criteria: Any) -> dict[str, Any]:  # fmt: skip
    variables = {"filter": criteria or None, "order": order, "first": first, "after": after}
    data: dict[str, Any] = graphql(api, LIST, **variables)["customers"]
    return data


def ids(found: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in found["edges"]]


def test_filters_select_by_city_holdings_age_and_open_cases(api: str) -> None:
    leeds = page(api, city="Leeds")
    assert leeds["totalCount"] == 4
    assert ids(leeds) == [
        "C-0000003",
        "C-0000002",
        "C-0000001",
        "C-0000004",
    ]  # Ada, David, Maya, Sam
    no_mortgage = page(api, holdsProducts=["P-CURRENT"], lacksProducts=["P-MORTGAGE"])
    assert ids(no_mortgage) == ["C-0000005"]
    assert ids(page(api, hasOpenCase=True)) == ["C-0000001"]
    assert ids(page(api, minAge=70)) == ["C-0000005"]
    assert ids(page(api, maxAge=17, order="AGE")) == ["C-0000004", "C-0000003"]


def test_pages_are_stable_and_cover_the_list_once(api: str) -> None:
    first = page(api, first=4)
    assert first["pageInfo"] == {
        "hasNextPage": True, "hasPreviousPage": False, "endCursor": first["edges"][-1]["cursor"],
    }  # fmt: skip
    rest = page(api, first=4, after=first["pageInfo"]["endCursor"])
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
    assert ids(first) + ids(rest) == ids(page(api, first=10))
    assert first["totalCount"] == rest["totalCount"] == 6
    assert ids(page(api, first=4)) == ids(first)


def test_limits_and_bad_cursors_are_named(api: str) -> None:
    for variables, message in (
        ({"first": 101}, "first must be 1-100, got 101"),
        ({"first": 5, "after": "bm90LWEtY3Vyc29y"}, "is not a cursor of this list"),
    ):
        body = httpx.post(f"{api}/graphql", json={
            "query": LIST, "variables": {"order": "NAME", **variables},
        }, timeout=30).json()  # fmt: skip
        assert message in body["errors"][0]["message"]
