"""Metrics of the batch commands (`kith load`, `demo`, `households`, `train`, `score`,
`evaluate`), in Prometheus's textfile form.

A batch job is not running when Prometheus scrapes, so it cannot be scraped: at its end it
writes its figures to `KITH_METRICS_TEXTFILE_DIR/kith_<job>.prom`, whole (a temporary file
renamed into place), for a node exporter's textfile collector to serve. Every value is the
last run's, so every metric is a gauge. Labels come from fixed sets only: the job's name,
its outcome, and the record kinds of the data contracts.
"""

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Final, ParamSpec, TypeVar

from prometheus_client import CollectorRegistry, Gauge, write_to_textfile

from api.observability.settings import ObservabilitySettings
from loaders.contracts import KINDS

JOBS: Final = frozenset(
    {"load", "demo", "households", "train", "score", "evaluate", "after-import"}
)
ROW_OUTCOMES: Final = frozenset({"read", "written", "rejected"})
JOB_OUTCOMES: Final = frozenset({"ok", "failed"})

_P = ParamSpec("_P")
_R = TypeVar("_R")


class JobMetrics:
    """One run's figures, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.seconds = Gauge("kith_job_seconds", "How long the last run took", ["job"], registry=r)
        self.finished = Gauge(
            "kith_job_last_finished_timestamp_seconds", "When the last run ended, by its outcome",
            ["job", "outcome"], registry=r,
        )  # fmt: skip
        self.rows = Gauge(
            "kith_loader_rows", "Rows of the last load by record kind and outcome",
            ["kind", "outcome"], registry=r,
        )  # fmt: skip
        self.rows_per_second = Gauge(
            "kith_loader_rows_per_second", "Rows read per second of loading, by record kind",
            ["kind"], registry=r,
        )  # fmt: skip
        self._pace: dict[str, tuple[int, float]] = {}  # per kind: rows read, seconds

    def loaded(self, kind: str, *, read: int, written: int, rejected: int, seconds: float) -> None:
        """Add one file's rows to its kind's figures."""
        if kind not in KINDS:  # a kind outside the contracts never becomes a series
            return
        for outcome, rows in (("read", read), ("written", written), ("rejected", rejected)):
            self.rows.labels(kind, outcome).inc(rows)
        rows_so_far, seconds_so_far = self._pace.get(kind, (0, 0.0))
        self._pace[kind] = (rows_so_far + read, seconds_so_far + seconds)
        if seconds_so_far + seconds > 0:
            self.rows_per_second.labels(kind).set((rows_so_far + read) / (seconds_so_far + seconds))


_current: ContextVar[JobMetrics | None] = ContextVar("kith_job_metrics", default=None)


def current() -> JobMetrics | None:
    """The running job's metrics, or None outside a recorded job."""
    return _current.get()


def recorded(job: str, command: Callable[_P, _R]) -> Callable[_P, _R]:
    """The command, its run timed and, where KITH_METRICS_TEXTFILE_DIR names a folder,
    written there when it ends, whether it succeeded or failed."""
    if job not in JOBS:
        raise ValueError(f"unknown job {job!r}")

    @functools.wraps(command)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _running(job, ObservabilitySettings().metrics_textfile_dir):
            return command(*args, **kwargs)

    return run


@contextmanager
def _running(job: str, directory: Path | None) -> Iterator[None]:
    metrics = JobMetrics()
    token = _current.set(metrics)
    started = time.perf_counter()
    outcome = "failed"
    try:
        yield
        outcome = "ok"
    except BaseException as leaving:  # an exit with code 0 (typer's or sys's) is a success
        code = getattr(leaving, "exit_code", getattr(leaving, "code", 1))
        outcome = "ok" if code in (0, None) else "failed"
        raise
    finally:
        _current.reset(token)
        if directory is not None:
            metrics.seconds.labels(job).set(time.perf_counter() - started)
            metrics.finished.labels(job, outcome).set_to_current_time()
            directory.mkdir(parents=True, exist_ok=True)
            write_to_textfile(str(directory / f"kith_{job}.prom"), metrics.registry)
