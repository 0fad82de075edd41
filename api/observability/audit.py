"""The audit trail, each append timed."""

from api.observability.metrics import Metrics
from api.security.audit import AuditEvent, AuditFiles, AuditLog


class TimedAuditLog(AuditLog):
    """An AuditLog whose appends (write and fsync) are timed into the metrics."""

    def __init__(self, files: AuditFiles, metrics: Metrics | None) -> None:
        super().__init__(files)
        self._timing = metrics.audit_append if metrics is not None else None

    def write(self, events: list[AuditEvent]) -> None:
        """Append the events, timed."""
        if self._timing is None or not events:
            super().write(events)
            return
        with self._timing.time():
            super().write(events)
