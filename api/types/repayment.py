"""Early repayment: the uses of a loan's freed payment, ranked by the customer's needs."""

import strawberry

from api.security.errors import BadArgument
from api.types.common import Info
from api.types.needs import readable
from graph.accounts import list_catalogue
from recommenders.facts import visible
from recommenders.needs import Need
from recommenders.repayment import FundsUse as FundsUseRecord
from recommenders.repayment import NotALoan, uses_of_freed_funds


@strawberry.type(description="A use of the payment freed by repaying a loan early, and why.")
class FundsUse:
    product_id: strawberry.ID
    product_name: str
    score: float = strawberry.field(description="rank score, 0-1 (the need's strength)")
    reason: str = strawberry.field(description="what to say: the need's evidence, the amount")
    need_kind: str | None

    @classmethod
    def from_record(cls, use: FundsUseRecord) -> "FundsUse":
        """Build from the recommender's record."""
        return cls(product_id=strawberry.ID(use.product_id), product_name=use.product_name,
                   score=use.score, reason=use.reason, need_kind=use.need_kind)  # fmt: skip


async def early_repayment_uses_of(info: Info, customer_id: str, account_id: str) -> list[FundsUse]:
    """Rank the uses of the loan's freed payment by the customer's needs."""
    loaders = info.context.loaders
    holdings = await loaders.holdings.load(customer_id)
    may_see = readable(info)  # the reason says only the facts the caller may see
    needs = [
        Need(n.kind, n.score, visible(n.evidence, may_see), n.subject_id)
        for n in await loaders.needs.load(customer_id)
    ]
    catalogue = await list_catalogue(info.context.engine)
    likely = {p.product_id: p.score for p in await loaders.propensities.load(customer_id)}
    try:
        uses = uses_of_freed_funds(account_id, needs, holdings, catalogue, likely or None)
    except NotALoan as error:
        raise BadArgument(f"accountId: {error}") from error
    return [FundsUse.from_record(u) for u in uses]
