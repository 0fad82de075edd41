"""The audit trail: one line per customer returned and per denied attempt, hash-chained.

Each line holds the event, the previous line's hash and its own (SHA-256 over the
previous hash and the event's canonical JSON), so removing or editing a line breaks the
chain from there on (`kith audit verify`). The file is opened append-only and readable by
the service's user alone; a bank ships it to its SIEM with a log forwarder and can make it
append-only for root too (`chattr +a`). See docs/security.md.
"""

import hashlib
import json
import os
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from api.security.errors import DomainError
from api.security.identity import Principal

GENESIS: Final = "0" * 64


class AuditUnavailable(DomainError):
    """The audit trail cannot be written: reads of personal data must not proceed."""

    code = "AUDIT_UNAVAILABLE"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what to which customer, and how it ended."""

    user: str
    role: str
    channel: str
    operation: str
    document_sha256: str
    customer_id: str | None
    outcome: str  # RETURNED, DENIED, UNAUTHENTICATED, SELECTED, CREATED
    correlation_id: str
    at: str = ""
    filter: str | None = None  # SELECTED: the filter, as JSON, a list or aggregate applied


def chain_hash(previous: str, event_json: str) -> str:
    """The hash of a line: its predecessor's hash and its own canonical JSON."""
    return hashlib.sha256(f"{previous}\n{event_json}".encode()).hexdigest()


class AuditLog:
    """An append-only, hash-chained JSON Lines file; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last = _last_hash(path)

    def record(
        self, who: Principal, operation: str, customers: Iterable[str | None], outcome: str,
        correlation: str, document_sha256: str = "-",
    ) -> None:  # fmt: skip
        """Write one event per customer for this caller, or raise AuditUnavailable."""
        self.write([
            AuditEvent(who.user, who.role.value, who.channel, operation, document_sha256,
                       customer, outcome, correlation)
            for customer in customers
        ])  # fmt: skip

    def record_selection(
        self, who: Principal, operation: str, filter_json: str, correlation: str
    ) -> None:
        """Write the filter a list, export or aggregate applied, or raise AuditUnavailable."""
        self.write([
            AuditEvent(who.user, who.role.value, who.channel, operation, "-", None, "SELECTED",
                       correlation, filter=filter_json)
        ])  # fmt: skip

    def write(self, events: list[AuditEvent]) -> None:
        """Append the events and flush them to disk, or raise AuditUnavailable."""
        if not events:
            return
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        try:
            with self._lock:
                lines, last = [], self._last
                for event in events:
                    body = json.dumps({**asdict(event), "at": event.at or now}, sort_keys=True)
                    last = chain_hash(last, body)
                    lines.append(json.dumps({"event": json.loads(body), "hash": last}) + "\n")
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    os.write(fd, "".join(lines).encode())
                    os.fsync(fd)
                finally:
                    os.close(fd)
                self._last = last
        except OSError as error:
            raise AuditUnavailable(
                f"the audit trail cannot be written: {error.strerror}"
            ) from error


def _last_hash(path: Path) -> str:
    if not path.exists() or path.stat().st_size == 0:
        return GENESIS
    with path.open("rb") as file:
        file.seek(max(0, path.stat().st_size - 4096))
        last_line = file.read().splitlines()[-1]
    return str(json.loads(last_line)["hash"])


def verify(path: Path) -> tuple[int, int | None]:
    """Check the chain: (lines read, the first line number that breaks it, or None)."""
    previous, count = GENESIS, 0
    with path.open(encoding="utf-8") as file:
        for count, line in enumerate(file, start=1):
            entry = json.loads(line)
            body = json.dumps(entry["event"], sort_keys=True)
            if chain_hash(previous, body) != entry["hash"]:
                return count, count
            previous = entry["hash"]
    return count, None
