"""Working cases: open one, move it through its stages, and the queue agents work from."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Final

import strawberry

from api.security.objects import checked_event
from api.types.cases import Case
from api.types.codes import CaseStage
from api.types.common import Info
from api.types.errors import InvalidInput, NotFound, refusal
from api.types.paging import PageInfo, first_page_size, queue_page, start_after
from graph.case_work import advance_case, open_case
from graph.cases import get_cases, list_case_queue
from graph.codes import CASE_INTENT
from graph.records import CaseSummary
from graph.references import existing_ids
from loaders.references import check_event, missing_reference
from loaders.validation import Rejection
from recommenders.channels import rank_channels

# Channels that can carry a message to the customer (a branch or an ATM cannot), best
# first by how this customer answers; with none in their history, the app's push message.
NOTICE_CHANNELS: Final = ("MOBILE", "WEB", "CONTACT_CENTER")
NOTICE_FALLBACK_CHANNEL: Final = "MOBILE"
# Where a case may go from each stage (RESOLVED may be reopened for investigation).
NEXT_STAGES: Final = {
    "OPENED": ("INVESTIGATING", "AWAITING_CUSTOMER", "RESOLVED"),
    "INVESTIGATING": ("AWAITING_CUSTOMER", "RESOLVED"),
    "AWAITING_CUSTOMER": ("INVESTIGATING", "RESOLVED"),
    "RESOLVED": ("CLOSED", "INVESTIGATING"),
    "CLOSED": (),
}


@strawberry.enum(description="What a case is about.")
class CaseCategory(StrEnum):
    CARD_DISPUTE = "CARD_DISPUTE"
    BILLING_DISPUTE = "BILLING_DISPUTE"
    COMPLAINT = "COMPLAINT"
    LOAN_QUERY = "LOAN_QUERY"


@strawberry.input(description="A case to open; `at` defaults to now.")
class CaseInput:
    customer_id: strawberry.ID
    category: CaseCategory
    product_id: strawberry.ID | None = None
    account_id: strawberry.ID | None = None
    agent_id: strawberry.ID | None = None
    interaction_id: strawberry.ID | None = None
    at: datetime | None = None


@strawberry.type(description="The case is open, at stage OPENED.")
class CaseOpened:
    case: Case


@strawberry.type(description="The case moved to its new stage.")
class CaseAdvanced:
    case: Case


OpenCaseResult = Annotated[CaseOpened | NotFound | InvalidInput, strawberry.union("OpenCaseResult")]
AdvanceCaseResult = Annotated[
    CaseAdvanced | NotFound | InvalidInput, strawberry.union("AdvanceCaseResult")
]


async def open_new_case(info: Info, given: CaseInput) -> CaseOpened | NotFound | InvalidInput:
    """Check the case like a loaded row, then write it with its first step in one statement."""
    engine = info.context.engine
    at = (given.at or datetime.now(UTC)).isoformat()
    row = await checked_event(info, "cases", {
        "id": f"K-{uuid.uuid4().hex[:16]}", "customerId": given.customer_id,
        "category": given.category.value, "openedAt": at, "productId": given.product_id,
        "accountId": given.account_id, "updatedAt": at,
    })  # fmt: skip
    if isinstance(row, Rejection):
        return refusal(row)
    for field, label, value in (
        ("agentId", "Agent", given.agent_id), ("interactionId", "Interaction", given.interaction_id)
    ):  # fmt: skip
        if value is not None and not await existing_ids(engine, label=label, ids=[str(value)]):
            return NotFound(message=f"{field}: {value!r} names no {label}", field=field)
    step = {"stepId": f"CS-{uuid.uuid4().hex[:16]}", "agentId": given.agent_id}
    event: dict[str, Any] = {**row, **step, "interactionId": given.interaction_id}
    notice = await notice_of(info, str(row["customerId"]), str(row["id"]), row["category"],
                             row["openedAt"])  # fmt: skip
    await open_case(engine, event, notice)
    return CaseOpened(case=await reread_case(info, str(row["id"])))


async def advance(
    info: Info, case_id: str, stage: CaseStage, agent_id: str | None,
    interaction_id: str | None, at: datetime | None,
) -> CaseAdvanced | NotFound | InvalidInput:  # fmt: skip
    """Move a case to `stage` if its current stage allows it."""
    engine = info.context.engine
    row = await check_event(engine, "case_steps", {
        "id": f"CS-{uuid.uuid4().hex[:16]}", "caseId": case_id, "stage": stage.value,
        "at": (at or datetime.now(UTC)).isoformat(), "agentId": agent_id,
        "interactionId": interaction_id,
    })  # fmt: skip
    if isinstance(row, Rejection):
        return refusal(row)
    current = (await get_cases(engine, case_ids=[case_id]))[case_id]
    if not await info.context.reaches(current.customer_id):
        return NotFound(message=missing_reference("caseId", case_id, "Case"), field="caseId")
    allowed = NEXT_STAGES[current.stage]
    if stage.value not in allowed:
        choices = ", ".join(allowed) or "nowhere: it is closed"
        move = f"a case at {current.stage} cannot move to {stage.value}"
        return InvalidInput(message=f"{move}; it can move to {choices}", field="stage")
    if current.stage_at is not None and row["at"] < current.stage_at:
        return InvalidInput(message="at is before the case's current stage", field="at")
    notice = await notice_of(info, current.customer_id, case_id, current.category, row["at"])
    await advance_case(engine, row, notice)
    return CaseAdvanced(case=await reread_case(info, case_id))


async def notice_of(
    info: Info, customer_id: str, case_id: str, category: str, at_ms: int
) -> dict[str, Any]:
    """The customer's notice of a case step: outbound, on the channel they answer best."""
    engagement = await info.context.loaders.engagements.load(customer_id)
    ranked = rank_channels(engagement.channels) if engagement else []
    usable = [p.channel_id for p in ranked if p.channel_id in NOTICE_CHANNELS and not p.ineffective]
    return {
        "id": f"I-{uuid.uuid4().hex[:16]}", "customerId": customer_id,
        "channelId": next(iter(usable), NOTICE_FALLBACK_CHANNEL),
        "at": at_ms, "direction": "OUTBOUND", "intent": CASE_INTENT[category],
        "outcome": "NO_RESPONSE", "responded": False, "productId": None, "accountId": None,
        "agentId": None, "caseId": case_id, "turnaroundMinutes": None, "notification": True,
    }  # fmt: skip


