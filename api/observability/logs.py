"""Logs as JSON lines (one event per line), or the human format for a developer.

Every line carries the request's correlation id and operation name (bounded, as in the
metrics) when it was written while serving one. Messages are the code's own words with
%-style arguments; Kith never logs customer data or query parameters (STYLE.md), and the
HTTP access line keeps the method, path and status only: no query string, no client address.
"""

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Final, Literal

correlation_var: ContextVar[str | None] = ContextVar("kith_correlation", default=None)
operation_var: ContextVar[str | None] = ContextVar("kith_operation", default=None)

HUMAN: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonLines(logging.Formatter):
    """One JSON object per event: time, level, logger, message, correlation id, operation."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as one line of JSON."""
        event: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _message(record),
        }
        if (correlation := correlation_var.get()) is not None:
            event["correlation_id"] = correlation
        if (operation := operation_var.get()) is not None:
            event["operation"] = operation
        if record.exc_info and record.exc_info[0] is not None:
            event["exception"] = record.exc_info[0].__name__  # the type: a message may quote data
            event["stack"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


def _message(record: logging.LogRecord) -> str:
    args = record.args
    if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
        _client, method, path, _version, status = args
        return f"{method} {str(path).split('?', 1)[0]} {status}"
    return record.getMessage()


def configure_logging(log_format: Literal["json", "human"], level: int) -> None:
    """Send every logger's events to stderr in one format (once, at the entry point)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if log_format == "json" else logging.Formatter(HUMAN))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []  # theirs go through the root's handler
        logging.getLogger(name).propagate = True
