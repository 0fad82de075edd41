"""Marketing: a live preview of a filter, saved segments, and the consented CSV export."""

import csv
import io

import httpx

from graph.engines.settings import GraphSettings
from graph.insights import write_customer_scores
from tests.api.served import ADMIN, graphql, write_elsewhere

PREVIEW = """
query Preview($filter: CustomerFilterInput) {
  segmentPreview(filter: $filter) {
    count ageBands { label customers } tiers { label customers }
    productPenetration { productId holders share averageBalance { minorUnits } }
    nps npsAnswers preferredChannels { label customers } sample { id }
  }
}
"""
CREATE = """
mutation Create($name: String!, $filter: CustomerFilterInput!) {
  createSegment(name: $name, filter: $filter) {
    __typename
    ... on SegmentSaved { segment { id name exportUrl members(first: 10) { totalCount } } }
    ... on InvalidInput { field message }
  }
}
"""


def test_a_preview_profiles_the_selection(api: str) -> None:
    leeds = graphql(api, PREVIEW, filter={"city": "Leeds"})["segmentPreview"]
    assert leeds["count"] == 4
    assert leeds["ageBands"] == [
        {"label": "0-17", "customers": 2},
        {"label": "45-64", "customers": 2},
    ]
    assert leeds["tiers"] == [{"label": "UNSCORED", "customers": 4}]
    products = {p["productId"]: (p["holders"], p["share"]) for p in leeds["productPenetration"]}
    assert products == {"P-CARD": (1, 0.25), "P-CURRENT": (2, 0.5), "P-MORTGAGE": (2, 0.5)}
    assert (leeds["nps"], leeds["npsAnswers"]) == (-100.0, 1)  # Maya's 3 out of 10
    assert leeds["preferredChannels"] == []  # nobody scored yet: no preferred channel stored
    assert {c["id"] for c in leeds["sample"]} == {
        "C-0000001",
        "C-0000002",
        "C-0000003",
        "C-0000004",
    }
    assert graphql(api, PREVIEW)["segmentPreview"]["count"] == 6


def test_a_preview_counts_the_preferred_channels_the_filter_selects_by(
    api: str, api_graph: GraphSettings
) -> None:
    write_elsewhere(api_graph, write_customer_scores, [
        {"customerId": "C-0000001", "tier": None, "channel": "CONTACT_CENTER"},
        {"customerId": "C-0000002", "tier": None, "channel": "MOBILE"},
        {"customerId": "C-0000003", "tier": None, "channel": "MOBILE"},
        {"customerId": "C-0000005", "tier": None, "channel": "BRANCH"},  # Grace lives elsewhere
    ])  # fmt: skip
    leeds = graphql(api, PREVIEW, filter={"city": "Leeds"})["segmentPreview"]
    assert leeds["preferredChannels"] == [
        {"label": "MOBILE", "customers": 2},
        {"label": "CONTACT_CENTER", "customers": 1},
    ]
    mobile = {"city": "Leeds", "preferredChannel": "MOBILE"}
    assert graphql(api, PREVIEW, filter=mobile)["segmentPreview"]["count"] == 2
    whole = graphql(api, PREVIEW)["segmentPreview"]["preferredChannels"]
    assert {share["label"]: share["customers"] for share in whole} == {
        "MOBILE": 2,
        "CONTACT_CENTER": 1,
        "BRANCH": 1,
    }


def test_a_saved_segment_lists_its_members_and_exports_only_consented_ones(api: str) -> None:
    saved = graphql(api, CREATE, name="Leeds families", filter={"city": "Leeds"})["createSegment"]
    assert saved["__typename"] == "SegmentSaved"
    segment = saved["segment"]
    assert segment["members"]["totalCount"] == 4
    listed = graphql(api, "{ segments { id name } }")["segments"]
    assert {"id": segment["id"], "name": "Leeds families"} in listed
    export = httpx.get(api + segment["exportUrl"], headers=ADMIN, timeout=30)
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    # Only Maya consented to marketing; David and the children never leave in an export.
    assert [row["id"] for row in rows] == ["C-0000001"]
    assert rows[0]["email"] == "maya.okafor@example.org"
    delete = "mutation ($id: ID!) { deleteSegment(id: $id) { __typename } }"
    assert graphql(api, delete, id=segment["id"])["deleteSegment"] == {
        "__typename": "SegmentDeleted"
    }
    assert graphql(api, delete, id=segment["id"])["deleteSegment"] == {"__typename": "NotFound"}
    assert httpx.get(api + segment["exportUrl"], headers=ADMIN, timeout=30).status_code == 404


def test_a_segment_needs_a_name(api: str) -> None:
    refused = graphql(api, CREATE, name=" ", filter={"city": "Leeds"})["createSegment"]
    assert refused == {"__typename": "InvalidInput", "field": "name",
                       "message": "name must be 1-120 characters"}  # fmt: skip
