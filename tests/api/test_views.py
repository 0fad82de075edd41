"""Channel-tailored views: what comes first, what each channel may not see, small payloads."""

from typing import Any

import httpx

from api.types.codes import ViewChannel
from graph.engines.settings import GraphSettings
from graph.insights import replace_needs
from graph.opportunities import write_opportunities
from recommenders.facts import fact
from recommenders.needs import Need
from recommenders.offers import offers_for
from tests.api.served import ADMIN, graphql, write_elsewhere

VIEW = """
query View($id: ID!, $channel: ViewChannel!, $intent: ContactIntent!) {
  view(customerId: $id, channel: $channel, intent: $intent) {
    __typename
    ... on ViewFrame { panes { kind reason } replyChannel
                       contactHistory { id intent matchesIntent } openCases { id category } }
    ... on ContactCenterView { caller { fullName age } holdings { accountId }
                               usageTrends { service } serviceExcellence { satisfactionLevel } }
    ... on FullView { customer { valueTier lifestyle { total { debtRatio } } } }
    ... on SelfServiceView { firstName }
  }
}
"""


def view(api: str, channel: str, intent: str, customer: str = "C-0000001") -> dict[str, Any]:
    data: dict[str, Any] = graphql(api, VIEW, id=customer, channel=channel, intent=intent)["view"]
    return data


def panes(data: dict[str, Any]) -> list[str]:
    return [pane["kind"] for pane in data["panes"]]


def test_billing_intent_puts_billing_history_first(api: str) -> None:
    call = view(api, "CONTACT_CENTER", "BILLING")
    assert call["__typename"] == "ContactCenterView"
    assert panes(call)[:2] == ["CONTACT_HISTORY", "OPEN_CASES"]
    assert call["panes"][0]["reason"] == "billing contact: billing history and cases first"
    history = call["contactHistory"]
    assert history[0] == {"id": "I-00000009", "intent": "BILLING", "matchesIntent": True}
    assert not any(event["matchesIntent"] for event in history[1:])
    assert call["usageTrends"] == [{"service": "BILL_PAYMENT"}]


def test_an_open_case_puts_service_before_sales(api: str) -> None:
    # Maya's card dispute is open: the offer waits until the service panes are done.
    for channel in ("CONTACT_CENTER", "BRANCH_TABLET"):
        order = panes(view(api, channel, "GENERAL"))
        service = max(
            order.index(p) for p in ("OPEN_CASES", "CONTACT_HISTORY", "SERVICE_EXCELLENCE")
        )
        assert order.index("NEXT_BEST_ACTION") == service + 1
    # Grace has no open case: on the tablet the offer leads.
    assert (
        panes(view(api, "BRANCH_TABLET", "GENERAL", customer="C-0000005"))[0] == "NEXT_BEST_ACTION"
    )


def test_a_complaint_opens_with_the_cases(api: str) -> None:
    call = view(api, "CONTACT_CENTER", "COMPLAINT")
    assert panes(call)[:3] == ["OPEN_CASES", "CONTACT_HISTORY", "SERVICE_EXCELLENCE"]
    assert call["openCases"] == [{"id": "K-0000001", "category": "CARD_DISPUTE"}]


def test_the_contact_center_type_has_no_value_fields(api: str) -> None:
    call_view = 'view(customerId: "C-0000001", channel: CONTACT_CENTER)'
    probe = graphql_errors(api, call_view + "{ ... on ContactCenterView { caller { valueTier } } }")
    assert "Cannot query field 'valueTier' on type 'Caller'" in probe
    finances = "{ ... on ContactCenterView { lifestyle { total { assetsMinor } } } }"
    lifestyle = graphql_errors(api, call_view + finances)
    assert "Cannot query field 'lifestyle' on type 'ContactCenterView'" in lifestyle
    call = view(api, "CONTACT_CENTER", "CARDS")
    assert call["caller"]["fullName"] == "Maya Okafor"
    assert panes(call)[:2] == ["CONTACT_HISTORY", "OPEN_CASES"]
    assert not {"LIFESTYLE", "HOUSEHOLD"} & set(panes(call))


