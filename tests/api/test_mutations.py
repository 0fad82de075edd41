"""Mutations over HTTP: events land with their statistics, bad input gets a typed error,
and subscribers of the customer hear about it."""

import json
import threading
from typing import Any

from websockets.sync.client import connect
from websockets.typing import Subprotocol

from tests.api.served import WS_AUTH, graphql

RECORD = """
mutation Record($interaction: InteractionInput!) {
  recordInteraction(interaction: $interaction) {
    __typename
    ... on InteractionRecorded { interactionId
      customer { serviceExcellence { interactions resolved meanTurnaroundMinutes
                                     repeatContacts noRepeatRate } } }
    ... on NotFound { field message }
    ... on InvalidInput { field message }
  }
}
"""
FEEDBACK = """
mutation Feedback($feedback: FeedbackInput!) {
  recordFeedback(feedback: $feedback) {
    __typename
    ... on FeedbackRecorded { customer { feedback { score } serviceExcellence { npsDetractors } } }
    ... on InvalidInput { field message }
    ... on NotFound { field message }
  }
}
"""


def billing_call(**changes: Any) -> dict[str, Any]:
    return {
        "customerId": "C-0000006", "channel": "CONTACT_CENTER", "intent": "BILLING",
        "outcome": "RESOLVED", "turnaroundMinutes": 15, "agentId": "AG-0001",
        "at": "2026-11-02T10:00:00+00:00", **changes,
    }  # fmt: skip


def test_a_recorded_interaction_changes_the_returned_stats_at_once(api: str) -> None:
    done = graphql(api, RECORD, interaction=billing_call(id="I-API-1"))["recordInteraction"]
    assert done["__typename"] == "InteractionRecorded"
    assert done["interactionId"] == "I-API-1"
    # Tom had 2 contacts (1 resolved, 4,335 minutes); now 3, 2 resolved, (4335 + 15) / 2.
    # His two September billing calls were 7 days 8 hours apart: no repeat within 7 days.
    assert done["customer"]["serviceExcellence"] == {
        "interactions": 3, "resolved": 2, "meanTurnaroundMinutes": 2175.0,
        "repeatContacts": 0, "noRepeatRate": 100.0,
    }  # fmt: skip
    again = graphql(api, RECORD, interaction=billing_call(id="I-API-1"))["recordInteraction"]
    assert again["customer"]["serviceExcellence"]["interactions"] == 3  # same id, same graph
    history = graphql(
        api,
        '{ view(customerId: "C-0000006", channel: CONTACT_CENTER, intent: BILLING) '
        "{ ... on ViewFrame { contactHistory { id } } } }",
    )
    assert history["view"]["contactHistory"][0] == {"id": "I-API-1"}
    # Back about the same bill two days later: the call of 2 Nov needed a repeat.
    later = billing_call(id="I-API-2", at="2026-11-04T09:00:00+00:00")
    chased = graphql(api, RECORD, interaction=later)["recordInteraction"]["customer"]
    assert chased["serviceExcellence"]["repeatContacts"] == 1
    assert chased["serviceExcellence"]["noRepeatRate"] == 75.0  # 1 of his 4 calls repeated


def test_bad_input_gets_a_typed_error_naming_the_field(api: str) -> None:
    unknown = graphql(api, RECORD, interaction=billing_call(customerId="C-404"))
    assert unknown["recordInteraction"] == {
        "__typename": "NotFound", "field": "customerId",
        "message": "customerId: 'C-404' names no Customer in the graph or earlier in this load",
    }  # fmt: skip
    late = graphql(api, RECORD, interaction=billing_call(turnaroundMinutes=-5))
    assert late["recordInteraction"]["__typename"] == "InvalidInput"
    assert late["recordInteraction"]["field"] == "turnaroundMinutes"
    score = graphql(api, FEEDBACK, feedback={"customerId": "C-0000006", "kind": "NPS", "score": 42})
    assert score["recordFeedback"] == {
        "__typename": "InvalidInput", "field": "score",
        "message": "score: a NPS score must be 0-10, got 42",
    }  # fmt: skip


def test_feedback_lands_with_its_statistics(api: str) -> None:
    answer = {"customerId": "C-0000005", "kind": "NPS", "score": 2, "touchpoint": "branch"}
    done = graphql(api, FEEDBACK, feedback=answer)["recordFeedback"]
    assert done["__typename"] == "FeedbackRecorded"
    assert done["customer"]["serviceExcellence"] == {"npsDetractors": 1}
    assert {"score": 2} in done["customer"]["feedback"]


def test_a_subscriber_of_the_customer_receives_the_update(api: str) -> None:
    url = api.replace("http://", "ws://") + "/graphql"
    subscription = (
        'subscription { customerUpdated(id: "C-0000006") { id '
        "serviceExcellence { interactions } } }"
    )
    heard = threading.Event()

    def keep_recording() -> None:
        # The protocol does not acknowledge a subscription: record until the subscriber hears.
        for number in range(20):
            graphql(api, RECORD, interaction=billing_call(id=f"I-API-S{number}"))
            if heard.wait(0.5):
                return

    with connect(
        url, subprotocols=[Subprotocol("graphql-transport-ws")], open_timeout=10
    ) as socket:
        socket.send(json.dumps({"type": "connection_init", "payload": WS_AUTH}))
        assert json.loads(socket.recv(timeout=10))["type"] == "connection_ack"
        socket.send(
            json.dumps({"id": "1", "type": "subscribe", "payload": {"query": subscription}})
        )
        recorder = threading.Thread(target=keep_recording)
        recorder.start()
        message = json.loads(socket.recv(timeout=15))
        heard.set()
        recorder.join()
        socket.send(json.dumps({"id": "1", "type": "complete"}))
    assert message["type"] == "next"
    updated = message["payload"]["data"]["customerUpdated"]
    assert updated["id"] == "C-0000006"
    assert updated["serviceExcellence"]["interactions"] >= 3
