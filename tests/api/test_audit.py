"""The audit trail one can prove: one keyed chain across processes, checkpointed, verified.

The trail is real files written by real processes; the writes are real HTTP against the
real engine. Each tamper a person with shell access could try is tried, and found.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.security.audit import AuditEvent, AuditFiles, AuditLog, canonical, entry_hash
from api.security.audit.verify import verify
from api.security.settings import SecuritySettings
from graph.engines.settings import GraphSettings
from tests.api.served import ADMIN, BRANCH, post, secured, serve

# The `kith` command of this checkout (the venv's console script imports from /work/main).
KITH = [sys.executable, "-c", "from api.commands import app; app()"]
KEY = b"an-audit-key-for-these-tests-0123456789"
# What a second `kith serve` on the same data dir does to the trail: append, as its own process.
WRITER = """
import sys, time
from pathlib import Path
from api.security.audit import AuditEvent, audit_files, AuditLog
from api.security.settings import SecuritySettings
log = AuditLog(audit_files(SecuritySettings(), Path(sys.argv[1])))
Path(sys.argv[1], sys.argv[3] + ".ready").touch()
while not Path(sys.argv[1], "go").exists():  # both start writing together, however slow
    time.sleep(0.01)                         # each interpreter was to start
for n in range(int(sys.argv[2])):
    log.write([AuditEvent(sys.argv[3], "ADMINISTRATOR", "BACK_OFFICE", "customer", "-",
                          f"C-{n:07d}", "RETURNED", "c0ffee00")])
"""


def audit_env(data_dir: Path) -> dict[str, str]:
    """The environment of a service whose trail lives in data_dir with the tests' key."""
    return {**os.environ, "KITH_DATA_DIR": str(data_dir), "KITH_AUDIT_KEY": KEY.decode()}


def files_in(data_dir: Path) -> AuditFiles:
    """The trail and checkpoints a service on data_dir keeps (the default places)."""
    trail = data_dir / "audit" / "audit.jsonl"
    return AuditFiles(trail, trail.with_name("audit.checkpoints.jsonl"), KEY)


def written(data_dir: Path, count: int) -> AuditFiles:
    """A trail of `count` events, one request's worth each."""
    files = files_in(data_dir)
    log = AuditLog(files)
    for n in range(count):
        log.write([AuditEvent("u", "ADMINISTRATOR", "BACK_OFFICE", "customer", "-",
                              f"C-{n:07d}", "RETURNED", "c0ffee00")])  # fmt: skip
    return files


def test_two_processes_appending_at_once_keep_one_chain(tmp_path: Path) -> None:
    env = audit_env(tmp_path)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), "300", name], env=env)
        for name in ("serve-a", "serve-b")
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{name}.ready").exists() for name in ("serve-a", "serve-b")):
        assert time.monotonic() < deadline, "the writers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    verdict = verify(files_in(tmp_path))
    assert (verdict.ok, verdict.lines, verdict.problem) == (True, 600, None)
    users = [json.loads(line)["event"]["user"] for line in files_in(tmp_path).trail.open()]
    assert users.count("serve-a") == users.count("serve-b") == 300
    assert users[:300] != ["serve-a"] * 300  # they did interleave


def test_a_cut_tail_is_found_by_the_checkpoints(tmp_path: Path) -> None:
    files = written(tmp_path, 20)
    lines = files.trail.read_text().splitlines(keepends=True)
    files.trail.write_text("".join(lines[:15]))
    verdict = verify(files)
    assert (verdict.ok, verdict.first_bad) == (False, 16)
    assert "removed" in (verdict.problem or "")
    files.checkpoints.unlink()  # the second sink gone as well: said, not passed
    assert not verify(files).ok


