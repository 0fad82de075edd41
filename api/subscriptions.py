"""Subscriptions over graphql-transport-ws: screens that update themselves."""

from collections.abc import AsyncGenerator

import strawberry

from api.alert_watch import alert_topic
from api.dataloaders import make_loaders
from api.observability.extension import open_subscription
from api.types.alerts import Alert
from api.types.common import Info
from api.types.customers import Customer
from graph.alerts import get_alerts


@strawberry.type
class Subscription:
    @strawberry.subscription(description="The customer, re-read each time a mutation touches them.")
    async def customer_updated(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[Customer, None]:
        with open_subscription(info.context, "customerUpdated"):
            async for customer_id in info.context.broker.subscribe(f"customer:{id}"):
                if info.context.expired():
                    return  # the token ran out: no event after it (the socket closes too)
                # A subscription's context lives as long as the socket: read fresh each time.
                info.context.loaders = make_loaders(info.context.engine)
                profile = await info.context.loaders.profiles.load(customer_id)
                if profile is not None and await info.context.reaches(customer_id):
                    info.context.audit_delivery("customerUpdated", customer_id)
                    yield Customer.from_record(profile)

    @strawberry.subscription(
        description="New alerts as they are raised: this agent's, or everyone's without agentId."
    )
    async def alert_raised(
        self, info: Info, agent_id: strawberry.ID | None = None
    ) -> AsyncGenerator[Alert, None]:
        topic = alert_topic(str(agent_id) if agent_id else None)
        with open_subscription(info.context, "alertRaised"):
            async for alert_id in info.context.broker.subscribe(topic):
                if info.context.expired():
                    return
                found = await get_alerts(info.context.engine, alert_ids=[alert_id])
                # A subscriber hears only of customers they may see (a manager's book, a call).
                if alert_id in found and await info.context.reaches(found[alert_id].customer_id):
                    info.context.audit_delivery("alertRaised", found[alert_id].customer_id)
                    yield Alert.from_record(found[alert_id])
