"""Mutations: the screen is an input device too. Each event is checked like a loaded row,
written with its statistics in one atomic statement, and announced to subscribers."""

import time
from datetime import datetime

import strawberry

from api.jobs.scoring import recheck_attrition
from api.security.objects import checked_event
from api.types.alerts import AcknowledgeAlertResult, acknowledge
from api.types.case_assignment import AssignCaseResult, assign
from api.types.case_work import (
    AdvanceCaseResult,
    CaseInput,
    OpenCaseResult,
    advance,
    open_new_case,
)
from api.types.codes import CaseStage, ChannelCode
from api.types.common import Info
from api.types.customers import touched_customer
from api.types.erasure import EraseCustomerResult, erase
from api.types.errors import InvalidInput, NotFound, refusal
from api.types.events import (
    FeedbackInput,
    FeedbackRecorded,
    InteractionInput,
    InteractionRecorded,
    RecordFeedbackResult,
    RecordInteractionResult,
)
from api.types.opportunities import OpportunityResponse, RespondToOpportunityResult, answer
from api.types.people import (
    CustomerInput,
    LinkFamilyResult,
    Tie,
    UnlinkFamilyResult,
    UpsertCustomerResult,
    link,
    save_customer,
    unlink,
)
from api.types.segments import (
    CreateSegmentResult,
    DeleteSegmentResult,
    Segment,
    SegmentDeleted,
    SegmentSaved,
    new_segment_id,
)
from api.types.selection import CustomerFilterInput, filter_to_json, with_segment
from graph.feedback import record_feedback
from graph.interactions import record_interaction
from graph.segments import delete_segment, get_segment, save_segment
from loaders.validation import Rejection


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Record a contact and return the customer's updated stats.")
    async def record_interaction(
        self, info: Info, interaction: InteractionInput
    ) -> RecordInteractionResult:
        row = await checked_event(info, "interactions", interaction.as_row())
        if isinstance(row, Rejection):
            return refusal(row)
        await record_interaction(info.context.engine, row)
        # A contact may be the moment a dragging dispute turns into an attrition risk.
        await recheck_attrition(info.context.engine, str(row["customerId"]), info.context.attrition)
        customer = await touched_customer(info, str(row["customerId"]))
        return InteractionRecorded(interaction_id=strawberry.ID(str(row["id"])), customer=customer)

    @strawberry.mutation(description="Record a survey answer and return the updated stats.")
    async def record_feedback(self, info: Info, feedback: FeedbackInput) -> RecordFeedbackResult:
        row = await checked_event(info, "feedback", feedback.as_row())
        if isinstance(row, Rejection):
            return refusal(row)
        await record_feedback(info.context.engine, row)
        customer = await touched_customer(info, str(row["customerId"]))
        return FeedbackRecorded(feedback_id=strawberry.ID(str(row["id"])), customer=customer)

    @strawberry.mutation(description="Open a case (stage OPENED), owned by an agent if given.")
    async def open_case(self, info: Info, case: CaseInput) -> OpenCaseResult:
        return await open_new_case(info, case)

    @strawberry.mutation(description="Move a case to its next stage; its history is kept.")
    async def advance_case(
        self,
        info: Info,
        case_id: strawberry.ID,
        stage: CaseStage,
        agent_id: strawberry.ID | None = None,
        interaction_id: strawberry.ID | None = None,
        at: datetime | None = None,
    ) -> AdvanceCaseResult:
        return await advance(info, str(case_id), stage, agent_id, interaction_id, at)

    @strawberry.mutation(description="Resolve a case (advanceCase to RESOLVED).")
    async def resolve_case(
        self,
        info: Info,
        case_id: strawberry.ID,
        agent_id: strawberry.ID | None = None,
        interaction_id: strawberry.ID | None = None,
    ) -> AdvanceCaseResult:
        return await advance(info, str(case_id), CaseStage.RESOLVED, agent_id, interaction_id, None)

    @strawberry.mutation(
        description="Assign a case to the agent trained for it with the fewest open cases "
        "(preferring one who has served the customer), or to the agent given."
    )
    async def assign_case(
        self, info: Info, case_id: strawberry.ID, agent_id: strawberry.ID | None = None
    ) -> AssignCaseResult:
        return await assign(info, str(case_id), str(agent_id) if agent_id else None)

    @strawberry.mutation(description="An agent takes an open alert on.")
    async def acknowledge_alert(
        self, info: Info, alert_id: strawberry.ID, agent_id: strawberry.ID
    ) -> AcknowledgeAlertResult:
        return await acknowledge(info, str(alert_id), str(agent_id))

    @strawberry.mutation(
        description="Record the customer's answer to an offer, as the outbound sales contact "
        "it was (it counts in how they respond on that channel); returns fresh figures."
    )
    async def respond_to_opportunity(
        self,
        info: Info,
        opportunity_id: strawberry.ID,
        response: OpportunityResponse,
        channel: ChannelCode,
        agent_id: strawberry.ID | None = None,
    ) -> RespondToOpportunityResult:
        agent = str(agent_id) if agent_id else None
        return await answer(info, str(opportunity_id), response, channel, agent)

    @strawberry.mutation(description="Create or replace a customer's profile.")
    async def upsert_customer(self, info: Info, customer: CustomerInput) -> UpsertCustomerResult:
        return await save_customer(info, customer)

    @strawberry.mutation(
        description="Tie two customers: spouse, parent (from is parent of to), sibling."
    )
    async def link_family(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        tie: Tie,
    ) -> LinkFamilyResult:
        return await link(info, str(from_id), str(to_id), tie)

    @strawberry.mutation(description="Remove a family tie.")
    async def unlink_family(
        self,
        info: Info,
        from_id: strawberry.ID,
        to_id: strawberry.ID,
        tie: Tie,
    ) -> UnlinkFamilyResult:
        return await unlink(info, str(from_id), str(to_id), tie)

    @strawberry.mutation(description="Save a filter as a named segment (its members stay live).")
    async def create_segment(
        self, info: Info, name: str, filter: CustomerFilterInput
    ) -> CreateSegmentResult:
        if not name.strip() or len(name) > 120:
            return InvalidInput(message="name must be 1-120 characters", field="name")
        try:  # a segment built on another keeps that one's criteria as they are now
            filter = await with_segment(info.context.engine, filter)
        except ValueError as error:
            return InvalidInput(message=str(error), field="filter")
        segment_id = new_segment_id()
        await save_segment(
            info.context.engine, segment_id=segment_id, name=name.strip(),
            definition=filter_to_json(filter), saved_at=int(time.time() * 1000),
        )  # fmt: skip
        saved = await get_segment(info.context.engine, segment_id=segment_id)
        if saved is None:  # deleted by someone else in between
            return NotFound(message=f"segment {segment_id} is gone", field="id")
        return SegmentSaved(segment=Segment.from_record(saved))

    @strawberry.mutation(
        description="Erase a customer (right to erasure; administrators): their data goes, "
        "records the law keeps become restricted, and a later load cannot bring them back."
    )
    async def erase_customer(
        self, info: Info, customer_id: strawberry.ID, reference: str
    ) -> EraseCustomerResult:
        return await erase(info, str(customer_id), reference)

    @strawberry.mutation(description="Delete a saved segment.")
    async def delete_segment(self, info: Info, id: strawberry.ID) -> DeleteSegmentResult:
        if not await delete_segment(info.context.engine, segment_id=str(id)):
            return NotFound(message=f"no segment {id}", field="id")
        return SegmentDeleted(id=id)
