"""customers(filter, orderBy, first, after): filters, totals and stable pages."""

from typing import Any

import httpx

from graph.engines.settings import GraphSettings
from graph.insights import replace_needs, write_customer_scores
from tests.api.served import ADMIN, graphql, write_elsewhere

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
        body = httpx.post(f"{api}/graphql", headers=ADMIN, json={
            "query": LIST, "variables": {"order": "NAME", **variables},
        }, timeout=30).json()  # fmt: skip
        assert message in body["errors"][0]["message"]


def score_elsewhere(settings: GraphSettings) -> None:
    """Write needs and preferred channels through a connection of its own, as `kith score`."""
    write_elsewhere(settings, replace_needs, [
        {"customerId": "C-0000001", "needs": [
            {"id": "N-1", "kind": "CHILD_EDUCATION", "score": 0.9, "subjectId": "C-0000003",
             "evidence": ["daughter Ada, 14, no education plan"]},
            {"id": "N-2", "kind": "AGING_PARENT_CARE", "score": 0.7, "subjectId": "C-0000005",
             "evidence": ["mother Grace, 74, no medical cover"]}]},
        {"customerId": "C-0000002", "asOf": "2026-10-31", "needs": [
            {"id": "N-3", "kind": "CHILD_EDUCATION", "score": 0.8, "subjectId": "C-0000003",
             "evidence": ["daughter Ada, 14 on {asOf}, no education plan"]}]},
    ])  # fmt: skip
    write_elsewhere(settings, write_customer_scores, [
        {"customerId": "C-0000001", "tier": None, "channel": "CONTACT_CENTER"},
        {"customerId": "C-0000002", "tier": None, "channel": "MOBILE"},
    ])  # fmt: skip


def test_needs_preferred_channel_and_saved_segments_select_too(
    api: str, api_graph: GraphSettings
) -> None:
    score_elsewhere(api_graph)
    assert ids(page(api, need="CHILD_EDUCATION")) == ["C-0000002", "C-0000001"]
    assert ids(page(api, need="CHILD_EDUCATION", preferredChannel="MOBILE")) == ["C-0000002"]
    maya = graphql(api, '{ customer(id: "C-0000001") { needs { kind score evidence subjectId } } }')
    assert maya["customer"]["needs"] == [
        {"kind": "CHILD_EDUCATION", "score": 0.9, "subjectId": "C-0000003",
         "evidence": ["daughter Ada, 14, no education plan"]},
        {"kind": "AGING_PARENT_CARE", "score": 0.7, "subjectId": "C-0000005",
         "evidence": ["mother Grace, 74, no medical cover"]},
    ]  # fmt: skip
    # Scored as of a day: the age names it when read (a need written undated, above, is not).
    david = graphql(api, '{ customer(id: "C-0000002") { needs { evidence asOf } } }')
    assert david["customer"]["needs"] == [
        {"evidence": ["daughter Ada, 14 on 2026-10-31, no education plan"], "asOf": "2026-10-31"}
    ]
    saved = graphql(api, 'mutation { createSegment(name: "Leeds parents", filter: '
                         '{city: "Leeds", need: "CHILD_EDUCATION"}) '
                         "{ ... on SegmentSaved { segment { id } } } }")  # fmt: skip
    segment = saved["createSegment"]["segment"]["id"]
    assert ids(page(api, segmentId=segment)) == ["C-0000002", "C-0000001"]
    assert ids(page(api, segmentId=segment, preferredChannel="CONTACT_CENTER")) == ["C-0000001"]
    clash = httpx.post(
        f"{api}/graphql",
        headers=ADMIN,
        json={
            "query": LIST,
            "variables": {
                "filter": {"segmentId": segment, "city": "York"},
                "order": "NAME",
                "first": 5,
            },
        },
    )
    assert clash.json()["errors"][0]["message"] == (
        f"filter.city (York) contradicts segment {segment} (Leeds)"
    )  # fmt: skip
