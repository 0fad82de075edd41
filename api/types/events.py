"""Inputs and payloads of the mutations that record what happens at a contact."""

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import strawberry

from api.types.codes import ChannelCode, Intent, Outcome, SurveyKind
from api.types.customers import Customer
from api.types.errors import InvalidInput, NotFound


@strawberry.input(description="A contact to record; `at` defaults to now, `id` is generated.")
class InteractionInput:
    customer_id: strawberry.ID
    channel: ChannelCode
    intent: Intent
    outcome: Outcome
    direction: str = "INBOUND"
    responded: bool = True
    product_id: strawberry.ID | None = None
    account_id: strawberry.ID | None = None
    agent_id: strawberry.ID | None = None
    case_id: strawberry.ID | None = None
    turnaround_minutes: int | None = None
    at: datetime | None = None
    id: strawberry.ID | None = None

    def as_row(self) -> dict[str, Any]:
        """The contract's row (camelCase columns), validated like a loaded file's."""
        return {
            "id": self.id or f"I-{uuid.uuid4().hex}", "customerId": self.customer_id,
            "channelId": self.channel.value, "at": (self.at or datetime.now(UTC)).isoformat(),
            "direction": self.direction, "intent": self.intent.value,
            "outcome": self.outcome.value, "responded": self.responded,
            "productId": self.product_id, "accountId": self.account_id,
            "agentId": self.agent_id, "caseId": self.case_id,
            "turnaroundMinutes": self.turnaround_minutes,
        }  # fmt: skip


@strawberry.input(description="A survey answer to record; `at` defaults to now.")
class FeedbackInput:
    customer_id: strawberry.ID
    kind: SurveyKind
    score: int
    interaction_id: strawberry.ID | None = None
    touchpoint: str | None = None
    at: datetime | None = None
    id: strawberry.ID | None = None

    def as_row(self) -> dict[str, Any]:
        """The contract's row, validated like a loaded file's."""
        return {
            "id": self.id or f"F-{uuid.uuid4().hex}", "customerId": self.customer_id,
            "kind": self.kind.value, "score": self.score,
            "at": (self.at or datetime.now(UTC)).isoformat(),
            "interactionId": self.interaction_id, "touchpoint": self.touchpoint,
        }  # fmt: skip


@strawberry.type(
    description="The contact was recorded; the customer comes back with fresh figures."
)
class InteractionRecorded:
    interaction_id: strawberry.ID
    customer: Customer


@strawberry.type(description="The answer was recorded; the customer comes back with fresh figures.")
class FeedbackRecorded:
    feedback_id: strawberry.ID
    customer: Customer


RecordInteractionResult = Annotated[
    InteractionRecorded | NotFound | InvalidInput, strawberry.union("RecordInteractionResult")
]
RecordFeedbackResult = Annotated[
    FeedbackRecorded | NotFound | InvalidInput, strawberry.union("RecordFeedbackResult")
]