def test_the_tablet_gets_the_whole_360_and_the_kiosk_a_small_screen(api: str) -> None:
    tablet = view(api, "BRANCH_TABLET", "GENERAL")
    assert tablet["__typename"] == "FullView"
    assert tablet["customer"]["lifestyle"]["total"]["debtRatio"] > 1
    assert tablet["replyChannel"] == "CONTACT_CENTER"
    kiosk = view(api, "KIOSK", "GENERAL")
    assert kiosk["__typename"] == "SelfServiceView"
    assert kiosk["firstName"] == "Maya"
    assert panes(kiosk) == ["OPEN_CASES", "NEXT_BEST_ACTION"]
    assert kiosk["contactHistory"] == []


SCRIPTS = """
query Scripts($channel: ViewChannel!) {
  customer(id: "C-0000001") { opportunities { script } }
  view(customerId: "C-0000001", channel: $channel, intent: GENERAL) {
    ... on ViewFrame { nextBestAction { id script } }
  }
}
"""


def test_the_next_best_action_is_said_the_channels_way(api: str, api_graph: GraphSettings) -> None:
    # Scored as `kith score` does: Maya is in the everyday segment (the bundle close).
    evidence = (fact("daughter Ada, 14, no education plan", "FAMILY", "HOLDINGS"),)
    ada = Need("CHILD_EDUCATION", 0.9, evidence, "C-0000003")
    catalogue = {"EDUCATION_SAVINGS": [("P-EDU", "Junior Education Saver")]}
    stored = list(offers_for([ada], [], [], catalogue, "Maya", segment="EVERYDAY")[0].script)
    row = {
        "id": "O-ADA", "customerId": "C-0000001", "productId": "P-EDU", "score": 0.9,
        "needKind": "CHILD_EDUCATION", "script": stored, "scoredAt": 1_790_000_000_000,
    }  # fmt: skip
    write_elsewhere(api_graph, write_opportunities, [row])
    need = {"id": "N-ADA", "kind": "CHILD_EDUCATION", "score": 0.9, "evidence": list(evidence),
            "subjectId": "C-0000003"}  # fmt: skip
    write_elsewhere(api_graph, replace_needs, [{"customerId": "C-0000001", "needs": [need]}])

    tablet = graphql(api, SCRIPTS, channel="BRANCH_TABLET")
    assert tablet["customer"]["opportunities"] == [{"script": stored}]
    assert tablet["view"]["nextBestAction"] == {"id": "O-ADA", "script": stored}
    call = graphql(api, SCRIPTS, channel="CONTACT_CENTER")
    assert call["customer"]["opportunities"] == [{"script": stored}]  # the 360 keeps it
    script = call["view"]["nextBestAction"]["script"]
    assert script[0].startswith("Confirm the caller has passed security")
    assert script[1:-1] == stored[:-1]
    assert "household bundle" not in script[-1]
    assert "by SMS or email, or to book a call back" in script[-1]
    said = {c: graphql(api, SCRIPTS, channel=c)["view"]["nextBestAction"] for c in ViewChannel}
    assert {offer["id"] for offer in said.values()} == {"O-ADA"}  # every channel has its way
    # Her own screen: the offer in her terms, never the officer's evidence.
    assert said[ViewChannel.WEB]["script"][0].startswith("Saving early gives your children's")
    assert "Ada" not in " ".join(said[ViewChannel.WEB]["script"])
    assert said[ViewChannel.KIOSK]["script"] == [  # a shared screen: never Ada's details
        "Ask a colleague in this branch about the Junior Education Saver: they can open it "
        "with you.",
    ]


def test_an_unknown_customer_has_no_view(api: str) -> None:
    assert graphql(api, VIEW, id="C-404", channel="WEB", intent="GENERAL") == {"view": None}


def graphql_errors(api: str, selection: str) -> str:
    """The error messages a document gets (it must fail validation)."""
    response = httpx.post(
        f"{api}/graphql", headers=ADMIN, json={"query": "{ " + selection + " }"}, timeout=30
    )
    return " ".join(error["message"] for error in response.json()["errors"])
