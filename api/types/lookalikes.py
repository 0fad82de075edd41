"""Lookalikes: the customers nearest a segment in the graph model's embedding space."""

from dataclasses import replace
from typing import Final

import numpy as np
import strawberry

from api.security.errors import BadArgument
from api.types.common import Info
from api.types.customers import Customer
from api.types.paging import first_page_size
from api.types.selection import CustomerFilterInput, filter_on_today
from graph.next_product import list_embeddings_of
from graph.selection import list_customer_ids_after

SEED_MEMBERS: Final = 1_000  # the segment's centre is the mean of this many members' vectors
# The nearest-neighbour pool, in multiples of `first`, widened until enough non-members are
# found. Wide on purpose: the embedded engine's vector index answers fewer than k once the
# nodes were updated after their vectors (seen: k/3 after `kith score`).
WIDEN: Final = (4, 16, 64)


@strawberry.type(description="A customer like a segment's members (not one of them).")
class Lookalike:
    audit_customer_field = "customer.id"  # the audit trail notes each one returned

    similarity: float = strawberry.field(description="cosine similarity to the segment, 0-1")
    customer: Customer


async def lookalikes_of(
    info: Info, definition: CustomerFilterInput, first: int
) -> list[Lookalike]:  # fmt: skip
    """The `first` non-members nearest the centre of the segment's members, nearest first.

    Only customers the model scored have vectors (those who consented to profiling).
    """
    first_page_size(first)
    engine = info.context.engine
    selection = await filter_on_today(engine, definition)
    seeds = await list_customer_ids_after(
        engine, selection=selection, after_id=None, limit=SEED_MEMBERS
    )
    vectors = list((await list_embeddings_of(engine, customer_ids=seeds)).values())
    if not vectors:
        raise BadArgument(
            "no member of this segment has an embedding yet: run `kith train` and `kith score`"
        )
    centre = np.mean(np.array(vectors, dtype=np.float32), axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    found: list[tuple[str, float]] = []
    for times in WIDEN:
        hits = await engine.nearest("Customer", [float(v) for v in centre], first * times)
        ids = [h.customer_id for h in hits]
        members = set(await list_customer_ids_after(
            engine, selection=replace(selection, among=tuple(ids)), after_id=None, limit=len(ids),
        ))  # fmt: skip
        found = [(h.customer_id, h.score) for h in hits if h.customer_id not in members]
        if len(found) >= first:
            break
    profiles = await info.context.loaders.profiles.load_many([c for c, _ in found[:first]])
    return [
        Lookalike(similarity=round(score, 4), customer=Customer.from_record(profile))
        for (_, score), profile in zip(found[:first], profiles, strict=True)
        if profile is not None
    ]
