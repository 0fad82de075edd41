"""Check an audit trail against its key and its checkpoints; name the first bad line.

`kith audit verify` and `python -m api.security.audit.verify` run this with the
service's settings (KITH_AUDIT_KEY, KITH_AUDIT_PATH, KITH_AUDIT_CHECKPOINT_PATH).
"""

import json
import sys
from dataclasses import dataclass

from api.security.audit import (
    GENESIS,
    AuditFiles,
    audit_files,
    canonical,
    checkpoint_signature,
    entry_hash,
)
from api.security.settings import SecuritySettings
from graph.engines.settings import GraphSettings


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the check found: lines read, checkpoints matched, the first bad line and why."""

    lines: int
    checkpoints: int
    first_bad: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Tell whether the trail is whole: every line keyed and chained, every checkpoint met."""
        return self.problem is None


def verify(files: AuditFiles) -> Verdict:
    """Walk the trail line by line, then hold it against the signed checkpoints."""
    marks, broken = _checkpoints(files)
    if broken is not None:
        return Verdict(0, 0, None, broken)
    previous, count, met = GENESIS, 0, 0
    if files.trail.exists():
        with files.trail.open("rb") as trail:
            for count, raw in enumerate(trail, start=1):
                problem = _line_problem(files.key, raw, count, previous)
                if problem is not None:
                    return Verdict(count - 1, met, count, problem)
                previous = json.loads(raw)["hash"]
                if count in marks:
                    if marks[count] != previous:
                        return Verdict(count, met, count, _rewritten(count, marks))
                    met += 1
    last_mark = max(marks, default=0)
    if last_mark > count:
        return Verdict(count, met, count + 1, f"the trail ends at line {count} but a "
                       f"checkpoint names line {last_mark}: lines were removed")  # fmt: skip
    if count and not marks:
        return Verdict(count, 0, None, "no checkpoints: the second sink is missing or empty")
    return Verdict(count, met)


def _line_problem(key: bytes, raw: bytes, number: int, previous: str) -> str | None:
    try:
        entry = json.loads(raw)
        body, given, hashed = entry["event"], entry["n"], entry["hash"]
    except (ValueError, KeyError, TypeError):
        return f"line {number} is not an audit entry (malformed JSON or missing fields)"
    if given != number:
        return f"line {number} says it is line {given}: lines were removed or reordered"
    if not isinstance(body, dict) or entry_hash(key, previous, number, canonical(body)) != hashed:
        return f"line {number} does not match its hash: edited, forged or out of chain"
    return None


def _rewritten(number: int, marks: dict[int, str]) -> str:
    before = max((n for n in marks if n < number), default=0)
    return (f"line {number} differs from its signed checkpoint: the chain was rewritten "
            f"after line {before}")  # fmt: skip


def _checkpoints(files: AuditFiles) -> tuple[dict[int, str], str | None]:
    """The checkpoints as line number -> hash, or the problem with the sink."""
    marks: dict[int, str] = {}
    if not files.checkpoints.exists():
        return marks, None
    with files.checkpoints.open("rb") as sink:
        for number, raw in enumerate(sink, start=1):
            try:
                mark = json.loads(raw)
                n, last, at, signature = mark["n"], mark["hash"], mark["at"], mark["signature"]
            except (ValueError, KeyError, TypeError):
                return marks, f"checkpoint line {number} is malformed"
            if checkpoint_signature(files.key, int(n), str(last), str(at)) != signature:
                return marks, f"checkpoint line {number} does not carry a valid signature"
            marks[int(n)] = str(last)
    return marks, None


def report(verdict: Verdict, files: AuditFiles) -> str:
    """One line for a person: whole, or the first bad line and why."""
    if verdict.ok:
        return (f"{files.trail}: {verdict.lines} lines verified, "
                f"{verdict.checkpoints} checkpoints met")  # fmt: skip
    where = f"line {verdict.first_bad}" if verdict.first_bad else "checkpoints"
    return f"{files.trail}: BROKEN at {where}: {verdict.problem}"


def main() -> int:
    """Verify the trail named by the environment; exit 1 when broken."""
    files = audit_files(SecuritySettings(), GraphSettings().data_dir)
    verdict = verify(files)
    print(report(verdict, files))
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
