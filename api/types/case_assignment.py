"""`assignCase`: give a case to the agent whose skills fit it best."""

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from api.types.case_work import reread_case
from api.types.cases import Case
from api.types.common import Info
from api.types.errors import Conflict, InvalidInput, NotFound
from graph.case_work import assign_case
from graph.cases import get_cases
from graph.codes import CASE_INTENT
from graph.references import existing_ids


@strawberry.type(description="The case has a new owner.")
class CaseAssigned:
    case: Case
    agent_id: strawberry.ID
    agent_open_cases: int = strawberry.field(
        description="the owner's other open cases when it was assigned"
    )


AssignCaseResult = Annotated[
    CaseAssigned | NotFound | InvalidInput | Conflict, strawberry.union("AssignCaseResult")
]


async def assign(
    info: Info, case_id: str, agent_id: str | None
) -> CaseAssigned | NotFound | InvalidInput | Conflict:
    """Assign to `agent_id` if they have the skill, else to the best-fitting agent."""
    engine = info.context.engine
    found = (await get_cases(engine, case_ids=[case_id])).get(case_id)
    if found is None or not await info.context.reaches(found.customer_id):
        return NotFound(message=f"caseId: {case_id!r} names no Case", field="caseId")
    if found.stage in ("RESOLVED", "CLOSED"):
        message = f"case {case_id} is {found.stage}: reopen it before assigning it"
        return Conflict(message=message, field="caseId")
    if agent_id and not await existing_ids(engine, label="Agent", ids=[agent_id]):
        return NotFound(message=f"agentId: {agent_id!r} names no Agent", field="agentId")
    skill = CASE_INTENT[found.category]
    at = int(datetime.now(UTC).timestamp() * 1000)
    chosen = await assign_case(engine, case_id=case_id, skill=skill, agent_id=agent_id, at=at)
    if chosen is None and agent_id:
        message = f"agent {agent_id} is not trained for {skill} ({found.category} cases)"
        return InvalidInput(message=message, field="agentId")
    if chosen is None:
        return Conflict(message=f"no agent is trained for {skill} cases", field="caseId")
    owner, load = chosen
    return CaseAssigned(
        case=await reread_case(info, case_id), agent_id=strawberry.ID(owner), agent_open_cases=load
    )