@strawberry.type
class CaseEdge:
    audit_customer_field = "node.customer_id"  # the audit trail notes each one returned

    cursor: str
    node: Case


@strawberry.type(description="A work queue of cases, oldest first.")
class CaseConnection:
    edges: list[CaseEdge]
    page_info: PageInfo
    total_count: int


async def case_queue(
    info: Info, stage: CaseStage | None, category: CaseCategory | None, open_only: bool,
    first: int, after: str | None,
) -> CaseConnection:  # fmt: skip
    """One page of the queue."""
    first, start = first_page_size(first), start_after("cases", after)
    ids, total = await list_case_queue(
        info.context.engine, stage=stage.value if stage else None,
        category=category.value if category else None, open_only=open_only,
        skip=start, limit=first + 1,
    )  # fmt: skip
    found = await get_cases(info.context.engine, case_ids=ids[:first])
    now = datetime.now(UTC)

    def edge(at: str, case: CaseSummary) -> CaseEdge:
        return CaseEdge(cursor=at, node=Case.from_record(case, now))

    edges, paging = queue_page("cases", start, first, ids, found, edge)
    return CaseConnection(edges=edges, page_info=paging, total_count=total)


async def reread_case(info: Info, case_id: str) -> Case:
    info.context.broker.publish(f"case:{case_id}", case_id)
    return Case.from_record(
        (await get_cases(info.context.engine, case_ids=[case_id]))[case_id], datetime.now(UTC)
    )
