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
    attrition_robust_z: float = Field(default=_ATTRITION.robust_z, ge=0.0)
    attrition_min_spread: float = Field(default=_ATTRITION.min_spread, ge=0.0, le=1.0)
    attrition_sustain_months: int = Field(default=_ATTRITION.sustain_months, ge=1)
    attrition_within_months: int = Field(default=_ATTRITION.within_months, ge=1)
    attrition_baseline_months: int = Field(default=_ATTRITION.baseline_months, ge=1)
    attrition_min_baseline: int = Field(default=_ATTRITION.min_baseline, ge=1)
    tier_mass_affluent_minor: int = Field(default=_TIERS.mass_affluent_minor, ge=0)
    tier_affluent_minor: int = Field(default=_TIERS.affluent_minor, ge=0)
    tier_private_minor: int = Field(default=_TIERS.private_minor, ge=0)

    def attrition(self) -> AttritionSettings:
        """The attrition rule's thresholds."""
        return AttritionSettings(
            dispute_days=self.attrition_dispute_days,
            spend_drop=self.attrition_spend_drop,
            robust_z=self.attrition_robust_z,
            min_spread=self.attrition_min_spread,
            sustain_months=self.attrition_sustain_months,
            within_months=self.attrition_within_months,
            baseline_months=self.attrition_baseline_months,
            min_baseline=self.attrition_min_baseline,
        )

    def tiers(self) -> TierThresholds:
        """The value tiers' floors."""
        return TierThresholds(
            self.tier_mass_affluent_minor, self.tier_affluent_minor, self.tier_private_minor
        )
