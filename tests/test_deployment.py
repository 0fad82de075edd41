"""The deployment files: compose wires Kith to Neo4j; the README opens with the two commands."""

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict[str, Any]:
    """Parse docker-compose.yml."""
    parsed: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return parsed


def test_compose_runs_neo4j_5_with_a_health_check_and_a_named_volume() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5")
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]
    assert neo4j["env_file"] == ".env"


def test_compose_points_kith_at_the_neo4j_service() -> None:
    kith = compose()["services"]["kith"]
    uri = urlparse(kith["environment"]["KITH_GRAPH_URI"])
    assert uri.scheme in ("neo4j", "bolt")
    assert uri.hostname == "neo4j"
    assert kith["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert kith["build"] == "."
    assert (ROOT / "Dockerfile").exists()


def test_compose_gives_the_replicas_a_redis_to_share() -> None:
    services = compose()["services"]
    broker = urlparse(services["kith"]["environment"]["KITH_BROKER_URL"])
    assert (broker.scheme, broker.hostname) == ("redis", "redis")
    assert services["kith"]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "ping" in services["redis"]["healthcheck"]["test"]


def test_the_env_example_holds_every_credential_compose_needs() -> None:
    example = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(example) == {"NEO4J_AUTH", "KITH_GRAPH_USER", "KITH_GRAPH_PASSWORD"}
    assert example["NEO4J_AUTH"] == f"{example['KITH_GRAPH_USER']}/{example['KITH_GRAPH_PASSWORD']}"
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_readme_opens_with_the_run_and_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:\w+)?\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
