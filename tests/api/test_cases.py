"""Cases over HTTP: open one, move it through its stages, and the agents' queue."""

from typing import Any

from tests.api.served import graphql

OPEN = """
mutation Open($case: CaseInput!) {
  openCase(case: $case) {
    __typename
    ... on CaseOpened { case { id customerId category stage open } }
    ... on NotFound { field message }
    ... on InvalidInput { field message }
  }
}
"""
ADVANCE = """
mutation Advance($id: ID!, $stage: CaseStage!) {
  advanceCase(caseId: $id, stage: $stage, agentId: "AG-0002") {
    __typename
    ... on CaseAdvanced { case { id stage open resolvedAt } }
    ... on InvalidInput { field message }
    ... on NotFound { field message }
  }
}
"""
QUEUE = """
query Queue($category: CaseCategory, $first: Int!, $after: String) {
  cases(category: $category, first: $first, after: $after) {
    totalCount edges { cursor node { id customerId stage } } pageInfo { hasNextPage endCursor }
  }
}
"""


def advance(api: str, case_id: str, stage: str) -> dict[str, Any]:
    result: dict[str, Any] = graphql(api, ADVANCE, id=case_id, stage=stage)["advanceCase"]
    return result


def test_a_case_is_opened_advanced_resolved_and_closed(api: str) -> None:
    opened = graphql(api, OPEN, case={
        "customerId": "C-0000005", "category": "BILLING_DISPUTE", "accountId": "A-0000004",
        "agentId": "AG-0001",
    })["openCase"]  # fmt: skip
    assert opened["__typename"] == "CaseOpened"
    case = opened["case"]
    assert (case["customerId"], case["stage"], case["open"]) == ("C-0000005", "OPENED", True)
    assert advance(api, case["id"], "INVESTIGATING")["case"]["stage"] == "INVESTIGATING"
    resolved = graphql(api, 'mutation ($id: ID!) { resolveCase(caseId: $id) '
                            "{ ... on CaseAdvanced { case { stage open resolvedAt } } } }",
                       id=case["id"])["resolveCase"]["case"]  # fmt: skip
    assert (resolved["stage"], resolved["open"]) == ("RESOLVED", False)
    assert resolved["resolvedAt"] is not None
    assert advance(api, case["id"], "CLOSED")["case"]["stage"] == "CLOSED"
    refused = advance(api, case["id"], "INVESTIGATING")
    assert refused == {"__typename": "InvalidInput", "field": "stage",
                       "message": "a case at CLOSED cannot move to INVESTIGATING; "
                                  "it can move to nowhere: it is closed"}  # fmt: skip
    history = graphql(api, '{ customer(id: "C-0000005") { cases { id stage } } }')
    assert {"id": case["id"], "stage": "CLOSED"} in history["customer"]["cases"]


def test_bad_cases_get_typed_errors(api: str) -> None:
    unknown = graphql(api, OPEN, case={"customerId": "C-404", "category": "COMPLAINT"})
    assert unknown["openCase"]["__typename"] == "NotFound"
    assert unknown["openCase"]["field"] == "customerId"
    no_agent = graphql(api, OPEN, case={"customerId": "C-0000005", "category": "COMPLAINT",
                                        "agentId": "AG-404"})  # fmt: skip
    assert no_agent["openCase"] == {"__typename": "NotFound", "field": "agentId",
                                    "message": "agentId: 'AG-404' names no Agent"}  # fmt: skip
    assert advance(api, "K-404", "RESOLVED")["__typename"] == "NotFound"


def test_the_queue_lists_open_cases_oldest_first_in_stable_pages(api: str) -> None:
    for _ in range(3):
        graphql(api, OPEN, case={"customerId": "C-0000006", "category": "COMPLAINT"})
    complaints = graphql(api, QUEUE, category="COMPLAINT", first=2)["cases"]
    assert complaints["totalCount"] >= 3
    assert complaints["pageInfo"]["hasNextPage"] is True
    rest = graphql(api, QUEUE, category="COMPLAINT", first=50,
                   after=complaints["pageInfo"]["endCursor"])["cases"]  # fmt: skip
    every = graphql(api, QUEUE, category="COMPLAINT", first=50)["cases"]
    ids = [e["node"]["id"] for e in complaints["edges"] + rest["edges"]]
    assert ids == [e["node"]["id"] for e in every["edges"]]
    open_cards = graphql(api, QUEUE, category="CARD_DISPUTE", first=10)["cases"]
    assert [e["node"]["id"] for e in open_cards["edges"]] == ["K-0000001"]  # K-0000002 is resolved