def test_a_chain_rewritten_with_the_key_differs_from_the_checkpoints(tmp_path: Path) -> None:
    files = written(tmp_path, 20)
    entries = [json.loads(line) for line in files.trail.read_text().splitlines()]
    entries[9]["event"]["customer_id"] = "C-9999999"
    for key, first_bad in ((b"a-guessed-key", 10), (KEY, 10)):
        previous = entries[8]["hash"]
        for entry in entries[9:]:  # recompute from the edit on, as an insider would
            previous = entry["hash"] = entry_hash(key, previous, entry["n"],
                                                  canonical(entry["event"]))  # fmt: skip
        files.trail.write_text("".join(json.dumps(e) + "\n" for e in entries))
        verdict = verify(files)
        assert (verdict.ok, verdict.first_bad) == (False, first_bad)
    assert "checkpoint" in (verify(files).problem or "")


def test_verify_names_a_malformed_line_from_the_command_line(tmp_path: Path) -> None:
    files = written(tmp_path, 10)
    env = audit_env(tmp_path)
    whole = subprocess.run([*KITH, "audit", "verify"], env=env, capture_output=True, text=True)
    assert whole.returncode == 0, whole.stderr
    assert "10 lines verified, 10 checkpoints met" in whole.stdout
    lines = files.trail.read_text().splitlines(keepends=True)
    lines[6] = "not json at all {\n"
    files.trail.write_text("".join(lines))
    for command in ([*KITH, "audit", "verify"],
                    [sys.executable, "-m", "api.security.audit.verify"]):  # fmt: skip
        broken = subprocess.run(command, env=env, capture_output=True, text=True)
        assert broken.returncode == 1, broken.stderr
        assert "BROKEN at line 7" in broken.stdout + broken.stderr
        assert "Traceback" not in broken.stderr


INTERACTIONS = '{ customer(id: "C-0000002") { serviceExcellence { interactions } } }'
RECORD = "mutation ($i: InteractionInput!) { recordInteraction(interaction: $i) { __typename } }"
CALL = {"id": "I-AUDIT-0001", "customerId": "C-0000002", "channel": "WEB", "intent": "GENERAL",
        "outcome": "RESOLVED", "at": "2026-11-03T10:00:00+00:00"}  # fmt: skip


def test_a_write_is_not_committed_when_its_audit_cannot_be_written(
    api: str, api_graph: GraphSettings, tmp_path: Path
) -> None:
    before = post(api, INTERACTIONS, BRANCH).json()["data"]
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")  # a file where the audit's folder should be
    with serve(api_graph, security=secured({"audit_path": blocked / "audit.jsonl"})) as base:
        refused = post(base, RECORD, ADMIN, i=CALL).json()
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "AUDIT_UNAVAILABLE"
    assert post(api, INTERACTIONS, BRANCH).json()["data"] == before  # nothing written
    assert post(api, RECORD, ADMIN, i=CALL).json()["data"]["recordInteraction"] == {
        "__typename": "InteractionRecorded"
    }  # the same write with a working trail goes through, and is counted
    after = post(api, INTERACTIONS, BRANCH).json()["data"]
    assert after != before


@pytest.mark.parametrize("limit", [40])
def test_failed_authentication_is_counted_per_address_not_logged_per_try(
    api_graph: GraphSettings, tmp_path: Path, limit: int
) -> None:
    trail = tmp_path / "audit.jsonl"
    security = secured({"audit_path": trail, "auth_failures_per_minute": limit})
    bad = {"Authorization": "Bearer not-a-token"}
    with serve(api_graph, security=security) as base, httpx.Client(timeout=30) as client:
        codes = [client.post(f"{base}/graphql", json={"query": "{ __typename }"},
                             headers=bad).status_code for _ in range(200)]  # fmt: skip
        good = client.post(f"{base}/graphql", json={"query": "{ __typename }"}, headers=ADMIN)
    assert codes[:limit] == [401] * limit
    assert set(codes[limit:]) == {429}  # the address spent its failures for the minute
    assert good.status_code == 429  # a valid token from that address waits out the minute too
    refusals = [json.loads(line)["event"] for line in trail.read_text().splitlines()]
    assert [e["operation"].split(" from ")[0] for e in refusals] == [
        "authentication failed 1x this minute",
        "authentication failed 10x this minute",
    ]
    default = SecuritySettings.model_fields["auth_failures_per_minute"].default
    assert default == 60  # the figure docs/security.md states
