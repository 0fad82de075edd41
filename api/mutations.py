"""Mutations: the screen is an input device too. Each event is checked like a loaded row,
written with its statistics in one atomic statement, and announced to subscribers."""

import strawberry

from api.dataloaders import make_loaders
from api.types.common import Info
from api.types.customers import Customer
from api.types.errors import refusal
from api.types.events import (
    FeedbackInput,
    FeedbackRecorded,
    InteractionInput,
    InteractionRecorded,
    RecordFeedbackResult,
    RecordInteractionResult,
)
from graph.feedback import record_feedback
from graph.interactions import record_interaction
from loaders.references import check_event
from loaders.validation import Rejection


async def _fresh_customer(info: Info, customer_id: str) -> Customer:
    """The customer re-read after a write (the request's loaders may hold older figures)."""
    info.context.loaders = make_loaders(info.context.engine)
    info.context.broker.publish(f"customer:{customer_id}", customer_id)
    profile = await info.context.loaders.profiles.load(customer_id)
    if profile is None:  # erased between the write and the read
        raise LookupError(f"customer {customer_id} is gone")
    return Customer.from_record(profile)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a contact and return the customer's updated stats.")
    async def record_interaction(
        self, info: Info, interaction: InteractionInput
    ) -> RecordInteractionResult:
        row = await check_event(info.context.engine, "interactions", interaction.as_row())
        if isinstance(row, Rejection):
            return refusal(row)
        await record_interaction(info.context.engine, row)
        customer = await _fresh_customer(info, str(row["customerId"]))
        return InteractionRecorded(interaction_id=strawberry.ID(str(row["id"])), customer=customer)

    @strawberry.mutation(description="Record a survey answer and return the updated stats.")
    async def record_feedback(self, info: Info, feedback: FeedbackInput) -> RecordFeedbackResult:
        row = await check_event(info.context.engine, "feedback", feedback.as_row())
        if isinstance(row, Rejection):
            return refusal(row)
        await record_feedback(info.context.engine, row)
        customer = await _fresh_customer(info, str(row["customerId"]))
        return FeedbackRecorded(feedback_id=strawberry.ID(str(row["id"])), customer=customer)
