"""The audit trail: one line per customer returned, per write and per denied attempt.

One chain per trail, whatever the number of processes: each append takes an exclusive
lock on the file (`flock`) and re-reads the last line under it, so a second `kith serve`
on the same data dir continues the chain instead of forking it. Each line holds its number,
the event and an HMAC-SHA256 over the previous line's hash, its number and the event's
canonical JSON, keyed with KITH_AUDIT_KEY: without the key no line can be forged or the
chain recomputed. After each append a signed checkpoint (last line number and hash) goes
to a second sink, so cutting the tail, or rewriting the chain with the key, no longer
matches the checkpoints. `kith audit verify` checks both; see docs/security.md.
"""

import fcntl
import hashlib
import hmac
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
from api.security.keys import local_key
from api.security.settings import SecuritySettings

GENESIS: Final = "0" * 64
_TAIL_CHUNK: Final = 4096


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
    outcome: str  # RETURNED, WRITE, SELECTED, CREATED, DENIED, ERASED, UNAUTHENTICATED
    correlation_id: str
    at: str = ""
    filter: str | None = None  # SELECTED: the filter, as JSON, a list or aggregate applied


def entry_hash(key: bytes, previous: str, number: int, event_json: str) -> str:
    """The keyed hash of line `number`: its predecessor's hash, its number and its event."""
    message = f"{previous}\n{number}\n{event_json}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_signature(key: bytes, number: int, last: str, at: str) -> str:
    """The signature of a checkpoint: the trail held `number` lines ending in `last`."""
    message = f"checkpoint\n{number}\n{last}\n{at}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def canonical(event: dict[str, object]) -> str:
    """An event's canonical JSON, the text its hash covers."""
    return json.dumps(event, sort_keys=True)


@dataclass(frozen=True, slots=True)
class AuditFiles:
    """Where a trail lives, where its checkpoints go, and the key of both."""

    trail: Path
    checkpoints: Path
    key: bytes


def audit_files(settings: SecuritySettings, data_dir: Path) -> AuditFiles:
    """The trail, its checkpoint sink and key; production without KITH_AUDIT_KEY refuses."""
    trail = settings.audit_path or data_dir / "audit" / "audit.jsonl"
    checkpoints = settings.audit_checkpoint_path or trail.with_name(
        trail.stem + ".checkpoints.jsonl"
    )
    if settings.audit_key is not None:
        key = settings.audit_key.get_secret_value().encode()
    elif settings.production:
        raise AuditUnavailable("production mode needs KITH_AUDIT_KEY: refusing to start")
    else:
        key = local_key(data_dir / "dev-audit.key")
    return AuditFiles(trail, checkpoints, key)


class AuditLog:
    """An append-only, keyed, hash-chained JSON Lines file shared by threads and processes."""

    def __init__(self, files: AuditFiles) -> None:
        self.files = files
        self.path = files.trail
        self._lock = threading.Lock()
        self._seen: tuple[int, int, str] = (-1, 0, GENESIS)  # (size, lines, last hash)

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
        """Append the events durably and checkpoint them, or raise AuditUnavailable."""
        if not events:
            return
        now = datetime.now(UTC).isoformat(timespec="milliseconds")
        try:
            with self._lock:
                self._append(events, now)
        except OSError as error:
            raise AuditUnavailable(
                f"the audit trail cannot be written: {error.strerror}"
            ) from error

    def _append(self, events: list[AuditEvent], now: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released by close: one writer at a time
            number, last = self._tail(fd)
            lines = []
            for event in events:
                body = canonical({**asdict(event), "at": event.at or now})
                number += 1
                last = entry_hash(self.files.key, last, number, body)
                lines.append(f'{{"n": {number}, "event": {body}, "hash": "{last}"}}\n')
            _write_all(fd, "".join(lines).encode())
            os.fsync(fd)
            self._seen = (os.fstat(fd).st_size, number, last)
            self._checkpoint(number, last, now)
        finally:
            os.close(fd)

    def _tail(self, fd: int) -> tuple[int, str]:
        """The number and hash of the trail's last line, read under the lock."""
        size = os.fstat(fd).st_size
        if size == self._seen[0]:  # nobody else wrote since our last append
            return self._seen[1], self._seen[2]
        if size == 0:
            return 0, GENESIS
        last_line = _last_line(fd, size)
        try:
            entry = json.loads(last_line)
            return int(entry["n"]), str(entry["hash"])
        except (ValueError, KeyError, TypeError) as error:
            # A damaged end is not continued: appending would hide it (fail closed).
            raise AuditUnavailable(
                "the audit trail's last line is damaged; run `kith audit verify`"
            ) from error

    def _checkpoint(self, number: int, last: str, at: str) -> None:
        signature = checkpoint_signature(self.files.key, number, last, at)
        line = json.dumps({"n": number, "hash": last, "at": at, "signature": signature})
        sink = self.files.checkpoints
        sink.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(sink, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _write_all(fd, (line + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def _last_line(fd: int, size: int) -> bytes:
    """The file's last line (without its newline), read backwards in chunks."""
    chunk = _TAIL_CHUNK
    while True:
        start = max(0, size - chunk)
        text = os.pread(fd, size - start, start).rstrip(b"\n")
        if b"\n" in text or start == 0:
            return text.rsplit(b"\n", 1)[-1]
        chunk *= 2
