"""Graph settings from `KITH_*` environment variables, built only at entry points."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class GraphSettings(BaseSettings):
    """Where the customer graph lives and how Kith talks to it."""

    model_config = SettingsConfigDict(env_prefix="KITH_", extra="ignore")

    graph_uri: str | None = Field(
        default=None,
        description="neo4j://host:7687 (cluster routing) or bolt://host:7687; unset = embedded",
    )
    graph_user: str = "neo4j"
    graph_password: SecretStr = SecretStr("")
    graph_database: str | None = Field(
        default=None, description="Neo4j database, or the embedded graph's name (default 'kith')"
    )
    data_dir: Path = Path(".kith")
    pool_size: int = Field(default=50, ge=1, le=1000)
    acquisition_timeout_s: float = Field(default=30.0, gt=0)
    transaction_timeout_s: float = Field(default=30.0, gt=0)
    connect_timeout_s: float = Field(default=10.0, gt=0, le=60)

    @property
    def embedded(self) -> bool:
        """Tell whether no database is configured, so Kith runs its own engine."""
        return not self.graph_uri

    @property
    def embedded_graph_name(self) -> str:
        """Name of the graph inside the embedded engine."""
        return self.graph_database or "kith"
