"""Kith in a supergraph: Apollo's composition and gateway, over real HTTP on loopback.

The gateway (tests/federation, locked in its package-lock.json) composes Kith's exported
subgraph SDL with a payments subgraph written for the test, which extends Customer with
recentPayments; one query spans both, and the caller's bearer token is forwarded to each.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.served import ADMIN, CC

ROOT = Path(__file__).resolve().parents[2]
FEDERATION_DIR = ROOT / "tests" / "federation"
SUBGRAPH_SDL = ROOT / "schema.federation.graphql"

SPANNING = """query ($id: ID!) { customer(id: $id) {
    fullName city recentPayments(first: 2) { reference amount payee } } }"""


@pytest.fixture(scope="module")
def gateway_tools() -> Path:
    """Install Apollo's composition and gateway from the committed lock file, once."""
    if not (FEDERATION_DIR / "node_modules" / "@apollo" / "gateway").exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install Apollo's gateway"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=FEDERATION_DIR, check=True, timeout=600,
        )  # fmt: skip
    return FEDERATION_DIR


def supergraph(tools: Path, kith: str, payments_sdl: Path | None = None) -> subprocess.Popen[str]:
    """Start the composing gateway in front of Kith at `kith`; it prints one JSON line."""
    node = shutil.which("node")
    assert node, "node is needed to run Apollo's gateway"
    extra = [str(payments_sdl)] if payments_sdl else []
    return subprocess.Popen(
        [node, "supergraph.mjs", str(SUBGRAPH_SDL), f"{kith}/graphql", *extra], cwd=tools,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def first_line(process: subprocess.Popen[str]) -> dict[str, object]:
    """The gateway's report: its URL, or the composition errors."""
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, f"the gateway said nothing: {process.stderr.read() if process.stderr else ''}"
    report: dict[str, object] = json.loads(line)
    return report


@pytest.fixture(scope="module")
def gateway(gateway_tools: Path, api: str) -> Iterator[str]:
    """The supergraph's gateway on loopback; yields its URL (composition must succeed)."""
    process = supergraph(gateway_tools, api)
    try:
        report = first_line(process)
        assert "errors" not in report, f"composition failed: {report['errors']}"
        yield str(report["gateway"])
    finally:
        process.terminate()
        process.wait(timeout=20)


def ask(gateway: str, headers: dict[str, str], customer: str) -> dict[str, object]:
    """POST the spanning query to the gateway as a caller."""
    body = {"query": SPANNING, "variables": {"id": customer}}
    answer: dict[str, object] = httpx.post(gateway, json=body, headers=headers, timeout=30).json()
    return answer


def test_one_query_spans_kith_and_payments_with_the_token_forwarded(gateway: str) -> None:
    answer = ask(gateway, ADMIN, "C-0000001")
    assert "errors" not in answer, answer
    assert answer["data"] == {"customer": {
        "fullName": "Maya Okafor", "city": "Leeds",
        "recentPayments": [
            {"reference": "PAY-1001", "amount": 82.5, "payee": "Leeds City Council"},
            {"reference": "PAY-1002", "amount": 1250.0, "payee": "Northern Homes"},
        ],
    }}  # fmt: skip


def test_the_gateway_gets_only_what_the_forwarded_token_may_see(gateway: str) -> None:
    assert ask(gateway, CC, "C-0000002")["data"] == {"customer": None}  # not the verified caller
    refused = ask(gateway, {}, "C-0000001")  # no token: Kith answers 401 to the gateway
    assert refused.get("data") in (None, {"customer": None})
    assert refused["errors"]


def test_a_subgraph_that_does_not_compose_is_refused(gateway_tools: Path, tmp_path: Path) -> None:
    clashing = tmp_path / "payments.graphql"  # Customer.fullName is a String in Kith
    clashing.write_text(
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])\n'
        'type Customer @key(fields: "id") { id: ID! fullName: Int }\n'
    )
    process = supergraph(gateway_tools, "http://127.0.0.1:9", clashing)
    report = first_line(process)
    assert process.wait(timeout=60) == 1
    assert any("fullName" in str(error) for error in report["errors"])  # type: ignore[attr-defined]
