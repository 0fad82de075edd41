"""Security settings from `KITH_*` environment variables, built only at entry points."""

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Mode(StrEnum):
    """Development keeps GraphiQL and a local token issuer; production keeps neither."""

    DEVELOPMENT = "development"
    PRODUCTION = "production"


class ServiceAccount(BaseModel):
    """A system that calls Kith with an API key: its name, role and channel."""

    name: str = Field(min_length=1, max_length=80)
    role: str
    channel: str = "BACK_OFFICE"


class SecuritySettings(BaseSettings):
    """Who may call Kith, how they prove it, and the limits every request lives within."""

    model_config = SettingsConfigDict(env_prefix="KITH_", extra="ignore")

    mode: Mode = Mode.DEVELOPMENT
    jwt_secret: SecretStr | None = Field(
        default=None, description="HS256 key shared with the bank's token issuer (32+ bytes)"
    )
    jwt_public_key: str | None = Field(
        default=None, description="PEM public key of the bank's issuer (RS256 or ES256)"
    )
    jwt_issuer: str = "kith"
    jwt_audience: str = "kith"
    api_keys: dict[str, ServiceAccount] = Field(
        default_factory=dict,
        description='JSON: {"<sha256 hex of the key>": {"name", "role", "channel"}}',
    )
    audit_path: Path | None = Field(
        default=None, description="append-only audit file; default DATA_DIR/audit/audit.jsonl"
    )
    audit_key: SecretStr | None = Field(
        default=None, description="HMAC key of the audit chain (32+ bytes); production needs it"
    )
    audit_checkpoint_path: Path | None = Field(
        default=None,
        description="the second sink for signed checkpoints; default beside the audit file",
    )
    auth_failures_per_minute: int = Field(
        default=60, ge=1, description="failed authentications per client address, then 429"
    )
    max_json_depth: int = Field(default=32, ge=4, le=256, description="request body nesting")
    rate_limit_per_minute: int = Field(default=600, ge=1)
    request_deadline_s: float = Field(default=10.0, gt=0, le=120)
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    max_concurrency: int = Field(
        default=200, ge=1,
        description="requests in progress per process; beyond it, or beyond what the process "
        "finishes in half the deadline at its recent pace, 503 OVERLOADED at once",
    )  # fmt: skip
    min_group_size: int = Field(
        default=10, ge=1, description="aggregates over fewer customers than this are withheld"
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @field_validator("jwt_secret", "audit_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < 32:
            raise ValueError("must be at least 32 bytes")
        return value

    @property
    def production(self) -> bool:
        """Tell whether Kith runs for real: no GraphiQL, no introspection, no dev issuer."""
        return self.mode is Mode.PRODUCTION
