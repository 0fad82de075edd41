"""`respondToOpportunity`: the customer's answer to an offer, recorded as the contact it was."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Final

import strawberry

from api.types.codes import ChannelCode
from api.types.common import Info
from api.types.customers import Customer, touched_customer
from api.types.errors import Conflict, InvalidInput, NotFound, refusal
from graph.opportunities import get_opportunity, respond_to_opportunity
from loaders.references import check_event
from loaders.validation import Rejection


@strawberry.enum(description="How the customer answered an offer.")
class OpportunityResponse(StrEnum):
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    LATER = "LATER"
    NO_ANSWER = "NO_ANSWER"


# The opportunity's status after each answer (no answer leaves it where it was).
STATUS_AFTER: Final = {"ACCEPTED": "ACCEPTED", "DECLINED": "DECLINED", "LATER": "LATER"}


@strawberry.type(description="The answer is recorded; the customer's figures are fresh.")
class OpportunityAnswered:
    opportunity_id: strawberry.ID
    status: str
    customer: Customer


RespondToOpportunityResult = Annotated[
    OpportunityAnswered | NotFound | InvalidInput | Conflict,
    strawberry.union("RespondToOpportunityResult"),
]


async def answer(
    info: Info, opportunity_id: str, response: OpportunityResponse, channel: ChannelCode,
    agent_id: str | None,
) -> OpportunityAnswered | NotFound | InvalidInput | Conflict:  # fmt: skip
    """Record the answer with an outbound sales contact on `channel`, in one statement."""
    engine = info.context.engine
    found = await get_opportunity(engine, opportunity_id=opportunity_id)
    if found is None or not await info.context.reaches(str(found["customerId"])):
        message = f"opportunityId: {opportunity_id!r} names no Opportunity"
        return NotFound(message=message, field="opportunityId")
    answered = response is not OpportunityResponse.NO_ANSWER
    row = await check_event(engine, "interactions", {
        "id": f"I-{uuid.uuid4().hex}", "customerId": found["customerId"],
        "channelId": channel.value, "at": datetime.now(UTC).isoformat(),
        "direction": "OUTBOUND", "intent": "SALES",
        "outcome": "RESOLVED" if answered else "NO_RESPONSE", "responded": answered,
        "productId": found["productId"], "accountId": None, "agentId": agent_id,
        "caseId": None, "turnaroundMinutes": None,
    })  # fmt: skip
    if isinstance(row, Rejection):
        return refusal(row)
    status = STATUS_AFTER.get(response.value)
    if not await respond_to_opportunity(
        engine, opportunity_id=opportunity_id, status=status, event=row
    ):
        message = f"opportunity {opportunity_id} is no longer open ({found['status']})"
        return Conflict(message=message, field="opportunityId")
    return OpportunityAnswered(
        opportunity_id=strawberry.ID(opportunity_id), status=status or found["status"],
        customer=await touched_customer(info, str(found["customerId"])),
    )  # fmt: skip
