"""Case work over HTTP: every step tells the customer, and cases go to the agent who fits."""

from typing import Any

from tests.api.served import graphql

OPEN = """
mutation Open($customer: ID!, $category: CaseCategory!) {
  openCase(case: { customerId: $customer, category: $category }) {
    ... on CaseOpened { case { id } }
  }
}
"""
STEP = """
mutation Step($id: ID!, $stage: CaseStage!) {
  advanceCase(caseId: $id, stage: $stage) { __typename }
}
"""
ASSIGN = """
mutation Assign($id: ID!, $agent: ID) {
  assignCase(caseId: $id, agentId: $agent) {
    __typename
    ... on CaseAssigned { agentId agentOpenCases case { id agentId } }
    ... on NotFound { field message }
    ... on InvalidInput { field message }
    ... on Conflict { field message }
  }
}
"""
HISTORY = """
query History($id: ID!) {
  view(customerId: $id, channel: CONTACT_CENTER, intent: BILLING) {
    ... on ViewFrame { contactHistory { channel direction intent outcome caseId notification } }
  }
  customer(id: $id) {
    serviceExcellence { interactions resolved unresolved }
    contactPreferences(includeIneffective: true) { channel inboundContacts responseRate }
  }
}
"""


def open_case(api: str, customer: str, category: str) -> str:
    opened = graphql(api, OPEN, customer=customer, category=category)["openCase"]
    case_id: str = opened["case"]["id"]
    return case_id


def assign(api: str, case_id: str, agent: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = graphql(api, ASSIGN, id=case_id, agent=agent)["assignCase"]
    return result


def test_each_step_notifies_the_customer_and_leaves_their_statistics_alone(api: str) -> None:
    before = graphql(api, HISTORY, id="C-0000006")
    case_id = open_case(api, "C-0000006", "BILLING_DISPUTE")
    for stage in ("INVESTIGATING", "RESOLVED"):
        assert graphql(api, STEP, id=case_id, stage=stage)["advanceCase"] == {
            "__typename": "CaseAdvanced"
        }
    after = graphql(api, HISTORY, id="C-0000006")
    notices = [c for c in after["view"]["contactHistory"] if c["caseId"] == case_id]
    # Opened, investigating, resolved: three notices, on the channel this customer uses.
    assert notices == 3 * [
        {"channel": "CONTACT_CENTER", "direction": "OUTBOUND", "intent": "BILLING",
         "outcome": "NO_RESPONSE", "caseId": case_id, "notification": True},
    ]  # fmt: skip
    assert after["customer"] == before["customer"]  # no conversation, so no new statistics


def test_a_customer_with_no_reachable_channel_is_told_in_the_app(api: str) -> None:
    case_id = open_case(api, "C-0000005", "COMPLAINT")  # only ever came to a branch
    history = graphql(api, HISTORY, id="C-0000005")["view"]["contactHistory"]
    assert [(c["channel"], c["intent"]) for c in history if c["caseId"] == case_id] == [
        ("MOBILE", "COMPLAINT")
    ]


def test_a_case_goes_to_the_least_loaded_trained_agent_who_knows_the_customer(api: str) -> None:
    # Billing is AG-0001's and AG-0003's skill; AG-0003 served C-0000005 at the branch.
    first = assign(api, open_case(api, "C-0000005", "BILLING_DISPUTE"))
    assert (first["agentId"], first["agentOpenCases"]) == ("AG-0003", 0)
    assert first["case"]["agentId"] == "AG-0003"
    # AG-0003 now has an open case: the next goes to AG-0001, who is free.
    second = assign(api, open_case(api, "C-0000006", "BILLING_DISPUTE"))
    assert (second["agentId"], second["agentOpenCases"]) == ("AG-0001", 0)
    # Equal loads again: knowing the customer decides.
    third = assign(api, open_case(api, "C-0000005", "BILLING_DISPUTE"))
    assert (third["agentId"], third["agentOpenCases"]) == ("AG-0003", 1)
    loans = assign(api, open_case(api, "C-0000006", "LOAN_QUERY"))
    assert loans["agentId"] == "AG-0003"  # the only one trained for loans


def test_reassigning_moves_the_case_and_untrained_or_closed_is_refused(api: str) -> None:
    case_id = open_case(api, "C-0000001", "CARD_DISPUTE")
    assert assign(api, case_id)["agentId"] == "AG-0002"  # the only card specialist
    assert assign(api, case_id, "AG-0001") == {
        "__typename": "InvalidInput", "field": "agentId",
        "message": "agent AG-0001 is not trained for CARDS (CARD_DISPUTE cases)",
    }  # fmt: skip
    assert assign(api, case_id, "AG-404")["__typename"] == "NotFound"
    assert assign(api, "K-404")["field"] == "caseId"
    for stage in ("RESOLVED", "CLOSED"):
        graphql(api, STEP, id=case_id, stage=stage)
    assert assign(api, case_id) == {
        "__typename": "Conflict", "field": "caseId",
        "message": f"case {case_id} is CLOSED: reopen it before assigning it",
    }  # fmt: skip
    owners = graphql(api, '{ customer(id: "C-0000001") { cases { id agentId } } }')
    assert {"id": case_id, "agentId": "AG-0002"} in owners["customer"]["cases"]
