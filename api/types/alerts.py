"""Alerts as agents work them: a queue, acknowledgement, and a live feed."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import strawberry

from api.types.common import Info, instant, moment
from api.types.errors import Conflict, NotFound
from api.types.paging import PageInfo, first_page_size, queue_page, start_after
from graph.alerts import acknowledge_alert, get_alerts, list_alert_queue
from graph.records import Alert as AlertRecord
from graph.references import existing_ids


@strawberry.enum(description="Where an alert stands.")
class AlertStatus(StrEnum):
    OPEN = "OPEN"
    ACKNOWLEDGED = "ACKNOWLEDGED"


@strawberry.type(description="Something an agent must act on about a customer.")
class Alert:
    audit_customer_field = "customer_id"  # the audit trail notes each one returned

    id: strawberry.ID
    customer_id: strawberry.ID
    kind: str = strawberry.field(description="e.g. ATTRITION_RISK, CARE_NEED")
    severity: int = strawberry.field(description="1 (note it) to 5 (act today)")
    reason: str = strawberry.field(description="why, in words an agent can say aloud")
    raised_at: datetime
    status: AlertStatus
    agent_id: strawberry.ID | None = strawberry.field(description="who should act, if anyone")
    acknowledged_at: datetime | None
    acknowledged_by: strawberry.ID | None

    @classmethod
    def from_record(cls, alert: AlertRecord) -> "Alert":
        """Build from a graph record."""
        return cls(
            id=strawberry.ID(alert.id), customer_id=strawberry.ID(alert.customer_id),
            kind=alert.kind, severity=alert.severity, reason=alert.reason,
            raised_at=instant(alert.raised_at), status=AlertStatus(alert.status),
            agent_id=strawberry.ID(alert.agent_id) if alert.agent_id else None,
            acknowledged_at=moment(alert.acknowledged_at),
            acknowledged_by=(
                strawberry.ID(alert.acknowledged_by) if alert.acknowledged_by else None
            ),
        )  # fmt: skip


@strawberry.type
class AlertEdge:
    audit_customer_field = "node.customer_id"  # the audit trail notes each one returned

    cursor: str
    node: Alert


@strawberry.type(description="A work queue of alerts, most severe first, then oldest.")
class AlertConnection:
    edges: list[AlertEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="The alert is acknowledged.")
class AlertAcknowledged:
    alert: Alert


AcknowledgeAlertResult = Annotated[
    AlertAcknowledged | NotFound | Conflict, strawberry.union("AcknowledgeAlertResult")
]


async def alert_queue(
    info: Info, status: AlertStatus | None, agent_id: str | None, first: int, after: str | None
) -> AlertConnection:
    """One page of the queue."""
    first, start = first_page_size(first), start_after("alerts", after)
    ids, total = await list_alert_queue(
        info.context.engine, status=status.value if status else None, agent_id=agent_id,
        skip=start, limit=first + 1,
    )  # fmt: skip
    found = await get_alerts(info.context.engine, alert_ids=ids[:first])

    def edge(at: str, alert: AlertRecord) -> AlertEdge:
        return AlertEdge(cursor=at, node=Alert.from_record(alert))

    edges, paging = queue_page("alerts", start, first, ids, found, edge)
    return AlertConnection(edges=edges, page_info=paging, total_count=total)


async def acknowledge(
    info: Info, alert_id: str, agent_id: str
) -> AlertAcknowledged | NotFound | Conflict:
    """Acknowledge an open alert on behalf of an agent."""
    engine = info.context.engine
    if not await existing_ids(engine, label="Agent", ids=[agent_id]):
        return NotFound(message=f"agentId: {agent_id!r} names no Agent", field="agentId")
    found = (await get_alerts(engine, alert_ids=[alert_id])).get(alert_id)
    if found is None or not await info.context.reaches(found.customer_id):
        return NotFound(message=f"alertId: {alert_id!r} names no Alert", field="alertId")
    at = int(datetime.now(UTC).timestamp() * 1000)
    done = await acknowledge_alert(engine, alert_id=alert_id, agent_id=agent_id, at=at)
    found = (await get_alerts(engine, alert_ids=[alert_id]))[alert_id]
    if not done:
        message = f"alert {alert_id} was already acknowledged by {found.acknowledged_by}"
        return Conflict(message=message, field="alertId")
    return AlertAcknowledged(alert=Alert.from_record(found))
