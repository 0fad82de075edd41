"""The scoring rules' thresholds from `KITH_*` variables, built at entry points and passed
down: `kith score`, `kith load`'s re-check and the service's live re-check read the same."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from recommenders.attrition import AttritionSettings
from recommenders.tiers import TierThresholds

_ATTRITION, _TIERS = AttritionSettings(), TierThresholds()


class RuleSettings(BaseSettings):
    """`KITH_ATTRITION_*` (the attrition rule) and `KITH_TIER_*` (where each tier starts,
    in minor units)."""

    model_config = SettingsConfigDict(env_prefix="KITH_", extra="ignore")

    attrition_dispute_days: int = Field(default=_ATTRITION.dispute_days, ge=1)
    attrition_spend_drop: float = Field(default=_ATTRITION.spend_drop, ge=0.05, le=1.0)
    tier_mass_affluent_minor: int = Field(default=_TIERS.mass_affluent_minor, ge=0)
    tier_affluent_minor: int = Field(default=_TIERS.affluent_minor, ge=0)
    tier_private_minor: int = Field(default=_TIERS.private_minor, ge=0)

    def attrition(self) -> AttritionSettings:
        """The attrition rule's thresholds."""
        return AttritionSettings(self.attrition_dispute_days, self.attrition_spend_drop)

    def tiers(self) -> TierThresholds:
        """The value tiers' floors."""
        return TierThresholds(
            self.tier_mass_affluent_minor, self.tier_affluent_minor, self.tier_private_minor
        )
