"""Batch commands leave their figures for Prometheus's textfile collector: rows by kind and
outcome, pace, duration and when the last run ended, with labels from fixed sets only."""

from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from api.observability.jobs import JOB_OUTCOMES, JOBS, ROW_OUTCOMES
from loaders.contracts import KINDS
from tests.api.test_cli import kith
from tests.loaders.bank_files import bank_paths, copy_examples, read_csv, write_csv

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def textfile(path: Path) -> Samples:
    """Every sample of a textfile, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(path.read_text())
        for sample in family.samples
    }


def at(samples: Samples, name: str, **labels: str) -> float | None:
    """The sample of that name with exactly these labels, or None."""
    return samples.get((name, tuple(sorted(labels.items()))))


def test_a_load_leaves_its_rows_pace_and_outcome(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    feedback = read_csv(folder / "feedback.csv")
    write_csv(folder / "feedback.csv", [*feedback, {**feedback[0], "id": "F-9", "score": "42"}])
    customers = len(read_csv(folder / "customers.csv"))
    data_dir, metrics_dir = str(tmp_path / "kith"), tmp_path / "textfiles"
    paths = list(map(str, bank_paths(folder)))
    env = {"KITH_DATA_DIR": data_dir, "KITH_METRICS_TEXTFILE_DIR": str(metrics_dir)}
    try:
        strict = kith("load", *paths, **env)
        assert strict.returncode == 1  # one rejected row is too many by default
        failed = textfile(metrics_dir / "kith_load.prom")
        assert at(failed, "kith_loader_rows", kind="feedback", outcome="rejected") == 1
        assert at(failed, "kith_loader_rows", kind="feedback", outcome="read") == len(feedback) + 1
        assert at(failed, "kith_loader_rows", kind="customers", outcome="written") == customers
        assert (at(failed, "kith_loader_rows_per_second", kind="customers") or 0) > 0
        finished = "kith_job_last_finished_timestamp_seconds"
        assert at(failed, finished, job="load", outcome="failed")
        assert at(failed, finished, job="load", outcome="ok") is None

        lenient = kith("load", *paths, "--max-reject-rate", "0.5", **env)
        assert lenient.returncode == 0, lenient.stderr
        passed = textfile(metrics_dir / "kith_load.prom")  # the last run's, replaced whole
        assert at(passed, "kith_job_last_finished_timestamp_seconds", job="load", outcome="ok")
        assert (at(passed, "kith_job_seconds", job="load") or 0) > 0
        assert_bounded(passed)
    finally:
        kith("engine", "stop", KITH_DATA_DIR=data_dir)


def test_every_batch_command_times_itself(tmp_path: Path) -> None:
    data_dir, metrics_dir = str(tmp_path / "kith"), tmp_path / "textfiles"
    env = {"KITH_DATA_DIR": data_dir, "KITH_METRICS_TEXTFILE_DIR": str(metrics_dir)}
    try:
        assert kith("households", **env).returncode == 0
        ran = textfile(metrics_dir / "kith_households.prom")
        assert at(ran, "kith_job_last_finished_timestamp_seconds", job="households", outcome="ok")
        assert_bounded(ran)
        assert sorted(p.name for p in metrics_dir.iterdir()) == ["kith_households.prom"]
    finally:
        kith("engine", "stop", KITH_DATA_DIR=data_dir)


def test_without_the_setting_nothing_is_written(tmp_path: Path) -> None:
    data_dir = tmp_path / "kith"
    try:
        assert kith("households", KITH_DATA_DIR=str(data_dir)).returncode == 0
        assert [p for p in tmp_path.rglob("*.prom")] == []
    finally:
        kith("engine", "stop", KITH_DATA_DIR=str(data_dir))


def assert_bounded(samples: Samples) -> None:
    """Every label of every sample is one of its fixed set."""
    allowed = {"job": JOBS, "outcome": JOB_OUTCOMES | ROW_OUTCOMES, "kind": set(KINDS)}
    for name, labels in samples:
        for label, value in labels:
            assert value in allowed[label], f"{name}: {label}={value}"
