"""The contracts' code lists as GraphQL enums, registered once for every type that uses them."""

import strawberry

from graph.codes import CaseStage, ChannelCode, Intent, Outcome, SurveyKind, ViewChannel

strawberry.enum(ChannelCode, description="Where a contact happens.")
strawberry.enum(Intent, description="Why the customer made contact.")
strawberry.enum(Outcome, description="How a contact ended.")
strawberry.enum(SurveyKind, description="NPS (0-10) or CSAT (1-5).")
strawberry.enum(CaseStage, description="A case's stages, in order.")
strawberry.enum(ViewChannel, description="The screen a view is tailored for.")

__all__ = ["CaseStage", "ChannelCode", "Intent", "Outcome", "SurveyKind", "ViewChannel"]
