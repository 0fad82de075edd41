"""`kith load` as a person runs it: summary, rejects, exit codes."""

from pathlib import Path

from graph.engines.embedded import EmbeddedEngine
from graph.engines.settings import GraphSettings
from tests.api.test_cli import kith
from tests.loaders.bank_files import bank_paths, copy_examples, read_csv, write_csv


def test_a_clean_load_prints_the_summary_and_exits_0(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    data_dir = str(tmp_path / "kith")
    try:
        done = kith("load", *map(str, bank_paths(folder)), KITH_DATA_DIR=data_dir)
        assert done.returncode == 0, done.stderr
        assert "customers.csv" in done.stdout
        assert "engagement statistics refreshed for 3 customers" in done.stdout
        # Usage loaded: Maya's dragging card dispute and her spending drop raise the alert now.
        said = " ".join(done.stdout.split())
        assert "customers with a card dispute 1, alerts raised or refreshed 1" in said
    finally:
        kith("engine", "stop", KITH_DATA_DIR=data_dir)


def test_rejected_rows_fail_the_load_unless_the_rate_allows(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    rows = read_csv(folder / "feedback.csv")
    write_csv(folder / "feedback.csv", [*rows, {**rows[0], "id": "F-9", "score": "42"}])
    data_dir = str(tmp_path / "kith")
    paths = list(map(str, bank_paths(folder)))
    try:
        strict = kith("load", *paths, KITH_DATA_DIR=data_dir)
        assert strict.returncode == 1
        assert "1 of" in strict.stderr
        assert ".rejected.jsonl" in strict.stderr
        lenient = kith("load", *paths, "--max-reject-rate", "0.05", KITH_DATA_DIR=data_dir)
        assert lenient.returncode == 0, lenient.stderr
    finally:
        kith("engine", "stop", KITH_DATA_DIR=data_dir)


def test_a_malformed_file_stops_the_load_with_one_line(tmp_path: Path) -> None:
    folder = copy_examples(tmp_path / "bank")
    (folder / "accounts.csv").write_bytes(b"\xff\xfe not text")
    done = kith("load", *map(str, bank_paths(folder)), KITH_DATA_DIR=str(tmp_path / "kith"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "accounts.csv: not UTF-8 text" in done.stderr


def test_a_file_of_unknown_kind_is_named(tmp_path: Path) -> None:
    stray = tmp_path / "transactions.csv"
    stray.write_text("id\n1\n")
    done = kith("load", str(stray), KITH_DATA_DIR=str(tmp_path / "kith"))
    assert done.returncode == 2
    assert "cannot tell its record kind 'transactions'" in done.stderr


async def test_the_demo_writes_a_bank_with_its_truth_and_loads_it(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "kith")
    try:
        done = kith("demo", "--customers", "60", "--seed", "3", KITH_DATA_DIR=data_dir)
        assert done.returncode == 0, done.stderr
        bank = tmp_path / "kith" / "demo"
        assert (bank / "truth" / "attrition_cases.csv").is_file()
        assert "engagement statistics refreshed for" in done.stdout
        assert len(read_csv(bank / "customers.csv")) == 60
        engine = await EmbeddedEngine.open(GraphSettings(data_dir=tmp_path / "kith"))
        try:
            stored = await engine.read("MATCH (c:Customer) RETURN count(c) AS n")
        finally:
            await engine.close()
        assert stored == [{"n": 60}]
    finally:
        kith("engine", "stop", KITH_DATA_DIR=data_dir)
