"""Cypher written once: Neo4j's linter and the embedded engine's planner check every statement."""

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graph.engines.embedded import EmbeddedEngine
from tests.graph.cypher_catalog import Statement, statements

LINT_DIR = Path(__file__).resolve().parents[1] / "cypher_lint"
GRAPH_DIR = Path(__file__).resolve().parents[2] / "graph"
PARAMETER_NOT_DEFINED = re.compile(r"^Parameter \$\w+ is not defined\.$")
# What the embedded engine lacks (see ENGINES.md): a shared statement must not use it.
EMBEDDED_GAPS = {
    "=~ regex": re.compile(r"=~"),
    "EXISTS { } subquery": re.compile(r"\bEXISTS\s*\{", re.IGNORECASE),
    "COUNT { } subquery": re.compile(r"\bCOUNT\s*\{", re.IGNORECASE),
    "shortestPath (use allShortestPaths)": re.compile(r"(?<!all)shortestPath\s*\(", re.IGNORECASE),
    "elementId()": re.compile(r"elementId\s*\(", re.IGNORECASE),
    "FalkorDB-only vecf32()": re.compile(r"vecf32\s*\(", re.IGNORECASE),
}
ENGINE_CALLS = {"read", "write", "write_batches", "run", "query", "ro_query", "explain"}

ALL = statements()
NEO4J = [s for s in ALL if s.dialect in ("shared", "neo4j")]
SHARED = [s for s in ALL if s.dialect == "shared"]


@pytest.fixture(scope="module")
def linter() -> Path:
    """Install Neo4j's language support from the committed lock file, once."""
    installed = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
    if not installed.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install Neo4j's Cypher linter"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=LINT_DIR, check=True, timeout=600,
        )  # fmt: skip
    return LINT_DIR


def lint(linter: Path, texts: list[str]) -> list[list[str]]:
    """Return, per statement, the diagnostics other than undefined parameters."""
    node = shutil.which("node")
    assert node, "node is needed to run Neo4j's Cypher linter"
    done = subprocess.run(
        [node, "lint.mjs"], cwd=linter, input=json.dumps(texts), capture_output=True,
        text=True, check=True, timeout=300,
    )  # fmt: skip
    return [
        [d["message"] for d in diagnostics if not PARAMETER_NOT_DEFINED.match(d["message"])]
        for diagnostics in json.loads(done.stdout)
    ]


def test_the_catalog_finds_the_statements() -> None:
    where = {s.where for s in ALL}
    assert "graph.customers.UPSERT_CUSTOMERS" in where
    assert "graph.customers.LINK_FAMILY['PARENT']" in where
    assert "graph.engines.neo4j_schema.KEY_CONSTRAINTS[0]" in where
    assert len(SHARED) >= 10


def test_every_statement_passes_neo4j_parser_and_semantic_analysis(linter: Path) -> None:
    problems = {
        s.where: messages
        for s, messages in zip(NEO4J, lint(linter, [s.text for s in NEO4J]), strict=True)
        if messages
    }
    assert problems == {}


def test_the_linter_rejects_what_neo4j_would_reject(linter: Path) -> None:
    undefined, syntax, fine = lint(
        linter, ["MATCH (a) RETURN b", "MATCH (a RETURN a", "MATCH (a {id: $id}) RETURN a"]
    )
    assert any("`b` not defined" in message for message in undefined)
    assert syntax
    assert fine == []


@pytest.mark.parametrize("statement", SHARED, ids=lambda s: s.where)
def test_shared_statements_avoid_the_embedded_engines_gaps(statement: Statement) -> None:
    used = [gap for gap, pattern in EMBEDDED_GAPS.items() if pattern.search(statement.text)]
    assert used == []


# SKIP and LIMIT must be integers even to be planned; every other parameter may be null.
PAGING = {"skip": 0, "limit": 1}


async def test_the_embedded_engine_plans_every_shared_statement(engine: EmbeddedEngine) -> None:
    refused = {}
    for statement in SHARED:
        try:
            await engine.explain(statement.text, PAGING)
        except Exception as err:  # noqa: BLE001 - every refusal is collected and reported
            refused[statement.where] = str(err)
    assert refused == {}


def test_statements_reach_engines_only_as_named_constants() -> None:
    """A literal, f-string or concatenation passed to an engine call is not in the catalog."""
    offenders = []
    for path in sorted(GRAPH_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ENGINE_CALLS
                and node.args
                and not isinstance(node.args[0], ast.Name | ast.Attribute | ast.Subscript)
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
