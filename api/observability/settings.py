"""Observability settings from `KITH_*` environment variables, built only at entry points."""

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class ObservabilitySettings(BaseSettings):
    """What the service exports about itself, and to whom."""

    model_config = SettingsConfigDict(env_prefix="KITH_", extra="ignore")

    metrics: bool = Field(default=True, description="collect Prometheus metrics")
    metrics_token_sha256: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="sha256 hex of the token a scraper shows at /metrics; unset: no /metrics",
    )
    metrics_operations: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="operation names counted by name besides the workspace's (comma-separated)",
    )
    metrics_textfile_dir: Path | None = Field(
        default=None,
        description="where batch commands write kith_<job>.prom at their end (a node "
        "exporter's textfile directory); unset: nothing is written",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP collector, e.g. http://collector:4318; unset: no traces",
    )
    trace_sample_ratio: float = Field(
        default=1.0,
        ge=0.0,
        le=1.0,
        description="share of requests traced (a router's sampling decision is kept)",
    )
    log_format: Literal["json", "human"] = Field(
        default="json", description="json: one event per line; human: for a developer's terminal"
    )

    @field_validator("metrics_operations", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [name.strip() for name in value.split(",") if name.strip()]
        return value
