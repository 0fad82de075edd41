"""Lifestyle needs and opportunities: typed now, filled by the recommenders."""

import strawberry


@strawberry.type(description="A lifestyle need and the path in the graph that justifies it.")
class Need:
    kind: str
    score: float
    evidence: list[str]
    subject_id: strawberry.ID | None


@strawberry.type(description="A product to offer, why, and how to open the conversation.")
class Opportunity:
    product_id: strawberry.ID
    product_name: str
    score: float
    need_kind: str | None
    script: list[str]
