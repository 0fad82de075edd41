"""Opportunities over HTTP: scored elsewhere, offered best first, answered as contacts."""

import asyncio
from typing import Any

from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from graph.opportunities import count_answers, write_opportunities
from tests.api.served import graphql, write_elsewhere

OFFERS = """
query Offers($id: ID!) {
  customer(id: $id) {
    opportunities { id productId productName score needKind script status }
    contactPreferences(includeIneffective: true) { channel responseRate }
  }
  view(customerId: $id, channel: CONTACT_CENTER, intent: GENERAL) {
    ... on ViewFrame { nextBestAction { id productName script } }
  }
}
"""
RESPOND = """
mutation Respond($id: ID!, $response: OpportunityResponse!) {
  respondToOpportunity(opportunityId: $id, response: $response, channel: MOBILE,
                       agentId: "AG-0003") {
    __typename
    ... on OpportunityAnswered {
      opportunityId status
      customer { contactPreferences(includeIneffective: true) { channel responseRate } }
    }
    ... on NotFound { field message }
    ... on Conflict { field message }
  }
}
"""
EDU_SCRIPT = ["Ada is 14 and has no education plan.", "Ask how they plan for university."]


def offer(id_: str, product: str, score: float, script: list[str]) -> dict[str, Any]:
    return {
        "id": id_, "customerId": "C-0000001", "productId": product, "score": score,
        "needKind": "CHILD_EDUCATION" if product == "P-EDU" else None, "script": script,
        "scoredAt": 1_790_000_000_000,
    }  # fmt: skip


def score_elsewhere(settings: GraphSettings, rows: list[dict[str, Any]]) -> None:
    """Write opportunities through a connection of its own, as `kith score` would."""
    write_elsewhere(settings, write_opportunities, rows)


def respond(api: str, id_: str, response: str) -> dict[str, Any]:
    answer: dict[str, Any] = graphql(api, RESPOND, id=id_, response=response)[
        "respondToOpportunity"
    ]
    return answer


def mobile_rate(preferences: list[dict[str, Any]]) -> float | None:
    rate: float | None = next(p["responseRate"] for p in preferences if p["channel"] == "MOBILE")
    return rate


def test_offers_come_best_first_and_an_answer_is_a_contact(
    api: str, api_graph: GraphSettings
) -> None:
    score_elsewhere(api_graph, [
        offer("O-1", "P-SAVER", 0.41, ["Savings rate is up."]),
        offer("O-2", "P-EDU", 0.83, EDU_SCRIPT),
        offer("O-3", "P-MEDICAL", 0.22, ["Cover for your mother."]),
    ])  # fmt: skip
    before = graphql(api, OFFERS, id="C-0000001")
    assert [o["id"] for o in before["customer"]["opportunities"]] == ["O-2", "O-1", "O-3"]
    assert before["customer"]["opportunities"][0] == {
        "id": "O-2", "productId": "P-EDU", "productName": "Junior Education Saver",
        "score": 0.83, "needKind": "CHILD_EDUCATION", "script": EDU_SCRIPT, "status": "OPEN",
    }  # fmt: skip
    assert before["view"]["nextBestAction"]["id"] == "O-2"

    accepted = respond(api, "O-2", "ACCEPTED")
    assert (accepted["__typename"], accepted["status"]) == ("OpportunityAnswered", "ACCEPTED")
    # MOBILE had one answered offer of one (I-00000005); now two of two, then two of three.
    assert mobile_rate(accepted["customer"]["contactPreferences"]) == 1.0
    ignored = respond(api, "O-1", "NO_ANSWER")
    assert ignored["status"] == "OPEN"
    assert mobile_rate(ignored["customer"]["contactPreferences"]) == 2 / 3

    after = graphql(api, OFFERS, id="C-0000001")
    assert [o["id"] for o in after["customer"]["opportunities"]] == ["O-1", "O-3"]
    assert after["view"]["nextBestAction"]["id"] == "O-1"


def test_an_answered_offer_keeps_its_answer(api: str, api_graph: GraphSettings) -> None:
    score_elsewhere(api_graph, [offer("O-9", "P-MORTGAGE", 0.5, ["Remortgage."])])
    assert respond(api, "O-9", "DECLINED")["status"] == "DECLINED"
    assert respond(api, "O-9", "ACCEPTED") == {
        "__typename": "Conflict", "field": "opportunityId",
        "message": "opportunity O-9 is no longer open (DECLINED)",
    }  # fmt: skip
    score_elsewhere(api_graph, [offer("O-9", "P-MORTGAGE", 0.9, ["Rescored."])])  # the next run
    offers = graphql(api, OFFERS, id="C-0000001")["customer"]["opportunities"]
    assert "O-9" not in [o["id"] for o in offers]
    assert respond(api, "O-404", "ACCEPTED")["__typename"] == "NotFound"


def test_answers_are_tallied_per_product_for_ranking(api: str, api_graph: GraphSettings) -> None:
    score_elsewhere(api_graph, [offer("O-20", "P-CARD", 0.3, ["Cashback on groceries."])])
    declined = respond(api, "O-20", "DECLINED")
    assert declined.get("status") == "DECLINED", declined

    async def tally() -> dict[str, tuple[int, int]]:
        engine = await EmbeddedEngine.open(api_graph)
        try:
            return await count_answers(engine)
        finally:
            await engine.close()

    answers = asyncio.run(tally())
    # O-2 (education saver) was accepted and O-9 (mortgage) declined in the tests above.
    assert answers["P-CARD"] == (0, 1)
    assert answers["P-EDU"] == (1, 1)
    assert answers["P-MORTGAGE"] == (0, 1)
    assert "P-SAVER" not in answers  # offered, never answered (O-1 got NO_ANSWER)
