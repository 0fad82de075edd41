"""Subscriptions over graphql-transport-ws: screens that update themselves."""

from collections.abc import AsyncGenerator

import strawberry

from api.dataloaders import make_loaders
from api.types.common import Info
from api.types.customers import Customer


@strawberry.type
class Subscription:
    @strawberry.subscription(description="The customer, re-read each time a mutation touches them.")
    async def customer_updated(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[Customer, None]:
        async for customer_id in info.context.broker.subscribe(f"customer:{id}"):
            # A subscription's context lives as long as the socket: read fresh every time.
            info.context.loaders = make_loaders(info.context.engine)
            profile = await info.context.loaders.profiles.load(customer_id)
            if profile is not None:
                yield Customer.from_record(profile)
